/*
 * report_topology.c - what a `parbench topology` folder shows: plots/c2c.png
 * (core-to-core latency, a PU x PU matrix), plots/interference.png (the
 * relative rate of each PU beside each other one), plots/caches.png (the
 * chase latency against the size, hwloc's sizes and the steps found),
 * topology.md in sentences a student can read (hwloc says / measured /
 * agree?) and topology.html, the same page with the plots inline.
 *
 * Why here and not in the study: drawing and writing are this layer's,
 * and `parbench report DIR` redraws the folder from its files alone, as
 * for convoy, overheads and the false-sharing study. The study decided
 * everything (the steps, the verdicts); this file only reads the tables
 * and meta.json (the PUs: pus_logical, pus_os, pus_core) and says them.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_int.h"

#define TR_MAX_PUS 1024
#define TR_LABELS_UP_TO 16   /* values written in the cells up to this many PUs */

enum { TR_C2C, TR_INTF, TR_STEPS, TR_CHASE, TR_SIB, TR_TABLES };
static const char *const tr_files[TR_TABLES] = { "c2c.csv", "interference.csv", "steps.csv", "chase.csv",
						  "siblings.csv" };

/* A topology folder read: caches.csv in r.summary, the other tables, the PUs. */
struct tr {
	struct load_run r;
	struct csv_table t[TR_TABLES];
	int n, logical[TR_MAX_PUS], os[TR_MAX_PUS], core[TR_MAX_PUS];
};

/* meta.json's list "0 1 2" into out (at most TR_MAX_PUS); the count. */
static int meta_list(const struct load_run *r, const char *key, int *out)
{
	char buf[8192];
	int n = 0;
	load_meta(r, key, buf, sizeof(buf));
	for (char *p = buf, *end; n < TR_MAX_PUS; p = end) {
		long v = strtol(p, &end, 10);
		if (end == p)
			break;
		out[n++] = (int)v;
	}
	return n;
}

/* Reads the folder; 0, or the exit status after a line. */
static int tr_open(struct tr *t, const char *dir)
{
	char path[4400], why[4600];
	int rc = report_study_open(&t->r, dir, "topology", "caches.csv");
	if (rc)
		return rc;
	for (int i = 0; i < TR_TABLES; i++) {
		snprintf(path, sizeof(path), "%s/%s", t->r.dir, tr_files[i]);
		if (csv_load(&t->t[i], path, why, sizeof(why)) < 0) {
			fprintf(stderr, "parbench: %s\n", why);
			return 2;
		}
	}
	t->n = meta_list(&t->r, "pus_logical", t->logical);
	if (meta_list(&t->r, "pus_os", t->os) != t->n || meta_list(&t->r, "pus_core", t->core) != t->n) {
		fprintf(stderr, "parbench: %s/meta.json: pus_logical, pus_os and pus_core differ in length\n", t->r.dir);
		return 2;
	}
	return 0;
}

static void tr_free(struct tr *t)
{
	for (int i = 0; i < TR_TABLES; i++)
		csv_free(&t->t[i]);
	load_free(&t->r);
}

/* The position of the PU with logical index l, or -1. */
static int pos_of(const struct tr *t, int l)
{
	for (int i = 0; i < t->n; i++)
		if (t->logical[i] == l)
			return i;
	return -1;
}

/* "L#3 (P#5)" of position i. */
static const char *pu_name(const struct tr *t, int i, char *buf, size_t len)
{
	snprintf(buf, len, "L#%d (P#%d)", t->logical[i], t->os[i]);
	return buf;
}

static double num(const struct csv_table *c, size_t i, const char *col)
{
	return load_num(c, i, col);
}

/* Row i's PUs as positions; 0, or -1 when either is unknown. */
static int row_pus(const struct tr *t, const struct csv_table *c, size_t i, int *a, int *b)
{
	*a = pos_of(t, (int)num(c, i, "pu_a"));
	*b = pos_of(t, (int)num(c, i, "pu_b"));
	return *a < 0 || *b < 0 ? -1 : 0;
}

/* "12.3 ns" or "170 ns". */
static const char *ns(double x, char *buf, size_t len)
{
	snprintf(buf, len, x < 10 ? "%.1f ns" : "%.0f ns", x);
	return buf;
}

/* ---- the plots ------------------------------------------------------------- */

