/*
 * results.c - the run folder: making it safely over an earlier run,
 * meta.json (the marker, the settings, the machine), the topology files
 * and the latest link; `parbench run` drives it as its first output.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outputs.h"
#include "results.h"
#include "../core/sysinfo.h"

extern char **environ;

/* A CSV field: commas become semicolons, quotes and newlines spaces. */
static void put_field(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		char c = *s;
		if (c == ',')
			c = ';';
		else if (c == '"' || c == '\n' || c == '\r')
			c = ' ';
		fputc(c, f);
	}
}

void results_csv_text(FILE *f, const char *s)
{
	put_field(f, s);
}

static int mkdir_parents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = mkdir(path, 0777);
		*p = '/';
		if (rc < 0 && errno != EEXIST)
			return -1;
	}
	return mkdir(path, 0777) < 0 && errno != EEXIST ? -1 : 0;
}

/* 1 if dir has no entries, 0 if it has, -1 if it cannot be read. */
static int dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;
	if (!d)
		return -1;
	while (empty && (e = readdir(d)))
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty;
}

/* Removes the files an earlier run wrote in dir/sub with these endings. */
static void remove_outputs(const char *dir, const char *sub, const char *const *endings)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	DIR *d = opendir(path);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		for (const char *const *end = endings; *end; end++) {
			size_t el = strlen(*end);
			if (len > el && strcmp(e->d_name + len - el, *end) == 0) {
				snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, e->d_name);
				unlink(path);
			}
		}
	}
	closedir(d);
}

/* An existing --out must be empty or hold an earlier parbench run (its
 * meta.json and the table it wrote: samples.csv for run, overheads.csv for
 * overheads, convoy.csv for convoy); that run's outputs are removed, so nothing stale makes the
 * new run look complete. Anything else is refused. */
static int prepare_dir(const char *dir, char *err, size_t errlen)
{
	static const char *const plots[] = { ".png", ".svg", NULL };
	static const char *const data[] = { ".dat", NULL };
	static const char *const outputs[] = {
		"summary.csv", "report.md", "samples.csv", "results.json", "overheads.csv", "overheads.md",
		"trace.csv", "convoy.csv", "convoy-latency.csv", "convoy.md",
		"cpython.csv", "cpython.json", "cpython.skipped",   /* scripts/cpython.sh */
		NULL,
	};
	char meta[4096], samples[4096], overheads[4096], convoy[4096], head[256] = "";
	int empty = dir_is_empty(dir);

	if (empty < 0) {
		snprintf(err, errlen, "cannot read --out '%s': %s", dir, strerror(errno));
		return -1;
	}
	if (empty)
		return 0;
	snprintf(meta, sizeof(meta), "%s/meta.json", dir);
	snprintf(samples, sizeof(samples), "%s/samples.csv", dir);
	snprintf(overheads, sizeof(overheads), "%s/overheads.csv", dir);
	snprintf(convoy, sizeof(convoy), "%s/convoy.csv", dir);
	FILE *f = fopen(meta, "r");
	if (f) {
		size_t got = fread(head, 1, sizeof(head) - 1, f);
		head[got] = '\0';
		fclose(f);
	}
	if (!strstr(head, RESULTS_MARKER) ||
	    (access(samples, F_OK) != 0 && access(overheads, F_OK) != 0 &&
	     access(convoy, F_OK) != 0)) {
		snprintf(err, errlen, "--out '%s' holds other files: name a new or empty directory, or an earlier parbench run's",
			 dir);
		return -1;
	}
	for (const char *const *o = outputs; *o; o++) {
		snprintf(meta, sizeof(meta), "%s/%s", dir, *o);
		unlink(meta);
	}
	remove_outputs(dir, "plots", plots);
	remove_outputs(dir, "plots/data", data);
	return 0;
}

