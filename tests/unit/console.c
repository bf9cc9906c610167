/*
 * tests/unit/console.c - the terminal rows (bench/console.h) from made-up
 * rows, so that no timing is needed: the header names every field and
 * its unit and its fields start where the rows' do, the spread is a
 * labelled CV, the status column says one word, and the end-of-run lines
 * say per kernel how many rows are unstable and what was seen. Also the
 * CPU model's spaces (core/sysinfo.h: sysinfo_squeeze). TAP output.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/bench/console.h"
#include "../../harness/bench/dims.h"
#include "../../harness/core/sysinfo.h"
#include "../lib/tap.h"

static char text[8192];

/* Runs fn's output into text. */
static const char *capture(void (*fn)(FILE *, const struct sink_row *, size_t),
			   const struct sink_row *rows, size_t n)
{
	FILE *f = fmemopen(text, sizeof(text) - 1, "w");
	memset(text, 0, sizeof(text));
	if (!f)
		return "";
	fn(f, rows, n);
	fclose(f);
	return text;
}

static struct sink_value txt(const char *s)
{
	return (struct sink_value){ .kind = SINK_TEXT, .text = s };
}

/* A measured row of kernel k, runner r at p workers. */
static struct sink_row row(const char *k, const char *r, int p, const char *schedule, double median)
{
	struct sink_row x;
	memset(&x, 0, sizeof(x));
	x.cfg.key[DIM_KERNEL] = txt(k);
	x.cfg.key[DIM_RUNNER] = txt(r);
	x.cfg.key[DIM_WORKERS] = (struct sink_value){ .kind = SINK_NUMBER, .number = p };
	x.cfg.key[DIM_SCHEDULE] = txt(schedule);
	x.cfg.key[DIM_BIND] = txt("none");
	x.cfg.chunk = 250000;
	x.st.n = 5;
	x.st.median = median;
	x.st.cv = 0.031;
	x.speedup = 0.0014 / median;
	x.rate = 2e6 / median / 1e6;
	x.rate_unit = "Mpoints/s";
	x.load = x.steal = x.first_ratio = NAN;
	snprintf(x.status, sizeof(x.status), "ok");
	return x;
}

static struct sink_row rows[4];

static void make_rows(void)
{
	rows[0] = row("pi", "serial", 1, "static", 0.0014);
	rows[1] = row("pi", "pthreads-pool", 2, "dynamic", 0.0007);
	rows[1].flags = SINK_UNSTABLE | SINK_OUTLIERS;
	rows[1].st.cv = 0.394;
	rows[1].load = 1.9;
	rows[1].run_delay_s = 0.12 * 2 * 0.0007;
	rows[1].ivcsw_median = 3;
	rows[2] = row("pi", "fork", 2, "static", 0.0009);
	rows[2].flags = SINK_OUTLIERS | SINK_SLOW_FIRST;
	rows[2].first_ratio = 2.13;
	rows[3] = row("pi", "gil", 2, "static", 0);
	rows[3].st.n = 0;
	snprintf(rows[3].status, sizeof(rows[3].status), "failed: worker 1 (fork) killed by signal 11");
}

/* The column where word first occurs in line, or -1. */
static long field_start(const char *line, const char *word)
{
	const char *p = strstr(line, word);
	return p ? p - line : -1;
}

static void test_header(void)
{
	const char *out = capture(console_rows, rows, 4);
	char *nl = strchr(out, '\n');
	ok(nl && strncmp(out, "  kernel ", 9) == 0 && strstr(out, " runner ") && strstr(out, " workers ") &&
	   strstr(out, " schedule ") && strstr(out, " median ") && strstr(out, " spread ") &&
	   strstr(out, " speedup ") && strstr(out, " rate (Mpoints/s) ") && strstr(out, " status\n"),
	   "a header row names each field, the rate with its unit: %.*s", nl ? (int)(nl - out) : 0, out);
	char *line = strdup(nl ? nl + 1 : "");
	char *second = strchr(line, '\n');
	if (second)
		*second = '\0';
	ok(field_start(out, "runner") == field_start(line, "serial") &&
	   field_start(out, "schedule") == field_start(line, "static") &&
	   field_start(out, "status") == field_start(line, " ok") + 1,
	   "the fields start under their names: %s", line);
	free(line);
	ok(strstr(out, "cv 3.1%") && strstr(out, "1.40 ms") && strstr(out, "700 us") && !strstr(out, "\xc2\xb1"),
	   "the spread is written as a labelled CV, the median with its unit, no bare +-");
	ok(strstr(out, "dynamic:250000") != NULL, "a dynamic schedule shows its chunk");
	ok(strstr(out, "failed: worker 1 (fork) killed by signal 11\n") != NULL,
	   "a failed row says why in its status column");
}

static void test_status(void)
{
	ok(strcmp(console_status(&rows[0]), "ok") == 0, "a steady row: ok");
	ok(strcmp(console_status(&rows[1]), "unstable") == 0, "an unstable row says unstable, not ok beside it");
	ok(strcmp(console_status(&rows[2]), "ok") == 0,
	   "outliers and a slow first repetition leave the status ok (the median does not follow them)");
	struct sink_row r = rows[1];
	r.flags |= SINK_TOO_SHORT | SINK_FEW_REPS;
	ok(strcmp(console_status(&r), "too short") == 0, "one word even with several reasons: the gravest");
	const char *out = capture(console_rows, rows, 3);
	ok(!strstr(out, "ok  (") && !strstr(out, "outlier"), "no row carries a parenthesis of reasons");
}

/* The first line of s as a TAP comment. */
static void diag_line(const char *s)
{
	printf("# %.*s\n", (int)strcspn(s, "\n"), s);
}

static void test_warnings(void)
{
	const char *out = capture(console_warnings, rows, 4);
	ok(strstr(out, "  pi: 1 of 4 configurations unstable (cv > 5%: load 1.9 on ") &&
	   strstr(out, ", off-CPU up to 12% of the time, up to 3 involuntary switches a run)") != NULL,
	   "the kernel's line says how many are unstable and what was seen");
	const char *pi = strstr(out, "  pi: ");
	diag_line(pi ? pi : out);
	ok(strstr(out, "1 with a slow first repetition (up to 2.13x") && strstr(out, "1 failed"),
	   "... and the other reasons, once each");
	ok(!strstr(out, "outlier"), "outliers alone are not a warning on the terminal");
	size_t lines = 0;
	for (const char *p = out; (p = strchr(p, '\n')); p++)
		lines++;
	ok(lines == 2, "one heading and one line for the kernel (%zu lines)", lines);
	out = capture(console_warnings, rows, 1);
	ok(out[0] == '\0', "nothing when no row is shaky");
}

static void test_squeeze(void)
{
	char s[64] = "  Intel(R) Xeon(R) CPU \t  E5-2680 0 @ 2.70GHz   ";
	sysinfo_squeeze(s);
	ok(strcmp(s, "Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz") == 0, "a CPU model squeezed: '%s'", s);
	char e[8] = "   ";
	sysinfo_squeeze(e);
	ok(e[0] == '\0', "only spaces: empty");
}

int main(void)
{
	static const struct tap_case cases[] = {
		{ "rows", test_header }, { "status", test_status }, { "warnings", test_warnings },
		{ "squeeze", test_squeeze }, { NULL, NULL },
	};
	make_rows();
	printf("1..17\n");
	return tap_run_cases(cases);
}
