/*
 * cmd_plan.c - `parbench plan`: the placement a --bind policy gives, read
 * from hwloc (or a synthetic or XML topology), printed without running
 * anything, so that a placement can be checked on machines we do not have.
 */
#include <stdio.h>
#include <string.h>

#include "../../runners/runner.h"
#include "../core/cli.h"
#include "../core/options.h"
#include "../core/plan.h"
#include "cmd.h"

static struct {
	const char *workers, *cpus, *topology, *mem;
	enum plan_policy policy;
	int bind_given;
} plan_args;

static int parse_bind(const char *arg, void *ctx)
{
	char err[256];
	(void)ctx;
	plan_args.bind_given = 1;
	if (plan_policy_parse(arg, &plan_args.policy, err, sizeof(err)) < 0)
		return cli_error("%s", err);
	return 0;
}

static const struct opt plan_opts[] = {
	OPT_STRING("workers", plan_args.workers, "N|max", NULL,
		   "how many workers to place (default: as many as the policy\n"
		   "can place for this process)"),
	OPT_CALLBACK("bind", parse_bind, NULL, "P", "none | cores | threads | spread | cpus (default\n"
		     "cores; cpus when --cpus is given)"),
	OPT_STRING("topology", plan_args.topology, "DIR", "a directory",
		   "take hyperthreads from DIR/siblings.csv, as parbench\n"
		   "topology measured them (pairs judged sibling or\n"
		   "shared share a core), not from hwloc"),
	OPT_STRING("mem", plan_args.mem, "M", "a memory policy",
		   "local | interleave | node:N: where the data would go\n"
		   "on a machine with several NUMA nodes"),
	OPT_STRING("cpus", plan_args.cpus, "LIST", "a CPU list",
		   "worker i on the i-th CPU: 0,2,4-7 (OS indexes, as\n"
		   "taskset) or likwid's domains S0:0-3@S1:0-3 (S package,\n"
		   "M NUMA node, C last-level cache, N machine)"),
	OPT_END,
};

static const struct opt_command plan_command = {
	.name = "plan",
	.usage =
	"usage: parbench plan [--workers N|max] [--bind none|cores|threads|spread|cpus] [--cpus LIST]\n"
	"                     [--topology DIR] [--mem local|interleave|node:N]\n"
	"Prints where each worker would run, without running anything: PU (logical\n"
	"and OS index), core, caches, package. Plans for another machine with\n"
	"HWLOC_SYNTHETIC='pack:2 core:4 pu:2' or HWLOC_XMLFILE=topology.xml; binding\n"
	"is then skipped. Defaults: --bind cores, as many workers as it allows.\n"
	"Also prints the worker counts `parbench run` takes when --workers is not given.\n"
	"\n",
	.opts = plan_opts,
	.column = 20,
};

static void print_plan(struct plan *plan, const struct plan_machine *m, struct plan_layout *l,
		       long n, const struct plan_mem *mem)
{
	enum plan_policy policy = plan_args.policy;
	char ladder[256];
	printf("machine:\n");
	plan_describe(m, stdout, "  ");
	plan_tree(plan, stdout);
	plan_ladder_text(m, m->usable_pus < RUNNER_MAX_WORKERS ? m->usable_pus : RUNNER_MAX_WORKERS,
			 ladder, sizeof(ladder));
	printf("run's default --workers: %s (1, 2, 4, ... up to the cores, the cores, and the PUs if they are more)\n",
	       ladder);
	printf("cores: %s\n", plan_siblings_source(plan));
	printf("plan: --bind %s%s%s%s, %ld worker%s; binding %s\n", plan_policy_name(policy),
	       policy == PLAN_CPUS ? " (--cpus " : "", policy == PLAN_CPUS ? plan_cpus_text(plan) : "",
	       policy == PLAN_CPUS ? ")" : "", n,
	       n > 1 ? "s" : "",
	       policy == PLAN_NONE ? "none (the OS decides)"
	       : plan_layout_binds(l) ? "possible on this machine"
	       : "skipped: the topology is not this machine");
	plan_layout_print(l, stdout);
	plan_mem_describe(plan, mem, stdout);
}

int cmd_plan(int argc, char **argv)
{
	char err[256];
	struct plan_machine m;
	const char *workers;

	plan_args.policy = PLAN_CORES;
	int rc = opt_parse(&plan_command, argc, argv, NULL, 0, NULL);
	if (rc)
		return rc < 0 ? 0 : rc;
	workers = plan_args.workers;
	struct plan *plan = plan_open(err, sizeof(err));
	if (!plan)
		return cli_error("%s", err);
	if (plan_args.topology && plan_set_siblings(plan, plan_args.topology, err, sizeof(err)) < 0) {
		plan_close(plan);
		return cli_error("%s", err);
	}
	plan_machine(plan, &m);
	if (plan_args.cpus && plan_set_cpus(plan, plan_args.cpus, err, sizeof(err)) < 0) {
		plan_close(plan);
		return cli_error("%s", err);
	}
	struct plan_mem mem = { .kind = PLAN_MEM_DEFAULT };
	if (plan_args.mem && plan_mem_parse(plan, plan_args.mem, &mem, err, sizeof(err)) < 0) {
		plan_close(plan);
		return cli_error("%s", err);
	}
	if (plan_args.cpus && !plan_args.bind_given)
		plan_args.policy = PLAN_CPUS;
	if (plan_args.policy == PLAN_CORES && m.cores < 1 && !plan_args.bind_given)
		plan_args.policy = PLAN_THREADS;   /* no cores in this topology: plan its PUs */
	int most = plan_args.policy == PLAN_CORES ? m.cores : plan_args.policy == PLAN_CPUS
		? plan_cpus_count(plan) : m.pus;
	long n = most < 1 ? 1 : most;
	if (workers && strcmp(workers, "max") != 0 && cli_whole(workers, 1, RUNNER_MAX_WORKERS, &n) < 0) {
		plan_close(plan);
		return cli_error("bad --workers '%s': expected one count from 1 to %d, or max",
				 workers, RUNNER_MAX_WORKERS);
	}
	struct plan_layout *l = plan_layout_make(plan, plan_args.policy, (int)n, err, sizeof(err));
	/* Without --workers: as many as the policy can place for this process. */
	while (!l && !workers && n > 1)
		l = plan_layout_make(plan, plan_args.policy, (int)--n, err, sizeof(err));
	if (!l) {
		plan_close(plan);
		return cli_error("%s", err);
	}
	print_plan(plan, &m, l, n, &mem);
	plan_layout_free(l);
	plan_close(plan);
	return 0;
}
