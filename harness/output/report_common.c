/*
 * report_common.c - see report_int.h: the pieces every part of the report
 * uses (the kernel order, the runners' roles from their properties, number formats).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "../../kernels/kernel.h"
#include "../../runners/runner.h"

void report_kernels(const struct load_run *r, struct report_kernels *k)
{
	k->n = 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!load_plain(r, i))
			continue;
		const char *name = report_v(r, i, "kernel");
		size_t j = 0;
		while (j < k->n && strcmp(k->name[j], name) != 0)
			j++;
		if (j == k->n && k->n < REPORT_MAX_KERNELS)
			k->name[k->n++] = name;
	}
}

/*
 * What the report must know of a runner or kernel named in a run folder,
 * from the properties of its ops (found by the name the folder recorded;
 * a name no table holds, such as cpython-threads, has none of them). The
 * sentences' "gil" is the model with one global lock, "pthreads" and
 * "fork" the plain thread and process models: the ones with a pooled
 * variant of their own.
 */
int report_is(const char *name, enum report_role role)
{
	const struct runner_ops *r = runner_find(name);
	const struct kernel_ops *k;

	switch (role) {
	case REPORT_REFERENCE:
		return r && r->reference;
	case REPORT_LATENCY:
		k = kernel_find(name);
		return k && k->metric == KERNEL_METRIC_LATENCY;
	case REPORT_GIL:
		return r && r->global_lock;
	case REPORT_PTHREADS:
		return r && r->workers_are == RUNNER_THREADS && r->pool;
	case REPORT_FORK:
		return r && r->workers_are == RUNNER_PROCESSES && r->pool;
	}
	return 0;
}

const char *report_runner(enum report_role role)
{
	for (const struct runner_ops *const *r = runner_table; *r; r++)
		if (report_is((*r)->name, role))
			return (*r)->name;
	return "";
}

int report_listed(const struct load_run *r)
{
	char size[1024];
	return strchr(load_meta(r, "size", size, sizeof(size)), ',') != NULL;
}

int report_distinct(const struct load_run *r, const char *k, const char *col)
{
	const char *seen[1024];
	int n = 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!load_plain(r, i) || strcmp(report_v(r, i, "kernel"), k) != 0)
			continue;
		const char *v = report_v(r, i, col);
		int j = 0;
		while (j < n && strcmp(seen[j], v) != 0)
			j++;
		if (j == n && n < 1024)
			seen[n++] = v;
	}
	return n;
}

const char *report_v(const struct load_run *r, size_t i, const char *name)
{
	return load_cell(&r->summary, i, name);
}

double report_n(const struct load_run *r, size_t i, const char *name)
{
	return load_num(&r->summary, i, name);
}

const char *report_awknum(double x, char *buf, size_t len)
{
	if (x == floor(x) && fabs(x) < 1e15)
		snprintf(buf, len, "%lld", (long long)x);
	else
		snprintf(buf, len, "%.6g", x);
	return buf;
}

const char *report_t3(double x, char *buf, size_t len)
{
	if (x >= 1)
		snprintf(buf, len, "%.3f s", x);
	else if (x >= 1e-3)
		snprintf(buf, len, "%.2f ms", x * 1e3);
	else
		snprintf(buf, len, "%.1f µs", x * 1e6);
	return buf;
}

const char *report_human(double b, char *buf, size_t len)
{
	if (b >= 1073741824)
		snprintf(buf, len, "%.1f GiB", b / 1073741824);
	else if (b >= 1048576)
		snprintf(buf, len, "%.1f MiB", b / 1048576);
	else if (b >= 1024)
		snprintf(buf, len, "%.0f KiB", b / 1024);
	else
		snprintf(buf, len, "%d B", (int)b);
	return buf;
}
