/*
 * plan_cpus.c - explicit CPU lists for --bind cpus (--cpus), written as
 * taskset (-c 0,2,4-7) and likwid-pin (S0:0-3@S1:0-3) write them, so a
 * placement from another tool's command line works here unchanged. Plain
 * numbers are OS indexes, as the kernel numbers CPUs; a domain's numbers
 * count inside the domain, physical cores first (likwid's order). The
 * list is checked against the topology and the affinity mask once, when
 * it is given; a layout then takes its first N entries.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "plan_int.h"

#define CPUS_MAX 4096

/* What is being read: the option's text, the CPUs so far, the error. */
struct cpus_parse {
	const struct plan *p;
	const char *text;
	int *out, n;
	hwloc_bitmap_t allowed;   /* NULL: off this machine, every CPU allowed */
	char *err;
	size_t errlen;
};

/* "bad --cpus 'TEXT': " and the reason into err; returns -1. */
__attribute__((format(printf, 2, 3)))
static int bad(struct cpus_parse *cp, const char *fmt, ...)
{
	va_list ap;
	int used = snprintf(cp->err, cp->errlen, "bad --cpus '%s': ", cp->text);
	if (used < 0 || (size_t)used >= cp->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(cp->err + used, cp->errlen - (size_t)used, fmt, ap);
	va_end(ap);
	return -1;
}

/* "N" or "N-M" at *s into [*lo, *hi]; moves *s past it. 0 or -1. */
static int range(const char **s, long *lo, long *hi)
{
	char *end;
	if (!isdigit((unsigned char)**s))
		return -1;
	*lo = *hi = strtol(*s, &end, 10);
	if (*end == '-') {
		if (!isdigit((unsigned char)end[1]))
			return -1;
		*hi = strtol(end + 1, &end, 10);
	}
	*s = end;
	return *hi < *lo || *hi >= CPUS_MAX ? -1 : 0;
}

/* Adds OS index os: it must exist, be allowed, and be new. */
static int add_cpu(struct cpus_parse *cp, long os)
{
	hwloc_topology_t t = cp->p->topo;
	if (!hwloc_get_pu_obj_by_os_index(t, (unsigned)os)) {
		hwloc_obj_t last = hwloc_get_obj_by_type(t, HWLOC_OBJ_PU,
							 (unsigned)hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_PU) - 1);
		return bad(cp, "no CPU %ld here (OS indexes 0 to %ld)", os, last ? (long)last->os_index : 0);
	}
	if (cp->allowed && !hwloc_bitmap_isset(cp->allowed, (unsigned)os)) {
		char *mask = NULL;
		hwloc_bitmap_list_asprintf(&mask, cp->allowed);
		bad(cp, "CPU %ld is not in this process's affinity mask (%s)", os, mask ? mask : "?");
		free(mask);
		return -1;
	}
	for (int i = 0; i < cp->n; i++)
		if (cp->out[i] == os)
			return bad(cp, "CPU %ld is listed twice", os);
	if (cp->n >= CPUS_MAX)
		return bad(cp, "more than %d CPUs", CPUS_MAX);
	cp->out[cp->n++] = (int)os;
	return 0;
}

/* The domain a likwid prefix names ("S1", "M0", "C0", "N"), or NULL
 * after the error. */
static hwloc_obj_t domain(struct cpus_parse *cp, const char *name, size_t len)
{
	static const char *const allowed = "allowed: N, S<k> package, M<k> NUMA node, C<k> last-level cache";
	hwloc_topology_t t = cp->p->topo;
	char word[32];
	snprintf(word, sizeof(word), "%.*s", (int)(len < 31 ? len : 31), name);
	char *end;
	long k = len > 1 ? strtol(name + 1, &end, 10) : 0;
	if (len > 1 && (end != name + len || !isdigit((unsigned char)name[1])))
		return bad(cp, "unknown domain '%s' (%s)", word, allowed), NULL;
	hwloc_obj_type_t type;
	switch (name[0]) {
	case 'N':
		if (k != 0)
			return bad(cp, "no domain %s: N is the whole machine (N: or N0:)", word), NULL;
		return hwloc_get_root_obj(t);
	case 'S': type = HWLOC_OBJ_PACKAGE; break;
	case 'M': type = HWLOC_OBJ_NUMANODE; break;
	case 'C': type = HWLOC_OBJ_L3CACHE;
		while (hwloc_get_nbobjs_by_type(t, type) < 1 && type != HWLOC_OBJ_L1CACHE)
			type = type == HWLOC_OBJ_L3CACHE ? HWLOC_OBJ_L2CACHE : HWLOC_OBJ_L1CACHE;
		break;
	default:
		return bad(cp, "unknown domain '%s' (%s)", word, allowed), NULL;
	}
	int count = hwloc_get_nbobjs_by_type(t, type);
	hwloc_obj_t o = k < count ? hwloc_get_obj_by_type(t, type, (unsigned)k) : NULL;
	if (!o || !o->cpuset)
		return bad(cp, "no domain %s here (%d of that kind, numbered from 0)", word, count), NULL;
	return o;
}

