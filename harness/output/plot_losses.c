/*
 * plot_losses.c - "where the ideal went": per kernel, each parallel
 * configuration's efficiency and summary.csv's six loss columns as one
 * stacked bar (plots/losses.gp), so that what 1 - efficiency is made of
 * can be seen beside the speedup it explains (harness/bench/losses.h says
 * how each part is measured).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"

static const char *const loss_cols[] = {
	"loss_gate", "loss_imbalance", "loss_offcpu", "loss_slowdown", "loss_serialized", "loss_other", NULL,
};

/* Whether plain row i of kernel k has its losses (a parallel row with a
 * serial reference, in a folder that has the columns). */
static int has_losses(const struct load_run *r, size_t i, const char *k)
{
	return load_plain(r, i) && strcmp(report_v(r, i, "kernel"), k) == 0 &&
	       !report_is(report_v(r, i, "runner"), REPORT_REFERENCE) && *report_v(r, i, "efficiency") &&
	       *report_v(r, i, "loss_other");
}

/* The data: "runner Nw[ schedule][ bind]" efficiency and the six losses
 * (an empty loss, a part the kernel does not keep, as 0). Returns the rows
 * written, or -1. */
static int losses_data(const struct load_run *r, const char *k, const char *path)
{
	FILE *f = fopen(path, "w");
	int n = 0;
	if (!f) {
		fprintf(stderr, "parbench: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!has_losses(r, i, k))
			continue;
		const char *sched = report_v(r, i, "schedule"), *bind = load_bind(r, i);
		fprintf(f, "\"%s %sw%s%s%s%s\" %s", report_v(r, i, "runner"), report_v(r, i, "workers"),
			strcmp(sched, "static") ? " " : "", strcmp(sched, "static") ? sched : "",
			strcmp(bind, "none") ? " " : "", strcmp(bind, "none") ? bind : "",
			report_v(r, i, "efficiency"));
		for (int c = 0; loss_cols[c]; c++)
			fprintf(f, " %s", *report_v(r, i, loss_cols[c]) ? report_v(r, i, loss_cols[c]) : "0");
		fputc('\n', f);
		n++;
	}
	return fclose(f) == 0 ? n : -1;
}

int plot_losses(const struct load_run *r, const char *home, const char *k)
{
	char dat[4200], e[16384], sub[1024], out[4200];
	snprintf(dat, sizeof(dat), "%s/plots/data/losses-%s.dat", r->dir, k);
	int n = losses_data(r, k, dat);
	if (n <= 0)
		return n < 0 ? -1 : 0;
	report_subtitle(r, sub, sizeof(sub));
	report_gstart(e, sizeof(e), home, dat);
	report_gset(e, sizeof(e), "kernel", k, 1);
	report_gset(e, sizeof(e), "subtitle", sub, 1);
	snprintf(out, sizeof(out), "%s/plots/losses-%s", r->dir, k);
	report_gset(e, sizeof(e), "out", out, 1);
	return report_gnuplot(home, e, "losses");
}
