/*
 * overheads.h - `parbench overheads`: what each execution model's primitive
 * costs here (thread create, fork, OpenMP region and barrier, lock and GIL
 * hand-offs, pipe round trips, atomic increments), in microseconds.
 */
#ifndef PARBENCH_OVERHEADS_H
#define PARBENCH_OVERHEADS_H

/* The subcommand: argv[0] is "overheads". Writes overheads.csv, meta.json,
 * plots/overheads.{png,svg} and overheads.md into --out. Returns 0, 1 when
 * a row failed or the report did, 2 on bad input (one line on stderr,
 * nothing written). */
int cmd_overheads(int argc, char **argv);

#endif
