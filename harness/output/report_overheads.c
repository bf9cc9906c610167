/*
 * report_overheads.c - overheads.md and plots/overheads.png (.svg) of a
 * `parbench overheads` folder, from overheads.csv and meta.json: the
 * machine and method, a few sentences that state only what the numbers
 * show, the plot, the table and what each primitive is.
 *
 * Why in C: it was scripts/overheads.sh (sh, awk, sed); the text and the
 * numbers are the same, read through the one CSV reader and jansson, so
 * quoted fields and new columns never break it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_int.h"

#define OVH_MAX_LINES 512

/* Row i's field, and as a number. */
static const char *v(const struct load_run *r, size_t i, const char *name)
{
	return load_cell(&r->summary, i, name);
}

static double n(const struct load_run *r, size_t i, const char *name)
{
	return load_num(&r->summary, i, name);
}

static int ok(const struct load_run *r, size_t i)
{
	return strcmp(v(r, i, "status"), "ok") == 0;
}

/* The script's us(): microseconds with fewer decimals as they grow. */
static const char *us(double x, char *buf, size_t len)
{
	snprintf(buf, len, x >= 100 ? "%.0f" : x >= 10 ? "%.1f" : x >= 1 ? "%.2f" : "%.3f", x);
	return buf;
}

/* A line of the plot: a primitive at a worker count. */
static void line_name(const struct load_run *r, size_t i, char *buf, size_t len)
{
	int w = (int)n(r, i, "workers");
	int pair = strcmp(v(r, i, "shape"), "pair") == 0;
	snprintf(buf, len, "%s, %d%s", v(r, i, "primitive"), w,
		 pair ? (w == 1 ? " PU" : " PUs") : (w == 1 ? " worker" : " workers"));
}

/* The plot's lines: primitives in the table's order, worker counts
 * ascending within each; y[i] is row i's line (0: not drawn). */
struct ovh_lines {
	char name[OVH_MAX_LINES][300];
	int workers[OVH_MAX_LINES];
	size_t n;
	char groups[4096];
};

static int line_find(const struct ovh_lines *l, size_t from, const char *name)
{
	for (size_t k = from; k < l->n; k++)
		if (strcmp(l->name[k], name) == 0)
			return (int)k;
	return -1;
}

/* Adds the lines of primitive p (the ok rows from row i on), sorted by workers. */
static void lines_of(const struct load_run *r, const char *p, struct ovh_lines *l)
{
	size_t first = l->n;
	char name[300];
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!ok(r, i) || strcmp(v(r, i, "primitive"), p) != 0)
			continue;
		line_name(r, i, name, sizeof(name));
		if (line_find(l, first, name) >= 0 || l->n == OVH_MAX_LINES)
			continue;
		snprintf(l->name[l->n], sizeof(l->name[0]), "%s", name);
		l->workers[l->n++] = (int)n(r, i, "workers");
	}
	for (size_t a = first + 1; a < l->n; a++)
		for (size_t b = a; b > first && l->workers[b - 1] > l->workers[b]; b--) {
			int t = l->workers[b];
			l->workers[b] = l->workers[b - 1];
			l->workers[b - 1] = t;
			char tn[300];
			memcpy(tn, l->name[b], sizeof(tn));
			memcpy(l->name[b], l->name[b - 1], sizeof(tn));
			memcpy(l->name[b - 1], tn, sizeof(tn));
		}
}

static void lines_make(const struct load_run *r, struct ovh_lines *l)
{
	l->n = 0;
	l->groups[0] = '\0';
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!ok(r, i))
			continue;
		const char *p = v(r, i, "primitive");
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = ok(r, j) && strcmp(v(r, j, "primitive"), p) == 0;
		if (seen)
			continue;
		if (l->n > 0) {
			size_t g = strlen(l->groups);
			snprintf(l->groups + g, sizeof(l->groups) - g, "%s%.1f", g ? " " : "", l->n + 0.5);
		}
		lines_of(r, p, l);
	}
}

