/*
 * console.c - the rows on the terminal (console.h). A newcomer reads them
 * without the manual: a header names every field and its unit, the spread
 * is written as a CV with its name, the status column says one thing, and
 * the reasons to doubt rows come once per kernel at the end, with what the
 * machine was doing, instead of a long parenthesis on every row. The
 * measuring walk (bench.c) decides the reasons (sink_row.flags); this file
 * only words them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "dims.h"

/* Field widths; a cell wider than its field pushes the rest right. */
#define W_KERNEL 8
#define W_RUNNER 13
#define W_WORKERS 7
#define W_SCHED 18
#define W_MEDIAN 10
#define W_SPREAD 9
#define W_SPEEDUP 7
#define W_RATE 10

/* Appends text, then the number num by fmt (NULL: none), to buf while
 * it fits; *used counts the bytes so far. */
static void add(char *buf, size_t len, int *used, const char *text, const char *fmt, long long num)
{
	if (*used >= 0 && (size_t)*used < len)
		*used += snprintf(buf + *used, len - (size_t)*used, "%s", text);
	if (fmt && *used >= 0 && (size_t)*used < len)
		*used += snprintf(buf + *used, len - (size_t)*used, fmt, num);
}

/* The schedule cell: the schedule (a pattern's with its chunk), then the
 * other dimensions that are not at their plain value. */
static void schedule_cell(const struct sink_config *c, char *sched, size_t len)
{
	const char *pattern = sink_key_text(c, DIM_PATTERN), *collect = sink_key_text(c, DIM_COLLECT);
	const char *bind = sink_key_text(c, DIM_BIND), *schedule = sink_key_text(c, DIM_SCHEDULE);
	const char *scaling = sink_key_text(c, DIM_SCALING);
	int used = 0;
	if (pattern && strcmp(pattern, "none") != 0)
		add(sched, len, &used, pattern, ":%lld", (long long)c->chunk);
	else if (schedule && strcmp(schedule, "dynamic") == 0)
		add(sched, len, &used, schedule, ":%lld", (long long)c->chunk);
	else
		add(sched, len, &used, schedule ? schedule : "-", NULL, 0);
	if (c->key[DIM_PAYLOAD].kind == SINK_NUMBER)
		add(sched, len, &used, "", " %lldB", c->key[DIM_PAYLOAD].number);
	if (collect && strcmp(collect, "partial") != 0) {
		add(sched, len, &used, " ", NULL, 0);
		add(sched, len, &used, collect, NULL, 0);
	}
	if (c->key[DIM_INIT].number)
		add(sched, len, &used, " init:parent", NULL, 0);
	if (bind && strcmp(bind, "none") != 0) {
		add(sched, len, &used, " ", NULL, 0);
		add(sched, len, &used, bind, NULL, 0);
	}
	if (scaling && strcmp(scaling, "weak") == 0)
		add(sched, len, &used, " weak", NULL, 0);
	/* A dimension enum dim_id does not name shows its value here too. */
	for (int id = DIM_BUILTIN; dim_table[id].option; id++)
		if (sink_key_text(c, id)) {
			add(sched, len, &used, " ", NULL, 0);
			add(sched, len, &used, sink_key_text(c, id), NULL, 0);
		}
}

const char *console_status(const struct sink_row *row)
{
	if (row->st.n == 0 || strcmp(row->status, "ok") != 0)
		return row->status;
	if (row->flags & SINK_TOO_SHORT)
		return "too short";
	if (row->flags & SINK_UNSTABLE)
		return "unstable";
	if (row->flags & SINK_FEW_REPS)
		return "few reps";
	return "ok";
}

static void header(FILE *f, const char *unit)
{
	char rate[64];
	snprintf(rate, sizeof(rate), "rate (%s)", unit ? unit : "per s");
	fprintf(f, "  %-*s %-*s %*s  %-*s %*s  %-*s %*s  %*s  %s\n", W_KERNEL, "kernel", W_RUNNER, "runner",
		W_WORKERS, "workers", W_SCHED, "schedule", W_MEDIAN, "median", W_SPREAD, "spread",
		W_SPEEDUP, "speedup", W_RATE, rate, "status");
}

/* A time with 3 significant digits in s, ms or us (ASCII, so the columns
 * line up): 1.46 ms, 715 us, 12.3 s. */
static void time_cell(char *buf, size_t len, double t)
{
	const char *unit = "s";
	if (t < 1e-3)
		t *= 1e6, unit = "us";
	else if (t < 1)
		t *= 1e3, unit = "ms";
	snprintf(buf, len, "%.*f %s", t >= 100 ? 0 : t >= 10 ? 1 : 2, t, unit);
}

static void row_line(FILE *f, const struct sink_row *row, int wrate)
{
	const struct sink_config *c = &row->cfg;
	char sched[64] = "", median[32] = "", spread[32] = "", speedup[32] = "", rate[32] = "";
	schedule_cell(c, sched, sizeof(sched));
	if (row->st.n) {
		time_cell(median, sizeof(median), row->st.median);
		snprintf(spread, sizeof(spread), "cv %.1f%%", 100 * row->st.cv);
		if (isnan(row->speedup))
			snprintf(speedup, sizeof(speedup), "-");
		else
			snprintf(speedup, sizeof(speedup), "%.2fx", row->speedup);
		snprintf(rate, sizeof(rate), "%.4g", row->rate);
	}
	const char *kernel = sink_key_text(c, DIM_KERNEL), *runner = sink_key_text(c, DIM_RUNNER);
	fprintf(f, "  %-*s %-*s %*lld  %-*s %*s  %-*s %*s  %*s  %s\n", W_KERNEL, kernel ? kernel : "",
		W_RUNNER, runner ? runner : "", W_WORKERS, c->key[DIM_WORKERS].number, W_SCHED, sched,
		W_MEDIAN, median, W_SPREAD, spread, W_SPEEDUP, speedup, wrate, rate, console_status(row));
}