int results_open(struct results *r, const char *dir, char *err, size_t errlen)
{
	struct stat st;

	if (strlen(dir) >= sizeof(r->dir)) {
		snprintf(err, errlen, "--out '%.60s...' is too long", dir);
		return -1;
	}
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	errno = 0;
	if (mkdir_parents(r->dir) < 0 || stat(r->dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		if (errno == 0 || errno == EEXIST)
			errno = ENOTDIR;
		snprintf(err, errlen, "cannot create --out '%s': %s (it must be a directory parbench can write)",
			 dir, strerror(errno));
		return -1;
	}
	return prepare_dir(r->dir, err, errlen);
}

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_key(FILE *f, const char *key, const char *value, int last)
{
	fprintf(f, "  ");
	json_string(f, key);
	fputs(": ", f);
	json_string(f, value);
	fputs(last ? "\n" : ",\n", f);
}

/* "key": number, or null when the value says it was unreadable (< 0). */
static void json_count(FILE *f, const char *key, long long v)
{
	if (v < 0)
		fprintf(f, "  \"%s\": null,\n", key);
	else
		fprintf(f, "  \"%s\": %lld,\n", key, v);
}

static void json_load(FILE *f, const char *key, const struct sysinfo_load *l)
{
	if (l->valid)
		fprintf(f, "  \"%s\": [%.2f, %.2f, %.2f],\n", key, l->avg[0], l->avg[1], l->avg[2]);
	else
		fprintf(f, "  \"%s\": null,\n", key);
}

static void json_khz(FILE *f, const char *key, long khz)
{
	if (khz < 0)
		fprintf(f, ", \"%s\": null", key);
	else
		fprintf(f, ", \"%s\": %ld", key, khz);
}

/* The conditions of the run (sysinfo.h), as top-level keys. */
static void put_sysinfo(FILE *f, const struct sysinfo_host *si)
{
	json_key(f, "kernel_release", si->kernel_release, 0);
	json_key(f, "arch", si->arch, 0);
	json_key(f, "boot_time", si->boot_time, 0);
	json_count(f, "aslr", si->aslr);
	json_count(f, "online_cpus", si->online_cpus);
	json_key(f, "online_cpu_list", si->online_list, 0);
	json_count(f, "affinity_cpus", si->affinity_cpus);
	json_key(f, "affinity_cpu_list", si->affinity_list, 0);
	json_key(f, "governor", si->governor, 0);
	fputs("  \"cpufreq\": [", f);
	for (int i = 0; i < si->ncpufreq; i++) {
		const struct sysinfo_cpufreq *c = &si->cpufreq[i];
		fprintf(f, "%s\n    {\"cpu\": %d, \"governor\": ", i ? "," : "", c->cpu);
		json_string(f, c->governor);
		json_khz(f, "cur_khz", c->cur_khz);
		json_khz(f, "max_khz", c->max_khz);
		fputc('}', f);
	}
	fputs(si->ncpufreq ? "\n  ],\n" : "],\n", f);
	fprintf(f, "  \"cpufreq_cpus_omitted\": %d,\n", si->cpufreq_omitted);
	json_load(f, "loadavg_start", &si->load_start);
	json_load(f, "loadavg_end", &si->load_end);
	json_key(f, "clock", "CLOCK_MONOTONIC", 0);
	json_count(f, "clock_getres_ns", si->clock_getres_ns);
	json_count(f, "clock_measured_resolution_ns", si->clock_measured_ns);
	json_key(f, "libgomp", si->libgomp, 0);
	fprintf(f, "  \"openmp_spec\": %ld,\n", si->openmp_spec);
	json_key(f, "openmp_version", si->openmp_version, 0);
}

static void put_machine(FILE *f, const struct plan_machine *m, const struct sysinfo_host *sys);

/* meta.json is written to a temporary file and renamed over the old one,
 * so a reader never sees half of it. meta_begin opens it with the marker;
 * meta_end adds the machine, closes and renames; 0 or -1. */
static FILE *meta_begin(const struct results *r)
{
	char tmp[sizeof(r->dir) + 40];
	snprintf(tmp, sizeof(tmp), "%s/.meta.json.tmp", r->dir);
	FILE *f = fopen(tmp, "w");
	if (f)
		fputs("{\n  " RESULTS_MARKER ",\n", f);
	return f;
}

static int meta_end(const struct results *r, FILE *f, const struct plan_machine *m,
		    const struct sysinfo_host *sys)
{
	char path[sizeof(r->dir) + 32], tmp[sizeof(r->dir) + 40];
	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	snprintf(tmp, sizeof(tmp), "%s/.meta.json.tmp", r->dir);
	put_machine(f, m, sys);
	int bad = ferror(f);
	if (fclose(f) != 0 || bad || rename(tmp, path) < 0)
		return -1;
	return 0;
}

/* run's meta.json with status: the settings of ctx, then the machine. */
static int results_meta(const struct results *r, const struct sink_context *meta,
			const char *status)
{
	FILE *f = meta_begin(r);
	if (!f)
		return -1;
	json_key(f, "status", status, 0);
	fprintf(f, "  \"interrupted\": %s,\n",
		strcmp(status, "interrupted") == 0 ? "true" : "false");
	json_key(f, "date", meta->date, 0);
	json_key(f, "host", meta->host, 0);
	json_key(f, "command", meta->command, 0);
	json_key(f, "git", meta->git, 0);
	json_key(f, "profile", meta->profile, 0);
	json_key(f, "size", meta->size, 0);
	json_key(f, "size_rule", "Lk: workers x factor x min over the workers of (size of the Lk above its PU / workers sharing it), workers placed by --bind (none: as cores would); DRAM: factor x 4 x all last-level caches; the size_rule column has each configuration's", 0);
	fprintf(f, "  \"reps\": %d,\n  \"warmup\": %d,\n  \"min_time_s\": %g,\n  \"timeout_s\": %g,\n",
		meta->reps, meta->warmup, meta->min_time, meta->timeout);
	fprintf(f, "  \"gil_switch_interval_s\": %g,\n  \"gil_unit_items\": %zu,\n",
		meta->switch_interval, meta->gil_unit);
	json_key(f, "gil_mode", meta->gil_mode ? meta->gil_mode : "new", 0);
	fprintf(f, "  \"gil_check_units\": %u,\n", meta->gil_check);
	json_key(f, "pattern", meta->pattern ? meta->pattern : "none", 0);
	fprintf(f, "  \"chunksize\": %zu,\n", meta->chunksize);
	json_key(f, "collect", meta->collect ? meta->collect : "partial", 0);
	fprintf(f, "  \"init_cost_ms\": %u,\n  \"init_in_parent\": %d,\n", meta->init_cost_ms,
		meta->init_in_parent);
	json_key(f, "payload", meta->payload ? meta->payload : "64", 0);
	return meta_end(r, f, meta->machine, meta->sys);
}

/* meta.json's tail: the build, the machine and the OMP_*, GOMP_* and
 * HWLOC_* variables, closing the object. */
static void put_machine(FILE *f, const struct plan_machine *m, const struct sysinfo_host *sys)
{
	json_key(f, "compiler", "gcc " __VERSION__, 0);
	json_key(f, "cflags", PARBENCH_CFLAGS, 0);
	int hwloc_model = strcmp(m->cpu_model, "unknown") != 0 || !sys || !sys->cpuinfo_model[0];
	json_key(f, "cpu_model", hwloc_model ? m->cpu_model : sys->cpuinfo_model, 0);
	json_key(f, "cpu_model_source", hwloc_model ? "hwloc" : "/proc/cpuinfo", 0);
	fprintf(f, "  \"packages\": %d,\n  \"cores\": %d,\n  \"pus\": %d,\n  \"usable_pus\": %d,\n",
		m->packages, m->cores, m->pus, m->usable_pus);
	for (int level = 1; level <= 3; level++)
		fprintf(f, "  \"l%d_bytes\": %zu,\n  \"l%d_count\": %d,\n", level,
			m->cache[level], level, m->cache_count[level]);
	fprintf(f, "  \"memory_bytes\": %llu,\n  \"sysconf_memory_bytes\": %llu,\n",
		m->memory, m->sysmem);
	json_key(f, "hwloc_version", m->hwloc_version, 0);
	fprintf(f, "  \"hwloc_api_compiled\": \"0x%08x\",\n  \"hwloc_api_runtime\": \"0x%08x\",\n",
		m->hwloc_api_compiled, m->hwloc_api_runtime);
	fprintf(f, "  \"topology_from_hwloc_env\": %s,\n", m->synthetic ? "true" : "false");
	if (sys)
		put_sysinfo(f, sys);
	fputs("  \"environment\": {", f);
	int first = 1;
	for (char **e = environ; *e; e++) {
		if (strncmp(*e, "OMP_", 4) != 0 && strncmp(*e, "GOMP_", 5) != 0 &&
		    strncmp(*e, "HWLOC_", 6) != 0)
			continue;
		const char *eq = strchr(*e, '=');
		char name[128];
		snprintf(name, sizeof(name), "%.*s", (int)(eq - *e), *e);
		fputs(first ? "\n    " : ",\n    ", f);
		json_string(f, name);
		fputs(": ", f);
		json_string(f, eq + 1);
		first = 0;
	}
	fputs(first ? "}\n}\n" : "\n  }\n}\n", f);
}

int results_meta_fields(const struct results *r, const struct results_field *fields,
			size_t n, const struct plan_machine *m)
{
	FILE *f = meta_begin(r);
	if (!f)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (fields[i].text) {
			json_key(f, fields[i].key, fields[i].text, 0);
			continue;
		}
		fputs("  ", f);
		json_string(f, fields[i].key);
		if (isfinite(fields[i].number))
			fprintf(f, ": %.9g,\n", fields[i].number);
		else
			fputs(": null,\n", f);
	}
	return meta_end(r, f, m, NULL);
}