/* plots/data/NAME.dat: "x y value" per cell of table which's column col;
 * c2c's pairs both ways (one measurement serves both). *lo, *hi: the
 * values' range. Returns the cells written, -1 when the file cannot be. */
static int heat_data(const struct tr *t, int which, const char *col, const char *name, double *lo, double *hi)
{
	char path[4400];
	snprintf(path, sizeof(path), "%s/plots/data/%s.dat", t->r.dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "parbench: cannot write %s\n", path);
		return -1;
	}
	const struct csv_table *c = &t->t[which];
	int cells = 0, a, b;
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < c->nrows; i++) {
		double v = num(c, i, col);
		if (row_pus(t, c, i, &a, &b) < 0 || !isfinite(v))
			continue;
		fprintf(f, "%d %d %.6g\n", a, b, v);
		if (which == TR_C2C)
			fprintf(f, "%d %d %.6g\n", b, a, v);
		cells += which == TR_C2C ? 2 : 1;
		*lo = fmin(*lo, v);
		*hi = fmax(*hi, v);
	}
	return fclose(f) == 0 ? cells : -1;
}

/* The tics of n PUs: ("L#0\nP#0" 0, ...). */
static void heat_tics(const struct tr *t, char *buf, size_t len)
{
	size_t used = (size_t)snprintf(buf, len, "(");
	for (int i = 0; i < t->n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s\"L#%d\\nP#%d\" %d", i ? ", " : "", t->logical[i],
					 t->os[i], i);
	if (used < len)
		snprintf(buf + used, len - used, ")");
}

/* The subtitle: host, CPU model, date. */
static void subtitle(const struct tr *t, const char *lead, char *buf, size_t len)
{
	char h[256], cpu[256], d[64];
	snprintf(buf, len, "%s%s, %s, %s", lead, load_meta(&t->r, "host", h, sizeof(h)),
		 load_meta(&t->r, "cpu_model", cpu, sizeof(cpu)), load_meta(&t->r, "date", d, sizeof(d)));
}

/* One heatmap: c2c (latency) or interference (relative rate). 0, or -1. */
static int heat_plot(const struct tr *t, const char *home, int which)
{
	static char e[65536], tics[32768];
	char path[4400], sub[1024], num_buf[32], n[16];
	int intf = which == TR_INTF;
	const char *name = intf ? "interference" : "c2c";
	double lo, hi;
	int cells = heat_data(t, which, intf ? "relative" : "median_ns", name, &lo, &hi);
	if (cells <= 0)
		return cells;
	heat_tics(t, tics, sizeof(tics));
	snprintf(path, sizeof(path), "%s/plots/", home);
	e[0] = '\0';
	report_gset(e, sizeof(e), "dir", path, 1);
	snprintf(path, sizeof(path), "%s/plots/data/%s.dat", t->r.dir, name);
	report_gset(e, sizeof(e), "data", path, 1);
	snprintf(n, sizeof(n), "%d", t->n);
	report_gset(e, sizeof(e), "n", n, 0);
	report_gset(e, sizeof(e), "tics", tics, 1);
	report_gset(e, sizeof(e), "xlabel", intf ? "the PU whose rate is shown" : "PU", 1);
	report_gset(e, sizeof(e), "ylabel", intf ? "the PU running the same loop beside it" : "PU", 1);
	report_gset(e, sizeof(e), "cblabel", intf ? "rate beside it / rate alone" : "one-way latency (ns)", 1);
	report_gset(e, sizeof(e), "fmt", intf ? "%.2f" : hi < 10 ? "%.1f" : "%.0f", 1);
	snprintf(num_buf, sizeof(num_buf), "%.6g", intf ? fmin(lo, 0.4) : 0);
	report_gset(e, sizeof(e), "lo", num_buf, 0);
	snprintf(num_buf, sizeof(num_buf), "%.6g", intf ? 1.05 : hi * 1.05);
	report_gset(e, sizeof(e), "hi", num_buf, 0);
	report_gset(e, sizeof(e), "reverse", intf ? "1" : "0", 0);
	report_gset(e, sizeof(e), "labels", t->n <= TR_LABELS_UP_TO ? "1" : "0", 0);
	report_gset(e, sizeof(e), "title", intf ? "Interference: a multiplier-bound loop on one PU while another runs it too"
						: "Core-to-core latency: one cache line bounced between two pinned threads", 1);
	char rounds[16];
	snprintf(sub, sizeof(sub), intf ? "relative rate (SMT siblings near 0.5), median of %s rounds; grey: not measured"
				  : "one-way ns (half the round trip), median of %s repetitions; grey: not measured",
		 load_meta(&t->r, intf ? "interference_rounds" : "c2c_reps", rounds, sizeof(rounds)));
	report_gset(e, sizeof(e), "lead", sub, 1);
	subtitle(t, "", sub, sizeof(sub));
	report_gset(e, sizeof(e), "subtitle", sub, 1);
	snprintf(path, sizeof(path), "%s/plots/%s", t->r.dir, name);
	report_gset(e, sizeof(e), "out", path, 1);
	return report_gnuplot(home, e, "topology_heatmap");
}

