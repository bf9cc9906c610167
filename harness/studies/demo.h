/*
 * demo.h - `parbench demo NAME`: teaching demos that make one effect
 * visible, step by step, with printed explanations and measured numbers.
 * Today: fork-after-threads (a forked child inherits a lock held by a
 * thread that does not exist in it; the fixes; OpenMP then fork) and
 * false-sharing (false_sharing.c: counters in one cache line, or a line
 * each), which has options and a run folder of its own.
 */
#ifndef PARBENCH_DEMO_H
#define PARBENCH_DEMO_H

/* The subcommand: argv[0] is "demo", argv[1] the demo's name. Prints the
 * steps on stdout (and, with --out DIR, the same text into DIR/demo.md).
 * Returns 0 when the demo ran as designed (the deadlock it provokes
 * included), 1 when something did not go as the text expects (said on
 * stdout), 2 on bad input (one line on stderr, nothing run or written). */
int cmd_demo(int argc, char **argv);

/* `parbench demo false-sharing [options]`: argv[0] is "demo", argv[1]
 * "false-sharing", its options after. Measures, writes a run folder
 * (false-sharing-reps.csv, false-sharing.csv, meta.json, the plot) and
 * prints the medians and the slowdown packed / padded. Returns 0 when
 * every counter was verified, 1 when one was wrong or a file could not be
 * written, 2 on bad input (one line, nothing written), 128 + the signal
 * after SIGINT or SIGTERM (meta.json then says interrupted). */
int cmd_false_sharing(int argc, char **argv);

#endif
