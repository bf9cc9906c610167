/*
 * tests/unit/plan_cpus.c - --cpus lists as taskset and likwid-pin write
 * them, on synthetic topologies (HWLOC_SYNTHETIC, so any machine runs
 * it): OS indexes and ranges in the order given, likwid's domains with
 * physical cores first, '@' joining them, and each refusal naming the
 * value (an unknown domain, a CPU the machine lacks, one listed twice,
 * a domain too small, more workers than CPUs). TAP output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/core/plan.h"
#include "../lib/tap.h"

static char err[512];

/* The OS indexes the layout of `workers` gives under --cpus text on
 * topology synth, as "a,b,c", or "error: ..." */
static const char *placed(const char *synth, const char *text, int workers)
{
	static char buf[600];
	setenv("HWLOC_SYNTHETIC", synth, 1);
	struct plan *p = plan_open(err, sizeof(err));
	struct plan_layout *l = NULL;
	if (!p)
		return "error: no topology";
	if (plan_set_cpus(p, text, err, sizeof(err)) < 0 ||
	    !(l = plan_layout_make(p, PLAN_CPUS, workers, err, sizeof(err)))) {
		snprintf(buf, sizeof(buf), "error: %s", err);
	} else {
		buf[0] = '\0';
		for (int i = 0; i < workers; i++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%d", i ? "," : "",
				 plan_layout_pu(l, i));
	}
	plan_layout_free(l);
	plan_close(p);
	return buf;
}

#define SMT "pack:2 core:4 pu:2"
#define NUMA "pack:2 numa:1 core:4 pu:2"

static void is(const char *got, const char *want, const char *name)
{
	ok(strcmp(got, want) == 0, "%s: %s", name, got);
}

static void test_lists(void)
{
	is(placed(SMT, "1,0", 2), "1,0", "1,0: in the order given");
	is(placed(SMT, "0,2,4-7", 6), "0,2,4,5,6,7", "0,2,4-7: a range");
	is(placed(SMT, "3,5", 1), "3", "fewer workers than CPUs: the first ones");
}

static void test_domains(void)
{
	is(placed(SMT, "S1:0-3", 4), "8,10,12,14", "S1:0-3: package 1's four cores, first PU each");
	is(placed(SMT, "S0:3-4", 2), "6,1", "S0:3-4: the last core, then the first hyperthread");
	is(placed(SMT, "S0:0@S1:0", 2), "0,8", "S0:0@S1:0: '@' joins domains");
	is(placed(NUMA, "M1:0-1", 2), "8,10", "M1: NUMA node 1");
	is(placed(SMT, "N:0-1", 2), "0,2", "N: the whole machine");
	is(placed("pack:1 l3:2 core:2 pu:1", "C1:0-1", 2), "2,3", "C1: the second last-level cache");
}

static void test_refusals(void)
{
	is(placed(SMT, "0,99", 2), "error: bad --cpus '0,99': no CPU 99 here (OS indexes 0 to 15)",
	   "a CPU the machine lacks");
	is(placed(SMT, "1,1", 2), "error: bad --cpus '1,1': CPU 1 is listed twice", "a CPU twice");
	is(placed(SMT, "X0:1", 1),
	   "error: bad --cpus 'X0:1': unknown domain 'X0' (allowed: N, S<k> package, M<k> NUMA node, C<k> last-level cache)",
	   "an unknown domain");
	is(placed(SMT, "S2:0", 1), "error: bad --cpus 'S2:0': no domain S2 here (2 of that kind, numbered from 0)",
	   "a package the machine lacks");
	is(placed(SMT, "S0:8", 1), "error: bad --cpus 'S0:8': domain S0 has 8 CPUs, numbered from 0: no S0:8",
	   "past a domain's end");
	is(placed(SMT, "0,1", 3), "error: --cpus 0,1: 3 workers but 2 CPUs listed (allowed: at most 2)",
	   "more workers than CPUs");
	ok(strncmp(placed(SMT, "3-1", 1), "error: bad --cpus '3-1': expected CPUs as", 40) == 0 &&
	   strncmp(placed(SMT, "0-1@", 1), "error: bad --cpus '0-1@': an empty part", 38) == 0 &&
	   strncmp(placed(SMT, "", 1), "error: bad --cpus '': empty", 27) == 0,
	   "a backward range, a trailing '@' and nothing at all are refused");
}

static const struct tap_case cases[] = {
	{ "OS indexes", test_lists },
	{ "likwid domains", test_domains },
	{ "refusals", test_refusals },
	{ NULL, NULL },
};

int main(void)
{
	int rc = tap_run_cases(cases);
	printf("1..%d\n", tap_count);
	return rc;
}