/* plots/caches.png: the sweep, hwloc's sizes, the steps. 0, or -1. */
static int caches_plot(const struct tr *t, const char *home)
{
	static char e[16384];
	char path[4400], hw[512] = "", names[128] = "", sub[1024];
	const struct csv_table *c = &t->r.summary;
	if (t->t[TR_CHASE].nrows == 0)
		return 0;
	for (size_t i = 0; i < c->nrows; i++) {
		size_t u = strlen(hw), v = strlen(names);
		snprintf(hw + u, sizeof(hw) - u, "%s%s", u ? " " : "", load_cell(c, i, "hwloc_bytes"));
		snprintf(names + v, sizeof(names) - v, "%s%s", v ? " " : "", load_cell(c, i, "level"));
	}
	snprintf(path, sizeof(path), "%s/plots/", home);
	e[0] = '\0';
	report_gset(e, sizeof(e), "dir", path, 1);
	snprintf(path, sizeof(path), "%s/chase.csv", t->r.dir);
	report_gset(e, sizeof(e), "chase", path, 1);
	snprintf(path, sizeof(path), "%s/steps.csv", t->r.dir);
	report_gset(e, sizeof(e), "steps", path, 1);
	report_gset(e, sizeof(e), "hw", hw, 1);
	report_gset(e, sizeof(e), "hwnames", names, 1);
	report_gset(e, sizeof(e), "title", "Cache levels as measured: pointer-chase latency against the working set", 1);
	subtitle(t, "one thread, one random cycle of 64-byte nodes; ", sub, sizeof(sub));
	report_gset(e, sizeof(e), "subtitle", sub, 1);
	snprintf(path, sizeof(path), "%s/plots/caches", t->r.dir);
	report_gset(e, sizeof(e), "out", path, 1);
	return report_gnuplot(home, e, "topology_caches");
}

/* ---- topology.md --------------------------------------------------------------- */

/* Step row of steps.csv for level (L2), or -1. */
static long step_of(const struct tr *t, const char *level)
{
	const struct csv_table *s = &t->t[TR_STEPS];
	for (size_t i = 0; i < s->nrows; i++)
		if (strcmp(load_cell(s, i, "level"), level) == 0)
			return (long)i;
	return -1;
}

/* One level's sentence: hwloc says / measured / agree? */
static void md_level(const struct tr *t, size_t i, int last, FILE *f)
{
	const struct csv_table *c = &t->r.summary, *s = &t->t[TR_STEPS];
	const char *level = load_cell(c, i, "level"), *verdict = load_cell(c, i, "verdict");
	double hw = num(c, i, "hwloc_bytes"), me = num(c, i, "measured_bytes");
	char a[32], b[32], x[32], y[32], what[64];
	long k = step_of(t, level);
	snprintf(what, sizeof(what), last ? "the last level (%s)" : "%s", level);
	report_human(hw, a, sizeof(a));
	if (k < 0 || !(me > 0)) {
		fprintf(f, "- hwloc says %s is %s; the sweep found no rise of the latency for it: **not found**.\n", level, a);
		return;
	}
	report_human(me, b, sizeof(b));
	double r = me > hw ? me / hw : hw / me;
	fprintf(f, "- hwloc says %s is %s; latency rises at about %s (%s → %s), so %s measured here ends near %s: ",
		level, a, b, ns(num(s, (size_t)k, "before_ns"), x, sizeof(x)), ns(num(s, (size_t)k, "after_ns"), y, sizeof(y)),
		what, b);
	if (strcmp(verdict, "agrees") == 0 && r < 1.05)
		fprintf(f, "**agrees** (the same within 5 %%).\n");
	else if (strcmp(verdict, "agrees") == 0)
		fprintf(f, "**agrees** (measured %.1f× %s).\n", r, me > hw ? "larger" : "smaller");
	else
		fprintf(f, "**differs** by %.1f× (%s than hwloc says).\n", r, me > hw ? "larger" : "smaller");
}

