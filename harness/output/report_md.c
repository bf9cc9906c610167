/*
 * report_md.c - report.md: the machine and its conditions, then the
 * sections in a table (each writes itself only when the run has what it
 * needs), then a table and the plots per kernel.
 *
 * The sentences were report.sh's awk programs; they are ported text for
 * text so that a run folder redrawn today reads as it did. The sections
 * that judge the numbers are in report_rules.c and report_sections.c.
 */
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../runners/pattern.h"
#include "report.h"
#include "report_int.h"
#include "../core/stats.h"

/* A meta.json value as text (report.sh's `meta KEY`), in one of a ring of
 * buffers, so that a few can be used in one call. */
static const char *meta(const struct load_run *r, const char *key)
{
	static char ring[8][1024];
	static unsigned next;
	return load_meta(r, key, ring[next++ % 8], sizeof(ring[0]));
}
#define M(key) meta(r, key)

/* Whether the file dir/rel exists. */
static int exists(const struct load_run *r, const char *rel)
{
	char path[4800];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", r->dir, rel);
	return stat(path, &st) == 0;
}

/* topology.txt's first 40 lines, in a code block. */
static void machine_topology(const struct load_run *r, FILE *f)
{
	if (!r->topology)
		return;
	fputs("- topology (hwloc; all of it in topology.txt and topology.xml):\n\n```\n", f);
	int lines = 0;
	const char *p = r->topology;
	for (; *p; p++)
		lines += *p == '\n';
	p = r->topology;
	for (int i = 0; i < 40 && *p; i++) {
		size_t len = strcspn(p, "\n");
		fprintf(f, "%.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
	if (lines > 40)
		fprintf(f, "... (%d lines)\n", lines);
	fputs("```\n\n", f);
}

/* The --bind policies of the plain rows, ", " between them. */
static void binds(const struct load_run *r, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!load_plain(r, i))
			continue;
		const char *b = load_bind(r, i);
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = load_plain(r, j) && strcmp(load_bind(r, j), b) == 0;
		if (!seen)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", *buf ? ", " : "", b);
	}
}

/* OMP_PROC_BIND, OMP_PLACES and GOMP_CPU_AFFINITY from meta.json's environment, as
 * "NAME":"VALUE", separated by ", ". */
static void omp_env(const struct load_run *r, char *buf, size_t len)
{
	json_t *env = json_object_get(r->meta, "environment");
	const char *key;
	json_t *v;
	buf[0] = '\0';
	json_object_foreach(env, key, v) {
		if (strcmp(key, "OMP_PROC_BIND") && strcmp(key, "OMP_PLACES") && strcmp(key, "GOMP_CPU_AFFINITY"))
			continue;
		char val[512] = "";
		size_t n = 0;
		for (const char *s = json_is_string(v) ? json_string_value(v) : ""; *s && n + 1 < sizeof(val); s++)
			if (*s != ' ')
				val[n++] = *s;
		val[n] = '\0';
		snprintf(buf + strlen(buf), len - strlen(buf), "%s\"%s\":\"%s\"", *buf ? ", " : "", key, val);
	}
}

/* One sentence per OpenMP tuning variable set in meta.json's environment. */
static void omp_tuning(const struct load_run *r, FILE *f)
{
	static const struct { const char *name, *says; } vars[] = {
		{ "OMP_NUM_THREADS", "the team size an OpenMP program takes by default; parbench's openmp runner asks for --workers threads (num_threads), so rows where the two differ say so in their warning" },
		{ "OMP_WAIT_POLICY", "whether idle OpenMP threads spin (active) or sleep (passive) at barriers and between regions: it moves the openmp runner's gate wake-up and the CPU time it burns while waiting" },
		{ "GOMP_SPINCOUNT", "how long libgomp's idle threads spin before sleeping: a large count makes the openmp rows' wake-ups faster and their CPU time higher, 0 makes them sleep at once" },
	};
	json_t *env = json_object_get(r->meta, "environment");
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		json_t *v = json_object_get(env, vars[i].name);
		if (json_is_string(v))
			fprintf(f, "- %s=%s: %s\n", vars[i].name, json_string_value(v), vars[i].says);
	}
}