int results_link_latest(const char *root, const char *dir)
{
	char link[4096], tmp[4200];
	const char *base = strrchr(dir, '/');
	base = base ? base + 1 : dir;
	snprintf(link, sizeof(link), "%s/latest", root);
	snprintf(tmp, sizeof(tmp), "%s/.latest.%ld", root, (long)getpid());
	unlink(tmp);
	if (symlink(base, tmp) < 0)
		return -1;
	return rename(tmp, link);
}

/* The run folder as an output: its state is the folder and the run. */
struct folder {
	struct results r;
	const struct sink_context *ctx;
};

static int folder_begin(void **state, const struct sink_context *ctx, char *err, size_t errlen)
{
	struct folder *fo = calloc(1, sizeof(*fo));
	char path[sizeof(fo->r.dir) + 16];
	if (!fo) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	fo->ctx = ctx;
	if (results_open(&fo->r, ctx->dir, err, errlen) < 0)
		goto out_free;
	snprintf(path, sizeof(path), "%s/topology.txt", fo->r.dir);
	FILE *tree = fopen(path, "w");
	if (tree) {
		plan_tree(ctx->plan, tree);
		int bad = ferror(tree);
		if (fclose(tree) != 0 || bad)
			tree = NULL;
	}
	snprintf(path, sizeof(path), "%s/topology.xml", fo->r.dir);
	if (!tree || results_meta(&fo->r, ctx, "running") < 0 || plan_export_xml(ctx->plan, path) < 0) {
		snprintf(err, errlen, "cannot write in --out '%s': %s", ctx->dir, strerror(errno));
		goto out_free;
	}
	*state = fo;
	return 0;
out_free:
	free(fo);
	return -1;
}

/* meta.json says how the run ended; a complete run becomes the latest. */
static int folder_end(void *state, const char *status)
{
	struct folder *fo = state;
	int rc = 0;
	if (status)
		rc = results_meta(&fo->r, fo->ctx, status);
	if (rc == 0 && status && strcmp(status, "complete") == 0 && fo->ctx->link_root)
		results_link_latest(fo->ctx->link_root, fo->r.dir);
	free(fo);
	return rc;
}

const struct sink_ops results_folder_sink = {
	.name = "run folder",
	.begin = folder_begin,
	.end = folder_end,
};