/* ## Caches: a sentence per level, further steps, the caveat, the figure. */
static void md_caches(const struct tr *t, FILE *f)
{
	const struct csv_table *c = &t->r.summary, *s = &t->t[TR_STEPS];
	char a[32], b[32], x[32], y[32];
	fprintf(f, "## Cache levels: hwloc says / measured\n\n");
	if (c->nrows == 0)
		fprintf(f, "hwloc names no data caches on this machine; the steps the sweep found are below.\n");
	for (size_t i = 0; i < c->nrows; i++)
		md_level(t, i, i + 1 == c->nrows && c->nrows > 1, f);
	for (size_t i = 0; i < s->nrows; i++)
		if (strcmp(load_cell(s, i, "level"), "other") == 0)
			fprintf(f, "- Another step near %s (%s → %s), not one of the levels hwloc names (a TLB's reach, "
				"memory further away, or noise).\n",
				report_human(num(s, i, "bytes"), a, sizeof(a)), ns(num(s, i, "before_ns"), x, sizeof(x)),
				ns(num(s, i, "after_ns"), y, sizeof(y)));
	size_t np = t->t[TR_CHASE].nrows;
	fprintf(f, "\nHow: one thread chases pointers through one random cycle of 64-byte nodes (the chase kernel), "
		"from %s to %s; each size's latency is the median of its runs. A step is a rise of at least 1.4× "
		"where the curve climbs at least 23 %% per doubling of the size; the size measured is where the rise "
		"passes its middle, and the k-th step is matched to the k-th level hwloc names (with more steps than "
		"levels, the levels take the largest rises). Within a factor of 2 "
		"counts as agreeing.\n\n",
		np ? report_human(num(&t->t[TR_CHASE], 0, "bytes"), a, sizeof(a)) : "-",
		np ? report_human(num(&t->t[TR_CHASE], np - 1, "bytes"), b, sizeof(b)) : "-");
	fprintf(f, "Careful: the chase also measures the TLB. With 4 KiB pages each TLB level covers only so much "
		"memory (a few hundred KiB for the first, a few MiB to tens of MiB for the second); past that "
		"every load also walks the page tables, which in a VM means two sets of them. So a step can be a "
		"TLB's reach rather than a cache's end, and a last level that seems smaller than hwloc says may "
		"be the TLB speaking. Either way it is what a program with that working set sees here.\n\n");
	if (report_study_has(&t->r, "plots/caches.png"))
		fprintf(f, "![pointer-chase latency against the working set, hwloc's cache sizes and the steps found]"
			"(plots/caches.png)\n\n");
}

/* ## Core-to-core latency: the range, where it is fastest and slowest. */
static void md_c2c(const struct tr *t, FILE *f)
{
	const struct csv_table *c = &t->t[TR_C2C];
	char an[48], bn[48], x[32], y[32];
	long lo = -1, hi = -1;
	int a, b, counted = 0;
	fprintf(f, "## Core-to-core latency\n\n");
	for (size_t i = 0; i < c->nrows; i++) {
		double v = num(c, i, "median_ns");
		if (row_pus(t, c, i, &a, &b) < 0 || !isfinite(v))
			continue;
		counted++;
		if (lo < 0 || v < num(c, (size_t)lo, "median_ns"))
			lo = (long)i;
		if (hi < 0 || v > num(c, (size_t)hi, "median_ns"))
			hi = (long)i;
	}
	if (!counted) {
		fprintf(f, "No pair was measured (%d usable PU%s).\n\n", t->n, t->n == 1 ? "" : "s");
		return;
	}
	row_pus(t, c, (size_t)lo, &a, &b);
	fprintf(f, "Two threads, pinned one to each PU, bounce one cache line; the numbers are one-way: half the "
		"round trip, the median of the repetitions. Pairs are unordered: the line makes the same two trips "
		"whichever thread starts. ");
	double vl = num(c, (size_t)lo, "median_ns"), vh = num(c, (size_t)hi, "median_ns");
	if (counted == 1) {
		fprintf(f, "Between %s and %s a line takes %s.", pu_name(t, a, an, sizeof(an)), pu_name(t, b, bn, sizeof(bn)),
			ns(vl, x, sizeof(x)));
	} else {
		fprintf(f, "Over %d pairs: fastest %s (%s and %s), ", counted, ns(vl, x, sizeof(x)),
			pu_name(t, a, an, sizeof(an)), pu_name(t, b, bn, sizeof(bn)));
		row_pus(t, c, (size_t)hi, &a, &b);
		fprintf(f, "slowest %s (%s and %s)%s.", ns(vh, y, sizeof(y)), pu_name(t, a, an, sizeof(an)),
			pu_name(t, b, bn, sizeof(bn)), vh < 1.2 * vl ? ": about the same everywhere" : "");
	}
	fprintf(f, " For scale: two hyperthreads of one core share their L1 and answer in a few ns to a few tens "
		"of ns; cores on one die share a last-level cache, tens of ns; across dies or sockets the line "
		"goes over the interconnect, often 100 ns or more. In a VM, the host decides where the vCPUs run: "
		"the numbers say where they ran during this measurement.\n\n");
	if (report_study_has(&t->r, "plots/c2c.png"))
		fprintf(f, "![core-to-core latency, a PU x PU matrix](plots/c2c.png)\n\n");
}

