/*
 * report_losses.c - the report's "Where the ideal went": what each of
 * summary.csv's loss columns means, a table of them at each kernel's most
 * workers, and one sentence per kernel naming the largest loss with the
 * figures that show its cause (harness/bench/losses.h measures them).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"

static const char *const cols[] = {
	"loss_gate", "loss_imbalance", "loss_offcpu", "loss_slowdown", "loss_serialized", "loss_other",
};
static const char *const titles[] = {
	"gate", "imbalance", "off-CPU", "slowdown", "serialized", "other",
};
#define NLOSS 6

static int has_losses(const struct load_run *r, size_t i)
{
	return load_plain(r, i) && !report_is(report_v(r, i, "runner"), REPORT_REFERENCE) &&
	       *report_v(r, i, "efficiency") && *report_v(r, i, "loss_other");
}

/* Kernel k's most workers among its rows with losses; 0 when none. */
static int most_workers(const struct load_run *r, const char *k)
{
	int w = 0;
	for (size_t i = 0; i < r->summary.nrows; i++)
		if (has_losses(r, i) && !strcmp(report_v(r, i, "kernel"), k) && report_n(r, i, "workers") > w)
			w = (int)report_n(r, i, "workers");
	return w;
}

/* The cause of loss j in row i, in the figures that measured it. */
static void cause(const struct load_run *r, size_t i, int j, FILE *f)
{
	switch (j) {
	case 0:
		fprintf(f, "the workers took %.3g ms in all from the gate's opening to their first item (waking up, a barrier)",
			report_n(r, i, "gate_s") * 1e3);
		break;
	case 1:
		fprintf(f, "the workers waited %.3g ms in all for the last one to finish: their shares of the work were uneven%s",
			report_n(r, i, "idle_s") * 1e3,
			strcmp(report_v(r, i, "schedule"), "static") ? "" : " (a dynamic schedule evens them out)");
		break;
	case 2:
		fprintf(f, "the workers were runnable but waiting for a CPU for %.3g ms in all (run delay), with %.0f involuntary switches a run: other threads or processes had the CPUs (see the load average under Conditions)",
			report_n(r, i, "run_delay_s") * 1e3, report_n(r, i, "invol_switches"));
		if (*report_v(r, i, "steal") && report_n(r, i, "steal") > 0.005)
			fprintf(f, ", and the hypervisor stole %.1f%% of the machine's CPU time", 100 * report_n(r, i, "steal"));
		break;
	case 3:
		fprintf(f, "they used %.3g s of CPU where serial needed less for the same work (%.0f minor page faults a run; %s)",
			report_n(r, i, "cpu_seconds"), report_n(r, i, "minflt"),
			"no hardware counters say whether a slower clock, a shared cache or memory bandwidth made the rest");
		break;
	case 4:
		fprintf(f, "the workers waited %.3g ms in all for the lock the model imposes (%s)",
			report_n(r, i, "serial_wait_s") * 1e3,
			report_is(report_v(r, i, "runner"), REPORT_GIL) ? "the gil: one thread runs Python at a time" : "the shared results table");
		break;
	default:
		fputs("blocked time none of the other parts explains (I/O, sleeping), or repetitions that differ", f);
	}
}

/* The sentence on row i: its efficiency, its largest loss and the cause. */
static void say_worst(const struct load_run *r, size_t i, const char *who, FILE *f)
{
	int big = 0;
	for (int j = 1; j < NLOSS; j++)
		if (report_n(r, i, cols[j]) > report_n(r, i, cols[big]))
			big = j;
	fprintf(f, "\n%s: %s (%s) reached %.2f of it; its largest loss is %s (%.2f): ", who,
		report_v(r, i, "runner"), report_v(r, i, "schedule"), report_n(r, i, "efficiency"),
		titles[big], report_n(r, i, cols[big]));
	cause(r, i, big, f);
	fputs(".\n", f);
}

/* One kernel: its rows at the most workers, and the sentence on the row
 * with the lowest efficiency among them (and among those without a global
 * lock, when the gil's is the lowest: it always is on CPU work). */
static void kernel_losses(const struct load_run *r, const char *k, FILE *f)
{
	int w = most_workers(r, k);
	size_t worst = SIZE_MAX, other = SIZE_MAX;
	if (w == 0)
		return;
	fprintf(f, "**%s**, %d worker%s:\n\n| runner | schedule | efficiency |", k, w, w == 1 ? "" : "s");
	for (int j = 0; j < NLOSS; j++)
		fprintf(f, " %s |", titles[j]);
	fputs("\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n", f);
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!has_losses(r, i) || strcmp(report_v(r, i, "kernel"), k) || (int)report_n(r, i, "workers") != w)
			continue;
		fprintf(f, "| %s | %s | %.2f |", report_v(r, i, "runner"), report_v(r, i, "schedule"),
			report_n(r, i, "efficiency"));
		for (int j = 0; j < NLOSS; j++)
			fprintf(f, " %s |", *report_v(r, i, cols[j]) ? report_v(r, i, cols[j]) : "–");
		fputc('\n', f);
		if (worst == SIZE_MAX || report_n(r, i, "efficiency") < report_n(r, worst, "efficiency"))
			worst = i;
		if (!report_is(report_v(r, i, "runner"), REPORT_GIL) &&
		    (other == SIZE_MAX || report_n(r, i, "efficiency") < report_n(r, other, "efficiency")))
			other = i;
	}
	say_worst(r, worst, "The furthest from the ideal", f);
	if (report_is(report_v(r, worst, "runner"), REPORT_GIL) && other != SIZE_MAX)
		say_worst(r, other, "Among the models without a global lock, the furthest", f);
	fputc('\n', f);
}

void report_losses(const struct load_run *r, FILE *f)
{
	char pmu[256];
	struct report_kernels ks;
	int any = 0;
	for (size_t i = 0; i < r->summary.nrows && !any; i++)
		any = has_losses(r, i);
	if (!any)
		return;
	fputs("## Where the ideal went\n\n"
	      "With p workers the ideal is p times serial's speed; efficiency is the share of it reached. The rest is split into what the workers' time between the gate's opening and the last finish was spent on, beyond what serial spent on the same work (each a share of p × the time; efficiency and the six add up to 1; below 0: less than serial needed):\n\n"
	      "- **gate**: from the gate's opening to each worker's first item (waking up, a barrier; waiting for a CPU meanwhile is off-CPU, except under openmp and serial, whose gates are their own);\n"
	      "- **imbalance**: idle after finishing, waiting for the last worker;\n"
	      "- **off-CPU**: runnable but not running (the kernel's run delay, /proc/thread-self/schedstat): other threads or processes had the CPU;\n"
	      "- **slowdown**: more CPU time than serial's for the same work: a slower clock, a shared core, cache or memory bandwidth, page faults;\n"
	      "- **serialized**: waiting for a lock the model imposes (the gil, `--collect shared`'s table);\n"
	      "- **other**: the rest (blocked on I/O or sleeping, and the difference between each part's median over the repetitions and the median run).\n\n", f);
	fprintf(f, "Hardware counters: %s.\n\n", load_meta(r, "hardware_counters", pmu, sizeof(pmu)));
	report_kernels(r, &ks);
	for (size_t i = 0; i < ks.n; i++)
		kernel_losses(r, ks.name[i], f);
}