/* The measured runs: the stopping rule meta.json states, and how many
 * configurations stopped each way (runs before it have neither). */
static void repetitions(const struct load_run *r, FILE *f)
{
	json_t *stopped = json_object_get(r->meta, "repetitions_stopped");
	fprintf(f, "then measured ones, %s", M("repetitions_rule"));
	if (json_is_object(stopped))
		fprintf(f, " (%lld stopped there on precision, %lld at the cap, %lld at a fixed count)",
			json_integer_value(json_object_get(stopped, "precise")),
			json_integer_value(json_object_get(stopped, "capped")),
			json_integer_value(json_object_get(stopped, "fixed")));
	fputs("; ", f);
	json_t *left = json_object_get(r->meta, "configurations_left_out"), *one;
	size_t i;
	json_array_foreach(left, i, one) {
		long long n = json_integer_value(json_object_get(one, "count"));
		fprintf(f, "%lld configuration%s left out, %s; ", n, n == 1 ? "" : "s",
			json_string_value(json_object_get(one, "why")) ? json_string_value(json_object_get(one, "why")) : "?");
	}
}

/* ## Machine: CPU, caches, memory, topology, build, command, placement. */
static void machine(const struct load_run *r, FILE *f)
{
	char b[2048];
	fprintf(f, "# parbench report: %s, ", M("host"));
	fprintf(f, "%s\n\n## Machine\n\n", M("date"));
	fprintf(f, "- CPU: %s; %s package(s), ", M("cpu_model"), M("packages"));
	fprintf(f, "%s core(s), %s PU(s)\n", M("cores"), M("pus"));
	if (strcmp(M("topology_from_hwloc_env"), "true") == 0)
		fputs("- **not this machine**: the topology came from HWLOC_SYNTHETIC or HWLOC_XMLFILE; the runs happened on the machine parbench ran on\n", f);
	if (*M("usable_pus") && strcmp(M("usable_pus"), M("pus")) != 0)
		fprintf(f, "- CPU affinity let parbench use %s of the PUs\n", M("usable_pus"));
	fprintf(f, "- caches (hwloc): L1d %lld KiB x %s, ", (long long)load_meta_num(r, "l1_bytes") / 1024, M("l1_count"));
	fprintf(f, "L2 %lld KiB x %s, ", (long long)load_meta_num(r, "l2_bytes") / 1024, M("l2_count"));
	fprintf(f, "L3 %lld MiB x %s\n", (long long)load_meta_num(r, "l3_bytes") / 1048576, M("l3_count"));
	fprintf(f, "- memory: %lld MiB in NUMA nodes (hwloc), %lld MiB in all\n",
		(long long)load_meta_num(r, "memory_bytes") / 1048576,
		(long long)load_meta_num(r, "sysconf_memory_bytes") / 1048576);
	double cores = load_meta_num(r, "cores"), pus = load_meta_num(r, "pus");
	if (cores > 0 && pus > cores)
		fprintf(f, "- hyperthreads: %s PUs on %s cores%s\n", M("pus"), M("cores"),
			strcmp(M("cores_source"), "hwloc") && *M("cores_source") ? " (cores from measured siblings: --topology in the command)" : "");
	else
		fputs("- no hyperthreads visible: one PU per core, so there is no cores-vs-hyperthreads comparison\n", f);
	machine_topology(r, f);
	fprintf(f, "- build: %s, `%s`, ", M("compiler"), M("cflags"));
	fprintf(f, "hwloc %s, git %s\n", M("hwloc_version"), M("git"));
	fprintf(f, "- command: `%s`: per configuration at least %s warm-up run(s) ", M("command"), M("warmup"));
	if (*M("repetitions_rule"))
		repetitions(r, f);
	else
		fprintf(f, "and %s measured ones, continued until they took %s s; ", M("reps"), M("min_time_s"));
	fprintf(f, "gil: mode %s, switch interval %s s, ", M("gil_mode"), M("gil_switch_interval_s"));
	fprintf(f, "%s items between two checks\n", M("gil_unit_items"));
	binds(r, b, sizeof(b));
	if (strcmp(b, "none") == 0)
		fputs("- workers are not pinned: the OS places them (the cpus column of samples.csv says where each finished)\n", f);
	else
		fprintf(f, "- placement (--bind): %s; `parbench plan` shows each policy's PUs, and the cpus column of samples.csv where each worker finished\n", b);
	omp_env(r, b, sizeof(b));
	if (*b)
		fprintf(f, "- openmp was placed by the OpenMP runtime (%s), not by --bind\n", b);
	if (*M("startup_pinned_cpu_list"))
		fprintf(f, "- the OpenMP runtime pinned the main thread to CPU(s) %s while parbench loaded; parbench gave it back the start-up CPUs (%s), so the other runners saw the environment's mask\n",
			M("startup_pinned_cpu_list"), M("startup_cpu_list"));
	if (*M("mem") && strcmp(M("mem"), "default") != 0)
		fprintf(f, "- memory (--mem %s): %s%s%s\n", M("mem"), M("mem_note"),
			*M("mem_pages") ? "; pages by NUMA node after each kernel's setup: " : "", M("mem_pages"));
	omp_tuning(r, f);
}