/* Whether hwloc puts positions a and b on one core. */
static int same_core(const struct tr *t, int a, int b)
{
	return t->core[a] >= 0 && t->core[a] == t->core[b];
}

/* One pair's interference sentence, when worth saying. */
static void md_pair(const struct tr *t, int a, int b, double ra, double rb, FILE *f)
{
	char an[48], bn[48];
	double slow = 1 - (ra + rb) / 2, sib = load_meta_num(&t->r, "sibling_slowdown"),
	       shr = load_meta_num(&t->r, "shared_slowdown");
	int sibling = slow >= sib, shared = !sibling && slow >= shr, hw = same_core(t, a, b);
	const char *v = sibling ? "sibling" : shared ? "shared" : "independent";
	if (!hw && !sibling && !shared)
		return;
	fprintf(f, "- %s and %s: hwloc says %s; each runs at %.2f and %.2f of its rate alone (%.0f %% slower): "
		"%s — **%s**%s.\n", pu_name(t, a, an, sizeof(an)), pu_name(t, b, bn, sizeof(bn)),
		hw ? "one core (SMT siblings)" : "separate cores", ra, rb, slow * 100, v,
		hw == sibling ? "agrees" : "differs", hw || sibling ? "" :
		" on the cores, yet they share something (a cache, a host core's time, power)");
}

/* ## Which PUs share a core: hwloc's cores against the interference. */
static void md_intf(const struct tr *t, FILE *f)
{
	const struct csv_table *c = &t->t[TR_INTF];
	char cores[32], pus[32], loop[512];
	int a, b, pairs = 0, said = 0;
	fprintf(f, "## Which PUs share a core: hwloc says / measured\n\n");
	fprintf(f, "hwloc says: %s core(s), %s PU(s)%s. Measured: the same loop (%s) runs on one PU alone, then on "
		"two at once; each row is one PU's rate beside the other over its rate alone. Below %.0f %% slower "
		"is independent, from %.0f %% shared (a cache, a host core's time, power), from %.0f %% sibling (one "
		"core's execution units, or one host CPU).\n\n",
		load_meta(&t->r, "cores", cores, sizeof(cores)), load_meta(&t->r, "pus", pus, sizeof(pus)),
		strcmp(cores, pus) == 0 ? ", no two PUs on one core" : "", load_meta(&t->r, "interference_loop", loop, sizeof(loop)),
		load_meta_num(&t->r, "shared_slowdown") * 100, load_meta_num(&t->r, "shared_slowdown") * 100,
		load_meta_num(&t->r, "sibling_slowdown") * 100);
	for (size_t i = 0; i < c->nrows; i++) {
		if (row_pus(t, c, i, &a, &b) < 0 || a > b)
			continue;
		pairs++;
		for (size_t j = 0; j < c->nrows; j++) {
			int a2, b2;
			if (row_pus(t, c, j, &a2, &b2) == 0 && a2 == b && b2 == a) {
				md_pair(t, a, b, num(c, i, "relative"), num(c, j, "relative"), f);
				said += same_core(t, a, b) || 1 - (num(c, i, "relative") + num(c, j, "relative")) / 2 >=
					load_meta_num(&t->r, "shared_slowdown");
			}
		}
	}
	if (pairs && said < pairs)
		fprintf(f, "%s%d pair(s) on separate cores by hwloc ran as independent: **agrees**.\n", said ? "\n" : "",
			pairs - said);
	else if (!pairs)
		fprintf(f, "No pair was measured.\n");
	fprintf(f, "\nsiblings.csv lists the pairs judged sibling or shared (OS indexes), for "
		"`--topology measured DIR`.\n\n");
	if (report_study_has(&t->r, "plots/interference.png"))
		fprintf(f, "![interference: each PU's rate beside another over its rate alone](plots/interference.png)\n\n");
}

