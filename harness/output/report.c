/*
 * report.c - report_redraw: one run folder in, every drawn output out
 * (plots, fits.csv, report.md, report.html). `parbench report` and the end of
 * `parbench run` call it; the files are written beside themselves first
 * and renamed, so a reader never sees half a report.
 */
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/newfile.h"
#include "report.h"
#include "report_int.h"

/* Writes report.md into memory: the text report.html is made from too. */
static char *md_text(const struct load_run *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	int rc = report_md(r, f);
	if (fclose(f) != 0 || rc < 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Writes text to dir/name through dir/name.tmp. */
static int put(const struct load_run *r, const char *name, const char *md,
	       int (*html)(const struct load_run *, const char *, FILE *))
{
	char path[4200], tmp[4300];
	snprintf(path, sizeof(path), "%s/%s", r->dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *f = newfile_create(tmp);   /* never through a link planted at its name */
	if (!f) {
		fprintf(stderr, "parbench: cannot write %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	int rc = html ? html(r, md, f) : (fputs(md, f) < 0 ? -1 : 0);
	if (fclose(f) != 0 || rc < 0 || rename(tmp, path) != 0) {
		fprintf(stderr, "parbench: cannot write %s: %s\n", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* How many PNG plots dir/plots holds. */
static size_t count_plots(const struct load_run *r)
{
	char pattern[4200];
	glob_t g;
	snprintf(pattern, sizeof(pattern), "%s/plots/*.png", r->dir);
	if (glob(pattern, 0, NULL, &g) != 0)
		return 0;
	size_t n = g.gl_pathc;
	globfree(&g);
	return n;
}

int report_redraw(const char *home, const char *dir)
{
	struct load_run r;
	char err[8400];
	if (load_run(&r, dir, err, sizeof(err)) < 0) {
		fprintf(stderr, "parbench: %s\n", err);
		load_free(&r);
		return 2;
	}
	int rc = 1;
	if (plots_draw(&r, home) < 0 || report_fits_csv(&r) < 0)
		goto out;
	char *md = md_text(&r);
	if (!md) {
		fprintf(stderr, "parbench: cannot make the text of %s/report.md\n", r.dir);
		goto out;
	}
	if (put(&r, "report.md", md, NULL) == 0 && put(&r, "report.html", md, report_html) == 0) {
		printf("parbench: wrote %s/report.md, report.html, fits.csv and %zu plots\n", r.dir, count_plots(&r));
		rc = 0;
	}
	free(md);
out:
	load_free(&r);
	return rc;
}
