/*
 * cmd_report.c - `parbench report DIR`: every drawn output of a run folder
 * (plots/, report.md, report.html) again from its CSVs and meta.json, e.g.
 * after cpython.sh added cpython.csv or after the report code changed.
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
		     "summary.csv and meta.json (and trace.csv, cpython.csv when there).");
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-')
		return cli_error("usage: parbench report DIR (a run folder: summary.csv and meta.json)");
	char home[4096];
	cli_home(home, sizeof(home));
	return report_redraw(home, argv[1]);
}
