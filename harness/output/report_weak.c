/*
 * report_weak.c - the report's "Weak scaling" section (--scaling weak):
 * each worker got serial's items, so the ideal is the same time at every
 * worker count, and the speedup against serial's rate is Gustafson's
 * scaled speedup. The weak rows stay out of the strong plots and fits
 * (load_plain), which assume the same work at every worker count.
 */
#include <stdio.h>
#include <string.h>

#include "report_int.h"

static int weak(const struct load_run *r, size_t i)
{
	return strcmp(report_v(r, i, "scaling"), "weak") == 0 && *report_v(r, i, "speedup");
}

void report_weak(const struct load_run *r, FILE *f)
{
	int any = 0;
	for (size_t i = 0; i < r->summary.nrows && !any; i++)
		any = weak(r, i);
	if (!any)
		return;
	fputs("## Weak scaling\n\n"
	      "With `--scaling weak` each worker gets the items serial ran (a cache-relative `--size` already gives each worker its share): the work grows with the workers, the ideal is serial's time at every worker count, and the speedup is Gustafson's *scaled* speedup, items per second over serial's; the weak efficiency is that over the workers. A scaled speedup close to p says the model keeps its workers busy as the problem grows; it does not say that the same problem gets faster (strong scaling, the other tables).\n\n"
	      "| kernel | runner | schedule | workers | items | median | scaled speedup | weak efficiency |\n"
	      "|---|---|---|---:|---:|---:|---:|---:|\n", f);
	for (size_t i = 0; i < r->summary.nrows; i++)
		if (weak(r, i))
			fprintf(f, "| %s | %s | %s | %s | %s | %.3g s | %.2f× | %.2f |\n", report_v(r, i, "kernel"),
				report_v(r, i, "runner"), report_v(r, i, "schedule"), report_v(r, i, "workers"),
				report_v(r, i, "items"), report_n(r, i, "median_s"), report_n(r, i, "speedup"),
				report_n(r, i, "efficiency"));
	fputc('\n', f);
}
