/*
 * options.c - see options.h. Whole names only (no abbreviations: a
 * prefix of one option gets a "did you mean"), "--name value" and
 * "--name=value", and every error one line naming the bad value and
 * what is allowed, exit status 2 for the caller.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "options.h"

static const struct opt *find(const struct opt_command *c, const char *name, size_t len)
{
	for (const struct opt *o = c->opts; o->kind != OPTK_END; o++)
		if (o->kind != OPTK_PLACE && strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

/* The one option that name abbreviates, or NULL. */
static const struct opt *abbreviates(const struct opt_command *c, const char *name, size_t len)
{
	const struct opt *found = NULL;
	if (!len)
		return NULL;
	for (const struct opt *o = c->opts; o->kind != OPTK_END; o++)
		if (o->kind != OPTK_PLACE && strncmp(o->name, name, len) == 0) {
			if (found)
				return NULL;
			found = o;
		}
	return found;
}

/* A bound as people write it: 2^40 for a large power of two, else %g. */
static void bound(double v, char *buf, size_t len)
{
	int e;
	if (v >= 1 << 20 && frexp(v, &e) == 0.5)
		snprintf(buf, len, "2^%d", e - 1);
	else
		snprintf(buf, len, "%.15g", v);
}

static int range_error(const struct opt *o, const char *value)
{
	char lo[32], hi[32];
	bound(o->lo, lo, sizeof(lo));
	bound(o->hi, hi, sizeof(hi));
	return cli_error("bad --%s '%s': expected %s from %s to %s%s", o->name, value,
			 o->what ? o->what : o->kind == OPTK_WHOLE ? "a whole number" : "a number",
			 lo, hi, o->example ? o->example : "");
}

static void store_whole(const struct opt *o, long v)
{
	if (o->width == sizeof(int32_t)) {
		int32_t w = (int32_t)v;
		memcpy(o->target, &w, sizeof(w));
	} else {
		int64_t w = v;
		memcpy(o->target, &w, sizeof(w));
	}
}

/* Sets o's target from value; 0, or 2 after an error line. */
static int set_value(const struct opt *o, const char *value)
{
	long w;
	double d;
	switch (o->kind) {
	case OPTK_WHOLE:
		if (cli_whole(value, (long)o->lo, (long)o->hi, &w) < 0)
			return range_error(o, value);
		store_whole(o, w);
		return 0;
	case OPTK_DECIMAL:
		if (cli_decimal(value, o->lo, o->hi, &d) < 0)
			return range_error(o, value);
		*(double *)o->target = d * (o->scale ? o->scale : 1);
		return 0;
	case OPTK_STRING:
		if (o->what && !*value)
			return cli_error("--%s is empty: name %s", o->name, o->what);
		*(const char **)o->target = value;
		return 0;
	case OPTK_CALLBACK:
		return o->cb(value, o->ctx);
	default:
		return 0;
	}
}

/* One "--name[=value]" at argv[*i] for option o; moves *i past a
 * separate value. 0, or 2 after an error line. */
static int take(const struct opt_command *c, const struct opt *o, int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *eq = strchr(arg, '=');
	if (o->kind == OPTK_FLAG || o->kind == OPTK_UNSET) {
		if (eq)
			return cli_error("option '--%s' takes no value: '%s' (see parbench %s --help)",
					 o->name, arg, c->name);
		*(int *)o->target = o->kind == OPTK_FLAG;
		return 0;
	}
	if (eq)
		return set_value(o, eq + 1);
	if (*i + 1 >= argc)
		return cli_error("option '%s' needs a value (see parbench %s --help)", arg, c->name);
	/* "--out --quick" forgot the value: the next option is not one (give
	 * --out=--x for a value that really starts with "--"). */
	if (strncmp(argv[*i + 1], "--", 2) == 0 && argv[*i + 1][2])
		return cli_error("option '%s' needs a value, not the option '%s' (see parbench %s --help)", arg,
				 argv[*i + 1], c->name);
	return set_value(o, argv[++*i]);
}

static int unknown(const struct opt_command *c, const char *arg)
{
	const char *name = arg + 2;
	size_t len = strcspn(name, "=");
	const struct opt *o = strncmp(arg, "--", 2) == 0 ? abbreviates(c, name, len) : NULL;
	if (o)
		return cli_error("unknown option '%s' for %s: did you mean --%s?", arg, c->name, o->name);
	return cli_error("unknown option '%s' for %s (see parbench %s --help)", arg, c->name, c->name);
}

