/*
 * bench.h - walking the product kernels x runners x workers x schedules:
 * set up each kernel once, compute its reference checksum, run every
 * configuration (warm-ups, then repetitions), verify every run, and write
 * the run folder.
 */
#ifndef PARBENCH_BENCH_H
#define PARBENCH_BENCH_H

#include "config.h"
#include "sink.h"

/* Refuses, before anything is written, a --bind the machine cannot honour,
 * a cache level it lacks, or a data set larger than 80 % of the available
 * memory. Returns 0, or -1 with a one-line reason in err. */
int bench_check(const struct bench_config *cfg, const struct plan *p, char *err, size_t errlen);

/* Whether runner r's runtime reads a thread count from the environment
 * (runner_ops.threads_env: OMP_NUM_THREADS) that differs from workers; if
 * so, 1 with the note for the row in buf (--workers decides, the variable
 * is overridden), else 0 and buf "". */
int bench_env_threads(const struct runner_ops *r, int workers, char *buf, size_t len);

/* Runs the whole product, handing every run and row to cfg->outputs, which
 * write the run folder (call bench_check first). Returns 0 when every
 * configuration was verified, 1 when some failed (they are in the report),
 * 2 when the run could not start or an output could not be written (one
 * line on stderr said why). */
int bench_run(const struct bench_config *cfg);

/* Serial speed of kernel k, in items per second: the best of 3 runs of a
 * count that takes at least 20 ms. Returns 0, or -1 with err (its setup
 * failed). */
int bench_calibrate(const struct kernel_ops *k, double *per_second, char *err, size_t errlen);

#endif
