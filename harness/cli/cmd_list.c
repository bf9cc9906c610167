/*
 * cmd_list.c - `parbench list`: the kernel and runner tables, as they are
 * compiled in, so that the names the other commands accept can be looked up;
 * the text starts in one column, after the widest name.
 */
#include <stdio.h>
#include <string.h>

#include "../../kernels/kernel.h"
#include "../../runners/runner.h"
#include "../core/options.h"
#include "cmd.h"

static const struct opt list_opts[] = { OPT_END };

static const struct opt_command list_command = {
	.name = "list",
	.usage = "usage: parbench list\nPrints the kernels and the runners, from their tables.\n",
	.opts = list_opts,
	.column = 16,
};

/* The widest kernel or runner name: both lists start their text there. */
static int name_width(void)
{
	size_t w = 0;
	for (const struct kernel_ops *const *k = kernel_table; *k; k++)
		w = strlen((*k)->name) > w ? strlen((*k)->name) : w;
	for (const struct runner_ops *const *r = runner_table; *r; r++)
		w = strlen((*r)->name) > w ? strlen((*r)->name) : w;
	return (int)w;
}

int cmd_list(int argc, char **argv)
{
	int rc = opt_parse(&list_command, argc, argv, NULL, 0, NULL);
	if (rc)
		return rc < 0 ? 0 : rc;
	int w = name_width();
	puts("kernels:");
	for (const struct kernel_ops *const *k = kernel_table; *k; k++)
		printf("  %-*s  %-4s %s\n", w, (*k)->name, kernel_kind_name((*k)->kind), (*k)->summary);
	puts("runners:");
	for (const struct runner_ops *const *r = runner_table; *r; r++)
		printf("  %-*s  %s\n", w, (*r)->name, (*r)->summary);
	return 0;
}
