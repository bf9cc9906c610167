/*
 * report_false_sharing.c - plots/false-sharing.png (.svg) of a `parbench
 * demo false-sharing` folder: a bar per layout (packed, padded, one
 * thread) at its median, every counted run as a point on it, the warm-ups
 * as open points, and the slowdown packed / padded in the title.
 *
 * Why here and not in the study: drawing is this layer's (the gnuplot
 * helpers are in report_int.h), and `parbench report DIR` redraws the
 * folder from its files alone, as it does for convoy and overheads.
 * gnuplot reads the two CSVs directly (plots/false_sharing.gp); this file
 * only checks the folder and passes the names and the words.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "report_int.h"

/* The median of layout name in false-sharing.csv; 0 when it has none. */
static double median_of(const struct load_run *r, const char *name)
{
	for (size_t i = 0; i < r->summary.nrows; i++)
		if (strcmp(load_cell(&r->summary, i, "layout"), name) == 0)
			return load_num(&r->summary, i, "median_s");
	return 0;
}

/* The title, the subtitle and the -e expression for false_sharing.gp. */
static void fs_expr(const struct load_run *r, const char *home, char *e, size_t len)
{
	char path[4400], title[512], sub[1024], workers[32], iters[32], line[32], h[256], cpu[256], d[128];
	double packed = median_of(r, "packed"), padded = median_of(r, "padded");
	load_meta(r, "workers", workers, sizeof(workers));
	load_meta(r, "iterations", iters, sizeof(iters));
	load_meta(r, "line_bytes", line, sizeof(line));
	double share = load_meta_num(r, "cpu_share");
	snprintf(title, sizeof(title), "False sharing: %s threads, each adding 1 to its own counter %s times%s",
		 workers, iters, share > 0 && share < 0.9 ? "\n{/*0.8 (on a busy machine: the threads had a CPU only part of the time)}" : "");
	if (packed > 0 && padded > 0)
		snprintf(sub, sizeof(sub), "packed is %.1fx %s than padded (medians); %s, %s, %s",
			 packed >= padded ? packed / padded : padded / packed,
			 packed >= padded ? "slower" : "faster", load_meta(r, "host", h, sizeof(h)),
			 load_meta(r, "cpu_model", cpu, sizeof(cpu)), load_meta(r, "date", d, sizeof(d)));
	else
		snprintf(sub, sizeof(sub), "%s, %s, %s", load_meta(r, "host", h, sizeof(h)),
			 load_meta(r, "cpu_model", cpu, sizeof(cpu)), load_meta(r, "date", d, sizeof(d)));
	snprintf(path, sizeof(path), "%s/plots/", home);
	e[0] = '\0';
	report_gset(e, len, "dir", path, 1);
	snprintf(path, sizeof(path), "%s/false-sharing.csv", r->dir);
	report_gset(e, len, "summary", path, 1);
	snprintf(path, sizeof(path), "%s/false-sharing-reps.csv", r->dir);
	report_gset(e, len, "reps", path, 1);
	report_gset(e, len, "line", *line ? line : "64", 0);
	report_gset(e, len, "workers", *workers ? workers : "2", 0);
	report_gset(e, len, "title", title, 1);
	report_gset(e, len, "subtitle", sub, 1);
	snprintf(path, sizeof(path), "%s/plots/false-sharing", r->dir);
	report_gset(e, len, "out", path, 1);
}

int report_false_sharing(const char *home, const char *dir)
{
	struct load_run r;
	char e[16384];
	int rc = report_study_open(&r, dir, "demo", "false-sharing.csv");
	if (rc == 0) {
		fs_expr(&r, home, e, sizeof(e));
		rc = report_gnuplot(home, e, "false_sharing") < 0;
	}
	if (rc == 0)
		printf("parbench: wrote %s/plots/false-sharing.png (.svg)\n", r.dir);
	load_free(&r);
	return rc;
}
