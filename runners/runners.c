/*
 * runners.c - the runner table. Adding a runner: write runners/<name>.c with
 * a struct runner_ops, declare it below and add one line here. serial stays
 * first: it is the reference the others are compared with. A runner with
 * settings of its own also gives .options and .defaults (runner.h), one
 * with counters of its own .counters: their columns derive from here.
 */
#include <string.h>

#include "runner.h"

extern const struct runner_ops runner_serial, runner_gil, runner_pthreads,
	runner_openmp, runner_fork, runner_spawn, runner_pthreads_pool, runner_fork_pool,
	runner_spawn_pool;

const struct runner_ops *const runner_table[] = {
	&runner_serial,
	&runner_gil,
	&runner_pthreads,
	&runner_openmp,
	&runner_fork,
	&runner_spawn,
	&runner_pthreads_pool,
	&runner_fork_pool,
	&runner_spawn_pool,
	NULL,
};

const struct runner_ops *runner_find(const char *name)
{
	for (const struct runner_ops *const *r = runner_table; *r; r++)
		if (strcmp((*r)->name, name) == 0)
			return *r;
	return NULL;
}

/* Fills col with the counter columns (runner_counter_column): the shown
 * counters, each name once; returns how many. */
static int counter_columns(const struct runner_counter *col[RUNNER_MAX_COUNTERS])
{
	int n = 0;
	for (const struct runner_ops *const *r = runner_table; *r; r++)
		for (int i = 0; i < runner_counters(*r); i++) {
			const struct runner_counter *c = &(*r)->counters[i];
			int j = 0;
			if (c->hidden)
				continue;
			while (j < n && strcmp(col[j]->name, c->name) != 0)
				j++;
			if (j == n && n < RUNNER_MAX_COUNTERS)
				col[n++] = c;
		}
	return n;
}

const struct runner_counter *runner_counter_column(int j)
{
	const struct runner_counter *col[RUNNER_MAX_COUNTERS];
	int n = counter_columns(col);
	return j >= 0 && j < n ? col[j] : NULL;
}

int runner_counters(const struct runner_ops *r)
{
	int n = 0;
	while (r->counters && n < RUNNER_MAX_COUNTERS && r->counters[n].name)
		n++;
	return n;
}

int runner_counter_slot(const struct runner_ops *r, int i)
{
	const struct runner_counter *col[RUNNER_MAX_COUNTERS];
	int n = counter_columns(col);
	if (i < 0 || i >= runner_counters(r))
		return -1;
	for (int j = 0; j < n && !r->counters[i].hidden; j++)
		if (strcmp(col[j]->name, r->counters[i].name) == 0)
			return j;
	return -1;
}

void runner_options_default(struct runner_options *o)
{
	*o = (struct runner_options){ 0 };
	for (const struct runner_ops *const *r = runner_table; *r; r++)
		if ((*r)->defaults)
			(*r)->defaults(o);
}