/* The title, what was measured and how to read it. */
static void md_head(const struct tr *t, FILE *f)
{
	char h[256], cpu[256], d[64], pairs[256], q[8];
	fprintf(f, "# Topology of %s: hwloc says / measured\n\n", load_meta(&t->r, "host", h, sizeof(h)));
	fprintf(f, "%s, %s. hwloc describes the machine from what the firmware (in a VM: the hypervisor) tells "
		"it; that description decides where `--bind` puts workers and what sizes such as `L2` mean. Here "
		"it is checked against measurement on the %d PU%s this process may use (pairs: %s%s).\n\n",
		load_meta(&t->r, "cpu_model", cpu, sizeof(cpu)), load_meta(&t->r, "date", d, sizeof(d)), t->n,
		t->n == 1 ? "" : "s", load_meta(&t->r, "pairs", pairs, sizeof(pairs)),
		strcmp(load_meta(&t->r, "quick", q, sizeof(q)), "yes") == 0 ? "; --quick: shorter measurements" : "");
}

static const char md_files[] =
	"## Files\n\n"
	"`c2c.csv` (pu_a, pu_b: hwloc's logical indexes; os_a, os_b: the OS's; median_ns, lo_ns, hi_ns: one-way "
	"latency; reps), `interference.csv` (each direction of each pair: alone_rate and together_rate in "
	"million multiplies per second, relative, verdict), `siblings.csv` (os_a, os_b, slowdown, verdict), "
	"`chase.csv` (the sweep: bytes, ns per load), `steps.csv` (the steps found), `caches.csv` (level, "
	"hwloc_bytes, measured_bytes, latency_ns, verdict), `meta.json`, `topology.xml`, `topology.txt`, "
	"`plots/c2c.png`, `plots/interference.png`, `plots/caches.png` (and `.svg`). `parbench report DIR` "
	"draws the plots and this page again.\n";

static int tr_md(const struct load_run *r, const void *ctx, FILE *f)
{
	const struct tr *t = ctx;
	(void)r;
	md_head(t, f);
	md_caches(t, f);
	md_c2c(t, f);
	md_intf(t, f);
	fputs(md_files, f);
	return ferror(f) ? -1 : 0;
}

/* topology.html: the page report_html makes of topology.md's text. */
static int tr_html(const struct load_run *r, const void *ctx, FILE *f)
{
	return report_html(r, ctx, f);
}

/* Writes topology.md, then topology.html from its text. 0, or -1. */
static int tr_pages(const struct tr *t)
{
	char *md = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&md, &len);
	int rc = !mem || tr_md(&t->r, t, mem) < 0;
	if (mem && fclose(mem) != 0)
		rc = 1;
	if (!rc)
		rc = report_study_put(&t->r, "topology.md", tr_md, t) < 0 ||
		     report_study_put(&t->r, "topology.html", tr_html, md) < 0;
	else
		fprintf(stderr, "parbench: cannot write topology.md in memory\n");
	free(md);
	return rc ? -1 : 0;
}

int report_topology(const char *home, const char *dir)
{
	static struct tr t;
	memset(&t, 0, sizeof(t));
	int rc = tr_open(&t, dir);
	if (rc == 0)
		rc = heat_plot(&t, home, TR_C2C) < 0 || heat_plot(&t, home, TR_INTF) < 0 || caches_plot(&t, home) < 0;
	if (rc == 0)
		rc = tr_pages(&t) < 0;
	if (rc == 0)
		printf("parbench: wrote %s/topology.md, topology.html and plots/%s (.svg)\n", t.r.dir,
		       report_study_has(&t.r, "plots/c2c.png") ? "c2c.png, interference.png, caches.png" : "caches.png");
	tr_free(&t);
	return rc;
}
