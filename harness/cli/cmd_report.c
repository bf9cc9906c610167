/*
 * cmd_report.c - `parbench report DIR`: every drawn output of a run folder
 * (plots/, report.md, report.html) again from its CSVs and meta.json, e.g.
 * after cpython.sh added cpython.csv or after the report code changed; of
 * a convoy or overheads folder, its plots and convoy.md or overheads.md; of
 * a topology folder, its plots, topology.md and topology.html.
 */
#include <stdio.h>

#include "cmd_report.h"
#include "../core/cli.h"
#include "../core/options.h"
#include "../output/report.h"

/* No options: the one folder is a rest word. OPT_REST_ALL keeps anything
 * else too, so that every wrong call gets the one usage line below. */
static const struct opt report_opts[] = {
	OPT_END,
};

static const struct opt_command report_command = {
	.name = "report",
	.usage =
	"usage: parbench report DIR\n"
	"Redraws DIR's plots (gnuplot, PNG and SVG), report.md and report.html from its\n"
	"summary.csv and meta.json (and trace.csv, cpython.csv when there); for a folder\n"
	"of `parbench convoy` or `overheads`, its plots and convoy.md or overheads.md\n"
	"from convoy.csv or overheads.csv and meta.json; of `parbench topology`, its\n"
	"plots, topology.md and topology.html from its CSVs and meta.json.\n",
	.opts = report_opts,
	.rest = OPT_REST_ALL,
};

int cmd_report(int argc, char **argv)
{
	char *rest[argc > 1 ? argc : 1];
	int n;
	int rc = opt_parse(&report_command, argc, argv, rest, argc, &n);
	if (rc)
		return rc == OPT_HELP ? 0 : rc;
	if (n != 1 || rest[0][0] == '-')
		return cli_error("usage: parbench report DIR (a run, convoy, overheads or topology folder)");
	char home[4096];
	cli_home(home, sizeof(home));
	return report_any(home, rest[0]);
}
