/*
 * results.c - the run folder: making it safely over an earlier run,
 * meta.json (the marker, the settings, the machine), the topology files
 * and the latest link; `parbench run` drives it as its first output.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonw.h"
#include "outputs.h"
#include "../bench/probe.h"
#include "../bench/reps.h"
#include "results.h"
#include "../core/affinity.h"
#include "../core/sysinfo.h"
#include "../core/newfile.h"
#include "../core/signals.h"

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

/* The names parbench writes in a run folder (besides meta.json). */
static const char *const output_names[] = {
	"summary.csv", "report.md", "report.html", "fits.csv", "samples.csv", "results.json", "overheads.csv", "overheads.md",
	"trace.csv", "convoy.csv", "convoy-latency.csv", "convoy.md",
	"false-sharing.csv", "false-sharing-reps.csv",
	"c2c.csv", "interference.csv", "siblings.csv", "chase.csv", "steps.csv", "caches.csv", "topology.md",
	"topology.html",
	"cpython.csv", "cpython.json", "cpython.skipped",   /* scripts/cpython.sh */
	NULL,
};

/* 1 when every entry of dir is one a run makes before its outputs: what a
 * run that could not even write its meta.json (a full disk) leaves behind
 * in a folder it emptied (an output's name, report.md, could be a user's). */
static int only_ours(const char *dir)
{
	static const char *const more[] = { "topology.txt", "topology.xml", "meta.json", "plots", NULL };
	DIR *d = opendir(dir);
	struct dirent *e;
	int ours = 1;
	if (!d)
		return 0;
	while (ours && (e = readdir(d))) {
		const char *n = e->d_name;
		size_t len = strlen(n);
		int known = strcmp(n, ".") == 0 || strcmp(n, "..") == 0 ||
			    (n[0] == '.' && len > 4 && (strcmp(n + len - 4, ".tmp") == 0 || strcmp(n + len - 5, ".last") == 0));
		for (const char *const *o = more; !known && *o; o++)
			known = strcmp(n, *o) == 0;
		ours = known;
	}
	closedir(d);
	return ours;
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
 * meta.json, whatever its status: a run that failed or was stopped is
 * accepted too, and so is a folder holding only names parbench writes);
 * that run's outputs are removed, so nothing stale makes the new run look
 * complete. Anything else is refused. */