static int keep(const struct opt_command *c, const char *arg, char **rest, int maxrest, int *nrest)
{
	if (*nrest >= maxrest)
		return cli_error("too many arguments for %s", c->name);
	rest[(*nrest)++] = (char *)arg;
	return 0;
}

int opt_parse(const struct opt_command *c, int argc, char **argv, char **rest, int maxrest,
	      int *nrest)
{
	int dummy = 0;
	if (!nrest)
		nrest = &dummy;
	*nrest = 0;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		int rc;
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			opt_help(c);
			return OPT_HELP;
		}
		if (arg[0] != '-' || !arg[1]) {
			if (c->rest == OPT_REST_NONE)
				return cli_error("unexpected argument '%s' for %s (see parbench %s --help)", arg,
						 c->name, c->name);
			rc = keep(c, arg, rest, maxrest, nrest);
		} else {
			const struct opt *o = strncmp(arg, "--", 2) == 0
				? find(c, arg + 2, strcspn(arg + 2, "=")) : NULL;
			if (o)
				rc = take(c, o, argc, argv, &i);
			else if (c->rest == OPT_REST_ALL)
				rc = keep(c, arg, rest, maxrest, nrest);
			else
				rc = unknown(c, arg);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* The entry called name in more's tables, or NULL. */
static const struct opt *merged_entry(const struct opt *const *more, int nmore, const char *name)
{
	for (int t = 0; t < nmore; t++)
		for (const struct opt *o = more[t]; o->kind != OPTK_END; o++)
			if (strcmp(o->name, name) == 0)
				return o;
	return NULL;
}

/* own has a placeholder for name. */
static int placed(const struct opt *own, const char *name)
{
	for (const struct opt *o = own; o->kind != OPTK_END; o++)
		if (o->kind == OPTK_PLACE && strcmp(o->name, name) == 0)
			return 1;
	return 0;
}

/* Appends e to out[0..*n), resolved against base when given. 0, or -1
 * after the line. */
static int merge_add(struct opt *out, int max, int *n, const struct opt *e, void *base)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(out[i].name, e->name) == 0) {
			cli_error("option --%s is given twice", e->name);
			return -1;
		}
	if (*n + 1 >= max) {
		cli_error("too many options: room for %d", max - 1);
		return -1;
	}
	out[*n] = *e;
	if (base && !e->target) {      /* an entry with a target of its own keeps it */
		out[*n].target = (char *)base + e->at;
		if (e->kind == OPTK_CALLBACK && !e->ctx)
			out[*n].ctx = base;
	}
	++*n;
	return 0;
}

int opt_merge(struct opt *out, int max, const struct opt *own, const struct opt *const *more,
	      int nmore, void *base)
{
	int n = 0;
	if (max < 1)
		return -1;
	for (const struct opt *o = own; o->kind != OPTK_END; o++) {
		const struct opt *e = o->kind == OPTK_PLACE ? merged_entry(more, nmore, o->name) : o;
		if (!e) {
			cli_error("option --%s is placed but no table gives it", o->name);
			return -1;
		}
		if (merge_add(out, max, &n, e, e == o ? NULL : base) < 0)
			return -1;
	}
	for (int t = 0; t < nmore; t++) {
		int seen = 0;
		for (int u = 0; u < t; u++)
			seen |= more[u] == more[t];
		for (const struct opt *e = more[t]; !seen && e->kind != OPTK_END; e++)
			if (!placed(own, e->name) && merge_add(out, max, &n, e, base) < 0)
				return -1;
	}
	out[n] = (struct opt)OPT_END;
	return n;
}

void opt_help(const struct opt_command *c)
{
	fputs(c->usage, stdout);
	for (const struct opt *o = c->opts; o->kind != OPTK_END; o++) {
		if (!o->help)
			continue;
		int used = printf("  --%s%s%s", o->name, o->value_name ? " " : "",
				  o->value_name ? o->value_name : "");
		if (used >= c->column)
			used = printf("\n") - 1;
		for (const char *line = o->help; *line;) {
			size_t len = strcspn(line, "\n");
			printf("%*s%.*s\n", c->column - used, "", (int)len, line);
			used = 0;
			line += len + (line[len] == '\n');
		}
		if (o->more)
			o->more();
	}
	if (c->epilogue)
		fputs(c->epilogue, stdout);
}
