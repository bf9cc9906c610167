/*
 * probe.c - see probe.h. A probe run is the kernel's own: setup, then the
 * passes over [0, n) in this thread (worker NULL, as the reference run),
 * twice, the faster kept (the first may still fault pages in), then
 * teardown; nothing of it is written. Its time is the work alone, without
 * any runner's overhead, which is what the items or passes scale.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/clock.h"
#include "dims.h"
#include "probe.h"

/* Seconds of the faster of two serial runs of k over n items at work; the
 * job as set up (its n and passes) in *ran. 0, or -1 with err. */
static int probe_time(const struct kernel_ops *k, size_t n, double work, double *seconds,
		      struct kernel_job *ran, char *err, size_t errlen)
{
	struct kernel_job job = { .n = n, .repeat = 1, .work = work };
	if (k->setup && k->setup(&job, err, errlen) < 0)
		return -1;
	*seconds = INFINITY;
	for (int i = 0; i < 2; i++) {
		if (k->reset)
			k->reset(&job);
		double t = clock_now();
		for (unsigned pass = 0; pass < job.repeat; pass++)
			k->run(&job, 0, job.n, NULL);
		t = clock_now() - t;
		*seconds = t < *seconds ? t : *seconds;
	}
	*ran = job;
	if (k->teardown)
		k->teardown(&job);
	return 0;
}

/* x rounded up to two significant digits (70242613 -> 71000000): item
 * counts a reader can compare, never below the aim. */
static size_t round_up2(double x)
{
	double unit = 1;
	while (x >= 100 * unit)
		unit *= 10;
	return (size_t)(ceil(x / unit) * unit);
}

/* A kernel without a data set: items from its quick count up, 2x to 16x
 * a step, until a run lasts a quarter of the aim; then scaled linearly to
 * the aim, within what keeps serial under PROBE_SERIAL_MAX_S. */
static int probe_items(const struct kernel_ops *k, struct sink_probe *p, char *err, size_t errlen)
{
	struct kernel_job ran;
	size_t n = k->quick_items ? k->quick_items : 1;
	double t;
	for (;;) {
		if (probe_time(k, n, 1, &t, &ran, err, errlen) < 0)
			return -1;
		if (t >= p->target_s / 4 || n >= ((size_t)1 << 40) / 16)
			break;
		double grow = t > 0 ? p->target_s / 4 / t : 16;
		n = (size_t)((double)n * (grow < 2 ? 2 : grow > 16 ? 16 : grow));
	}
	double items = (double)n * p->target_s / (t > 0 ? t : p->target_s);
	p->probe_items = n;
	p->probe_s = t;
	p->items = round_up2(items < 1 ? 1 : items > 1e12 ? 1e12 : items);
	return 0;
}

/* A memory kernel: one probe at its default size; its passes or loads
 * grow to the aim, never shrink. */
static int probe_work(const struct kernel_ops *k, struct sink_probe *p, char *err, size_t errlen)
{
	struct kernel_job ran;
	double t;
	if (probe_time(k, k->default_items, 1, &t, &ran, err, errlen) < 0)
		return -1;
	p->items = k->default_items;
	p->probe_items = ran.n * ran.repeat;
	p->probe_s = t;
	p->work = t > 0 && t < p->target_s ? p->target_s / t : 1;
	return 0;
}

static int probe_kind(const struct kernel_ops *k)
{
	return !k->item_bytes ? PROBE_ITEMS : k->kind == KERNEL_MEM ? PROBE_WORK : PROBE_NONE;
}

int probe_sizes(struct bench_config *cfg, char *err, size_t errlen)
{
	const struct dim_values *workers = &cfg->dim[DIM_WORKERS];
	int most = 1, rc = 0;
	cfg->nprobe = 0;
	if (cfg->quick || cfg->items || cfg->nitem_list || cfg->nsizes)
		return 0;
	for (int i = 0; i < workers->n; i++)
		most = (int)workers->v[i].i > most ? (int)workers->v[i].i : most;
	double target = PROBE_RUN_S * most;
	cfg->probe_workers = most;
	for (int i = 0; i < cfg->nkernels; i++) {
		const struct kernel_ops *k = cfg->kernels[i];
		struct sink_probe *p = &cfg->probe[cfg->nprobe++];
		*p = (struct sink_probe){ .kernel = k->name, .how = probe_kind(k), .items = k->default_items,
					  .work = 1, .target_s = target < PROBE_SERIAL_MAX_S ? target : PROBE_SERIAL_MAX_S };
		int failed = p->how == PROBE_ITEMS ? probe_items(k, p, err, errlen)
			     : p->how == PROBE_WORK ? probe_work(k, p, err, errlen) : 0;
		if (failed) {
			*p = (struct sink_probe){ .kernel = k->name, .how = PROBE_NONE,
						  .items = k->default_items, .work = 1 };
			rc = -1;
		}
	}
	return rc;
}

const struct sink_probe *probe_of(const struct bench_config *cfg, const struct kernel_ops *k)
{
	/* cfg->probe[i] is cfg->kernels[i]'s (probe_sizes probes them all, in order). */
	for (int i = 0; i < cfg->nprobe && i < cfg->nkernels; i++)
		if (cfg->kernels[i] == k && cfg->probe[i].how != PROBE_NONE)
			return &cfg->probe[i];
	return NULL;
}

void probe_describe(const struct sink_probe *p, char *buf, size_t len)
{
	char factor[32];
	snprintf(factor, sizeof(factor), "%.3gx ", p->work);
	if (p->how == PROBE_ITEMS)
		snprintf(buf, len, "%s: %zu items (probe: %zu in %.1f ms)", p->kernel, p->items,
			 p->probe_items, p->probe_s * 1e3);
	else if (p->how == PROBE_WORK)
		snprintf(buf, len, "%s: %zu items, %s%s passes or loads a run (probe: %.1f ms a run)",
			 p->kernel, p->items, p->work > 1 ? factor : "", p->work > 1 ? "its" : "its own",
			 p->probe_s * 1e3);
	else
		snprintf(buf, len, "%s: %zu items, its default (neither items nor passes to choose)",
			 p->kernel, p->items);
}
