/*
 * demos_verdict.c - the one place that decides whether a demo showed its
 * lesson: reads back the CSVs a demo's steps wrote, evaluates the checks
 * of its entry in demos_table[] and, when they fail, names what the run
 * recorded about the machine that can explain it.
 *
 * Why from the files: the verdict must be the same whether it is made
 * right after the run, later (`parbench demo verdict NAME DIR`), in the
 * lab notebook, or in a test on fixture CSVs; so it reads only what the
 * run left behind: the steps' tables and meta.json, and demo.json (the
 * conditions the demo runner measured around its commands: the load and
 * the CPU time other processes used meanwhile).
 *
 * The reasons named are measured, never guessed: other processes keeping
 * a fifth of a CPU busy or more (others_cpus: the machine's CPU time over
 * the run less the steps' own), the 1-minute load above half a PU per
 * usable PU (the report's own rule), workers off-CPU 5% of their time or
 * more (loss_offcpu), steal, a row that should keep its workers busy doing
 * less than 0.75 CPUs per worker, a condition of the measurement that
 * failed (a check with .condition set: it is then the reason itself).
 *
 * The load and others_cpus. The load average is a decaying average over
 * the last minute, so in `demo all` it holds parbench's own previous demo
 * (about 1.2 on 2 PUs after back-to-back demos); others_cpus is measured
 * over this run and excludes the steps. So the load is named as a reason
 * only when others_cpus is also at least a fifth of a CPU (or was not
 * recorded); otherwise both are stated ("load 1.2 at the start, but other
 * processes used only 0.05 CPUs during the run") and not blamed.
 *
 * What cannot show a lesson is said before any reason: a step that crashed
 * or could not run (demo.json), a value not measured ("gil on pi has no
 * speedup", with the failed rows, the serial reference's among them), a
 * check whose rows include one whose status is not ok (the number such a
 * row carries is not trusted). A failure no check reads (a failed row, a
 * step's exit 1) does not undo "shown" but is named in it.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/csv.h"
#include "demos.h"

/* Other processes' CPU use (demo.json's others_cpus) that disturbs a run;
 * below it, a high load average is not named as a reason. */
#define OTHERS_BUSY 0.2

/* What a verdict gathers as it goes. */
struct vctx {
	const struct demos_spec *spec;
	const char *dir;
	struct demos_outcome *out;
	size_t nlen;              /* bytes used in out->numbers */
	char reasons[1024];       /* the measured reasons, ", "-separated */
	char because[512];        /* condition checks that failed, worded as reasons */
	char failed[512];         /* "a configuration failed (...)": a check's rows did */
	char unmeasured[512];     /* "not measured: ...": a check's value is missing */
	char unread[512];         /* a failure no check reads: a row, or a step's exit 1 */
	char note[256];           /* the load, when other processes' CPU use does not back it */
	double offcpu, steal;     /* the most over every step's summary.csv */
	char offcpu_row[160];     /* the row of that off-CPU time */
	char *err;
	size_t errlen;
};

/* A measure's value and what its rows say about the run. */
struct mval {
	double v;                 /* median over the rows; NAN when none has a value */
	double util, workers;     /* the row with the fewest CPUs busy per worker */
	char status[160];         /* the first row whose status is not ok, "" if none */
	char why[400];            /* with v NAN: the rows that failed, the serial
				   * reference among them ("row: status; ...") */
};

