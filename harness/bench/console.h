/*
 * console.h - the run's rows as a person reads them on stdout: a header
 * row naming each field and its unit, one aligned row per configuration
 * with one status word, and at the end one line per kernel saying which
 * rows are shaky and what was seen while they ran. The files (summary.csv,
 * results.json) keep every reason of every row; this is the short form.
 */
#ifndef PARBENCH_CONSOLE_H
#define PARBENCH_CONSOLE_H

#include <stddef.h>
#include <stdio.h>

#include "sink.h"

/* The one word row's status column shows: its failure ("failed: why"),
 * else the gravest of its flags ("too short", "unstable", "few reps"),
 * else "ok". Outliers and a slow first repetition leave it "ok": the
 * median does not follow them. Static storage or row's own text. */
const char *console_status(const struct sink_row *row);

/* Writes a header row, then rows[0..n) aligned under it, to f; flushes f. */
void console_rows(FILE *f, const struct sink_row *rows, size_t n);

/* Writes, for each kernel of rows[0..n) with shaky rows, one line: how
 * many of its configurations were unstable and what was seen (load,
 * off-CPU time, involuntary switches, steal), then the other reasons;
 * nothing when no row is shaky. */
void console_warnings(FILE *f, const struct sink_row *rows, size_t n);

#endif
