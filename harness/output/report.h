/*
 * report.h - everything drawn from a finished run folder: the gnuplot data
 * and plots (plots.c), report.md (report_md.c and its sections) and
 * report.html (report_html.c). `parbench report DIR` and the end of
 * `parbench run` both come here; scripts/report.sh only calls the binary.
 */
#ifndef PARBENCH_REPORT_H
#define PARBENCH_REPORT_H

#include <stdio.h>

#include "load.h"

/* Redraws every output of the run folder dir from its files: plots/ (PNG,
 * SVG, data), report.md, report.html. home is the repository (the .gp files
 * in plots/, scripts/trace.sh). Returns 0; 2 when dir holds no complete run (one line
 * on stderr naming it); 1 when gnuplot is missing or failed or a file could
 * not be written (a line on stderr says which). */
int report_redraw(const char *home, const char *dir);

/* Redraws whatever folder dir is: a run (summary.csv: report_redraw), a
 * convoy folder (convoy.csv) or an overheads folder (overheads.csv), each
 * with meta.json. Returns as report_redraw does; 2 after one line when dir
 * is none of them. */
int report_any(const char *home, const char *dir);

/* Redraws a `parbench convoy` folder: plots/convoy.png and convoy-cpu.png
 * (.svg, plots/data/) and convoy.md, from convoy.csv and meta.json.
 * Returns 0; 2 after one line when dir holds no complete convoy run; 1
 * when gnuplot is missing or failed or a file could not be written. */
int report_convoy(const char *home, const char *dir);

/* Redraws a `parbench overheads` folder: plots/overheads.png (.svg,
 * plots/data/) and overheads.md, from overheads.csv and meta.json.
 * Returns as report_convoy does. */
int report_overheads(const char *home, const char *dir);

/* Redraws a `parbench demo false-sharing` folder: plots/false-sharing.png
 * (.svg), from false-sharing.csv, false-sharing-reps.csv and meta.json.
 * Returns as report_convoy does. */
int report_false_sharing(const char *home, const char *dir);

/* Redraws a `parbench topology` folder: plots/c2c.png, interference.png
 * and caches.png (.svg, plots/data/), topology.md and topology.html, from
 * its CSVs (c2c, interference, chase, steps, caches) and meta.json.
 * Returns as report_convoy does. */
int report_topology(const char *home, const char *dir);

/* Writes plots/data/ and the plots of r with gnuplot. Returns 0, or -1
 * after a line on stderr when gnuplot is missing or a plot failed. */
int plots_draw(const struct load_run *r, const char *home);

/* Writes report.md's text for r to f (the plots must be drawn first: the
 * figures are linked when their files exist). Returns 0, -1 on a write error. */
int report_md(const struct load_run *r, FILE *f);

/* Writes report.html for r to f: report.md's content (md, as written by
 * report_md) in one self-contained page, every plot linked in it inlined
 * as the SVG gnuplot wrote. Returns 0, -1 on a write error. */
int report_html(const struct load_run *r, const char *md, FILE *f);

#endif
