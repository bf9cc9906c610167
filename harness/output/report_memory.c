/*
 * report_memory.c - the report's "Memory for N workers" and its plot per
 * kernel (plots/memory.gp): summary.csv's pss_kib and uss_kib, the memory
 * a run's worker processes held, summed with each process once. The
 * Python articles' rule, "the memory of one task times the number of
 * tasks", holds for processes that share nothing, not for threads (one
 * process: the sum is the process) nor for fork (the children share what
 * they inherited until they write it: --touch-inherited makes them). The
 * section reads each model's figure at its most workers against its own
 * at one worker, so the rule's N x can be checked row by row. A run
 * folder older than the columns has neither the section nor the plot.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../../runners/runner.h"
#include "report_int.h"

/* Whether row i is plain, static, unbound and has its memory figures. */
static int has_memory(const struct load_run *r, size_t i)
{
	return load_plain(r, i) && *report_v(r, i, "pss_kib") &&
	       strcmp(report_v(r, i, "schedule"), "static") == 0 && strcmp(load_bind(r, i), "none") == 0;
}

/* Kernel k's row for runner at w workers (has_memory), or -1. */
static long row_at(const struct load_run *r, const char *k, const char *runner, int w)
{
	for (size_t i = 0; i < r->summary.nrows; i++)
		if (has_memory(r, i) && !strcmp(report_v(r, i, "kernel"), k) &&
		    !strcmp(report_v(r, i, "runner"), runner) && (int)report_n(r, i, "workers") == w)
			return (long)i;
	return -1;
}

/* What a runner's workers are, for the sentence on it. */
static const char *model_words(const char *runner)
{
	const struct runner_ops *o = runner_find(runner);
	if (!o || o->workers_are == RUNNER_INLINE)
		return "the process itself";
	if (o->workers_are == RUNNER_THREADS)
		return "threads share one process: its memory is counted once";
	return "processes: what they inherited is shared until one writes it";
}

/* The sentence on kernel k's row i (its most workers): the sum against N
 * times its figure at one worker. */
static void say_row(const struct load_run *r, const char *k, size_t i, FILE *f)
{
	char a[32], b[32];
	const char *runner = report_v(r, i, "runner");
	int w = (int)report_n(r, i, "workers");
	long one = row_at(r, k, runner, 1);
	fprintf(f, "- **%s** (%s): %d workers hold %s (PSS), %s of it their own (USS)", runner,
		model_words(runner), w, report_human(report_n(r, i, "pss_kib") * 1024, a, sizeof(a)),
		report_human(report_n(r, i, "uss_kib") * 1024, b, sizeof(b)));
	if (one >= 0 && w > 1 && report_n(r, (size_t)one, "pss_kib") > 0)
		fprintf(f, "; %.2f x one worker's, where \"times the number of tasks\" says %d x",
			report_n(r, i, "pss_kib") / report_n(r, (size_t)one, "pss_kib"), w);
	fputs(".\n", f);
}

static void kernel_memory(const struct load_run *r, const char *k, FILE *f)
{
	char p[32], u[32], m[32], per[32];
	int most = 0;
	for (size_t i = 0; i < r->summary.nrows; i++)
		if (has_memory(r, i) && !strcmp(report_v(r, i, "kernel"), k) && report_n(r, i, "workers") > most)
			most = (int)report_n(r, i, "workers");
	if (!most)
		return;
	fprintf(f, "**%s**:\n\n| runner | workers | peak RSS (largest process) | PSS, sum | USS, sum | PSS per worker |\n"
		   "|---|---:|---:|---:|---:|---:|\n", k);
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!has_memory(r, i) || strcmp(report_v(r, i, "kernel"), k))
			continue;
		double pss = report_n(r, i, "pss_kib") * 1024, w = report_n(r, i, "workers");
		fprintf(f, "| %s | %s | %s | %s | %s | %s |\n", report_v(r, i, "runner"), report_v(r, i, "workers"),
			report_human(report_n(r, i, "maxrss_kib") * 1024, m, sizeof(m)),
			report_human(pss, p, sizeof(p)),
			report_human(report_n(r, i, "uss_kib") * 1024, u, sizeof(u)),
			report_human(w > 0 ? pss / w : pss, per, sizeof(per)));
	}
	fputc('\n', f);
	for (size_t i = 0; i < r->summary.nrows; i++)
		if (has_memory(r, i) && !strcmp(report_v(r, i, "kernel"), k) &&
		    (int)report_n(r, i, "workers") == most)
			say_row(r, k, i, f);
	fputc('\n', f);
}