static void add_numbers(struct vctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_numbers(struct vctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (c->nlen < sizeof(c->out->numbers))
		c->nlen += (size_t)vsnprintf(c->out->numbers + c->nlen, sizeof(c->out->numbers) - c->nlen, fmt, ap);
	va_end(ap);
}

static void add_reason(struct vctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_reason(struct vctx *c, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (strstr(c->reasons, line))
		return;
	size_t n = strlen(c->reasons);
	snprintf(c->reasons + n, sizeof(c->reasons) - n, "%s%s", n ? ", " : "", line);
}

/* The folder of the step called step ("" or NULL: the first). */
static void step_dir(const struct vctx *c, const char *step, char *buf, size_t len)
{
	if (!step || !*step)
		step = c->spec->steps[0].dir;
	if (step && *step)
		snprintf(buf, len, "%s/%s", c->dir, step);
	else
		snprintf(buf, len, "%s", c->dir);
}

static json_t *read_json(const char *dir, const char *name)
{
	char path[4400];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return json_load_file(path, 0, NULL);
}

static double json_num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	if (json_is_array(v))
		v = json_array_get(v, 0);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static double cell_num(const struct csv_table *t, size_t i, const char *col)
{
	const char *s = csv_get(t, i, csv_col(t, col));
	char *end;
	double v = strtod(s, &end);
	return *s && end != s ? v : NAN;
}

/* Whether row i passes term (col=value, col<=key, col>=key); max and min
 * pass here and are applied later. */
static int term_holds(const struct csv_table *t, size_t i, const char *term, const json_t *meta)
{
	char col[128];
	const char *op = strpbrk(term, "<>=");
	if (!op || (size_t)(op - term) >= sizeof(col))
		return 0;
	snprintf(col, sizeof(col), "%.*s", (int)(op - term), term);
	if (csv_col(t, col) < 0)
		return 0;
	if (*op == '=') {
		if (!strcmp(op + 1, "max") || !strcmp(op + 1, "min"))
			return 1;
		return strcmp(csv_get(t, i, csv_col(t, col)), op + 1) == 0;
	}
	double v = cell_num(t, i, col), k = json_num(meta, op + 2);
	if (op[1] != '=' || isnan(v) || isnan(k))
		return 0;
	return *op == '<' ? v <= k : v >= k;
}

/* Marks in sel[] the rows that pass every term of where. */
static void select_rows(const struct csv_table *t, const char *where, const json_t *meta, char *sel)
{
	char buf[512], *save = NULL;
	for (size_t i = 0; i < t->nrows; i++)
		sel[i] = 1;
	snprintf(buf, sizeof(buf), "%s", where ? where : "");
	for (char *term = strtok_r(buf, " ", &save); term; term = strtok_r(NULL, " ", &save))
		for (size_t i = 0; i < t->nrows; i++)
			if (sel[i] && !term_holds(t, i, term, meta))
				sel[i] = 0;
	snprintf(buf, sizeof(buf), "%s", where ? where : "");
	for (char *term = strtok_r(buf, " ", &save); term; term = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(term, '=');
		if (!eq || eq[-1] == '<' || eq[-1] == '>' || (strcmp(eq + 1, "max") && strcmp(eq + 1, "min")))
			continue;
		*eq = '\0';
		int want_max = !strcmp(eq + 1, "max");
		double best = NAN;
		for (size_t i = 0; i < t->nrows; i++)
			if (sel[i] && !isnan(cell_num(t, i, term)) &&
			    (isnan(best) || (want_max ? cell_num(t, i, term) > best : cell_num(t, i, term) < best)))
				best = cell_num(t, i, term);
		for (size_t i = 0; i < t->nrows; i++)
			if (sel[i] && cell_num(t, i, term) != best)
				sel[i] = 0;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The columns that name a configuration, in the order they are shown. */
static const char *const dims[] = { "kernel", "runner", "workers", "schedule", "bind", "pattern", "collect",
				    "payload", "items", "size_bytes", "io", "mode", "interval_ms", "cpu_threads",
				    "layout", NULL };

/* Row i as the where terms that pick it: "kernel=pi runner=serial workers=1". */
static void row_name(const struct csv_table *t, size_t i, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int d = 0; dims[d] && used < len; d++)
		if (csv_col(t, dims[d]) >= 0)
			used += (size_t)snprintf(buf + used, len - used, "%s%s=%s", used ? " " : "", dims[d],
						 csv_get(t, i, csv_col(t, dims[d])));
}

/* Whether row i is the serial reference of a selected row: runner serial,
 * the same kernel (speedups are relative to it). */
static int serial_of(const struct csv_table *t, size_t i, const char *sel)
{
	int rc = csv_col(t, "runner"), kc = csv_col(t, "kernel");
	if (rc < 0 || strcmp(csv_get(t, i, rc), "serial"))
		return 0;
	for (size_t j = 0; j < t->nrows; j++)
		if (sel[j] && (kc < 0 || !strcmp(csv_get(t, j, kc), csv_get(t, i, kc))))
			return 1;
	return 0;
}

/* Into m->why: the selected rows and their serial reference whose status
 * is not ok, "row: status; ...": why a value is missing. */
static void failures(const struct csv_table *t, const char *sel, struct mval *m)
{
	size_t used = 0;
	int sc = csv_col(t, "status");
	m->why[0] = '\0';
	for (size_t i = 0; sc >= 0 && i < t->nrows && used < sizeof(m->why); i++) {
		const char *st = csv_get(t, i, sc);
		char name[256];
		if (!*st || !strcmp(st, "ok") || !(sel[i] || serial_of(t, i, sel)))
			continue;
		row_name(t, i, name, sizeof(name));
		used += (size_t)snprintf(m->why + used, sizeof(m->why) - used, "%s%s: %s", used ? "; " : "", name, st);
	}
}

/* The median of column col over the selected rows, and what they say. */
static void summarise(const struct csv_table *t, const char *sel, const char *col, struct mval *m)
{
	double *v = malloc((t->nrows + 1) * sizeof(*v));
	size_t n = 0;
	m->util = m->workers = NAN;
	m->status[0] = '\0';
	for (size_t i = 0; i < t->nrows; i++) {
		if (!sel[i])
			continue;
		double x = cell_num(t, i, col), u = cell_num(t, i, "cpu_util"), w = cell_num(t, i, "workers");
		if (v && !isnan(x))
			v[n++] = x;
		if (!isnan(u) && w > 0 && (isnan(m->util) || u / w < m->util / m->workers)) {
			m->util = u;
			m->workers = w;
		}
		const char *st = csv_get(t, i, csv_col(t, "status"));
		if (*st && strcmp(st, "ok") && !m->status[0])
			snprintf(m->status, sizeof(m->status), "%s", st);
	}
	if (v)
		qsort(v, n, sizeof(*v), cmp_double);
	m->v = n == 0 ? NAN : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	free(v);
	if (isnan(m->v))
		failures(t, sel, m);
}

/* Evaluates measure me in step's folder into *m; -1 with err set when the
 * table cannot be read or no row matches. */
static int measure(struct vctx *c, const char *step, const struct demos_measure *me, struct mval *m)
{
	char dir[4200], path[4400], e[512];
	struct csv_table t = { 0 };
	step_dir(c, step, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, me->table);
	if (csv_load(&t, path, e, sizeof(e)) < 0) {
		snprintf(c->err, c->errlen, "%s", e);
		csv_free(&t);
		return -1;
	}
	json_t *meta = read_json(dir, "meta.json");
	char *sel = calloc(t.nrows + 1, 1);
	int rc = -1;
	if (sel) {
		select_rows(&t, me->where, meta, sel);
		size_t n = 0;
		for (size_t i = 0; i < t.nrows; i++)
			n += sel[i];
		if (n == 0 || csv_col(&t, me->col) < 0)
			snprintf(c->err, c->errlen, "%s has no row where %s with a column %s: not this demo's results",
				 path, me->where, me->col);
		else
			summarise(&t, sel, me->col, m), rc = 0;
	}
	free(sel);
	json_decref(meta);
	csv_free(&t);
	return rc;
}

/* A text check: how many times the file holds the text; -1 when unreadable. */
static int count_text(struct vctx *c, const struct demos_check *k, double *count)
{
	char dir[4200], path[4400];
	step_dir(c, k->step, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, k->a.table);
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(c->err, c->errlen, "cannot read %s: %s: not this demo's results", path, strerror(errno));
		return -1;
	}
	char line[1024];
	*count = 0;
	while (fgets(line, sizeof(line), f))
		for (char *p = line; (p = strstr(p, k->contains)); p += strlen(k->contains))
			(*count)++;
	fclose(f);
	return 0;
}

static const char *op_text(enum demos_op op)
{
	static const char *const text[] = { "<", "<=", ">=", ">" };
	return text[op];
}

static int holds(double a, enum demos_op op, double b)
{
	if (isnan(a) || isnan(b))
		return 0;
	return op == DEMOS_LT ? a < b : op == DEMOS_LE ? a <= b : op == DEMOS_GE ? a >= b : a > b;
}

/* The text of a condition check that failed: its template with "{pct}"
 * made the value in percent ("53 %"). */
static void condition_text(struct vctx *c, const char *tmpl, double v)
{
	char pct[32], line[256];
	const char *at = strstr(tmpl, "{pct}");
	snprintf(pct, sizeof(pct), "%.0f %%", 100 * v);
	if (at)
		snprintf(line, sizeof(line), "%.*s%s%s", (int)(at - tmpl), tmpl, pct, at + strlen("{pct}"));
	else
		snprintf(line, sizeof(line), "%s", tmpl);
	size_t n = strlen(c->because);
	snprintf(c->because + n, sizeof(c->because) - n, "%s%s", n ? ", " : "", line);
}

/* What a check that did not hold tells beyond its number: a value never
 * measured, a configuration that failed, a condition of the measurement
 * that was not met. */
static void check_failed(struct vctx *c, const struct demos_check *k, const struct mval *a, const struct mval *b)
{
	const struct demos_measure *miss = isnan(a->v) ? &k->a : &k->b;
	const struct mval *mm = isnan(a->v) ? a : b;
	if (!k->contains && (isnan(a->v) || (k->b.col && isnan(b->v)))) {
		if (!c->unmeasured[0])
			snprintf(c->unmeasured, sizeof(c->unmeasured), "not measured: %s has no %s%s%s%s", miss->name,
				 miss->col, mm->why[0] ? " (" : "", mm->why, mm->why[0] ? ")" : "");
	} else if (a->status[0] || b->status[0]) {
		if (!c->failed[0])
			snprintf(c->failed, sizeof(c->failed), "a configuration failed (%s: %s)",
				 a->status[0] ? k->a.name : k->b.name, a->status[0] ? a->status : b->status);
	} else if (k->condition) {
		condition_text(c, k->condition, a->v);
	}
}

/* One check: its numbers line; 1 held, 0 not, -1 bad input. A check whose
 * rows include one that did not end ok does not hold, whatever number the
 * row still carries. */
static int check_one(struct vctx *c, const struct demos_check *k)
{
	struct mval a = { .v = NAN }, b = { .v = NAN };
	char want[160];
	if (k->contains) {
		if (count_text(c, k, &a.v) < 0)
			return -1;
	} else if (measure(c, k->step, &k->a, &a) < 0 || (k->b.col && measure(c, k->step, &k->b, &b) < 0)) {
		return -1;
	}
	double limit = k->b.col ? k->k * b.v : k->k;
	if (k->b.col)
		snprintf(want, sizeof(want), "want %s %g x %.4g (%s) = %.4g", op_text(k->op), k->k, b.v, k->b.name,
			 limit);
	else
		snprintf(want, sizeof(want), "want %s %g", op_text(k->op), k->k);
	int ok = holds(a.v, k->op, limit) && !a.status[0] && !b.status[0];
	char what[192];
	if (k->contains)
		snprintf(what, sizeof(what), "%s: lines with '%s'", k->a.table, k->contains);
	else
		snprintf(what, sizeof(what), "%s: %s", k->a.name, k->a.col);
	char value[32];
	if (isnan(a.v))
		snprintf(value, sizeof(value), "none");
	else
		snprintf(value, sizeof(value), "%.4g", a.v);
	add_numbers(c, "  %-58s %10s   (%s)  %s\n", what, value, want,
		    ok ? "yes" : a.status[0] || b.status[0] ? "NO (a configuration failed)" : "NO");
	if (k->busy && !isnan(a.util) && a.util < 0.75 * a.workers)
		add_reason(c, "%s kept only %.2f CPUs busy with %g workers", k->a.name, a.util, a.workers);
	if (!ok)
		check_failed(c, k, &a, &b);
	return ok;
}

/* The first row of table (in step's folder) whose status says failed, as
 * "row: status" in buf; 0 when there is none (or no such table). */
static int failed_row(struct vctx *c, const char *step, const char *table, char *buf, size_t len)
{
	char dir[4200], path[4400], e[256], name[256];
	struct csv_table t = { 0 };
	int found = 0;
	step_dir(c, step, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, table);
	if (csv_load(&t, path, e, sizeof(e)) == 0 && csv_col(&t, "status") >= 0)
		for (size_t i = 0; i < t.nrows && !found; i++) {
			const char *st = csv_get(&t, i, csv_col(&t, "status"));
			if (strncmp(st, "failed", 6) == 0) {
				row_name(&t, i, name, sizeof(name));
				snprintf(buf, len, "%s: %s", name, st);
				found = 1;
			}
		}
	csv_free(&t);
	return found;
}

/* A failure none of the checks read: a failed row in the tables they read
 * (a step's exit 1, `run`'s "some configuration failed"), else a step's
 * exit 1 that demo.json recorded. Into c->unread. */
static void scan_unread(struct vctx *c)
{
	char row[400];
	if (c->failed[0] || c->unmeasured[0])
		return;
	for (int i = 0; i < DEMOS_CHECKS && !c->unread[0]; i++) {
		const struct demos_check *k = &c->spec->checks[i];
		if (!k->a.col)
			continue;
		if (failed_row(c, k->step, k->a.table, row, sizeof(row)) ||
		    (k->b.col && failed_row(c, k->step, k->b.table, row, sizeof(row))))
			snprintf(c->unread, sizeof(c->unread), "a configuration it does not read failed (%s)", row);
	}
	json_t *demo = read_json(c->dir, "demo.json");
	const char *cmd = json_string_value(json_object_get(demo, "step_command"));
	if (!c->unread[0] && json_num(demo, "step_exit") == 1)
		snprintf(c->unread, sizeof(c->unread), "a step exited 1 (%s): see its output", cmd ? cmd : "?");
	json_decref(demo);
}

/* The most time off-CPU and the most steal over the rows of a step's
 * summary.csv with at most pus workers (more share the PUs by design),
 * kept in c when above what c holds. */
static void scan_summary(struct vctx *c, const char *dir, double pus)
{
	char path[4400], e[256];
	struct csv_table t = { 0 };
	snprintf(path, sizeof(path), "%s/summary.csv", dir);
	if (csv_load(&t, path, e, sizeof(e)) == 0) {
		for (size_t i = 0; i < t.nrows; i++) {
			double o = cell_num(&t, i, "loss_offcpu"), s = cell_num(&t, i, "steal");
			if (!isnan(pus) && cell_num(&t, i, "workers") > pus)
				continue;
			if (o > c->offcpu) {
				c->offcpu = o;
				snprintf(c->offcpu_row, sizeof(c->offcpu_row), "%s %s %s workers",
					 csv_get(&t, i, csv_col(&t, "runner")), csv_get(&t, i, csv_col(&t, "kernel")),
					 csv_get(&t, i, csv_col(&t, "workers")));
			}
			if (s > c->steal)
				c->steal = s;
		}
	}
	csv_free(&t);
}

/* The load at the start (meta.json, else demo.json), the usable PUs and
 * other processes' CPU use (demo.json): the reasons they give. */
static void scan_conditions(struct vctx *c)
{
	char dir[4200];
	json_t *demo = read_json(c->dir, "demo.json");
	double load = json_num(demo, "loadavg_start"), pus = json_num(demo, "usable_pus");
	double others = json_num(demo, "others_cpus");
	for (int s = 0; s < DEMOS_STEPS && c->spec->steps[s].argv[0]; s++) {
		step_dir(c, c->spec->steps[s].dir, dir, sizeof(dir));
		json_t *meta = read_json(dir, "meta.json");
		double l = json_num(meta, "loadavg_start"), p = json_num(meta, "usable_pus");
		if (!isnan(l) && (isnan(load) || l > load))
			load = l;
		if (isnan(pus))
			pus = p;
		json_decref(meta);
		scan_summary(c, dir, isnan(p) ? pus : p);
	}
	json_decref(demo);
	if (c->offcpu >= 0.05)
		add_reason(c, "workers off-CPU %.0f%% of the time (loss_offcpu, %s)", 100 * c->offcpu, c->offcpu_row);
	if (c->steal >= 0.02)
		add_reason(c, "the hypervisor stole %.0f%% of the CPU time", 100 * c->steal);
	int busy = !isnan(others) && others >= OTHERS_BUSY;
	if (!isnan(load) && !isnan(pus) && load > 0.5 * pus) {
		if (isnan(others) || busy)
			add_reason(c, "load %.1f at the start (%g usable PUs)", load, pus);
		else
			snprintf(c->note, sizeof(c->note),
				 "load %.1f at the start, but other processes used only %.2f CPUs during the run", load,
				 others);
	}
	if (busy)
		add_reason(c, "other processes kept %.2f CPUs busy during the run", others);
}

int demos_unfit(const struct demos_spec *spec, int cores, int pus, int usable, char *why, size_t len)
{
	if (spec->needs_smt && pus <= cores) {
		snprintf(why, len, "this machine has no hyperthreads (hwloc: %d cores, %d PUs)", cores, pus);
		return 1;
	}
	if (spec->min_pus > 1 && usable < spec->min_pus) {
		snprintf(why, len, "this needs %d usable PUs and parbench may use %d here (hwloc: %d cores, %d PUs)",
			 spec->min_pus, usable, cores, pus);
		return 1;
	}
	return 0;
}

/* A skip recorded in demo.json, or one the machine in meta.json calls for. */
static int skipped(struct vctx *c)
{
	char dir[4200];
	json_t *demo = read_json(c->dir, "demo.json");
	const char *why = json_string_value(json_object_get(demo, "skipped"));
	int skip = why != NULL;
	if (why)
		snprintf(c->out->verdict, sizeof(c->out->verdict), "verdict: skipped — %s", why);
	json_decref(demo);
	if (skip)
		return 1;
	step_dir(c, NULL, dir, sizeof(dir));
	json_t *meta = read_json(dir, "meta.json");
	char text[512];
	if (meta && demos_unfit(c->spec, (int)json_num(meta, "cores"), (int)json_num(meta, "pus"),
				(int)json_num(meta, "usable_pus"), text, sizeof(text))) {
		snprintf(c->out->verdict, sizeof(c->out->verdict), "verdict: skipped — %s", text);
		skip = 1;
	}
	json_decref(meta);
	return skip;
}

/* A step that crashed or could not run (demo.json): the tables it should
 * have written are missing or cut short, so no check is read; 1 with the
 * verdict written, else 0. */
static int broken(struct vctx *c)
{
	json_t *demo = read_json(c->dir, "demo.json");
	const char *crash = json_string_value(json_object_get(demo, "step_crashed"));
	const char *cmd = json_string_value(json_object_get(demo, "step_command"));
	double rc = json_num(demo, "step_exit");
	int bad = 1;
	if (crash)
		snprintf(c->out->verdict, sizeof(c->out->verdict), "verdict: NOT shown — a step crashed (%s)", crash);
	else if (rc < 0)
		snprintf(c->out->verdict, sizeof(c->out->verdict), "verdict: NOT shown — a step could not be started (%s)",
			 cmd ? cmd : "?");
	else if (rc >= 2)
		snprintf(c->out->verdict, sizeof(c->out->verdict),
			 "verdict: NOT shown — a step could not run (%s: exit %g): see its output", cmd ? cmd : "?", rc);
	else
		bad = 0;
	if (bad && cmd)
		add_numbers(c, "  the step: %s\n", cmd);
	json_decref(demo);
	return bad;
}

/* The verdict line, from what the checks and the run's record gathered:
 * a value never measured or a configuration that failed first (the
 * numbers cannot show the lesson), then the conditions not met and the
 * measured disturbances, else the effect itself. */
static void say(struct vctx *c, int all)
{
	char *v = c->out->verdict;
	size_t len = sizeof(c->out->verdict);
	if (all && !c->unread[0])
		snprintf(v, len, "verdict: shown");
	else if (all)
		snprintf(v, len, "verdict: shown — though %s", c->unread);
	else if (c->unmeasured[0])
		snprintf(v, len, "verdict: NOT shown — %s", c->unmeasured);
	else if (c->failed[0])
		snprintf(v, len, "verdict: NOT shown — %s", c->failed);
	else if (c->because[0] || c->reasons[0])
		snprintf(v, len, "verdict: NOT shown — %s%s%s; rerun on a quiet machine", c->because,
			 c->because[0] && c->reasons[0] ? ", " : "", c->reasons);
	else if (c->note[0])
		snprintf(v, len, "verdict: NOT shown — nothing recorded disturbed the run (%s; time off-CPU low): "
			 "the effect was smaller here than the criterion", c->note);
	else
		snprintf(v, len, "verdict: NOT shown — nothing recorded disturbed the run (load, other processes, "
			 "time off-CPU all low): the effect was smaller here than the criterion");
}

int demos_verdict(const struct demos_spec *spec, const char *dir, struct demos_outcome *out,
		  char *err, size_t errlen)
{
	struct vctx c = { .spec = spec, .dir = dir, .out = out, .err = err, .errlen = errlen };
	memset(out, 0, sizeof(*out));
	if (skipped(&c)) {
		out->kind = DEMOS_SKIPPED;
		return 0;
	}
	if (broken(&c)) {
		out->kind = DEMOS_NOT_SHOWN;
		return 0;
	}
	int all = 1;
	for (int i = 0; i < DEMOS_CHECKS && (spec->checks[i].a.col || spec->checks[i].contains); i++) {
		int ok = check_one(&c, &spec->checks[i]);
		if (ok < 0)
			return -1;
		all &= ok;
	}
	scan_conditions(&c);
	scan_unread(&c);
	if (c.reasons[0] || c.note[0] || c.unread[0])
		add_numbers(&c, "  conditions: %s%s%s%s%s\n", c.reasons, c.reasons[0] && c.note[0] ? ", " : "", c.note,
			    (c.reasons[0] || c.note[0]) && c.unread[0] ? ", " : "", c.unread);
	out->kind = all ? DEMOS_SHOWN : DEMOS_NOT_SHOWN;
	say(&c, all);
	return 0;
}