/* A load average array as "a, b, c" (two decimals, as sysinfo writes it). */
static const char *loadavg(const struct load_run *r, const char *key, char *buf, size_t len)
{
	json_t *a = json_object_get(r->meta, key), *v;
	size_t i;
	buf[0] = '\0';
	if (!json_is_array(a))
		return buf;
	json_array_foreach(a, i, v)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%.2f", i ? ", " : "", json_number_value(v));
	return buf;
}

/* The governor line. */
static void governor(const struct load_run *r, FILE *f)
{
	char gov[256];
	load_meta(r, "governor", gov, sizeof(gov));
	if (!*gov)
		fputs("- not recorded: this meta.json comes from a parbench without harness/core/sysinfo.c (the conditions of a run)\n", f);
	else if (strcmp(gov, "unavailable") == 0)
		fputs("- governor unavailable (virtual machine?): no cpufreq in /sys, so clock speed changes during the run cannot be ruled out\n", f);
	else if (strcmp(gov, "performance") == 0)
		fputs("- CPU frequency governor: performance\n", f);
	else
		fprintf(f, "- **warning**: the CPU frequency governor is %s, not performance: the clock speed may change during the run (`cpupower frequency-set -g performance` fixes it)\n", gov);
}

/* ### Conditions: the state of the machine during the run (sysinfo.c),
 * with a warning where it can skew the numbers. */
static void conditions(const struct load_run *r, FILE *f)
{
	char load[128], end[128], cpus[64], online[64];
	fputs("\n### Conditions\n\n", f);
	governor(r, f);
	loadavg(r, "loadavg_start", load, sizeof(load));
	loadavg(r, "loadavg_end", end, sizeof(end));
	load_meta(r, "affinity_cpus", cpus, sizeof(cpus));
	load_meta(r, "online_cpus", online, sizeof(online));
	if (!*cpus || strcmp(cpus, "null") == 0)
		load_meta(r, "usable_pus", cpus, sizeof(cpus));
	double ncpus = strtod(cpus, NULL);
	if (*load) {
		fprintf(f, "- load average (1, 5, 15 min): %s at the start, %s at the end\n", load, *end ? end : "not read");
		double l1 = strtod(load, NULL);
		if (ncpus > 0 && l1 > 0.5 * ncpus)
			fprintf(f, "- **warning**: the load at the start (%.*s over 1 min) exceeded 0.5 per usable CPU (%s usable): other work competed with the run\n",
				(int)strcspn(load, ","), load, cpus);
	}
	if (*online && strcmp(online, "null") != 0 && *cpus && ncpus < strtod(online, NULL))
		fprintf(f, "- **warning**: the affinity mask (%s) holds %s of the %s online CPUs: the others were hidden from parbench\n",
			M("affinity_cpu_list"), cpus, online);
	if (*M("kernel_release")) {
		fprintf(f, "- kernel %s (%s), ", M("kernel_release"), M("arch"));
		fprintf(f, "booted %s; ASLR (randomize_va_space) %s\n", M("boot_time"), M("aslr"));
	}
	if (*M("clock_getres_ns")) {
		fprintf(f, "- clock: %s resolution %s ns by clock_getres, ", M("clock"), M("clock_getres_ns"));
		fprintf(f, "smallest step seen %s ns\n", M("clock_measured_resolution_ns"));
	}
	if (*M("libgomp")) {
		fprintf(f, "- OpenMP: %s, compiled for OpenMP %s ", M("libgomp"), M("openmp_version"));
		fprintf(f, "(%s); hwloc API %s compiled, ", M("openmp_spec"), M("hwloc_api_compiled"));
		fprintf(f, "%s at run time\n", M("hwloc_api_runtime"));
	}
	fputs("\n## What the numbers show\n\n", f);
}

