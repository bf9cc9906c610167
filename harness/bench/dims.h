/*
 * dims.h - the dimensions of the configuration product (kernel, runner,
 * workers, schedule, bind, size/items, pattern, collect, payload,
 * init_in_parent), each described once: its option, the parser that fills
 * struct bench_config from the option's value, the values it allows (for
 * --help and the error lines), what it applies to, and its CSV column.
 */
#ifndef PARBENCH_DIMS_H
#define PARBENCH_DIMS_H

#include <stddef.h>

#include "bench.h"

struct dim {
	const char *option;      /* the run option, without "--" */
	const char *column;      /* its column in samples.csv and summary.csv */
	/* Fills the bench_config cfg from the option's value: 0, or 2 after
	 * one error line naming the bad item and what is allowed. NULL: a
	 * flag (init_in_parent). */
	int (*parse)(const char *arg, void *cfg);
	const char *values;      /* what it allows, in words; NULL: from a table (see dim_values) */
	const char *applies;     /* the runners or patterns it applies to, in words */
};

/* Every dimension, in the order of their CSV columns; ends with a NULL option. */
extern const struct dim dim_table[];

/* The dimension whose option is name, or NULL. */
const struct dim *dim_find(const char *name);

/* What dimension d allows, as "a, b, c" in buf (kernel and runner names
 * from their tables, "all" last). */
void dim_values(const struct dim *d, char *buf, size_t len);

/* The parsers of dim_table, for option tables (cfg: a struct bench_config). */
int dim_kernels(const char *arg, void *cfg);
int dim_runners(const char *arg, void *cfg);
int dim_workers(const char *arg, void *cfg);   /* "max" is cfg->max_workers */
int dim_schedules(const char *arg, void *cfg);
int dim_binds(const char *arg, void *cfg);
int dim_sizes(const char *arg, void *cfg);
int dim_items(const char *arg, void *cfg);
int dim_patterns(const char *arg, void *cfg);
int dim_collects(const char *arg, void *cfg);
int dim_payloads(const char *arg, void *cfg);

#endif
