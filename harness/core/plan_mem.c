/*
 * plan_mem.c - where the data goes on a machine with several NUMA nodes
 * (--mem), through hwloc's memory binding. The policy is set on the
 * calling thread before the kernels allocate and touch their data; Linux
 * applies a thread's policy when a page is first touched (shared
 * anonymous memory too), and threads and forked children created later
 * inherit it, so one call covers every runner. local is the kernel's own
 * rule (first touch: a page goes to the node of the CPU that first writes
 * it); interleave spreads pages round-robin over every node; node:N binds
 * them to node N. On one node, or a topology that is not this machine,
 * nothing is bound and the reason is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plan.h"
#include "plan_int.h"

static const char *const mem_names[] = {
	[PLAN_MEM_DEFAULT] = "default", [PLAN_MEM_LOCAL] = "local",
	[PLAN_MEM_INTERLEAVE] = "interleave", [PLAN_MEM_NODE] = "node",
};

int plan_mem_parse(const struct plan *p, const char *text, struct plan_mem *out, char *err,
		   size_t errlen)
{
	int nodes = hwloc_get_nbobjs_by_type(p->topo, HWLOC_OBJ_NUMANODE);
	long node;
	*out = (struct plan_mem){ .kind = PLAN_MEM_DEFAULT };
	snprintf(out->text, sizeof(out->text), "%s", text);
	if (strcmp(text, "local") == 0 || strcmp(text, "interleave") == 0) {
		out->kind = text[0] == 'l' ? PLAN_MEM_LOCAL : PLAN_MEM_INTERLEAVE;
		return 0;
	}
	if (strncmp(text, "node:", 5) != 0) {
		snprintf(err, errlen, "unknown --mem '%s': allowed are local, interleave, node:N (N from 0 to %d)",
			 text, nodes - 1);
		return -1;
	}
	if (cli_whole(text + 5, 0, nodes - 1, &node) < 0) {
		snprintf(err, errlen, "bad --mem '%s': no NUMA node %s here (nodes 0 to %d, hwloc's logical numbers)",
			 text, text + 5, nodes - 1);
		return -1;
	}
	out->kind = PLAN_MEM_NODE;
	out->node = (int)node;
	return 0;
}

const char *plan_mem_name(const struct plan_mem *m)
{
	return m->kind == PLAN_MEM_NODE ? m->text : mem_names[m->kind];
}

void plan_mem_describe(const struct plan *p, const struct plan_mem *m, FILE *out)
{
	int nodes = hwloc_get_nbobjs_by_type(p->topo, HWLOC_OBJ_NUMANODE);
	switch (m->kind) {
	case PLAN_MEM_DEFAULT:
		fprintf(out, "memory: the OS default (first touch), %d NUMA node%s\n", nodes, nodes == 1 ? "" : "s");
		break;
	case PLAN_MEM_LOCAL:
		fprintf(out, "memory: --mem local: each page on the node of the CPU that first touches it, of %d NUMA node%s\n",
			nodes, nodes == 1 ? "" : "s");
		break;
	case PLAN_MEM_INTERLEAVE:
		fprintf(out, "memory: --mem interleave: pages round-robin over NUMA nodes 0 to %d\n", nodes - 1);
		break;
	case PLAN_MEM_NODE:
		fprintf(out, "memory: --mem %s: every page on NUMA node L#%d (P#%u)\n", m->text, m->node,
			hwloc_get_obj_by_type(p->topo, HWLOC_OBJ_NUMANODE, (unsigned)m->node)->os_index);
		break;
	}
}

int plan_mem_apply(const struct plan *p, const struct plan_mem *m, char *why, size_t len)
{
	hwloc_topology_t t = p->topo;
	int nodes = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_NUMANODE);
	why[0] = '\0';
	if (m->kind == PLAN_MEM_DEFAULT)
		return 0;
	if (!hwloc_topology_is_thissystem(t))
		return snprintf(why, len, "--mem %s not applied: the topology is not this machine", plan_mem_name(m)), 0;
	if (nodes < 2)
		return snprintf(why, len, "--mem %s not applied: this machine has one NUMA node, so every page is local", plan_mem_name(m)), 0;
	hwloc_bitmap_t set = hwloc_bitmap_alloc();
	hwloc_membind_policy_t policy = HWLOC_MEMBIND_FIRSTTOUCH;
	if (!set)
		return snprintf(why, len, "out of memory"), -1;
	if (m->kind == PLAN_MEM_NODE) {
		hwloc_bitmap_only(set, hwloc_get_obj_by_type(t, HWLOC_OBJ_NUMANODE, (unsigned)m->node)->os_index);
		policy = HWLOC_MEMBIND_BIND;
	} else {
		hwloc_bitmap_copy(set, hwloc_topology_get_topology_nodeset(t));
		policy = m->kind == PLAN_MEM_INTERLEAVE ? HWLOC_MEMBIND_INTERLEAVE : HWLOC_MEMBIND_FIRSTTOUCH;
	}
	int rc = hwloc_set_membind(t, set, policy, HWLOC_MEMBIND_BYNODESET);
	hwloc_bitmap_free(set);
	if (rc < 0)
		return snprintf(why, len, "--mem %s: hwloc_set_membind failed", plan_mem_name(m)), -1;
	return 1;
}

int plan_layout_node(const struct plan_layout *l, const struct plan *p, int id)
{
	int os = plan_layout_pu(l, id);
	hwloc_obj_t pu = os < 0 ? NULL : hwloc_get_pu_obj_by_os_index(p->topo, (unsigned)os);
	if (!pu)
		return -1;
	for (hwloc_obj_t a = pu; a; a = a->parent)
		if (a->memory_arity > 0 && a->memory_first_child->type == HWLOC_OBJ_NUMANODE)
			return (int)a->memory_first_child->logical_index;
	return -1;
}

int plan_mem_census(char *buf, size_t len)
{
	unsigned long long pages[PLAN_MEM_NODES] = { 0 }, total = 0;
	char line[4096];
	FILE *f = fopen("/proc/self/numa_maps", "r");
	buf[0] = '\0';
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, "file=/dev/zero"))   /* MAP_SHARED | MAP_ANONYMOUS */
			continue;
		for (char *s = strstr(line, " N"); s; s = strstr(s + 1, " N")) {
			unsigned node;
			unsigned long long n;
			if (sscanf(s, " N%u=%llu", &node, &n) == 2 && node < PLAN_MEM_NODES) {
				pages[node] += n;
				total += n;
			}
		}
	}
	fclose(f);
	if (!total)
		return -1;
	size_t used = 0;
	for (unsigned node = 0; node < PLAN_MEM_NODES && used < len; node++)
		if (pages[node])
			used += (size_t)snprintf(buf + used, len - used, "%sN%u %.0f%%", used ? ", " : "", node,
						 100.0 * (double)pages[node] / (double)total);
	if (used < len)
		snprintf(buf + used, len - used, " of %llu pages", total);
	return 0;
}
