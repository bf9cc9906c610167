/*
 * probe.h - sizes that suit the machine: before a run whose sizes are the
 * defaults (no --items, no --size, no --quick), one short serial probe of
 * each kernel chooses how much work one run does, so that a run at the
 * largest worker count lasts at least PROBE_RUN_S (20 ms: far above the
 * clock and the start gate, where 16 workers on the fixed defaults took
 * 7 to 10 ms and scattered by 15 to 40 %) while a serial run stays under
 * PROBE_SERIAL_MAX_S (1 s). The serial run aimed at is PROBE_RUN_S x the
 * workers, at most 1 s, with no margin on top: a parallel run is never
 * faster than serial / workers but for cache effects, the probe keeps the
 * faster of two runs (a run is rarely faster than that) and the items are
 * rounded up. Every serial-speed configuration (serial, each runner at
 * 1 worker, gil on CPU work) pays the aim five times and more, so it is
 * kept as low as the 20 ms allow.
 *
 * What a kernel lets change, by its properties:
 *   PROBE_ITEMS  no data set (item_bytes 0: pi, primes, sleep): the items,
 *                up or down, from a probe that grows until it lasts a
 *                quarter of the aim (so that primes' cost per item, which
 *                grows with the item, is extrapolated by 4x at most);
 *   PROBE_WORK   a memory kernel (triad, chase): its size is its
 *                footprint and stays; only its passes or loads per run
 *                (kernel_job.work) grow, never shrink, from one probe at
 *                the default size;
 *   PROBE_NONE   anything else (read: an io kernel whose data set is the
 *                file it reads, with no passes): its default, unprobed.
 */
#ifndef PARBENCH_PROBE_H
#define PARBENCH_PROBE_H

#include <stddef.h>

#include "config.h"

#define PROBE_RUN_S 0.02
#define PROBE_SERIAL_MAX_S 1.0

enum { PROBE_NONE, PROBE_ITEMS, PROBE_WORK };

/* Probes every kernel of cfg when its sizes are the defaults, into
 * cfg->probe (nprobe: how many; 0 when not probed). Returns 0, or -1 with
 * a one-line reason in err when a kernel's setup failed (the run then
 * fails it the same way; the other kernels are probed). */
int probe_sizes(struct bench_config *cfg, char *err, size_t errlen);

/* The probe's choice for kernel k in cfg, or NULL when it has none. */
const struct sink_probe *probe_of(const struct bench_config *cfg, const struct kernel_ops *k);

/* One line on p for the run's header, into buf. */
void probe_describe(const struct sink_probe *p, char *buf, size_t len);

#endif