/* plots/data/overheads.dat and the plot. */
static int ovh_plot(const struct load_run *r, const char *home)
{
	static struct ovh_lines l;
	char path[4300], name[300];
	lines_make(r, &l);
	snprintf(path, sizeof(path), "%s/plots/data/overheads.dat", r->dir);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "parbench: cannot write %s\n", path);
		return -1;
	}
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!ok(r, i))
			continue;
		line_name(r, i, name, sizeof(name));
		fprintf(f, "%d %s %s %s %s %s\n", line_find(&l, 0, name) + 1, v(r, i, "median_us"),
			v(r, i, "min_us"), v(r, i, "max_us"), v(r, i, "model"), v(r, i, "bind"));
	}
	if (fclose(f) != 0 || l.n == 0)
		return l.n == 0 ? 0 : -1;
	static char labels[OVH_MAX_LINES * 320], e[OVH_MAX_LINES * 340 + 20000];
	size_t used = (size_t)snprintf(labels, sizeof(labels), "(");
	for (size_t k = 0; k < l.n && used < sizeof(labels); k++)
		used += (size_t)snprintf(labels + used, sizeof(labels) - used, "%s\"%s\" %zu",
					 k ? ", " : "", l.name[k], k + 1);
	snprintf(labels + strlen(labels), sizeof(labels) - strlen(labels), ")");
	char dir[4300], sub[1024], h[256], c[256], d[128], num[32], out[4300];
	snprintf(dir, sizeof(dir), "%s/plots/", home);
	snprintf(sub, sizeof(sub), "%s, %s, %s", load_meta(r, "host", h, sizeof(h)),
		 load_meta(r, "cpu_model", c, sizeof(c)), load_meta(r, "date", d, sizeof(d)));
	snprintf(num, sizeof(num), "%zu", l.n);
	snprintf(out, sizeof(out), "%s/plots/overheads", r->dir);
	e[0] = '\0';
	report_gset(e, sizeof(e), "dir", dir, 1);
	report_gset(e, sizeof(e), "data", path, 1);
	report_gset(e, sizeof(e), "labels", labels, 1);
	report_gset(e, sizeof(e), "groups", l.groups, 1);
	report_gset(e, sizeof(e), "nlabels", num, 0);
	report_gset(e, sizeof(e), "subtitle", sub, 1);
	report_gset(e, sizeof(e), "out", out, 1);
	return report_gnuplot(home, e, "overheads");
}

/* The last ok row of primitive p at w workers under bind b, or -1. */
static long find(const struct load_run *r, const char *p, int w, const char *b)
{
	char ws[16];
	snprintf(ws, sizeof(ws), "%d", w);
	for (size_t i = r->summary.nrows; i-- > 0;)
		if (ok(r, i) && strcmp(v(r, i, "primitive"), p) == 0 &&
		    strcmp(v(r, i, "workers"), ws) == 0 && strcmp(v(r, i, "bind"), b) == 0)
			return (long)i;
	return -1;
}

static double m(const struct load_run *r, const char *p, int w, const char *b)
{
	return n(r, (size_t)find(r, p, w, b), "median_us");
}

/* Same core against the other core, for the pairs measured both ways under --bind cores. */
static void ovh_pairs(const struct load_run *r, FILE *f)
{
	static char line[16384];
	char a[32], b[32];
	int more = 0, cnt = 0, apart = 0;
	line[0] = '\0';
	for (size_t i = 0; i < r->summary.nrows; i++) {
		const char *p = v(r, i, "primitive");
		if (!ok(r, i) || strcmp(v(r, i, "shape"), "pair") != 0 || report_is(v(r, i, "model"), REPORT_GIL) ||
		    strcmp(v(r, i, "bind"), "cores") != 0)
			continue;
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = ok(r, j) && strcmp(v(r, j, "primitive"), p) == 0 && strcmp(v(r, j, "shape"), "pair") == 0 &&
			       !report_is(v(r, j, "model"), REPORT_GIL) && strcmp(v(r, j, "bind"), "cores") == 0;
		if (seen || find(r, p, 1, "cores") < 0 || find(r, p, 2, "cores") < 0)
			continue;
		cnt++;
		more += m(r, p, 2, "cores") > m(r, p, 1, "cores");
		apart += n(r, (size_t)find(r, p, 2, "cores"), "min_us") > n(r, (size_t)find(r, p, 1, "cores"), "max_us");
		size_t u = strlen(line);
		snprintf(line + u, sizeof(line) - u, "%s%s %s µs on two cores against %s µs on one (per %s)",
			 u ? "; " : "", p, us(m(r, p, 2, "cores"), a, sizeof(a)), us(m(r, p, 1, "cores"), b, sizeof(b)),
			 v(r, i, "op"));
	}
	if (cnt == 0)
		return;
	if (more == cnt)
		fprintf(f, "- With --bind cores, waking a partner on the other core cost more than switching to it on the same core, for every pair measured: %s. ", line);
	else if (more == 0)
		fprintf(f, "- With --bind cores, a partner on the other core cost no more than one on the same core: %s. ", line);
	else
		fprintf(f, "- With --bind cores, a partner on the other core cost more than one on the same core for %d of %d pairs: %s. ", more, cnt, line);
	fprintf(f, "The fastest two-core repetition was slower than the slowest one-core repetition for %d of them.\n", apart);
}

