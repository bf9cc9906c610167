/*
 * plan.c - hwloc: loading the topology and reading the machine from it.
 */
#include <hwloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan.h"
#include "size.h"

struct plan {
	hwloc_topology_t topo;
};

struct plan *plan_open(char *err, size_t errlen)
{
	struct plan *p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (hwloc_topology_init(&p->topo) < 0) {
		snprintf(err, errlen, "hwloc cannot initialise a topology");
		goto out_free;
	}
	if (hwloc_topology_load(p->topo) < 0) {
		snprintf(err, errlen, "hwloc cannot load the topology (HWLOC_SYNTHETIC='%s', HWLOC_XMLFILE='%s')",
			 getenv("HWLOC_SYNTHETIC") ? getenv("HWLOC_SYNTHETIC") : "",
			 getenv("HWLOC_XMLFILE") ? getenv("HWLOC_XMLFILE") : "");
		goto out_destroy;
	}
	/* hwloc falls back to this machine when it cannot use them: say so. */
	const char *envs[] = { "HWLOC_SYNTHETIC", "HWLOC_XMLFILE" };
	for (int i = 0; i < 2; i++) {
		const char *v = getenv(envs[i]);
		if (v && *v && hwloc_topology_is_thissystem(p->topo)) {
			snprintf(err, errlen, "hwloc could not use %s='%s' (for example HWLOC_SYNTHETIC='pack:2 core:4 pu:2', or an XML file from lstopo)",
				 envs[i], v);
			goto out_destroy;
		}
	}
	return p;

out_destroy:
	hwloc_topology_destroy(p->topo);
out_free:
	free(p);
	return NULL;
}

void plan_close(struct plan *p)
{
	if (!p)
		return;
	hwloc_topology_destroy(p->topo);
	free(p);
}

static int count_type(const struct plan *p, hwloc_obj_type_t type)
{
	int n = hwloc_get_nbobjs_by_type(p->topo, type);
	return n > 0 ? n : 0;
}

void plan_machine(const struct plan *p, struct plan_machine *m)
{
	static const hwloc_obj_type_t caches[4] = {
		HWLOC_OBJ_MACHINE, HWLOC_OBJ_L1CACHE, HWLOC_OBJ_L2CACHE, HWLOC_OBJ_L3CACHE,
	};
	memset(m, 0, sizeof(*m));
	m->packages = count_type(p, HWLOC_OBJ_PACKAGE);
	m->cores = count_type(p, HWLOC_OBJ_CORE);
	m->pus = count_type(p, HWLOC_OBJ_PU);
	for (int level = 1; level <= 3; level++) {
		hwloc_obj_t c = hwloc_get_obj_by_type(p->topo, caches[level], 0);
		if (c && c->attr) {
			m->cache[level] = (size_t)c->attr->cache.size;
			m->cache_count[level] = count_type(p, caches[level]);
		}
	}
	hwloc_obj_t root = hwloc_get_root_obj(p->topo);
	m->memory = root->total_memory;
	m->sysmem = (unsigned long long)sysconf(_SC_PHYS_PAGES) *
		    (unsigned long long)sysconf(_SC_PAGESIZE);
	hwloc_obj_t pkg = hwloc_get_obj_by_type(p->topo, HWLOC_OBJ_PACKAGE, 0);
	const char *model = pkg ? hwloc_obj_get_info_by_name(pkg, "CPUModel") : NULL;
	snprintf(m->cpu_model, sizeof(m->cpu_model), "%s", model ? model : "unknown");
	snprintf(m->hwloc_version, sizeof(m->hwloc_version), "%s", HWLOC_VERSION);
	m->synthetic = !hwloc_topology_is_thissystem(p->topo);
	m->usable_pus = m->pus;
	hwloc_bitmap_t set = hwloc_bitmap_alloc();
	if (!m->synthetic && set && hwloc_get_cpubind(p->topo, set, HWLOC_CPUBIND_PROCESS) == 0) {
		hwloc_bitmap_and(set, set, hwloc_topology_get_allowed_cpuset(p->topo));
		int n = hwloc_bitmap_weight(set);
		if (n > 0 && n < m->pus)
			m->usable_pus = n;
	}
	hwloc_bitmap_free(set);
}

int plan_export_xml(const struct plan *p, const char *path)
{
	return hwloc_topology_export_xml(p->topo, path, 0) < 0 ? -1 : 0;
}

void plan_describe(const struct plan_machine *m, FILE *out, const char *prefix)
{
	char buf[32];
	fprintf(out, "%s%s\n", prefix, m->cpu_model);
	fprintf(out, "%s%d package(s), %d core(s), %d PU(s)%s\n", prefix, m->packages,
		m->cores, m->pus,
		m->cores > 0 && m->pus > m->cores ? " (hyperthreads)" : m->cores > 0 ? " (no hyperthreads)" : "");
	if (m->usable_pus < m->pus)
		fprintf(out, "%sthis process may run on %d of them (CPU affinity)\n", prefix, m->usable_pus);
	if (m->synthetic)
		fprintf(out, "%snot this machine: the topology comes from HWLOC_SYNTHETIC or HWLOC_XMLFILE\n", prefix);
	for (int level = 1; level <= 3; level++) {
		if (!m->cache[level])
			continue;
		size_format(m->cache[level], buf, sizeof(buf));
		fprintf(out, "%sL%d: %d x %s\n", prefix, level, m->cache_count[level], buf);
	}
	size_format((size_t)m->memory, buf, sizeof(buf));
	fprintf(out, "%smemory: %s in NUMA nodes (hwloc)", prefix, buf);
	size_format((size_t)m->sysmem, buf, sizeof(buf));
	fprintf(out, ", %s in all (sysconf)\n", buf);
}
