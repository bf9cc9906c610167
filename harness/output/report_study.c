/*
 * report_study.c - what the study reports (report_convoy.c,
 * report_overheads.c, report_false_sharing.c) share, and report_any,
 * which tells the kinds of folder apart for `parbench report DIR`.
 *
 * Why: convoy, overheads and false-sharing folders hold one table each
 * (convoy.csv, overheads.csv, false-sharing.csv) instead of summary.csv. They are read through the same
 * reader (core/csv) and meta.json through jansson, into a load_run whose
 * summary is that table, so load_cell and load_meta serve them too.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/newfile.h"
#include "report.h"
#include "report_int.h"

int report_study_has(const struct load_run *r, const char *rel)
{
	char path[4300];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", r->dir, rel);
	return stat(path, &st) == 0;
}

/* Reads dir/table and dir/meta.json into r; -1 with a reason in why. */
static int study_load(struct load_run *r, const char *table, char *why, size_t len)
{
	char path[4300];
	snprintf(path, sizeof(path), "%s/%s", r->dir, table);
	if (csv_load(&r->summary, path, why, len) < 0)
		return -1;
	json_error_t jerr;
	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	r->meta = json_load_file(path, 0, &jerr);
	if (!json_is_object(r->meta)) {
		snprintf(why, len, "%s line %d: %s", path, jerr.line, r->meta ? "not an object" : jerr.text);
		return -1;
	}
	return 0;
}

int report_study_open(struct load_run *r, const char *dir, const char *subcommand,
		      const char *table)
{
	char why[8400], path[4300];
	memset(r, 0, sizeof(*r));
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	size_t n = strlen(r->dir);
	while (n > 1 && r->dir[n - 1] == '/')
		r->dir[--n] = '\0';
	if (study_load(r, table, why, sizeof(why)) < 0 ||
	    strcmp(load_json_str(r->meta, "status"), "complete") != 0 ||
	    strcmp(load_json_str(r->meta, "subcommand"), subcommand) != 0) {
		fprintf(stderr, "parbench: '%s' holds no complete %s run (%s, and meta.json saying complete)\n",
			r->dir, subcommand, table);
		return 2;
	}
	if (!report_have_gnuplot()) {
		fprintf(stderr, "parbench: gnuplot is missing (make deps installs it)\n");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/plots", r->dir);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/plots/data", r->dir);
	if (mkdir(path, 0777) < 0 && errno != EEXIST) {
		fprintf(stderr, "parbench: cannot make %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

int report_study_put(const struct load_run *r, const char *name,
		     int (*write)(const struct load_run *r, const void *ctx, FILE *f), const void *ctx)
{
	char path[4300], tmp[4400];
	snprintf(path, sizeof(path), "%s/%s", r->dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *f = newfile_create(tmp);   /* never through a link planted at its name */
	if (!f) {
		fprintf(stderr, "parbench: cannot write %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	int rc = write(r, ctx, f);
	if (fclose(f) != 0 || rc < 0 || rename(tmp, path) != 0) {
		fprintf(stderr, "parbench: cannot write %s: %s\n", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* The kinds of folder `parbench report` redraws, told apart by their table. */
static const struct {
	const char *table;
	int (*redraw)(const char *home, const char *dir);
} kinds[] = {
	{ "summary.csv", report_redraw },
	{ "convoy.csv", report_convoy },
	{ "overheads.csv", report_overheads },
	{ "false-sharing.csv", report_false_sharing },
	{ "caches.csv", report_topology },
	{ NULL, NULL },
};

int report_any(const char *home, const char *dir)
{
	char path[4300];
	struct stat st;
	for (int i = 0; kinds[i].table; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, kinds[i].table);
		if (stat(path, &st) == 0)
			return kinds[i].redraw(home, dir);
	}
	snprintf(path, sizeof(path), "%s/samples.csv", dir);
	if (stat(path, &st) == 0) {
		fprintf(stderr, "parbench: '%s' holds a run that did not finish (samples.csv but no summary.csv): "
			"nothing to draw\n", dir);
		return 2;
	}
	fprintf(stderr, "parbench: '%s' holds no run, convoy, overheads, false-sharing or topology folder "
		"(summary.csv, convoy.csv, overheads.csv, false-sharing.csv or caches.csv, with meta.json)\n", dir);
	return 2;
}
