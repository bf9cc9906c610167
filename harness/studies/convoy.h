/*
 * convoy.h - `parbench convoy`: the convoy effect. One IO thread makes short
 * blocking calls while 0, 1 or 2 CPU-bound threads run under the gil; how
 * long each IO operation takes, per gil mode, switch interval and placement.
 */
#ifndef PARBENCH_CONVOY_H
#define PARBENCH_CONVOY_H

/* The subcommand: argv[0] is "convoy". Writes convoy.csv, convoy-latency.csv,
 * meta.json, plots/convoy*.{png,svg} and convoy.md into --out. Returns 0, 1
 * when a configuration failed or the report did, 2 on bad input
 * (one line on stderr, nothing written), 128 + the signal after SIGINT or
 * SIGTERM. */
int cmd_convoy(int argc, char **argv);

#endif
