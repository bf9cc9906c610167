/*
 * cmd.h - the subcommands main.c's table walks, one cmd_*.c each. Each
 * takes argv with argv[0] the command's name and returns the exit status:
 * 0 done, 1 something measured failed (said), 2 bad input (one line on
 * stderr, nothing written).
 */
#ifndef PARBENCH_CMD_H
#define PARBENCH_CMD_H

/* run: the product of kernels, runners and the other dimensions, verified
 * and written to a run folder (cmd_run.c). */
int cmd_run(int argc, char **argv);

/* list: the kernels and runners, from their tables (cmd_list.c). */
int cmd_list(int argc, char **argv);

/* plan: where each worker would run (hwloc), without running (cmd_plan.c). */
int cmd_plan(int argc, char **argv);

/* sweep: run over geometric working-set sizes (cmd_sweep.c). */
int cmd_sweep(int argc, char **argv);

/* breakeven: run over item counts that take a range of serial times
 * (cmd_breakeven.c). */
int cmd_breakeven(int argc, char **argv);

#endif
