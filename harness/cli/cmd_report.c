/*
 * cmd_report.c - `parbench report DIR`: every drawn output of a run folder
 * (plots/, report.md, report.html) again from its CSVs and meta.json, e.g.
 * after cpython.sh added cpython.csv or after the report code changed; of
 * a convoy or overheads folder, its plots and convoy.md or overheads.md.
 */
#include <stdio.h>
#include <string.h>

#include "cmd_report.h"
#include "../core/cli.h"
#include "../output/report.h"

int cmd_report(int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		puts("usage: parbench report DIR\n"
		     "Redraws DIR's plots (gnuplot, PNG and SVG), report.md and report.html from its\n"
		     "summary.csv and meta.json (and trace.csv, cpython.csv when there); for a folder\n"
		     "of `parbench convoy` or `overheads`, its plots and convoy.md or overheads.md\n"
		     "from convoy.csv or overheads.csv and meta.json.");
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-')
		return cli_error("usage: parbench report DIR (a run, convoy or overheads folder)");
	char home[4096];
	cli_home(home, sizeof(home));
	return report_any(home, argv[1]);
}
