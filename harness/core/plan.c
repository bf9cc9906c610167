/*
 * plan.c - hwloc: loading the topology and reading the machine from it,
 * and the placement policies. The CPU lists of --cpus (plan_cpus.c), the
 * measured siblings of --topology (plan_siblings.c) and the memory
 * policy of --mem (plan_mem.c) live beside it, sharing struct plan
 * through plan_int.h.
 */
#include <errno.h>
#include <hwloc.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan.h"
#include "plan_int.h"
#include "size.h"
#include "sysinfo.h"

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
	free(p->cpus);
	free(p->group);
	hwloc_topology_destroy(p->topo);
	free(p);
}

static int count_type(const struct plan *p, hwloc_obj_type_t type)
{
	int n = hwloc_get_nbobjs_by_type(p->topo, type);
	return n > 0 ? n : 0;
}

static int count_cores(const struct plan *p, hwloc_const_bitmap_t mask);

void plan_machine(const struct plan *p, struct plan_machine *m)
{
	static const hwloc_obj_type_t caches[4] = {
		HWLOC_OBJ_MACHINE, HWLOC_OBJ_L1CACHE, HWLOC_OBJ_L2CACHE, HWLOC_OBJ_L3CACHE,
	};
	memset(m, 0, sizeof(*m));
	m->packages = count_type(p, HWLOC_OBJ_PACKAGE);
	/* Measured siblings (plan_siblings.c) make the cores. */
	m->cores = p->group ? count_cores(p, NULL) : count_type(p, HWLOC_OBJ_CORE);
	m->pus = count_type(p, HWLOC_OBJ_PU);
	for (int level = 1; level <= 3; level++) {
		hwloc_obj_t c = hwloc_get_obj_by_type(p->topo, caches[level], 0);
		if (c && c->attr) {
			m->cache[level] = (size_t)c->attr->cache.size;
			m->cache_count[level] = count_type(p, caches[level]);
			if (level == 1)
				m->cache_line = c->attr->cache.linesize;
		}
	}
	hwloc_obj_t root = hwloc_get_root_obj(p->topo);
	m->memory = root->total_memory;
	m->sysmem = (unsigned long long)sysconf(_SC_PHYS_PAGES) *
		    (unsigned long long)sysconf(_SC_PAGESIZE);
	hwloc_obj_t pkg = hwloc_get_obj_by_type(p->topo, HWLOC_OBJ_PACKAGE, 0);
	const char *model = pkg ? hwloc_obj_get_info_by_name(pkg, "CPUModel") : NULL;
	snprintf(m->cpu_model, sizeof(m->cpu_model), "%s", model ? model : "unknown");
	sysinfo_squeeze(m->cpu_model);
	if (!m->cpu_model[0])
		snprintf(m->cpu_model, sizeof(m->cpu_model), "unknown");
	snprintf(m->hwloc_version, sizeof(m->hwloc_version), "%s", HWLOC_VERSION);
	m->hwloc_api_compiled = HWLOC_API_VERSION;
	m->hwloc_api_runtime = hwloc_get_api_version();
	m->synthetic = !hwloc_topology_is_thissystem(p->topo);
	m->cores_measured = p->group != NULL;
	m->usable_pus = m->pus;
	m->usable_cores = m->cores;
	hwloc_bitmap_t set = hwloc_bitmap_alloc();
	if (!m->synthetic && set && hwloc_get_cpubind(p->topo, set, HWLOC_CPUBIND_PROCESS) == 0) {
		hwloc_bitmap_and(set, set, hwloc_topology_get_allowed_cpuset(p->topo));
		int n = hwloc_bitmap_weight(set);
		if (n > 0 && n < m->pus) {
			m->usable_pus = n;
			m->usable_cores = count_cores(p, set);
		}
	}
	hwloc_bitmap_free(set);
}

int plan_ladder(const struct plan_machine *m, int *out, int max, int most)
{
	int cores = m->usable_cores > 0 ? m->usable_cores : m->usable_pus, n = 0;
	int pus = m->usable_pus > cores ? m->usable_pus : cores;
	cores = cores < 1 ? 1 : cores < most ? cores : most;
	pus = pus < most ? pus : most;
	for (int w = 1; w < cores && n < max; w *= 2)
		out[n++] = w;
	if (n < max)
		out[n++] = cores;
	if (pus > cores && n < max)
		out[n++] = pus;
	return n;
}