void report_memory(const struct load_run *r, FILE *f)
{
	char cmd[2048];
	struct report_kernels ks;
	int any = 0;
	for (size_t i = 0; i < r->summary.nrows && !any; i++)
		any = has_memory(r, i);
	if (!any)
		return;
	fputs("## Memory for N workers\n\n"
	      "\"Multiply the memory of one task by the number of tasks\" holds for processes that share nothing. Here each worker's process reads its own `/proc/self/smaps_rollup` as it finishes: **PSS** counts each page it maps divided by the number of processes mapping it, **USS** only the pages it alone has (Private_Clean + Private_Dirty). Summed over the run's processes (threads of one process counted once), PSS is what the run added to the machine; peak RSS counts a shared page in every process that maps it. Threads share one process; fork's children share what they inherited from the parent until they write it", f);
	if (strstr(load_meta(r, "command", cmd, sizeof(cmd)), "--touch-inherited"))
		fputs(" — and this run had them write every page of it before the start (`--touch-inherited`, what CPython's reference counts do to inherited objects), so each paid for its own copy", f);
	fputs("; a process started afresh (spawn) shares only the program's own files.\n\n", f);
	report_kernels(r, &ks);
	for (size_t i = 0; i < ks.n; i++)
		kernel_memory(r, ks.name[i], f);
}

/* The data: one block per runner (two blank lines apart), rows "workers
 * pss_mib", the runners' names in names; then a last block, "one worker
 * times N" at every worker count drawn, from the first runner's 1-worker
 * figure. Returns the runners' blocks, or -1. */
static int memory_data(const struct load_run *r, const char *k, const char *path, char *names,
		       size_t len)
{
	static int seen[RUNNER_MAX_WORKERS + 1];
	FILE *f = fopen(path, "w");
	int n = 0;
	double one = 0;
	names[0] = '\0';
	memset(seen, 0, sizeof(seen));
	if (!f) {
		fprintf(stderr, "parbench: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (const struct runner_ops *const *o = runner_table; *o; o++) {
		int rows = 0;
		for (int w = 1; w <= RUNNER_MAX_WORKERS; w++) {
			long i = row_at(r, k, (*o)->name, w);
			if (i < 0)
				continue;
			if (!rows++)
				fprintf(f, "%s", n ? "\n\n" : "");
			fprintf(f, "%d %.3f\n", w, report_n(r, (size_t)i, "pss_kib") / 1024);
			seen[w] = 1;
			if (w == 1 && one == 0)
				one = report_n(r, (size_t)i, "pss_kib") / 1024;
		}
		if (rows) {
			size_t used = strlen(names);
			snprintf(names + used, len - used, "%s%s", n ? " " : "", (*o)->name);
			n++;
		}
	}
	fputs("\n\n", f);
	for (int w = 1; w <= RUNNER_MAX_WORKERS; w++)
		if (seen[w] && one > 0)
			fprintf(f, "%d %.3f\n", w, one * w);
	return fclose(f) == 0 ? n : -1;
}

int plot_memory(const struct load_run *r, const char *home, const char *k)
{
	char dat[4200], e[16384], names[1024], num[32];
	int maxw = 1;
	snprintf(dat, sizeof(dat), "%s/plots/data/memory-%s.dat", r->dir, k);
	int n = memory_data(r, k, dat, names, sizeof(names));
	for (size_t i = 0; i < r->summary.nrows; i++)
		if (has_memory(r, i) && !strcmp(report_v(r, i, "kernel"), k) && report_n(r, i, "workers") > maxw)
			maxw = (int)report_n(r, i, "workers");
	if (n <= 0) {
		remove(dat);
		return n < 0 ? -1 : 0;
	}
	report_gstart(e, sizeof(e), home, dat);
	report_gset(e, sizeof(e), "runners", names, 1);
	snprintf(num, sizeof(num), "%d", maxw);
	report_gset(e, sizeof(e), "maxw", num, 0);
	report_gset(e, sizeof(e), "kernel", k, 1);
	return report_plot_end(r, home, e, sizeof(e), "memory", k, "memory");
}
