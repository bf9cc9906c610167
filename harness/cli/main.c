/*
 * main.c - the command line: a table of subcommands, one cmd_*.c each
 * (the studies keep theirs in studies/). `parbench help` and `--help` walk
 * the same table; an unknown command gets one line naming the allowed
 * ones and exit status 2. `parbench --version` says which build this is:
 * the version and the git revision the Makefile passes (PARBENCH_VERSION,
 * PARBENCH_GIT; "unknown" when built some other way or outside git).
 */
#include <stdio.h>
#include <string.h>

#include "../core/affinity.h"
#include "../core/cli.h"
#include "cmd.h"
#include "cmd_report.h"
#include "compare.h"
#include "../studies/convoy.h"
#include "../studies/demo.h"
#include "../studies/overheads.h"
#include "../studies/topology.h"
#include "../../runners/spawn.h"

#ifndef PARBENCH_VERSION
#define PARBENCH_VERSION "unknown"
#endif
#ifndef PARBENCH_GIT
#define PARBENCH_GIT "unknown"
#endif

static int cmd_help(int argc, char **argv);

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "list", cmd_list, "list kernels and runners" },
	{ "plan", cmd_plan, "show where each worker would run (hwloc), without running" },
	{ "run", cmd_run, "run kernels x runners x workers x schedules and write a report" },
	{ "compare", cmd_compare, "compare two run folders: faster, slower or the same within noise" },
	{ "report", cmd_report, "redraw a run folder's plots, report.md and report.html from its files" },
	{ "sweep", cmd_sweep, "run over working-set sizes from L1 to DRAM: bandwidth and latency" },
	{ "breakeven", cmd_breakeven, "speedup against work per task: when each model starts to pay off" },
	{ "overheads", cmd_overheads, "what each model's primitive costs here (create, fork, barrier, hand-offs), in us" },
	{ "convoy", cmd_convoy, "the convoy effect: an IO thread's latency next to CPU threads under the gil" },
	{ "topology", cmd_topology, "the machine as measured beside hwloc's: core-to-core latency, siblings, cache sizes" },
	{ "demo", cmd_demo, "teaching demos with a verdict: demo gil|convoy|schedule|false-sharing|...|all (demo --help)" },
	{ "help", cmd_help, "this text" },
	{ NULL, NULL, NULL },
};

static int unknown_command(const char *name);

/* `parbench help [COMMAND]`: the table, or COMMAND's own --help. */
static int cmd_help(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[0], "help") == 0) {
		for (const struct command *c = commands; c->name; c++)
			if (strcmp(argv[1], c->name) == 0 && c->fn != cmd_help) {
				char *args[] = { argv[1], "--help", NULL };
				return c->fn(2, args);
			}
		if (strcmp(argv[1], "help") != 0)
			return unknown_command(argv[1]);
	}
	puts("usage: parbench COMMAND [options]   (parbench COMMAND --help for its options)\n"
	     "       parbench --version\n");
	for (const struct command *c = commands; c->name; c++)
		printf("  %-10s %s\n", c->name, c->summary);
	return 0;
}

int main(int argc, char **argv)
{
	/* Line by line into a log too, so that stdout's rows and stderr's
	 * progress keep their order in `parbench run ... >log 2>&1`. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* OMP_PROC_BIND / OMP_PLACES: libgomp pinned this thread while the
	 * program loaded; the start-up CPUs are the environment's. */
	affinity_restore();
	/* A spawned worker of the spawn runner: parbench started again by itself. */
	int spawned = spawn_worker_enter(argc, argv);
	if (spawned >= 0)
		return spawned;
	if (argc < 2)
		return cmd_help(argc, argv), 2;
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(argc, argv);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("parbench %s (git %s)\n", PARBENCH_VERSION, PARBENCH_GIT);
		return 0;
	}
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->fn(argc - 1, argv + 1);
	return unknown_command(argv[1]);
}

/* One line naming name and the commands there are; 2. */
static int unknown_command(const char *name)
{
	char names[256] = "";
	for (const struct command *c = commands; c->name; c++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 c == commands ? "" : ", ", c->name);
	return cli_error("unknown command '%s': allowed are %s", name, names);
}
