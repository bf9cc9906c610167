/*
 * topology_sample.c - which pairs of PUs `parbench topology` measures when
 * it cannot measure them all (--pairs N below n(n-1)/2).
 *
 * Why not a plain random sample: the pairs worth finding (SMT siblings, or
 * vCPUs on one host core) are few, n/2 of n(n-1)/2, and a random sample
 * of a quarter of the pairs would miss three in four of them. So the pairs
 * likeliest to share something come first, in this order, each kind only
 * while there is room:
 *   1. neighbours in hwloc's logical order (L#k, L#k+1): where hwloc puts
 *      siblings when it knows of them;
 *   2. neighbours in OS numbering (P#k, P#k+1): how most hypervisors and
 *      AMD machines number the two threads of a core;
 *   3. OS indexes n/2 apart (P#k, P#k+n/2): how Linux numbers them on most
 *      Intel machines;
 * then the other pairs in a fixed pseudo-random order (splitmix64 of the
 * pair), so that two runs on one machine measure the same pairs.
 */
#include <stdint.h>
#include <stdlib.h>

#include "topology_int.h"

struct cand {
	struct topo_pair p;
	int kind;           /* 1..3 as above, 4 the rest */
	uint64_t key;       /* the order within a kind */
};

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The kind of the pair (a, b), a < b in logical order. */
static int kind_of(int n, const int *os, int a, int b)
{
	int d = os[a] > os[b] ? os[a] - os[b] : os[b] - os[a];
	if (b == a + 1)
		return 1;
	if (d == 1)
		return 2;
	if (n >= 4 && d == n / 2)
		return 3;
	return 4;
}

static int by_kind(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;
	if (a->kind != b->kind)
		return a->kind - b->kind;
	return a->key < b->key ? -1 : a->key > b->key;
}

static int by_pair(const void *x, const void *y)
{
	const struct topo_pair *a = x, *b = y;
	return a->a != b->a ? a->a - b->a : a->b - b->b;
}

int topo_pairs_choose(int n, const int *os, long limit, struct topo_pair *out)
{
	long all = (long)n * (n - 1) / 2, k = 0;
	struct cand *c = malloc(sizeof(*c) * (size_t)(all > 0 ? all : 1));
	if (!c)
		return 0;
	for (int a = 0; a < n; a++)
		for (int b = a + 1; b < n; b++, k++) {
			int kind = kind_of(n, os, a, b);
			c[k] = (struct cand){ .p = { a, b }, .kind = kind,
					      .key = kind == 4 ? mix(((uint64_t)os[a] << 32) | (uint64_t)os[b]) : (uint64_t)k };
		}
	if (limit > 0 && limit < all) {
		qsort(c, (size_t)all, sizeof(*c), by_kind);
		all = limit;
	}
	for (k = 0; k < all; k++)
		out[k] = c[k].p;
	free(c);
	qsort(out, (size_t)all, sizeof(*out), by_pair);
	return (int)all;
}