/* The --trace timelines: plots/data/trace.md, which scripts/trace.sh wrote. */
static void timelines(const struct load_run *r, FILE *f)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/plots/data/trace.md", r->dir);
	FILE *in = fopen(path, "r");
	if (!in)
		return;
	int c = fgetc(in);
	if (c != EOF) {
		fputs("## Timelines (--trace)\n\nOne extra run per configuration, after the measured ones and not counted in them, with every worker's chunks of work on its own lane (`trace.csv` has the events). Under gil the lanes take turns holding the lock; a static schedule on irregular work (primes) leaves one worker finishing early, dynamic evens it out; fork's gate opens late, after the children exist.\n\n", f);
		for (; c != EOF; c = fgetc(in))
			fputc(c, f);
		fputc('\n', f);
	}
	fclose(in);
}

/* The break-even figures (plots/breakeven-*.png), after its section. */
static void breakeven_figures(const struct load_run *r, FILE *f)
{
	char pattern[4400];
	glob_t g;
	snprintf(pattern, sizeof(pattern), "%s/plots/breakeven-*.png", r->dir);
	if (glob(pattern, 0, NULL, &g) != 0)
		return;
	for (size_t i = 0; i < g.gl_pathc; i++)
		fprintf(f, "![break-even](plots/%s)\n\n", strrchr(g.gl_pathv[i], '/') + 1);
	globfree(&g);
}

/* A time for the table: "-" when empty. */
static const char *tcell(const char *x, char *buf, size_t len)
{
	if (!*x)
		return snprintf(buf, len, "-"), buf;
	return report_t3(strtod(x, NULL), buf, len);
}

/* A number for the table with format fmt after scaling; "-" when empty. */
static const char *fcell(const char *x, const char *fmt, double scale, char *buf, size_t len)
{
	if (!*x)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, fmt, strtod(x, NULL) * scale);
	return buf;
}

/* A size for the table: "-" for none. */
static const char *szcell(double b, char *buf, size_t len)
{
	if (b == 0)
		snprintf(buf, len, "-");
	else if (b >= 1073741824)
		snprintf(buf, len, "%.1f GiB", b / 1073741824);
	else if (b >= 1048576)
		snprintf(buf, len, "%.1f MiB", b / 1048576);
	else
		snprintf(buf, len, "%.1f KiB", b / 1024);
	return buf;
}

/* The schedule cell: the schedule, or the pattern, and what else varied. */
static void sched_cell(const struct load_run *r, size_t i, char *buf, size_t len)
{
	const char *s = report_v(r, i, "schedule"), *p = report_v(r, i, "pattern");
	const char *c = report_v(r, i, "collect"), *chunk = report_v(r, i, "chunk");
	if (*p && strcmp(p, "none"))
		snprintf(buf, len, "%s:%s", p, chunk);
	else if (strcmp(s, "dynamic") == 0)
		snprintf(buf, len, "%s:%s", s, chunk);
	else
		snprintf(buf, len, "%s", s);
	enum pattern_kind kind;
	if (pattern_parse(p, &kind) == 0 && pattern_has_payload(kind))
		snprintf(buf + strlen(buf), len - strlen(buf), " %sB", report_v(r, i, "payload"));
	if (*c && strcmp(c, "partial"))
		snprintf(buf + strlen(buf), len - strlen(buf), " %s", c);
	if (report_n(r, i, "init_in_parent") == 1)
		snprintf(buf + strlen(buf), len - strlen(buf), " init:parent");
}