/* The domain's PUs in likwid's order: the first PU of each core, then the
 * second of each, ...; PUs outside a core come in logical order. Fills
 * order[] (OS indexes); returns the count. */
static int domain_order(hwloc_topology_t t, hwloc_obj_t dom, int *order, int max)
{
	int n = 0;
	int total = hwloc_get_nbobjs_inside_cpuset_by_type(t, dom->cpuset, HWLOC_OBJ_PU);
	for (int round = 0; n < total && n < max && round < total; round++) {
		for (hwloc_obj_t pu = NULL; n < max &&
		     (pu = hwloc_get_next_obj_inside_cpuset_by_type(t, dom->cpuset, HWLOC_OBJ_PU, pu));) {
			hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(t, HWLOC_OBJ_CORE, pu);
			int rank = 0;
			for (hwloc_obj_t q = pu->prev_cousin; core && q &&
			     hwloc_get_ancestor_obj_by_type(t, HWLOC_OBJ_CORE, q) == core; q = q->prev_cousin)
				rank++;
			if (rank == round)
				order[n++] = (int)pu->os_index;
		}
	}
	return n;
}

/* One '@'-separated part: "LIST" or "DOMAIN:LIST". 0 or -1. */
static int part(struct cpus_parse *cp, const char *s, size_t len)
{
	hwloc_obj_t dom = NULL;
	static int order[CPUS_MAX];
	int norder = 0, dlen = 0;
	const char *colon = memchr(s, ':', len), *end = s + len, *name = s;
	if (colon) {
		dlen = (int)(colon - s);
		if (!(dom = domain(cp, s, (size_t)dlen)))
			return -1;
		norder = domain_order(cp->p->topo, dom, order, CPUS_MAX);
		s = colon + 1;
	}
	while (s < end) {
		long lo, hi;
		if (range(&s, &lo, &hi) < 0 || (s < end && *s != ','))
			return bad(cp, "expected CPUs as 0,2,4-7 or a domain as S0:0-3 (S package, M NUMA node, C last-level cache, N machine; '@' joins)");
		for (long c = lo; c <= hi; c++) {
			if (dom && c >= norder)
				return bad(cp, "domain %.*s has %d CPUs, numbered from 0: no %.*s:%ld", dlen, name,
					   norder, dlen, name, c);
			if (add_cpu(cp, dom ? order[c] : c) < 0)
				return -1;
		}
		s += s < end;
	}
	return 0;
}

int plan_set_cpus(struct plan *p, const char *text, char *err, size_t errlen)
{
	struct cpus_parse cp = { .p = p, .text = text, .err = err, .errlen = errlen };
	int rc = -1;
	if (!(cp.out = malloc(CPUS_MAX * sizeof(*cp.out)))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (hwloc_topology_is_thissystem(p->topo)) {
		cp.allowed = hwloc_bitmap_alloc();
		if (cp.allowed && hwloc_get_cpubind(p->topo, cp.allowed, HWLOC_CPUBIND_PROCESS) < 0)
			hwloc_bitmap_copy(cp.allowed, hwloc_topology_get_allowed_cpuset(p->topo));
		else if (cp.allowed)
			hwloc_bitmap_and(cp.allowed, cp.allowed, hwloc_topology_get_allowed_cpuset(p->topo));
	}
	if (!*text) {
		bad(&cp, "empty: give CPUs as 0,2,4-7 or a domain as S0:0-3");
		goto out;
	}
	for (const char *s = text; *s;) {
		size_t len = strcspn(s, "@");
		if (!len || part(&cp, s, len) < 0) {
			if (!len)
				bad(&cp, "an empty part between '@'");
			goto out;
		}
		s += len + (s[len] == '@');
		if (s[-1] == '@' && !*s) {
			bad(&cp, "an empty part after '@'");
			goto out;
		}
	}
	free(p->cpus);
	p->cpus = cp.out;
	p->ncpus = cp.n;
	cp.out = NULL;
	snprintf(p->cpus_text, sizeof(p->cpus_text), "%s", text);
	rc = 0;
out:
	free(cp.out);
	hwloc_bitmap_free(cp.allowed);
	return rc;
}

const char *plan_cpus_text(const struct plan *p)
{
	return p->ncpus ? p->cpus_text : NULL;
}

int plan_cpus_count(const struct plan *p)
{
	return p->ncpus;
}
