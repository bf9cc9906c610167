/*
 * dims.h - the dimensions of the configuration product (kernel, runner,
 * workers, schedule, bind, size/items, pattern, collect, payload,
 * init_in_parent), each described once: its option, the parser that fills
 * struct bench_config from the option's value, the values it allows (for
 * --help and the error lines), what it applies to, its CSV column, and
 * its part in the product: how many values it takes at a point, setting
 * one, and comparing two points (the dedupe). A new dimension is one
 * entry here, its field in struct config, and its effect where it acts.
 */
#ifndef PARBENCH_DIMS_H
#define PARBENCH_DIMS_H

#include <stddef.h>

#include "config.h"

/* One point of the product: a value of every dimension, and the items
 * its --size means for the kernel. */
struct config {
	const struct runner_ops *runner;
	int workers;
	struct schedule sched;
	enum pattern_kind pattern;
	enum pattern_collect collect;
	int init_parent;          /* --init-in-parent: a fork runner's parent builds the table */
	size_t payload;           /* queue: bytes per message */
	enum plan_policy bind;
	int size;                 /* index in cfg->sizes, -1 for the default */
	size_t n;
	char rule[200];
};

/* One kernel's product: the options, and the sizes the kernel runs at. */
struct dim_walk {
	const struct bench_config *cfg;
	int nsizes;               /* how many sizes (1: its default) */
	int sized;                /* the sizes index cfg->sizes or cfg->item_list */
};

struct dim {
	const char *option;      /* the run option, without "--" */
	const char *column;      /* its column in samples.csv and summary.csv */
	/* Fills the bench_config cfg from the option's value: 0, or 2 after
	 * one error line naming the bad item and what is allowed. NULL: a
	 * flag (init_in_parent). */
	int (*parse)(const char *arg, void *cfg);
	const char *values;      /* what it allows, in words; NULL: names() lists them */
	void (*names)(char *buf, size_t len);   /* the names from a table, "all" last */
	const char *applies;     /* the runners or patterns it applies to, in words */
	/* The product (NULL: not walked here; the kernel is walked outside):
	 * how many values it takes at point c, where the dimensions before it
	 * are set; setting the i-th into c, 0 when it does not apply there;
	 * whether a and b have the same value. */
	int (*count)(const struct dim_walk *w, const struct config *c);
	int (*set)(const struct dim_walk *w, struct config *c, int i);
	int (*same)(const struct config *a, const struct config *b);
};

/* Every dimension, in the order the product walks them (the outermost
 * first); ends with a NULL option. */
extern const struct dim dim_table[];

/* The dimension whose option is name, or NULL. */
const struct dim *dim_find(const char *name);

/* What dimension d allows, as "a, b, c" in buf (kernel and runner names
 * from their tables, "all" last). */
void dim_values(const struct dim *d, char *buf, size_t len);

/* Every point of w's product, in walk order, without those a dimension
 * leaves out; into out when it is not NULL. Returns the count. */
int dim_product(const struct dim_walk *w, struct config *out);

/* Whether a and b are one configuration: the same in every dimension, the
 * size compared by the items it resolved to. */
int dim_same(const struct config *a, const struct config *b);

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
