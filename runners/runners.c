/*
 * runners.c - the runner table. Adding a runner: write runners/<name>.c with
 * a struct runner_ops, declare it below and add one line here. serial stays
 * first: it is the reference the others are compared with. A runner with
 * settings of its own also gives .options and .defaults (runner.h).
 */
#include <string.h>

#include "runner.h"

extern const struct runner_ops runner_serial, runner_gil, runner_pthreads,
	runner_openmp, runner_fork, runner_pthreads_pool, runner_fork_pool;

const struct runner_ops *const runner_table[] = {
	&runner_serial,
	&runner_gil,
	&runner_pthreads,
	&runner_openmp,
	&runner_fork,
	&runner_pthreads_pool,
	&runner_fork_pool,
	NULL,
};

const struct runner_ops *runner_find(const char *name)
{
	for (const struct runner_ops *const *r = runner_table; *r; r++)
		if (strcmp((*r)->name, name) == 0)
			return *r;
	return NULL;
}

void runner_options_default(struct runner_options *o)
{
	*o = (struct runner_options){ 0 };
	for (const struct runner_ops *const *r = runner_table; *r; r++)
		if ((*r)->defaults)
			(*r)->defaults(o);
}