static int prepare_dir(const char *dir, char *err, size_t errlen)
{
	static const char *const plots[] = { ".png", ".svg", NULL };
	static const char *const data[] = { ".dat", NULL };
	char meta[4096], head[256] = "";
	int empty = dir_is_empty(dir);

	if (empty < 0) {
		snprintf(err, errlen, "cannot read --out '%s': %s", dir, strerror(errno));
		return -1;
	}
	if (empty)
		return 0;
	snprintf(meta, sizeof(meta), "%s/meta.json", dir);
	FILE *f = fopen(meta, "r");
	if (f) {
		size_t got = fread(head, 1, sizeof(head) - 1, f);
		head[got] = '\0';
		fclose(f);
	}
	if (!strstr(head, RESULTS_MARKER) && !only_ours(dir)) {
		snprintf(err, errlen, "--out '%s' holds other files: name a new or empty directory, or an earlier parbench run's",
			 dir);
		return -1;
	}
	for (const char *const *o = output_names; *o; o++) {
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

FILE *results_create(const struct results *r, const char *name)
{
	char path[sizeof(r->dir) + 64];
	snprintf(path, sizeof(path), "%s/%s", r->dir, name);
	return fopen(path, "w");
}

int results_topology(const struct results *r, const struct plan *plan, int tree)
{
	char path[sizeof(r->dir) + 64];
	if (tree) {
		FILE *f = results_create(r, "topology.txt");
		if (!f)
			return -1;
		plan_tree(plan, f);
		int bad = ferror(f);
		if (fclose(f) != 0 || bad)
			return -1;
	}
	snprintf(path, sizeof(path), "%s/topology.xml", r->dir);
	return plan_export_xml(plan, path);
}

int results_begin_failed(const struct results *r, const char *const *files)
{
	char path[sizeof(r->dir) + 64];
	int e = errno ? errno : EIO;
	fprintf(stderr, "parbench: cannot write in --out '%s': %s%s\n", r->dir, strerror(e),
		newfile_full(e));
	for (int i = 0; files[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", r->dir, files[i]);
		unlink(path);
	}
	signals_last_words(NULL, NULL, NULL, 0);
	return 1;
}

void results_failed_status(char *buf, size_t len, const char *file, int err)
{
	snprintf(buf, len, "failed: cannot write %s: %s%s", file, strerror(err),
		 newfile_full(err));
}

/* A number as meta.json has always written it: 9 significant digits, a
 * whole number without a point, null when not finite. */
static json_t *meta_number(double x)
{
	char buf[32];
	if (!isfinite(x))
		return json_null();
	snprintf(buf, sizeof(buf), "%.9g", x);
	x = strtod(buf, NULL);
	if (x == floor(x) && fabs(x) < 9e15)
		return json_integer((json_int_t)x);
	return json_real(x);
}

/* A count that is negative when it could not be read: null then. */
static json_t *meta_count(long long v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static json_t *meta_hex(unsigned v)
{
	char buf[16];
	snprintf(buf, sizeof(buf), "0x%08x", v);
	return json_string(buf);
}

static json_t *meta_load(const struct sysinfo_load *l)
{
	return l->valid ? json_pack("[fff]", l->avg[0], l->avg[1], l->avg[2]) : json_null();
}

/* The conditions of the run (sysinfo.h), as top-level keys. */
static void meta_sysinfo(json_t *o, const struct sysinfo_host *si, int *failed)
{
	json_t *freq = json_array();
	for (int i = 0; freq && i < si->ncpufreq; i++) {
		const struct sysinfo_cpufreq *c = &si->cpufreq[i];
		json_t *one = json_pack("{s:i, s:o, s:o, s:o}", "cpu", c->cpu, "governor",
					jsonw_text(c->governor), "cur_khz", meta_count(c->cur_khz),
					"max_khz", meta_count(c->max_khz));
		if (json_array_append_new(freq, one) < 0)
			*failed = 1;
	}
	jsonw_set(o, "kernel_release", jsonw_text(si->kernel_release), failed);
	jsonw_set(o, "arch", jsonw_text(si->arch), failed);
	jsonw_set(o, "boot_time", jsonw_text(si->boot_time), failed);
	jsonw_set(o, "aslr", meta_count(si->aslr), failed);
	jsonw_set(o, "online_cpus", meta_count(si->online_cpus), failed);
	jsonw_set(o, "online_cpu_list", jsonw_text(si->online_list), failed);
	jsonw_set(o, "affinity_cpus", meta_count(si->affinity_cpus), failed);
	jsonw_set(o, "affinity_cpu_list", jsonw_text(si->affinity_list), failed);
	jsonw_set(o, "governor", jsonw_text(si->governor), failed);
	jsonw_set(o, "cpufreq", freq, failed);
	jsonw_set(o, "cpufreq_cpus_omitted", json_integer(si->cpufreq_omitted), failed);
	jsonw_set(o, "loadavg_start", meta_load(&si->load_start), failed);
	jsonw_set(o, "loadavg_end", meta_load(&si->load_end), failed);
	jsonw_set(o, "clock", json_string("CLOCK_MONOTONIC"), failed);
	jsonw_set(o, "clock_getres_ns", meta_count(si->clock_getres_ns), failed);
	jsonw_set(o, "clock_measured_resolution_ns", meta_count(si->clock_measured_ns), failed);
	jsonw_set(o, "libgomp", jsonw_text(si->libgomp), failed);
	jsonw_set(o, "openmp_spec", json_integer(si->openmp_spec), failed);
	jsonw_set(o, "openmp_version", jsonw_text(si->openmp_version), failed);
	jsonw_set(o, "hardware_counters", jsonw_text(si->pmu), failed);
}

/* meta.json's tail: the build, the machine, the conditions (sys, when
 * given) and the OMP_*, GOMP_* and HWLOC_* variables. */
static void meta_machine(json_t *o, const struct plan_machine *m, const struct sysinfo_host *sys,
			 int *failed)
{
	int hwloc_model = strcmp(m->cpu_model, "unknown") != 0 || !sys || !sys->cpuinfo_model[0];
	jsonw_set(o, "compiler", jsonw_text("gcc " __VERSION__), failed);
	jsonw_set(o, "cflags", jsonw_text(PARBENCH_CFLAGS), failed);
	jsonw_set(o, "cpu_model", jsonw_text(hwloc_model ? m->cpu_model : sys->cpuinfo_model), failed);
	jsonw_set(o, "cpu_model_source", json_string(hwloc_model ? "hwloc" : "/proc/cpuinfo"), failed);
	jsonw_set(o, "packages", json_integer(m->packages), failed);
	jsonw_set(o, "cores", json_integer(m->cores), failed);
	jsonw_set(o, "pus", json_integer(m->pus), failed);
	jsonw_set(o, "usable_pus", json_integer(m->usable_pus), failed);
	jsonw_set(o, "usable_cores", json_integer(m->usable_cores), failed);
	jsonw_set(o, "cores_source", json_string(m->cores_measured ? "measured siblings (--topology)" : "hwloc"), failed);
	for (int level = 1; level <= 3; level++) {
		char key[16];
		snprintf(key, sizeof(key), "l%d_bytes", level);
		jsonw_set(o, key, json_integer((json_int_t)m->cache[level]), failed);
		snprintf(key, sizeof(key), "l%d_count", level);
		jsonw_set(o, key, json_integer(m->cache_count[level]), failed);
	}
	jsonw_set(o, "memory_bytes", json_integer((json_int_t)m->memory), failed);
	jsonw_set(o, "sysconf_memory_bytes", json_integer((json_int_t)m->sysmem), failed);
	jsonw_set(o, "hwloc_version", jsonw_text(m->hwloc_version), failed);
	jsonw_set(o, "hwloc_api_compiled", meta_hex(m->hwloc_api_compiled), failed);
	jsonw_set(o, "hwloc_api_runtime", meta_hex(m->hwloc_api_runtime), failed);
	jsonw_set(o, "topology_from_hwloc_env", json_boolean(m->synthetic), failed);
	if (sys)
		meta_sysinfo(o, sys, failed);
	jsonw_set(o, "environment", jsonw_environment(), failed);
	/* What a library's constructor did to the main thread's CPUs before
	 * main (libgomp under OMP_PROC_BIND / OMP_PLACES): main undid it. */
	jsonw_set(o, "startup_cpu_list", jsonw_text(affinity_startup_list()), failed);
	jsonw_set(o, "startup_pinned_cpu_list", jsonw_text(affinity_pinned_list()), failed);
}

/* "key": with the key escaped as JSON wants. */
static void meta_put_key(FILE *f, const char *key)
{
	json_t *k = json_string(key);
	json_dumpf(k, f, JSON_ENCODE_ANY);
	json_decref(k);
	fputs(": ", f);
}

/* One value on its line: jansson's one-line form (", " and ": "), the
 * load averages with the two decimals /proc/loadavg has. */
static void meta_put_value(FILE *f, const json_t *v)
{
	if (json_is_array(v) && json_array_size(v) && json_is_real(json_array_get(v, 0))) {
		for (size_t i = 0; i < json_array_size(v); i++)
			fprintf(f, "%s%.2f", i ? ", " : "[", json_real_value(json_array_get(v, i)));
		fputc(']', f);
		return;
	}
	json_dumpf(v, f, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
}

/* meta.json's layout, which the scripts read line by line: one top-level
 * key a line, two spaces in; a non-empty object, or an array of objects,
 * one member a line, four spaces in. */
static void meta_put(FILE *f, const json_t *root)
{
	const char *key;
	json_t *v;
	size_t left = json_object_size(root);
	fputs("{\n", f);
	json_object_foreach((json_t *)root, key, v) {
		int spread = (json_is_object(v) && json_object_size(v)) ||
			     (json_is_array(v) && json_is_object(json_array_get(v, 0)));
		fputs("  ", f);
		meta_put_key(f, key);
		if (!spread) {
			meta_put_value(f, v);
		} else if (json_is_object(v)) {
			const char *k;
			json_t *m;
			size_t n = json_object_size(v);
			fputs("{\n", f);
			json_object_foreach(v, k, m) {
				fputs("    ", f);
				meta_put_key(f, k);
				meta_put_value(f, m);
				fputs(--n ? ",\n" : "\n", f);
			}
			fputs("  }", f);
		} else {
			fputs("[\n", f);
			for (size_t i = 0; i < json_array_size(v); i++) {
				fputs(i ? ",\n    " : "    ", f);
				meta_put_value(f, json_array_get(v, i));
			}
			fputs("\n  ]", f);
		}
		fputs(--left ? ",\n" : "\n", f);
	}
	fputs("}\n", f);
}
/* Puts len bytes of text at path: a temporary in the folder renamed over
 * it, so that no reader sees half of it. On a full disk, where the
 * temporary cannot be made, the file is overwritten in place instead (its
 * blocks are already there), since a meta.json left at "running" would
 * lie. 0, or -1 with errno set. */
static int meta_replace(const char *path, const char *tmp, const char *text, size_t len)
{
	FILE *f = newfile_create(tmp);
	if (f) {
		int bad = fwrite(text, 1, len, f) != len;
		if (fclose(f) == 0 && !bad && rename(tmp, path) == 0)
			return 0;
		int saved = errno;
		unlink(tmp);
		errno = saved;
	}
	if (errno != ENOSPC && errno != EDQUOT)
		return -1;
	int fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return -1;
	/* Only into the blocks it has: a write that needs a new one would
	 * stop part-way and leave half a file (meta_write pads "running"). */
	if (fstat(fd, &st) < 0 || (off_t)len > st.st_size) {
		close(fd);
		errno = ENOSPC;
		return -1;
	}
	if (newfile_write_all(fd, text, len) < 0 || ftruncate(fd, (off_t)len) < 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

/* Bytes of whitespace a "running" meta.json ends with: room for a longer
 * final status written in place on a full disk. */
#define META_ROOM 1024

/* meta.json's text for root, in its layout; NULL when out of memory. */
static char *meta_text(const json_t *root, size_t *len)
{
	char *text = NULL;
	FILE *m = open_memstream(&text, len);
	if (!m)
		return NULL;
	meta_put(m, root);
	if (fclose(m) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* What meta.json must say if a second signal ends the process before the
 * next write (signals.h): while running, "interrupted" while measuring;
 * once complete, "interrupted" while drawing the report, with every
 * measured value kept; after any other status, nothing more to say. */
static void meta_last_words(const char *path, const char *tmp, json_t *root)
{
	const char *status = json_string_value(json_object_get(root, "status"));
	const char *during = !status ? NULL : strcmp(status, "running") == 0 ? "measuring"
			   : strcmp(status, "complete") == 0 ? "report" : NULL;
	if (!during) {
		signals_last_words(NULL, NULL, NULL, 0);
		return;
	}
	int failed = 0;
	size_t len = 0;
	jsonw_set(root, "status", json_string("interrupted"), &failed);
	jsonw_set(root, "interrupted", json_true(), &failed);
	jsonw_set(root, "interrupted_during", json_string(during), &failed);
	char *text = failed ? NULL : meta_text(root, &len);
	signals_last_words(path, tmp, text, len);   /* NULL: none rather than stale */
	free(text);
}

/* Writes root as dir's meta.json (meta_replace) and frees root; 0, or -1
 * (also when failed says a value could not be made). */
static int meta_write(const struct results *r, json_t *root, int failed)
{
	char path[sizeof(r->dir) + 32], tmp[sizeof(r->dir) + 40], last[sizeof(r->dir) + 40];
	size_t len = 0;
	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	snprintf(tmp, sizeof(tmp), "%s/.meta.json.tmp", r->dir);
	snprintf(last, sizeof(last), "%s/.meta.json.last", r->dir);
	char *text = root && !failed ? meta_text(root, &len) : NULL;
	if (!text) {
		json_decref(root);
		errno = ENOMEM;
		return -1;
	}
	/* "running" leaves room (whitespace after the JSON) for the status a
	 * full disk may have to write over it in place (meta_replace). */
	const char *status = json_string_value(json_object_get(root, "status"));
	if (status && strcmp(status, "running") == 0) {
		char *more = realloc(text, len + META_ROOM + 1);
		if (more) {
			text = more;
			memset(text + len, ' ', META_ROOM - 1);
			text[len + META_ROOM - 1] = '\n';
			len += META_ROOM;
			text[len] = '\0';
		}
	}
	int rc = meta_replace(path, tmp, text, len);
	free(text);
	if (rc == 0)
		meta_last_words(path, last, root);
	json_decref(root);
	return rc;
}

/* A new meta.json object with the marker, its first key. */
static json_t *meta_new(int *failed)
{
	json_t *root = json_object();
	if (root)
		jsonw_set(root, "generator", json_string("parbench"), failed);
	return root;
}

/* The start-up probe's sizes: one object per kernel; a string saying why
 * there are none. */
static json_t *meta_probe(const struct sink_context *meta, int *failed)
{
	static const char *const how[] = { [PROBE_NONE] = "default", [PROBE_ITEMS] = "items",
					   [PROBE_WORK] = "passes or loads" };
	if (!meta->nprobe)
		return json_string("none: --items, --size or --quick gave the sizes");
	json_t *o = json_object(), *kernels = json_array();
	char rule[200];
	snprintf(rule, sizeof(rule), "a run at %d worker(s) lasts at least %g s; serial at most %g s",
		 meta->probe_workers, PROBE_RUN_S, PROBE_SERIAL_MAX_S);
	for (int i = 0; kernels && i < meta->nprobe; i++) {
		const struct sink_probe *p = &meta->probe[i];
		json_t *k = json_object();
		if (k) {
			jsonw_set(k, "kernel", jsonw_text(p->kernel), failed);
			jsonw_set(k, "chosen", json_string(how[p->how]), failed);
			jsonw_set(k, "items", json_integer((json_int_t)p->items), failed);
			jsonw_set(k, "work", json_real(p->work), failed);
		}
		if (k && p->how != PROBE_NONE) {
			jsonw_set(k, "probe_items", json_integer((json_int_t)p->probe_items), failed);
			jsonw_set(k, "probe_s", json_real(p->probe_s), failed);
			jsonw_set(k, "target_serial_s", json_real(p->target_s), failed);
		}
		if (!k || json_array_append_new(kernels, k) < 0)
			*failed = 1;
	}
	if (o) {
		jsonw_set(o, "rule", jsonw_text(rule), failed);
		jsonw_set(o, "kernels", kernels, failed);
	} else {
		json_decref(kernels);
	}
	return o;
}

/* What the run did to fit its time: the sizes from the start-up probe,
 * the configurations left out as repeats of others (how many, why), when
 * a configuration stopped (the rule; how many stopped each way). */
static void meta_budget(json_t *o, const struct sink_context *meta, int *failed)
{
	jsonw_set(o, "sizes_probe", meta_probe(meta, failed), failed);
	json_t *stopped = json_object();
	for (int i = REPS_FIXED; stopped && i <= REPS_CAPPED; i++)
		jsonw_set(stopped, reps_state_name((enum reps_state)i), json_integer(meta->stopped[i]),
			  failed);
	jsonw_set(o, "repetitions_rule", jsonw_text(meta->stopping), failed);
	jsonw_set(o, "repetitions_stopped", stopped, failed);
	json_t *left = json_array();
	for (int i = 0; left && i < DIM_MAX; i++) {
		if (!meta->repeats[i])
			continue;
		json_t *one = json_object();
		if (one) {
			jsonw_set(one, "count", json_integer(meta->repeats[i]), failed);
			jsonw_set(one, "why", jsonw_text(meta->repeats_why[i]), failed);
		}
		if (!one || json_array_append_new(left, one) < 0)
			*failed = 1;
	}
	jsonw_set(o, "configurations_left_out", left, failed);
}

/* run's meta.json with status: the settings of ctx, then the machine. */
static int results_meta(const struct results *r, const struct sink_context *meta,
			const char *status)
{
	int failed = 0;
	json_t *o = meta_new(&failed);
	if (!o)
		return meta_write(r, NULL, 1);
	jsonw_set(o, "status", jsonw_text(status), &failed);
	jsonw_set(o, "interrupted", json_boolean(strcmp(status, "interrupted") == 0), &failed);
	jsonw_set(o, "date", jsonw_text(meta->date), &failed);
	jsonw_set(o, "host", jsonw_text(meta->host), &failed);
	jsonw_set(o, "command", jsonw_text(meta->command), &failed);
	jsonw_set(o, "git", jsonw_text(meta->git), &failed);
	jsonw_set(o, "profile", jsonw_text(meta->profile), &failed);
	jsonw_set(o, "size", jsonw_text(meta->size), &failed);
	jsonw_set(o, "size_rule", jsonw_text("Lk: workers x factor x min over the workers of (size of the Lk above its PU / workers sharing it), workers placed by --bind (none: as cores would); DRAM: factor x 4 x all last-level caches; the size_rule column has each configuration's"), &failed);
	jsonw_set(o, "reps", json_integer(meta->reps), &failed);
	jsonw_set(o, "warmup", json_integer(meta->warmup), &failed);
	jsonw_set(o, "min_time_s", meta_number(meta->min_time), &failed);
	jsonw_set(o, "timeout_s", meta_number(meta->timeout), &failed);
	jsonw_set(o, "gil_switch_interval_s", meta_number(meta->switch_interval), &failed);
	jsonw_set(o, "gil_unit_items", json_integer((json_int_t)meta->gil_unit), &failed);
	jsonw_set(o, "gil_mode", jsonw_text(meta->gil_mode ? meta->gil_mode : "new"), &failed);
	jsonw_set(o, "gil_check_units", json_integer(meta->gil_check), &failed);
	jsonw_set(o, "pattern", jsonw_text(meta->pattern ? meta->pattern : "none"), &failed);
	jsonw_set(o, "chunksize", json_integer((json_int_t)meta->chunksize), &failed);
	jsonw_set(o, "collect", jsonw_text(meta->collect ? meta->collect : "partial"), &failed);
	jsonw_set(o, "init_cost_ms", json_integer(meta->init_cost_ms), &failed);
	jsonw_set(o, "init_in_parent", json_integer(meta->init_in_parent), &failed);
	jsonw_set(o, "payload", jsonw_text(meta->payload ? meta->payload : "64"), &failed);
	jsonw_set(o, "mem", jsonw_text(meta->mem ? meta->mem : "default"), &failed);
	jsonw_set(o, "mem_note", jsonw_text(meta->mem_note), &failed);
	jsonw_set(o, "mem_pages", jsonw_text(meta->mem_pages), &failed);
	jsonw_dims_given(o, meta, &failed);
	meta_budget(o, meta, &failed);
	meta_machine(o, meta->machine, meta->sys, &failed);
	return meta_write(r, o, failed);
}

int results_meta_fields_load(const struct results *r, const struct results_field *fields, size_t n,
			     const struct sysinfo_load *start, const struct sysinfo_load *end,
			     const struct plan_machine *m)
{
	int failed = 0;
	json_t *o = meta_new(&failed);
	if (!o)
		return meta_write(r, NULL, 1);
	for (size_t i = 0; i < n; i++)
		jsonw_set(o, fields[i].key, fields[i].text ? jsonw_text(fields[i].text)
			  : meta_number(fields[i].number), &failed);
	if (start)
		jsonw_set(o, "loadavg_start", meta_load(start), &failed);
	if (end)
		jsonw_set(o, "loadavg_end", meta_load(end), &failed);
	meta_machine(o, m, NULL, &failed);
	return meta_write(r, o, failed);
}

int results_meta_fields(const struct results *r, const struct results_field *fields,
			size_t n, const struct plan_machine *m)
{
	return results_meta_fields_load(r, fields, n, NULL, NULL, m);
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

/* The files folder_begin makes, removed again when it cannot make them
 * all (a full disk): no meta.json that says "running" or an earlier run's
 * status is left, and only parbench's names (accepted again as --out). */
static const char *const begin_files[] = { "topology.txt", "topology.xml", "meta.json", NULL };

static int folder_begin(void **state, const struct sink_context *ctx, char *err, size_t errlen)
{
	struct folder *fo = calloc(1, sizeof(*fo));
	char path[sizeof(fo->r.dir) + 16];
	if (!fo) {
		snprintf(err, errlen, "out of memory");
		return -2;
	}
	fo->ctx = ctx;
	if (results_open(&fo->r, ctx->dir, err, errlen) < 0) {
		free(fo);
		return -1;
	}
	errno = 0;
	if (results_topology(&fo->r, ctx->plan, 1) < 0 || results_meta(&fo->r, ctx, "running") < 0) {
		int e = errno ? errno : EIO;
		snprintf(err, errlen, "cannot write in --out '%s': %s%s", ctx->dir, strerror(e),
			 newfile_full(e));
		for (const char *const *f = begin_files; *f; f++) {
			snprintf(path, sizeof(path), "%s/%s", fo->r.dir, *f);
			unlink(path);
		}
		signals_last_words(NULL, NULL, NULL, 0);
		free(fo);
		return -2;
	}
	*state = fo;
	return 0;
}

/* meta.json says how the run ended; a complete run becomes the latest. */
static int folder_end(void *state, const char *status)
{
	struct folder *fo = state;
	int rc = results_meta(&fo->r, fo->ctx, status);
	if (rc == 0 && strcmp(status, "complete") == 0 && fo->ctx->link_root)
		results_link_latest(fo->ctx->link_root, fo->r.dir);
	free(fo);
	return rc;
}

const struct sink_ops results_folder_sink = {
	.name = "run folder",
	.begin = folder_begin,
	.end = folder_end,
};