void plan_ladder_text(const struct plan_machine *m, int most, char *buf, size_t len)
{
	int counts[64], n = plan_ladder(m, counts, 64, most);
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%d", i ? "," : "", counts[i]);
}

static void tree_name(hwloc_obj_t o, char *buf, size_t len)
{
	char type[32], size[32] = "";
	hwloc_obj_type_snprintf(type, sizeof(type), o, 0);
	if (hwloc_obj_type_is_cache(o->type)) {
		size_format((size_t)o->attr->cache.size, size, sizeof(size));
		snprintf(buf, len, "%s L#%u (%s)", type, o->logical_index, size);
	} else if (o->type == HWLOC_OBJ_PU) {
		snprintf(buf, len, "PU L#%u (P#%u)", o->logical_index, o->os_index);
	} else {
		snprintf(buf, len, "%s L#%u", type, o->logical_index);
	}
}

static void tree_walk(hwloc_obj_t o, int depth, FILE *out)
{
	char line[1024] = "", name[96];
	size_t used = 0;
	/* Follow the chain of single children on one line. */
	for (;;) {
		if (o->type != HWLOC_OBJ_MACHINE && o->type != HWLOC_OBJ_GROUP) {
			tree_name(o, name, sizeof(name));
			used += (size_t)snprintf(line + used, used < sizeof(line) ? sizeof(line) - used : 0,
						 "%s%s", used ? " + " : "", name);
		}
		if (o->arity != 1 || used >= sizeof(line))
			break;
		o = o->children[0];
	}
	if (line[0])
		fprintf(out, "%*s%s\n", 2 * depth, "", line);
	for (unsigned i = 0; i < o->arity; i++)
		tree_walk(o->children[i], depth + (line[0] != 0), out);
}

void plan_tree(const struct plan *p, FILE *out)
{
	tree_walk(hwloc_get_root_obj(p->topo), 0, out);
}