/* One row of a kernel's table. */
static void table_row(const struct load_run *r, size_t i, FILE *f)
{
	char c[12][64], sched[256], rate[96];
#define V(x) report_v(r, i, x)
	sched_cell(r, i, sched, sizeof(sched));
	fcell(V("rate"), "%.4g", 1, rate, sizeof(rate));
	if (*V("rate"))
		snprintf(rate + strlen(rate), sizeof(rate) - strlen(rate), " %s", V("rate_unit"));
	fprintf(f, "| %s | %s | %s | %s | %s | %s | %s | %s | %s .. %s | %s | %s | %s | %s | %s | %s | %s | %s",
		V("runner"), V("workers"), sched, load_bind(r, i), V("items"),
		szcell(report_n(r, i, "size_bytes"), c[0], 64), tcell(V("median_s"), c[1], 64),
		fcell(V("cv"), "%.1f%%", 100, c[2], 64), tcell(V("min_s"), c[3], 64),
		tcell(V("max_s"), c[4], 64), tcell(V("spawn_median_s"), c[5], 64),
		tcell(V("cold_median_s"), c[6], 64), fcell(V("speedup"), "%.2f×", 1, c[7], 64),
		fcell(V("cold_speedup"), "%.2f×", 1, c[8], 64), fcell(V("efficiency"), "%.2f", 1, c[9], 64),
		fcell(V("cpu_util"), "%.2f", 1, c[10], 64), rate, V("status"));
	if (*V("warning"))
		fprintf(f, " (%s)", V("warning"));
	fputs(" |\n", f);
#undef V
}

/* How to read kernel k's speedup and time figures (core/stats.h and
 * plots/speedup.gp, time.gp say how they are drawn); nothing without them. */
static void figures_read(const struct load_run *r, const char *k, FILE *f)
{
	char rel[512];
	int said = 0;
	snprintf(rel, sizeof(rel), "plots/speedup-%s.png", k);
	if ((said = exists(r, rel)))
		fprintf(f, "In the speedup plot (a panel per schedule that ran, workers on a log2 axis) each bar is the 95 %% bootstrap interval of serial's median / the model's median, both sides' repetitions resampled (%d resamples, a fixed seed, so a redraw gives the same bars); an open point rests on fewer than %d repetitions on a side. ",
			STATS_BOOT_RESAMPLES, STATS_MIN_REPS);
	snprintf(rel, sizeof(rel), "plots/time-%s.png", k);
	if (exists(r, rel) && ++said)
		fputs("In the time plot a bar is a configuration's median and a dot each of its repetitions; an outlier past the scale is a triangle at the top with its time written beside it.", f);
	if (said)
		fputs("\n\n", f);
}

