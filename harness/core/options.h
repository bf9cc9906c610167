/*
 * options.h - the one option parser (git's parse-options is the model):
 * each subcommand describes its options once, as a table of struct opt,
 * and the parser, the --help text and the error lines all come from that
 * table, so they cannot drift apart.
 */
#ifndef PARBENCH_OPTIONS_H
#define PARBENCH_OPTIONS_H

#include <stddef.h>

enum opt_kind {
	OPTK_END,          /* ends a table */
	OPTK_FLAG,         /* no value: *(int *)target = 1 */
	OPTK_UNSET,        /* no value: *(int *)target = 0 */
	OPTK_WHOLE,        /* digits only, in [lo, hi]: an integer target of width bytes */
	OPTK_DECIMAL,      /* digits with at most one point, in [lo, hi]: double target, times scale */
	OPTK_STRING,       /* any value (with what set: not empty): const char * target */
	OPTK_CALLBACK,     /* the value goes to cb(value, ctx): sizes, lists, durations */
	OPTK_PLACE,        /* where another table's option of this name goes (opt_merge) */
};

struct opt {
	const char *name;        /* the long name, without "--" */
	enum opt_kind kind;
	void *target;
	size_t width;            /* OPTK_WHOLE: sizeof the target (4 or 8) */
	const char *value_name;  /* in --help: "N", "a,b|all"; NULL for flags */
	const char *help;        /* lines separated by '\n'; NULL: not in --help */
	double lo, hi;           /* OPTK_WHOLE, OPTK_DECIMAL: the allowed range */
	const char *what;        /* in errors: "a whole number", "seconds"; OPTK_STRING: "a directory" */
	const char *example;     /* in errors, after the range: ", such as 1 or 0.5" */
	double scale;            /* OPTK_DECIMAL: stored value = given x scale (0: 1) */
	int (*cb)(const char *value, void *ctx);   /* 0, or 2 after an error line */
	void *ctx;
	void (*more)(void);      /* prints extra --help lines after this option's */
	size_t at;               /* a table merged in (opt_merge): target = base + at */
};

#define OPT_FLAG(n, var, h) { .name = (n), .kind = OPTK_FLAG, .target = &(var), .help = (h) }
#define OPT_UNSET(n, var, h) { .name = (n), .kind = OPTK_UNSET, .target = &(var), .help = (h) }
#define OPT_WHOLE(n, var, l, u, v, w, h) \
	{ .name = (n), .kind = OPTK_WHOLE, .target = &(var), .width = sizeof(var), .value_name = (v), \
	  .help = (h), .lo = (l), .hi = (u), .what = (w) }
#define OPT_DECIMAL(n, var, l, u, v, w, h) \
	{ .name = (n), .kind = OPTK_DECIMAL, .target = &(var), .value_name = (v), .help = (h), \
	  .lo = (l), .hi = (u), .what = (w) }
#define OPT_STRING(n, var, v, w, h) \
	{ .name = (n), .kind = OPTK_STRING, .target = &(var), .value_name = (v), .help = (h), .what = (w) }
#define OPT_CALLBACK(n, fn, c, v, h) \
	{ .name = (n), .kind = OPTK_CALLBACK, .cb = (fn), .ctx = (c), .value_name = (v), .help = (h) }
#define OPT_END { .name = NULL, .kind = OPTK_END }

/* Entries of a table that lives apart from what it fills (a runner's
 * settings, runners/runner.h): field of type, resolved by opt_merge. */
#define OPT_FIELD_WIDTH(type, field) sizeof(((type *)0)->field)
#define OPT_WHOLE_AT(n, type, field, l, u, v, w, h) \
	{ .name = (n), .kind = OPTK_WHOLE, .at = offsetof(type, field), \
	  .width = OPT_FIELD_WIDTH(type, field), .value_name = (v), .help = (h), .lo = (l), .hi = (u), \
	  .what = (w) }
#define OPT_DECIMAL_AT(n, type, field, l, u, v, w, h) \
	{ .name = (n), .kind = OPTK_DECIMAL, .at = offsetof(type, field), .value_name = (v), \
	  .help = (h), .lo = (l), .hi = (u), .what = (w) }
/* In a command's own table: option n of a merged table goes here. */
#define OPT_PLACE(n) { .name = (n), .kind = OPTK_PLACE }

/* What a command keeps of the words that are not its options. */
enum opt_rest {
	OPT_REST_NONE,    /* every other word is an error */
	OPT_REST_WORDS,   /* words that are no option go to rest[] (compare's folders) */
	OPT_REST_ALL,     /* unknown options and words go to rest[], in order (sweep -> run) */
};

struct opt_command {
	const char *name;        /* "run": in error lines and the usage */
	const char *usage;       /* --help: the text before the options */
	const char *epilogue;    /* --help: the text after them (may be NULL) */
	const struct opt *opts;
	int column;              /* --help: where an option's help starts */
	enum opt_rest rest;
};

#define OPT_HELP (-1)

/* Parses argv[1..argc) against c's table, setting the targets in order.
 * Words kept (c->rest) go to rest[] (at most maxrest, *nrest counts them).
 * Returns 0, 2 after one error line on stderr, or OPT_HELP after printing
 * the help on stdout. */
int opt_parse(const struct opt_command *c, int argc, char **argv, char **rest, int maxrest,
	      int *nrest);

/* Builds in out[0..max) the one table of a command whose options come
 * from several (run's own and each runner's): own's entries in order, each
 * OPTK_PLACE entry replaced by the entry of that name from more[0..nmore),
 * then more's entries no placeholder took, table by table (a table listed
 * twice is taken once), then OPT_END. more's entries fill *base: their
 * target is base + at (unless they have a target already), and a callback
 * without ctx gets base. Returns the
 * entries before OPT_END, or -1 after one line on stderr (a placeholder no
 * table fills, a name given twice, more than max - 1 entries). */
int opt_merge(struct opt *out, int max, const struct opt *own, const struct opt *const *more,
	      int nmore, void *base);

/* Prints c's --help on stdout: usage, one entry per option, epilogue. */
void opt_help(const struct opt_command *c);

#endif