int plan_export_xml(const struct plan *p, const char *path)
{
	/* Through a buffer, so that a failed write keeps its errno (hwloc's
	 * own file export does not say why it failed). */
	char *xml = NULL;
	int len = 0;
	if (hwloc_topology_export_xmlbuffer(p->topo, &xml, &len, 0) < 0 || !xml) {
		errno = ENOMEM;
		return -1;
	}
	size_t n = len > 0 && xml[len - 1] == '\0' ? (size_t)len - 1 : (size_t)len;
	FILE *f = fopen(path, "w");
	int bad = !f || fwrite(xml, 1, n, f) != n;
	int saved = errno;
	hwloc_free_xmlbuffer(p->topo, xml);
	if (f && (fclose(f) != 0 || bad))
		return -1;
	errno = saved;
	return bad ? -1 : 0;
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

/* ---- placement ------------------------------------------------------------ */

struct plan_layout {
	const struct plan *plan;
	enum plan_policy policy;
	int workers;
	int binds;                   /* binding is possible and asked for */
	hwloc_bitmap_t original;     /* the process's CPUs when the layout was made */
	hwloc_obj_t pu[];            /* one per worker; NULL for policy none */
};

static const char *const policy_names[] = {
	[PLAN_NONE] = "none", [PLAN_CORES] = "cores", [PLAN_THREADS] = "threads",
	[PLAN_SPREAD] = "spread", [PLAN_CPUS] = "cpus",
};

int plan_policy_parse(const char *text, enum plan_policy *out, char *err, size_t errlen)
{
	for (int i = 0; i < PLAN_POLICIES; i++) {
		if (strcmp(text, policy_names[i]) == 0) {
			*out = (enum plan_policy)i;
			return 0;
		}
	}
	snprintf(err, errlen, "unknown --bind '%s': allowed are none, cores, threads, spread, cpus (with --cpus LIST)", text);
	return -1;
}

const char *plan_policy_name(enum plan_policy policy)
{
	return policy_names[policy];
}

/* hwloc_distrib's answer for n workers, each narrowed to one PU. */
static int place_spread(const struct plan *p, struct plan_layout *l)
{
	hwloc_topology_t t = p->topo;
	hwloc_obj_t root = hwloc_get_root_obj(t);
	hwloc_bitmap_t *sets = calloc((size_t)l->workers, sizeof(*sets));
	int rc = 0;
	if (!sets)
		return -1;
	/* hwloc_distrib stores a new bitmap in each slot (hwloc_bitmap_dup). */
	if (hwloc_distrib(t, &root, 1, sets, (unsigned)l->workers, INT_MAX, 0) < 0)
		rc = -1;
	for (int i = 0; i < l->workers; i++) {
		if (!sets[i])
			rc = -1;
		if (rc == 0) {
			hwloc_bitmap_singlify(sets[i]);
			l->pu[i] = hwloc_get_pu_obj_by_os_index(t, (unsigned)hwloc_bitmap_first(sets[i]));
			if (!l->pu[i])
				rc = -1;
		}
		hwloc_bitmap_free(sets[i]);
	}
	free(sets);
	return rc;
}

/* --cpus: worker i on the list's i-th CPU. 0, or -1 with err. */
static int place_cpus(const struct plan *p, struct plan_layout *l, char *err, size_t errlen)
{
	if (!p->ncpus) {
		snprintf(err, errlen, "--bind cpus needs --cpus LIST (such as 0,2,4-7 or S0:0-3)");
		return -1;
	}
	if (l->workers > p->ncpus) {
		snprintf(err, errlen, "--cpus %s: %d workers but %d CPU%s listed (allowed: at most %d)",
			 p->cpus_text, l->workers, p->ncpus, p->ncpus == 1 ? "" : "s", p->ncpus);
		return -1;
	}
	for (int i = 0; i < l->workers; i++)
		l->pu[i] = hwloc_get_pu_obj_by_os_index(p->topo, (unsigned)p->cpus[i]);
	return 0;
}

/* pu's core: hwloc's, or its group of measured siblings (plan_siblings.c);
 * -1 when it has neither. */
static int core_of(const struct plan *p, hwloc_obj_t pu)
{
	if (p->group)
		return p->group[pu->logical_index];
	hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(p->topo, HWLOC_OBJ_CORE, pu);
	return core ? (int)core->logical_index : -1;
}

/* Cores with a PU in mask (NULL: every PU). */
static int count_cores(const struct plan *p, hwloc_const_bitmap_t mask)
{
	hwloc_bitmap_t seen = hwloc_bitmap_alloc();
	int n = 0;
	for (hwloc_obj_t pu = NULL; seen && (pu = hwloc_get_next_obj_by_type(p->topo, HWLOC_OBJ_PU, pu));) {
		int core = core_of(p, pu);
		if (core < 0 || (mask && !hwloc_bitmap_isset(mask, pu->os_index)) ||
		    hwloc_bitmap_isset(seen, (unsigned)core))
			continue;
		hwloc_bitmap_set(seen, (unsigned)core);
		n++;
	}
	hwloc_bitmap_free(seen);
	return n;
}

/* Fills l->pu in the order of the cores' first PUs: one PU per core, or
 * (threads) every PU of a core before the next; a PU without a core
 * stands alone. Only PUs in mask (NULL: all). */
static void place_by_core(const struct plan *p, struct plan_layout *l, hwloc_const_bitmap_t mask,
			  int threads)
{
	hwloc_topology_t t = p->topo;
	hwloc_bitmap_t seen = hwloc_bitmap_alloc();
	int i = 0;
#define USABLE(pu) (!mask || hwloc_bitmap_isset(mask, (pu)->os_index))
	for (hwloc_obj_t pu = NULL; seen && i < l->workers && (pu = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_PU, pu));) {
		int core = core_of(p, pu);
		if (!USABLE(pu) || (core >= 0 && hwloc_bitmap_isset(seen, (unsigned)core)))
			continue;
		if (core < 0 || !threads) {
			if (core >= 0 || threads)
				l->pu[i++] = pu;
			if (core >= 0)
				hwloc_bitmap_set(seen, (unsigned)core);
			continue;
		}
		hwloc_bitmap_set(seen, (unsigned)core);
		for (hwloc_obj_t q = pu; q && i < l->workers; q = q->next_cousin)
			if (USABLE(q) && core_of(p, q) == core)
				l->pu[i++] = q;
	}
#undef USABLE
	hwloc_bitmap_free(seen);
}

