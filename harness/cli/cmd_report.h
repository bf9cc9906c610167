/*
 * cmd_report.h - `parbench report DIR`: redraw a run folder's outputs.
 */
#ifndef PARBENCH_CMD_REPORT_H
#define PARBENCH_CMD_REPORT_H

/* The report command (argv[0] is "report"), on the option parser (its
 * --help from the table). Redraws DIR's plots, report.md and report.html
 * from its files (a convoy or overheads folder: its plots and convoy.md or
 * overheads.md). Returns 0 (also after --help); 2 after one line on stderr
 * for bad arguments or a folder that holds none of them; 1 when a plot or
 * a file could not be made. */
int cmd_report(int argc, char **argv);

#endif
