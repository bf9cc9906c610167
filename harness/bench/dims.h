/*
 * dims.h - the dimensions of the configuration product (kernel, items,
 * size, runner, bind, pattern, collect, init_in_parent, payload, workers,
 * schedule), each described once, as one entry of dim_table: its run
 * option and help, the parser that fills struct bench_config's values
 * from the option (cfg->dim[its position]), the values it allows (for
 * --help and the error lines), what it applies to, its key column and how
 * a point's value is shown there, and its part in the product: how many
 * values it takes at a point, setting one (into the point's slot,
 * c->v[its position]), and comparing two points (the dedupe).
 *
 * What derives from the table: run's option lines (dim_options), the
 * product and its dedupe (dim_product, dim_same), the key columns of
 * samples.csv and summary.csv (dim_show, output/columns.c), and with them
 * compare's keys and results.json's. A new dimension is one entry at the
 * end of dim_table, plus its effect where it acts; an enum dim_id line
 * only when code elsewhere reads its values by name.
 */
#ifndef PARBENCH_DIMS_H
#define PARBENCH_DIMS_H

#include <stddef.h>

#include "../core/options.h"
#include "config.h"
#include "sink.h"

/* The dimensions other code reads, by their position in dim_table (also
 * the product's order: the outermost first). */
enum dim_id {
	DIM_KERNEL,               /* .p: struct kernel_ops (walked outside the product) */
	DIM_ITEMS,                /* .i: the index of the size (cfg->sizes or item_list), -1: default */
	DIM_SIZE,                 /* no value of its own: --size is walked as items */
	DIM_RUNNER,               /* .p: struct runner_ops */
	DIM_BIND,                 /* .i: enum plan_policy */
	DIM_PATTERN,              /* .i: enum pattern_kind */
	DIM_COLLECT,              /* .i: enum pattern_collect */
	DIM_INIT,                 /* .i: 1 when the fork parent builds the initializer's table */
	DIM_PAYLOAD,              /* .z: queue's bytes per message (0 for the other patterns) */
	DIM_WORKERS,              /* .i: the worker count */
	DIM_SCHEDULE,             /* .s: struct schedule */
	DIM_SCALING,              /* .i: enum dim_scaling */
	DIM_BUILTIN,              /* the dimensions named here; the table may hold more */
};

/* --scaling: strong keeps the items as the size says at every worker
 * count; weak gives each worker that many (Gustafson: the items grow with
 * the workers, and the speedup against serial's rate is the scaled one). */
enum dim_scaling { SCALING_STRONG, SCALING_WEAK };

/* One point of the product: a value of every dimension (v[DIM_RUNNER]),
 * and the items its size means for the kernel. */
struct config {
	union dim_value v[DIM_MAX];
	size_t n;
	char rule[200];
};

/* One kernel's product: the options, and the sizes the kernel runs at. */
struct dim_walk {
	const struct bench_config *cfg;
	int nsizes;               /* how many sizes (1: its default) */
	int sized;                /* the sizes index cfg->sizes or cfg->item_list */
	int *repeats;             /* NULL, or [DIM_MAX]: the points each dimension left
				   * out as repeats of another's work (set: DIM_REPEAT) */
};

/* What a dimension's set returns for a point that does the same work as
 * one the product keeps: the point is left out, and counted. */
#define DIM_REPEAT (-1)

struct dim {
	const char *option;      /* the run option, without "--" */
	const char *value_name;  /* run --help: "a,b|all"; NULL: a flag */
	const char *help;        /* run --help: its lines, '\n' between them */
	/* Fills the bench_config cfg from the option's value: 0, or 2 after
	 * one error line naming the bad item and what is allowed. Either
	 * parse, or read (which knows its dimension: dim_labels), or flag:
	 * the offset of an int in struct bench_config that the option sets. */
	int (*parse)(const char *arg, void *cfg);
	int (*read)(const struct dim *d, const char *arg, struct bench_config *cfg);
	size_t flag;
	int later;               /* the option keeps its text (cfg->dim[d].text); run parses it last */
	const char *values;      /* what it allows, in words; NULL: names() lists them */
	void (*names)(char *buf, size_t len);   /* the names from a table, "all" last */
	const char *applies;     /* the runners or patterns it applies to, in words */
	/* Its key column in samples.csv and summary.csv (NULL: none), the
	 * column's value in runs older than it (NULL: required; also what an
	 * empty value reads as), and the value of point c there. */
	const char *column;
	const char *absent;
	void (*show)(const struct dim *d, const struct config *c, struct sink_value *out);
	/* The product (NULL: not walked here; the kernel is walked outside):
	 * how many values it takes at point c, where the dimensions before it
	 * are set; setting the i-th into c, 0 when it does not apply there,
	 * DIM_REPEAT when it repeats a point kept (why: repeats); whether a
	 * and b have the same value. */
	int (*count)(const struct dim *d, const struct dim_walk *w, const struct config *c);
	int (*set)(const struct dim *d, const struct dim_walk *w, struct config *c, int i);
	int (*same)(const struct dim *d, const struct config *a, const struct config *b);
	const char *repeats;     /* what its set leaves out as DIM_REPEAT, and why */
};

/* Every dimension, in the order the product walks them (the outermost
 * first; enum dim_id names the first ones); ends with a NULL option. */
extern const struct dim dim_table[];

/* d's position in dim_table: its slot in struct config and bench_config. */
#define DIM_ID(d) ((int)((d) - dim_table))

/* The dimension whose option is name, or NULL. */
const struct dim *dim_find(const char *name);

/* What dimension d allows, as "a, b, c" in buf (kernel and runner names
 * from their tables, "all" last). */
void dim_values(const struct dim *d, char *buf, size_t len);

/* Every point of w's product, in walk order, without those a dimension
 * leaves out; into out when it is not NULL. Returns the count, and adds
 * the points left out as repeats to w->repeats when it is not NULL. */
int dim_product(const struct dim_walk *w, struct config *out);

/* Whether a and b are one configuration: the same in every dimension, the
 * size compared by the items it resolved to. */
int dim_same(const struct config *a, const struct config *b);

/* Every dimension's value of c as its column shows it, into key (DIM_MAX). */
void dim_show(const struct config *c, struct sink_value *key);

/* The dimensions' options, in table order, for run to merge into its own
 * (opt_merge, OPT_PLACE): name, value name and help from each entry; the
 * value parsed into cfg at once, or (later) kept as cfg->dim[d].text for
 * run to parse when the other options are known; a flag sets its int.
 * Into out (max entries, OPT_END included); -1 when they do not fit. cfg
 * must outlive the parse. */
int dim_options(struct opt *out, size_t max, struct bench_config *cfg);

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
int dim_scalings(const char *arg, void *cfg);

/* The pieces a dimension is made of when it only labels configurations:
 * dim_labels reads a comma list of words (each once, in the order named)
 * as .p text; dim_show_label shows it; the list hooks walk cfg->dim[d]'s
 * values (the default alone, zero, when none were given). */
int dim_labels(const struct dim *d, const char *arg, struct bench_config *cfg);
void dim_show_label(const struct dim *d, const struct config *c, struct sink_value *out);
int dim_count_list(const struct dim *d, const struct dim_walk *w, const struct config *c);
int dim_set_list(const struct dim *d, const struct dim_walk *w, struct config *c, int i);
int dim_same_value(const struct dim *d, const struct config *a, const struct config *b);

#endif