struct plan_layout *plan_layout_make(const struct plan *p, enum plan_policy policy,
				     int workers, char *err, size_t errlen)
{
	hwloc_topology_t t = p->topo;
	int cores = 0, pus = 0;   /* the ones this process may use: counted below */
	struct plan_layout *l = calloc(1, sizeof(*l) + sizeof(hwloc_obj_t) * (size_t)workers);
	if (!l) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	*l = (struct plan_layout){ .plan = p, .policy = policy, .workers = workers };
	l->original = hwloc_bitmap_alloc();
	if (hwloc_get_cpubind(t, l->original, HWLOC_CPUBIND_PROCESS) < 0)
		hwloc_bitmap_copy(l->original, hwloc_topology_get_allowed_cpuset(t));
	l->binds = policy != PLAN_NONE && hwloc_topology_is_thissystem(t);
	/* Only the PUs this process may run on (taskset, cgroups) are used. */
	int restricted = !hwloc_topology_is_thissystem(t) ? 0
		: !hwloc_bitmap_isincluded(hwloc_topology_get_allowed_cpuset(t), l->original);
	for (hwloc_obj_t pu = NULL; (pu = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_PU, pu));)
		pus += !restricted || hwloc_bitmap_isset(l->original, pu->os_index);
	cores = count_cores(p, restricted ? l->original : NULL);

	if (policy == PLAN_CPUS)
		return place_cpus(p, l, err, errlen) < 0 ? (plan_layout_free(l), NULL) : l;
	int most = policy == PLAN_CORES ? cores : pus;
	if (policy != PLAN_NONE && workers > most) {
		snprintf(err, errlen, "--bind %s: %d workers but %d %s here%s (allowed: at most %d%s)",
			 policy_names[policy], workers, most,
			 policy != PLAN_CORES ? "PUs" : p->group ? "cores (measured siblings)" : "cores",
			 restricted ? " for this process (CPU affinity)" : "",
			 most, policy == PLAN_CORES && pus > cores ? "; threads and spread use every PU" : "");
		goto out_free;
	}
	/* cores: each core's first usable PU; threads: every usable PU of a
	 * core before the next (also spread, when restricted). */
	if (policy == PLAN_CORES || policy == PLAN_THREADS || (policy == PLAN_SPREAD && restricted))
		place_by_core(p, l, restricted ? l->original : NULL, policy != PLAN_CORES);
	if (policy == PLAN_SPREAD && !restricted && place_spread(p, l) < 0) {
		snprintf(err, errlen, "--bind spread: hwloc_distrib could not place %d workers", workers);
		goto out_free;
	}
	return l;

out_free:
	plan_layout_free(l);
	return NULL;
}

void plan_layout_free(struct plan_layout *l)
{
	if (!l)
		return;
	hwloc_bitmap_free(l->original);
	free(l);
}

static const char *cache_name(hwloc_obj_type_t type)
{
	switch (type) {
	case HWLOC_OBJ_L1CACHE: return "L1d";
	case HWLOC_OBJ_L2CACHE: return "L2";
	case HWLOC_OBJ_L3CACHE: return "L3";
	case HWLOC_OBJ_L4CACHE: return "L4";
	default: return NULL;
	}
}

/* ", measured sibling of P#1" when --topology put pu in a group. */
static void print_siblings(const struct plan *p, hwloc_obj_t pu, FILE *out)
{
	int n = 0;
	for (hwloc_obj_t q = NULL; p->group && (q = hwloc_get_next_obj_by_type(p->topo, HWLOC_OBJ_PU, q));)
		if (q != pu && p->group[q->logical_index] == p->group[pu->logical_index])
			fprintf(out, "%sP#%u", n++ ? "+" : ", measured sibling of ", q->os_index);
}