/* ## KERNEL (kind): what ran, every configuration, its figures. */
static void kernel_table(const struct load_run *r, const char *k, FILE *f)
{
	size_t first = r->summary.nrows;
	for (size_t i = 0; i < r->summary.nrows && first == r->summary.nrows; i++)
		if (load_plain(r, i) && strcmp(report_v(r, i, "kernel"), k) == 0)
			first = i;
	int sizes = 0;
	for (size_t i = 0; i < r->summary.nrows; i++) {
		if (!load_plain(r, i) || strcmp(report_v(r, i, "kernel"), k))
			continue;
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = load_plain(r, j) && !strcmp(report_v(r, j, "kernel"), k) &&
			       !strcmp(report_v(r, j, "size_bytes"), report_v(r, i, "size_bytes"));
		sizes += !seen;
	}
	fprintf(f, "## %s (%s)\n\n", k, report_v(r, first, "kind"));
	if (sizes > 1)
		fprintf(f, "%d sizes (a sweep): see the plots, and the size column\n\n", sizes);
	else {
		fprintf(f, "%s items", report_v(r, first, "items"));
		if (report_n(r, first, "size_bytes") > 0)
			fprintf(f, ", %.1f MiB", report_n(r, first, "size_bytes") / 1048576);
		fputs("\n\n", f);
	}
	fputs("| runner | workers | schedule | bind | items | size | median (warm) | CV | min .. max | spawn | cold | speedup warm | speedup cold | efficiency | CPUs busy | rate | status |\n"
	      "|---|---:|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n", f);
	for (size_t i = 0; i < r->summary.nrows; i++)
		if (strcmp(report_v(r, i, "kernel"), k) == 0)
			table_row(r, i, f);
	fputc('\n', f);
	static const char *const figs[][2] = {
		{ "rate", "%s against the working-set size" },
		{ "latency", "latency of %s against the working-set size" },
		{ "speedup", "speedup of %s" },
		{ "time", "median time of %s" },
		{ "losses", "where the ideal went on %s" },
		{ "memory", "memory of %s for N workers" },
	};
	for (size_t j = 0; j < sizeof(figs) / sizeof(figs[0]); j++) {
		char rel[512], alt[512];
		snprintf(rel, sizeof(rel), "plots/%s-%s.png", figs[j][0], k);
		snprintf(alt, sizeof(alt), figs[j][1], k);
		if (exists(r, rel))
			fprintf(f, "![%s](%s)\n", alt, rel);
	}
	fputc('\n', f);
	figures_read(r, k, f);
	report_fits_md(r, k, f);
}

/* Whether the run's workers ran an initializer (--init-cost). */
static int init_cost(const struct load_run *r)
{
	return (int)load_meta_num(r, "init_cost_ms") > 0;
}

/* Whether --trace left timelines (trace.csv, drawn by scripts/trace.sh). */
static int traced(const struct load_run *r)
{
	return r->has_trace;
}

/* The sections between the machine and the kernels, in report order. A
 * section applies to a run when its predicate says so (none: always); its
 * writer then says nothing where the run has none of the rows it needs. */
static const struct section {
	const char *title;
	int (*applies)(const struct load_run *r);
	void (*write)(const struct load_run *r, FILE *f);
} sections[] = {
	{ "What the numbers show", NULL, report_numbers },
	{ "CPUs kept busy, and the price of creating workers", NULL, report_busy },
	{ "Where the ideal went", NULL, report_losses },
	{ "Memory for N workers", NULL, report_memory },
	{ "Weak scaling", NULL, report_weak },
	{ "The gil: how the lock changed hands", NULL, report_gil },
	{ "Python side by side", NULL, report_python },
	{ "What is worth parallelising (break-even)", report_listed, report_breakeven },
	{ "(the break-even figures)", NULL, breakeven_figures },
	{ "Patterns: Pool.map, imap, imap_unordered", NULL, report_patterns },
	{ "Queue: Process + Queue", NULL, report_queue },
	{ "Collecting results: partial, shared, messages", NULL, report_collect },
	{ "Initializer", init_cost, report_init },
	{ "Timelines (--trace)", traced, timelines },
};

int report_md(const struct load_run *r, FILE *f)
{
	machine(r, f);
	conditions(r, f);
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (!sections[i].applies || sections[i].applies(r))
			sections[i].write(r, f);
	struct report_kernels ks;
	report_kernels(r, &ks);
	for (size_t i = 0; i < ks.n; i++)
		kernel_table(r, ks.name[i], f);
	fprintf(f, "Files: `samples.csv` (every repetition), `summary.csv` (one row per configuration), `meta.json`, `topology.xml` and `topology.txt`, `fits.csv` (the scaling fits), `plots/` (PNG and SVG)%s.\n",
		r->has_cpython ? ", `cpython.csv` and `cpython.json` (the same workloads in CPython)" : "");
	return ferror(f) ? -1 : 0;
}
