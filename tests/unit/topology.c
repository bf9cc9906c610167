/*
 * tests/unit/topology.c - the decisions of `parbench topology` that need
 * no machine: the steps found in a latency curve (a clean staircase, one
 * with a noisy size, a slow creep that is no step), which step is which
 * level, the pairs chosen when
 * not all are measured (the likeliest siblings first, no pair twice), and
 * the verdict thresholds. TAP output.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/studies/topology_int.h"
#include "../lib/tap.h"

#define KIB 1024.0
#define MIB (1024.0 * 1024)

/* A staircase from 4 KiB to 128 MiB at q sizes per doubling: 1 ns up to
 * 32 KiB, 4 ns up to 1 MiB, 15 ns up to 16 MiB, 100 ns past it. */
static int staircase(struct topo_point *p, int q)
{
	int n = 0;
	for (double b = 4 * KIB; b <= 128 * MIB * 1.001; b *= pow(2, 1.0 / q)) {
		double ns = b <= 32 * KIB ? 1 : b <= MIB ? 4 : b <= 16 * MIB ? 15 : 100;
		p[n++] = (struct topo_point){ .bytes = (size_t)b, .ns = ns, .lo_ns = ns, .hi_ns = ns, .reps = 1 };
	}
	return n;
}

/* Whether got is within one sweep interval (2^(1/q)) of want. */
static int close_to(size_t got, double want, int q)
{
	double r = (double)got / want;
	return r >= pow(2, -1.0 / q) * 0.99 && r <= pow(2, 1.0 / q) * 1.01;
}

static void clean_staircase(void)
{
	struct topo_point p[128];
	struct topo_step s[8];
	for (int q = 3; q <= 4; q++) {
		int n = staircase(p, q), k = topo_steps(p, n, q, s, 8);
		ok(k == 3, "%d per doubling: three steps in a three-step staircase (%d)", q, k);
		ok(k == 3 && close_to(s[0].bytes, 32 * KIB, q) && close_to(s[1].bytes, MIB, q) &&
		   close_to(s[2].bytes, 16 * MIB, q), "%d per doubling: at 32 KiB, 1 MiB and 16 MiB, within one interval", q);
		ok(k == 3 && s[0].before_ns == 1 && s[0].after_ns == 4 && s[2].before_ns == 15 && s[2].after_ns == 100,
		   "%d per doubling: the latencies before and after each step", q);
	}
}

static void noisy_size(void)
{
	struct topo_point p[128];
	struct topo_step s[8];
	int n = staircase(p, 4);
	for (int i = 0; i < n; i++)
		if (p[i].bytes > 200 * KIB && p[i].bytes < 260 * KIB)
			p[i].ns *= 6;   /* another process in the cache, for one size */
	int k = topo_steps(p, n, 4, s, 8);
	ok(k == 3 && close_to(s[1].bytes, MIB, 4), "a noisy size in a plateau neither makes nor moves a step (%d)", k);
}

static void matching(void)
{
	/* L1 3.5x, a TLB's 1.4x, L2 2.4x, L3 8.5x: four steps, three levels. */
	const struct topo_step st[] = {
		{ .bytes = 35000, .before_ns = 1.1, .after_ns = 3.8 },
		{ .bytes = 385000, .before_ns = 3.9, .after_ns = 5.5 },
		{ .bytes = 1000000, .before_ns = 5.9, .after_ns = 14.1 },
		{ .bytes = 3700000, .before_ns = 15.9, .after_ns = 135 },
	};
	int level[4];
	ok(topo_match(st, 4, 3, level) == 3 && level[0] == 0 && level[1] == -1 && level[2] == 1 && level[3] == 2,
	   "more steps than levels: the largest rises are the levels, in order; the TLB's step left over");
	ok(topo_match(st, 2, 3, level) == 2 && level[0] == 0 && level[1] == 1, "fewer steps: matched in order");
	ok(topo_match(st, 4, 0, level) == 0 && level[0] == -1 && level[3] == -1, "no levels: every step left over");
}

static void creep(void)
{
	struct topo_point p[128];
	struct topo_step s[8];
	int n = 0;
	for (double b = 4 * KIB; b <= 64 * MIB; b *= pow(2, 0.25), n++)
		p[n] = (struct topo_point){ .bytes = (size_t)b, .ns = 4 * pow(b / (4 * KIB), 0.1) };
	ok(topo_steps(p, n, 4, s, 8) == 0, "a creep of 7 %% per doubling (a TLB's page walks) is no step");
}

/* Whether out[0..n) holds distinct pairs a < b < m, sorted. */
static int well_formed(const struct topo_pair *out, int n, int m)
{
	for (int i = 0; i < n; i++) {
		if (out[i].a < 0 || out[i].a >= out[i].b || out[i].b >= m)
			return 0;
		if (i && (out[i].a < out[i - 1].a || (out[i].a == out[i - 1].a && out[i].b <= out[i - 1].b)))
			return 0;
	}
	return 1;
}

static int has(const struct topo_pair *out, int n, int a, int b)
{
	for (int i = 0; i < n; i++)
		if (out[i].a == a && out[i].b == b)
			return 1;
	return 0;
}

static void pairs(void)
{
	struct topo_pair out[28];
	const int os4[] = { 0, 1, 2, 3 }, os8[] = { 0, 4, 1, 5, 2, 6, 3, 7 };
	ok(topo_pairs_choose(4, os4, 0, out) == 6 && well_formed(out, 6, 4), "4 PUs, all: the 6 pairs, sorted");
	int n = topo_pairs_choose(4, os4, 3, out);
	ok(n == 3 && has(out, n, 0, 1) && has(out, n, 1, 2) && has(out, n, 2, 3),
	   "4 PUs, 3 pairs: the neighbours in logical order first");
	n = topo_pairs_choose(8, os8, 7, out);
	ok(n == 7 && well_formed(out, n, 8) && has(out, n, 0, 1) && has(out, n, 6, 7),
	   "8 PUs, 7 pairs: the logical neighbours");
	n = topo_pairs_choose(8, os8, 12, out);
	ok(n == 12 && well_formed(out, n, 8) && has(out, n, 0, 2) && has(out, n, 1, 3),
	   "8 PUs, 12 pairs: then the OS neighbours (P#0-P#1 is L#0-L#2)");
	ok(topo_pairs_choose(8, os8, 100, out) == 28 && well_formed(out, 28, 8), "8 PUs, more than all: all 28");
	ok(topo_pairs_choose(1, os4, 0, out) == 0, "1 PU: no pair");
}

static void verdicts(void)
{
	ok(strcmp(topo_verdict(0.5), "sibling") == 0 && strcmp(topo_verdict(0.25), "sibling") == 0 &&
	   strcmp(topo_verdict(0.2), "shared") == 0 && strcmp(topo_verdict(0.08), "shared") == 0 &&
	   strcmp(topo_verdict(0.05), "independent") == 0 && strcmp(topo_verdict(-0.1), "independent") == 0,
	   "verdicts: sibling from 25 %%, shared from 8 %%, else independent");
}

int main(void)
{
	static const struct tap_case cases[] = {
		{ "clean staircase", clean_staircase },
		{ "noisy size", noisy_size },
		{ "creep", creep },
		{ "matching", matching },
		{ "pairs", pairs },
		{ "verdicts", verdicts },
		{ NULL, NULL },
	};
	int rc = tap_run_cases(cases);
	printf("1..%d\n", tap_count);
	return rc;
}