void plan_layout_print(const struct plan_layout *l, FILE *out)
{
	for (int i = 0; i < l->workers; i++) {
		hwloc_obj_t pu = l->pu[i];
		if (!pu) {
			fprintf(out, "worker %d: unbound (the OS decides)\n", i);
			continue;
		}
		fprintf(out, "worker %d: PU L#%u (P#%u)", i, pu->logical_index, pu->os_index);
		hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(l->plan->topo, HWLOC_OBJ_CORE, pu);
		if (core)
			fprintf(out, ", core L#%u", core->logical_index);
		print_siblings(l->plan, pu, out);
		for (hwloc_obj_t a = pu->parent; a; a = a->parent) {
			const char *name = cache_name(a->type);
			char size[32];
			if (!name)
				continue;
			size_format((size_t)a->attr->cache.size, size, sizeof(size));
			fprintf(out, ", %s L#%u (%s)", name, a->logical_index, size);
		}
		hwloc_obj_t pkg = hwloc_get_ancestor_obj_by_type(l->plan->topo, HWLOC_OBJ_PACKAGE, pu);
		if (pkg)
			fprintf(out, ", package L#%u", pkg->logical_index);
		if (hwloc_get_nbobjs_by_type(l->plan->topo, HWLOC_OBJ_NUMANODE) > 1)
			fprintf(out, ", NUMA node L#%d", plan_layout_node(l, l->plan, i));
		fputc('\n', out);
	}
}

int plan_layout_pu(const struct plan_layout *l, int id)
{
	return l->pu[id] ? (int)l->pu[id]->os_index : -1;
}

int plan_layout_pu_logical(const struct plan_layout *l, int id)
{
	return l->pu[id] ? (int)l->pu[id]->logical_index : -1;
}

int plan_layout_core(const struct plan_layout *l, int id)
{
	hwloc_obj_t core = l->pu[id] ? hwloc_get_ancestor_obj_by_type(l->plan->topo, HWLOC_OBJ_CORE, l->pu[id]) : NULL;
	return core ? (int)core->logical_index : -1;
}

int plan_layout_binds(const struct plan_layout *l)
{
	return l->binds;
}

int plan_bind(const struct plan_layout *l, int id, char *err, size_t errlen)
{
	if (!l || !l->binds)
		return 0;
	hwloc_obj_t pu = l->pu[id];
	if (hwloc_set_cpubind(l->plan->topo, pu->cpuset, HWLOC_CPUBIND_THREAD | HWLOC_CPUBIND_STRICT) < 0 &&
	    hwloc_set_cpubind(l->plan->topo, pu->cpuset, HWLOC_CPUBIND_THREAD) < 0) {
		snprintf(err, errlen, "cannot bind worker %d to PU P#%u: %s", id, pu->os_index,
			 strerror(errno));
		return -1;
	}
	return 0;
}

void plan_unbind(const struct plan_layout *l)
{
	if (l && l->binds)
		hwloc_set_cpubind(l->plan->topo, l->original, HWLOC_CPUBIND_THREAD);
}

int plan_where(const struct plan_layout *l)
{
	hwloc_bitmap_t set = hwloc_bitmap_alloc();
	int pu = -1;
	if (set && l && hwloc_topology_is_thissystem(l->plan->topo) &&
	    hwloc_get_last_cpu_location(l->plan->topo, set, HWLOC_CPUBIND_THREAD) == 0)
		pu = hwloc_bitmap_first(set);
	hwloc_bitmap_free(set);
	return pu;
}

static const hwloc_obj_type_t cache_types[] = {
	[SIZE_L1] = HWLOC_OBJ_L1CACHE, [SIZE_L2] = HWLOC_OBJ_L2CACHE, [SIZE_L3] = HWLOC_OBJ_L3CACHE,
};

/* --size [F*]DRAM: F x 4 x all the last-level cache hwloc reports, as
 * STREAM's rule asks; 0, or -1 with err when hwloc knows no cache size. */