/* Threads against processes, and the gil's pace. */
static void ovh_create_gil(const struct load_run *r, FILE *f)
{
	char a[32], b[32], c[32];
	if (find(r, "thread-create", 1, "none") >= 0 && find(r, "fork-exit", 1, "none") >= 0) {
		fprintf(f, "- Creating and joining one thread took %s µs, forking one process and reaping it %s µs (%.1f× as much), under --bind none",
			us(m(r, "thread-create", 1, "none"), a, sizeof(a)), us(m(r, "fork-exit", 1, "none"), b, sizeof(b)),
			m(r, "fork-exit", 1, "none") / m(r, "thread-create", 1, "none"));
		if (find(r, "fork-exec", 1, "none") >= 0)
			fprintf(f, "; with an exec of the tiny program in between, %s µs", us(m(r, "fork-exec", 1, "none"), a, sizeof(a)));
		fprintf(f, ".\n");
	}
	char gl[2048] = "", one[512] = "";
	for (int g = 1; g <= 2; g++) {
		const char *p = g == 1 ? "gil-5ms" : "gil-1ms";
		int iv = g == 1 ? 5000 : 1000;
		const char *bind = find(r, p, 2, "none") >= 0 ? "none" : "cores";
		if (find(r, p, 2, bind) < 0)
			continue;
		size_t u = strlen(gl);
		snprintf(gl + u, sizeof(gl) - u, "%s%s µs with a %d ms switch interval (%s µs above it; --bind %s)",
			 u ? ", and " : "", us(m(r, p, 2, bind), a, sizeof(a)), iv / 1000,
			 us(m(r, p, 2, bind) - iv, b, sizeof(b)), bind);
	}
	if (find(r, "gil-5ms", 1, "cores") >= 0 && find(r, "gil-1ms", 1, "cores") >= 0)
		snprintf(one, sizeof(one), " With both threads on one PU (--bind cores) it took %s µs at 5 ms and %s µs at 1 ms.",
			 us(m(r, "gil-5ms", 1, "cores"), b, sizeof(b)), us(m(r, "gil-1ms", 1, "cores"), c, sizeof(c)));
	if (gl[0])
		fprintf(f, "- A gil hand-off between two CPU-bound threads on two PUs took %s: a waiting thread asks for the lock only after a whole interval, so the interval, not the hand-off itself, sets the pace.%s\n", gl, one);
}

/* ## What the numbers show. */
static void ovh_show(const struct load_run *r, FILE *f)
{
	int total = 0, flagged = 0, notok = 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (ok(r, i)) {
			total++;
			flagged += v(r, i, "warning")[0] != '\0';
		} else if (strncmp(v(r, i, "status"), "skipped", 7) != 0) {
			notok++;
		}
	}
	ovh_pairs(r, f);
	ovh_create_gil(r, f);
	if (flagged)
		fprintf(f, "- %d of %d measured rows vary by more than 5%% between repetitions (see the warning column): their medians are the figures to read, not their means.\n", flagged, total);
	if (notok)
		fprintf(f, "- %d row(s) failed or could not be resolved from their reference: see the status column.\n", notok);
}

/* The machine and the method. */
static void ovh_head(const struct load_run *r, FILE *f)
{
	char a[512], b[512], c[512], d[512];
	fprintf(f, "# parbench overheads: %s, %s\n\n", load_meta(r, "host", a, sizeof(a)), load_meta(r, "date", b, sizeof(b)));
	fprintf(f, "- CPU: %s; %s package(s), ", load_meta(r, "cpu_model", a, sizeof(a)), load_meta(r, "packages", b, sizeof(b)));
	fprintf(f, "%s core(s), %s PU(s)\n", load_meta(r, "cores", a, sizeof(a)), load_meta(r, "pus", b, sizeof(b)));
	fprintf(f, "- build: %s, `%s`, git %s\n", load_meta(r, "compiler", a, sizeof(a)),
		load_meta(r, "cflags", b, sizeof(b)), load_meta(r, "git", c, sizeof(c)));
	fprintf(f, "- command: `%s`\n", load_meta(r, "command", a, sizeof(a)));
	snprintf(a, sizeof(a), "%g", strtod(load_meta(r, "target_s", d, sizeof(d)), NULL) * 1e3);
	snprintf(b, sizeof(b), "%.0f", strtod(load_meta(r, "clock_tick_ns", d, sizeof(d)), NULL));
	snprintf(c, sizeof(c), "%.2f", strtod(load_meta(r, "delay_us", d, sizeof(d)), NULL));
	fprintf(f, "- method: per row, inner repetitions timed together until one go lasts at least %s ms (1000 clock ticks of %s ns, or --min-time), then %s such goes; the median, min and max are over the goes, per operation. Where the loop does work of its own (the %s µs delay inside the OpenMP constructs, the loop of atomic-add), the median of a reference go without the primitive is subtracted (EPCC's method).\n",
		a, b, load_meta(r, "reps", d, sizeof(d)), c);
	fprintf(f, "- a pair's workers are the PUs its two parties run on: 1 (both on one PU, which needs --bind cores) or 2\n\n");
}