void console_rows(FILE *f, const struct sink_row *rows, size_t n)
{
	if (!n)
		return;
	char rate[64];
	int wrate = snprintf(rate, sizeof(rate), "rate (%s)", rows[0].rate_unit ? rows[0].rate_unit : "per s");
	wrate = wrate > W_RATE ? wrate : W_RATE;
	header(f, rows[0].rate_unit);
	for (size_t i = 0; i < n; i++)
		row_line(f, &rows[i], wrate);
	fflush(f);
}

/* What one kernel's shaky rows have in common, for its summary line. */
struct shaky {
	int rows, failed, unstable, too_short, few, slow;
	double load, off, ivcsw, steal, first;   /* the largest seen */
};

static double larger(double a, double b)
{
	return isfinite(b) && (isnan(a) || b > a) ? b : a;
}

static void tally(struct shaky *s, const struct sink_row *row)
{
	s->rows++;
	if (row->st.n == 0 || strcmp(row->status, "ok") != 0) {
		s->failed++;
		return;
	}
	if (row->flags & SINK_UNSTABLE) {
		double p = (double)row->cfg.key[DIM_WORKERS].number;
		s->unstable++;
		s->load = larger(s->load, row->load);
		s->off = larger(s->off, row->run_delay_s / (p * row->st.median));
		s->ivcsw = larger(s->ivcsw, row->ivcsw_median);
		s->steal = larger(s->steal, row->steal);
	}
	s->too_short += !!(row->flags & SINK_TOO_SHORT);
	s->few += !!(row->flags & SINK_FEW_REPS);
	if (row->flags & SINK_SLOW_FIRST) {
		s->slow++;
		s->first = larger(s->first, row->first_ratio);
	}
}

/* What was seen while s's unstable rows ran, as ", load 1.6 on 2 CPUs, ..." */
static void seen(const struct shaky *s, char *buf, size_t len)
{
	int used = 0;
	buf[0] = '\0';
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (isfinite(s->load))
		used += snprintf(buf + used, len - (size_t)used, ", load %.1f on %ld CPU%s", s->load, cpus,
				 cpus == 1 ? "" : "s");
	if (isfinite(s->off) && s->off >= 0.01 && (size_t)used < len)
		used += snprintf(buf + used, len - (size_t)used, ", off-CPU up to %.0f%% of the time",
				 100 * s->off);
	if (isfinite(s->ivcsw) && s->ivcsw >= 1 && (size_t)used < len)
		used += snprintf(buf + used, len - (size_t)used, ", up to %.0f involuntary switch%s a run",
				 s->ivcsw, s->ivcsw < 1.5 ? "" : "es");
	if (isfinite(s->steal) && s->steal >= 0.005 && (size_t)used < len)
		snprintf(buf + used, len - (size_t)used, ", steal up to %.1f%%", 100 * s->steal);
}

static void kernel_line(FILE *f, const char *kernel, const struct shaky *s)
{
	char what[300];
	const char *sep = "";
	fprintf(f, "  %s: ", kernel);
	if (s->unstable) {
		seen(s, what, sizeof(what));
		fprintf(f, "%d of %d configurations unstable (cv > %.0f%%%s%s)%s", s->unstable, s->rows,
			100 * STATS_CV_WARN, what[0] ? ": " : "", what[0] ? what + 2 : "",
			s->off >= 0.1 ? ", the machine was busy" : "");
		sep = "; ";
	}
	if (s->failed)
		fprintf(f, "%s%d failed (the status column of summary.csv says why)", sep, s->failed), sep = "; ";
	if (s->too_short)
		fprintf(f, "%s%d too short for the clock (more --items)", sep, s->too_short), sep = "; ";
	if (s->few)
		fprintf(f, "%s%d with fewer than %d repetitions", sep, s->few, STATS_MIN_REPS), sep = "; ";
	if (s->slow)
		fprintf(f, "%s%d with a slow first repetition (up to %.2fx the others' median: more --warmup)",
			sep, s->slow, s->first);
	fputc('\n', f);
}

static const char *kernel_of(const struct sink_row *row)
{
	const char *k = sink_key_text(&row->cfg, DIM_KERNEL);
	return k ? k : "";
}

void console_warnings(FILE *f, const struct sink_row *rows, size_t n)
{
	int said = 0;
	for (size_t i = 0; i < n;) {
		const char *kernel = kernel_of(&rows[i]);
		struct shaky s = { .load = NAN, .off = NAN, .ivcsw = NAN, .steal = NAN, .first = NAN };
		size_t j = i;
		for (; j < n && strcmp(kernel_of(&rows[j]), kernel) == 0; j++)
			tally(&s, &rows[j]);
		i = j;
		if (!s.failed && !s.unstable && !s.too_short && !s.few && !s.slow)
			continue;
		if (!said++)
			fprintf(f, "parbench: rows to doubt (each row's reasons: the warning column of summary.csv):\n");
		kernel_line(f, kernel, &s);
	}
	fflush(f);
}