static int size_dram(hwloc_topology_t t, const struct size_spec *spec, size_t *bytes,
		     char *rule, size_t rulelen, char *err, size_t errlen)
{
	hwloc_obj_type_t llc = HWLOC_OBJ_L1CACHE;
	char buf[32];
	for (int k = SIZE_L1; k <= SIZE_L3; k++)
		if (hwloc_get_nbobjs_by_type(t, cache_types[k]) > 0)
			llc = cache_types[k];
	double total = 0;
	int count = hwloc_get_nbobjs_by_type(t, llc);
	for (int i = 0; i < count; i++)
		total += (double)hwloc_get_obj_by_type(t, llc, (unsigned)i)->attr->cache.size;
	if (total <= 0) {
		snprintf(err, errlen, "--size DRAM: hwloc reports no cache sizes on this machine; give bytes instead");
		return -1;
	}
	*bytes = (size_t)(spec->factor * 4 * total);
	size_format((size_t)total, buf, sizeof(buf));
	snprintf(rule, rulelen, "%g*DRAM: %g x 4 x %s of last-level cache (%d x %s)", spec->factor,
		 spec->factor, buf, count, cache_name(llc));
	return 0;
}

int plan_size(const struct plan *p, const struct plan_layout *l, const struct size_spec *spec,
	      size_t *bytes, char *rule, size_t rulelen, char *err, size_t errlen)
{
	const hwloc_obj_type_t *types = cache_types;
	hwloc_topology_t t = p->topo;
	char buf[32];

	if (spec->level == SIZE_BYTES) {
		*bytes = spec->bytes;
		size_format(*bytes, buf, sizeof(buf));
		snprintf(rule, rulelen, "%s as given", buf);
		return 0;
	}
	if (spec->level == SIZE_DRAM)
		return size_dram(t, spec, bytes, rule, rulelen, err, errlen);

	/* Cache-relative: the workers' PUs (policy none: as cores would place them). */
	/* Under none, workers are taken as cores would place them, then threads;
	 * more workers than PUs wrap around the PUs (sizing only). */
	const struct plan_layout *placed = l;
	struct plan_layout *tmp = NULL;
	int cores = count_type(p, HWLOC_OBJ_CORE), pus = count_type(p, HWLOC_OBJ_PU);
	int workers = l->workers;
	if (l->policy == PLAN_NONE) {
		int n = workers < pus ? workers : pus;
		tmp = plan_layout_make(p, n <= cores ? PLAN_CORES : PLAN_THREADS, n < 1 ? 1 : n,
				       err, errlen);
		if (!tmp)
			return -1;
		placed = tmp;
	}
#define PU_OF(i) placed->pu[(i) % placed->workers]
	double least = -1;
	int sharing = 0;
	hwloc_obj_t which = NULL;
	for (int i = 0; i < workers; i++) {
		hwloc_obj_t c = hwloc_get_ancestor_obj_by_type(t, types[spec->level], PU_OF(i));
		if (!c || !c->attr->cache.size) {
			snprintf(err, errlen, "--size %s: this machine has no L%d cache above PU P#%u (hwloc)",
				 spec->level == SIZE_L1 ? "L1" : spec->level == SIZE_L2 ? "L2" : "L3",
				 (int)spec->level, PU_OF(i)->os_index);
			plan_layout_free(tmp);
			return -1;
		}
		int s = 0;
		for (int j = 0; j < workers; j++)
			s += hwloc_get_ancestor_obj_by_type(t, types[spec->level], PU_OF(j)) == c;
		double share = (double)c->attr->cache.size / s;
		if (least < 0 || share < least) {
			least = share;
			sharing = s;
			which = c;
		}
	}
#undef PU_OF
	*bytes = (size_t)(workers * spec->factor * least);
	size_format((size_t)which->attr->cache.size, buf, sizeof(buf));
	snprintf(rule, rulelen, "%g*L%d: %d worker(s) x %g x (%s L%d L#%u / %d sharing it)%s",
		 spec->factor, (int)spec->level, workers, spec->factor, buf, (int)spec->level,
		 which->logical_index, sharing, tmp ? (tmp->policy == PLAN_CORES ? "; placed as --bind cores would"
						       : "; placed as --bind threads would") : "");
	plan_layout_free(tmp);
	return 0;
}