/* ## Table. */
static void ovh_table(const struct load_run *r, FILE *f)
{
	char a[32], b[32], c[32], d[32], st[1024];
	fprintf(f, "## Table\n\n");
	fprintf(f, "| primitive | model | workers | bind | PUs | median µs | min .. max µs | CV | inner × outer | reference µs | status |\n");
	fprintf(f, "|---|---|---:|---|---|---:|---|---:|---|---:|---|\n");
	for (size_t i = 0; i < r->summary.nrows; i++) {
		const char *w = v(r, i, "warning");
		snprintf(st, sizeof(st), w[0] ? "%s (%s)" : "%s", v(r, i, "status"), w);
		if (!v(r, i, "median_us")[0]) {
			fprintf(f, "| %s | %s | %s | %s | - | - | - | - | - | - | %s |\n", v(r, i, "primitive"),
				v(r, i, "model"), v(r, i, "workers"), v(r, i, "bind"), st);
			continue;
		}
		const char *pus = v(r, i, "pus"), *ref = v(r, i, "reference_us");
		fprintf(f, "| %s | %s | %s | %s | %s | %s | %s .. %s | %.1f%% | %s × %s | %s | %s |\n",
			v(r, i, "primitive"), v(r, i, "model"), v(r, i, "workers"), v(r, i, "bind"), pus[0] ? pus : "-",
			us(n(r, i, "median_us"), a, sizeof(a)), us(n(r, i, "min_us"), b, sizeof(b)),
			us(n(r, i, "max_us"), c, sizeof(c)), 100 * n(r, i, "cv"), v(r, i, "inner"), v(r, i, "outer"),
			ref[0] ? us(n(r, i, "reference_us"), d, sizeof(d)) : "-", st);
	}
	fprintf(f, "\n");
}

/* ## The primitives: each once, in the table's order. */
static void ovh_primitives(const struct load_run *r, FILE *f)
{
	fprintf(f, "## The primitives\n\n");
	for (size_t i = 0; i < r->summary.nrows; i++) {
		const char *p = v(r, i, "primitive"), *note = v(r, i, "note");
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(v(r, j, "primitive"), p) == 0;
		if (!seen)
			fprintf(f, "- **%s** (%s, %s): %s; one operation is one %s%s%s\n", p, v(r, i, "model"),
				v(r, i, "shape"), v(r, i, "what"), v(r, i, "op"), note[0] ? "; " : "", note);
	}
	fprintf(f, "\n");
}

static int ovh_md(const struct load_run *r, const void *unused, FILE *f)
{
	(void)unused;
	ovh_head(r, f);
	fprintf(f, "## What the numbers show\n\n");
	ovh_show(r, f);
	fprintf(f, "\n");
	if (report_study_has(r, "plots/overheads.png"))
		fprintf(f, "![cost of each primitive](plots/overheads.png)\n\n");
	ovh_table(r, f);
	ovh_primitives(r, f);
	fprintf(f, "Files: `overheads.csv` (the table), `meta.json`, `topology.txt` and `topology.xml`, `plots/overheads.png` and `.svg`.\n");
	return ferror(f) ? -1 : 0;
}

int report_overheads(const char *home, const char *dir)
{
	struct load_run r;
	int rc = report_study_open(&r, dir, "overheads", "overheads.csv");
	if (rc == 0)
		rc = ovh_plot(&r, home) < 0 || report_study_put(&r, "overheads.md", ovh_md, NULL) < 0;
	if (rc == 0)
		printf("parbench: wrote %s/overheads.md%s\n", r.dir,
		       report_study_has(&r, "plots/overheads.png") ? " and plots/overheads.png, .svg" : "");
	load_free(&r);
	return rc;
}
