/*
 * sysinfo.c - reading the run's conditions from /proc, /sys, uname, the
 * loader and the clock.
 *
 * Everything here is a plain read of a file or a call that cannot harm the
 * run; each reader fills its field or marks it unreadable and moves on, so
 * a missing file (no cpufreq in a VM, a locked-down /proc) costs one field,
 * not the record. The only active step is the clock measurement: many
 * back-to-back clock_gettime calls, keeping the smallest positive step,
 * which is the resolution the harness can really see (the larger of the
 * clock's tick and the cost of one reading), whatever clock_getres claims.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/perf_event.h>
#include <link.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "sysinfo.h"

#ifdef _OPENMP
#define SYSINFO_OPENMP _OPENMP
#else
#define SYSINFO_OPENMP 0L
#endif

/* Pairs of clock readings for the measured resolution (a few ms). */
#define CLOCK_TRIES 200000

/* _OPENMP dates and the specification they name. */
static const struct {
	long date;
	const char *version;
} openmp_specs[] = {
	{ 200505, "2.5" }, { 200805, "3.0" }, { 201107, "3.1" }, { 201307, "4.0" },
	{ 201511, "4.5" }, { 201811, "5.0" }, { 202011, "5.1" }, { 202111, "5.2" },
	{ 202411, "6.0" }, { 0, NULL },
};

/* The first line of path, without its newline, in buf; 0 or -1. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char *got = fgets(buf, (int)len, f);
	fclose(f);
	if (!got)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static long read_long(const char *path)
{
	char buf[64], *end;
	if (read_line(path, buf, sizeof(buf)) < 0)
		return -1;
	long v = strtol(buf, &end, 10);
	return end == buf ? -1 : v;
}

void sysinfo_squeeze(char *s)
{
	char *to = s;
	for (const char *from = s; *from; from++) {
		if (*from != ' ' && *from != '\t')
			*to++ = *from;
		else if (to > s && to[-1] != ' ' && from[1] && from[1] != ' ' && from[1] != '\t')
			*to++ = ' ';
	}
	*to = '\0';
}

/* The value of the first "key<spaces>: value" line of a /proc file. */
static int proc_field(const char *path, const char *key, char *buf, size_t len)
{
	char line[512];
	size_t klen = strlen(key);
	int found = -1;
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) != 0)
			continue;
		char *v = line + klen;
		v += strspn(v, " \t");
		if (*v != ':')
			continue;
		v += 1 + strspn(v + 1, " \t");
		v[strcspn(v, "\n")] = '\0';
		snprintf(buf, len, "%s", v);
		found = 0;
	}
	fclose(f);
	return found;
}

/* set[i] != 0 for the CPUs in the list; "0-3,6" style, as sysinfo.h says. */
static int cpulist_format(const unsigned char *set, int n, char *buf, size_t len)
{
	size_t used = 0;
	int count = 0;
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (!set[i])
			continue;
		int j = i;
		while (j + 1 < n && set[j + 1])
			j++;
		count += j - i + 1;
		if (used < len) {
			used += (size_t)(j > i ? snprintf(buf + used, len - used, "%s%d-%d", used ? "," : "", i, j)
					       : snprintf(buf + used, len - used, "%s%d", used ? "," : "", i));
		}
		i = j;
	}
	return count;
}

/* Marks the CPUs of a "0-3,6" list in set (n entries); the count, -1 if malformed. */
static int cpulist_parse(const char *text, unsigned char *set, int n)
{
	int count = 0;
	const char *p = text;
	while (*p) {
		char *end;
		long lo = strtol(p, &end, 10), hi = lo;
		if (end == p || lo < 0)
			return -1;
		p = end;
		if (*p == '-') {
			hi = strtol(p + 1, &end, 10);
			if (end == p + 1 || hi < lo)
				return -1;
			p = end;
		}
		for (long i = lo; i <= hi && i < n; i++) {
			count += !set[i];
			set[i] = 1;
		}
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
	}
	return count;
}

static void read_online(struct sysinfo_host *si, unsigned char *online, int n)
{
	if (read_line("/sys/devices/system/cpu/online", si->online_list, sizeof(si->online_list)) == 0 &&
	    (si->online_cpus = cpulist_parse(si->online_list, online, n)) > 0)
		return;
	memset(online, 0, (size_t)n);
	si->online_cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	for (int i = 0; i < si->online_cpus && i < n; i++)
		online[i] = 1;
	cpulist_format(online, n, si->online_list, sizeof(si->online_list));
}

static void read_affinity(struct sysinfo_host *si, unsigned char *in, int n)
{
	size_t size = CPU_ALLOC_SIZE(n);
	cpu_set_t *set = CPU_ALLOC(n);
	si->affinity_cpus = -1;
	if (!set)
		return;
	CPU_ZERO_S(size, set);
	if (sched_getaffinity(0, size, set) == 0) {
		for (int i = 0; i < n; i++)
			in[i] = CPU_ISSET_S(i, size, set) != 0;
		si->affinity_cpus = cpulist_format(in, n, si->affinity_list, sizeof(si->affinity_list));
	}
	CPU_FREE(set);
}

/* Per online CPU: governor and frequencies; then the governors in one word. */
static void read_cpufreq(struct sysinfo_host *si, const unsigned char *online, int n)
{
	char path[128];
	si->ncpufreq = si->cpufreq_omitted = 0;
	si->governor[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (!online[i])
			continue;
		if (si->ncpufreq == SYSINFO_MAX_CPUS) {
			si->cpufreq_omitted++;
			continue;
		}
		struct sysinfo_cpufreq *c = &si->cpufreq[si->ncpufreq++];
		c->cpu = i;
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_governor", i);
		if (read_line(path, c->governor, sizeof(c->governor)) < 0 || !c->governor[0])
			snprintf(c->governor, sizeof(c->governor), "unavailable");
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_cur_freq", i);
		c->cur_khz = read_long(path);
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/cpufreq/cpuinfo_max_freq", i);
		c->max_khz = read_long(path);
		if (strcmp(c->governor, "unavailable") == 0)
			continue;
		/* Add the name to the summary unless it is there already. */
		size_t glen = strlen(c->governor), slen = strlen(si->governor);
		const char *s = si->governor;
		int seen = 0;
		while (!seen && *s) {
			size_t w = strcspn(s, "/");
			seen = w == glen && strncmp(s, c->governor, w) == 0;
			s += w + (s[w] == '/');
		}
		if (!seen && slen + glen + 2 <= sizeof(si->governor))
			snprintf(si->governor + slen, sizeof(si->governor) - slen, "%s%s",
				 slen ? "/" : "", c->governor);
	}
	if (!si->governor[0])
		snprintf(si->governor, sizeof(si->governor), "unavailable");
}

static void read_boot_time(struct sysinfo_host *si)
{
	char line[256];
	long long t = -1;
	struct tm tm;
	FILE *f = fopen("/proc/stat", "r");
	si->boot_time[0] = '\0';
	if (!f)
		return;
	while (t < 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, "btime %lld", &t) != 1)
			t = -1;
	fclose(f);
	time_t bt = (time_t)t;
	if (t >= 0 && localtime_r(&bt, &tm))
		strftime(si->boot_time, sizeof(si->boot_time), "%Y-%m-%dT%H:%M:%S%z", &tm);
}

static long long ts_ns(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

static void read_clock(struct sysinfo_host *si)
{
	struct timespec res, a, b;
	long long best = LLONG_MAX;
	si->clock_getres_ns = clock_getres(CLOCK_MONOTONIC, &res) == 0 ? ts_ns(&res) : -1;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < CLOCK_TRIES; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		long long d = ts_ns(&b) - ts_ns(&a);
		if (d > 0 && d < best)
			best = d;
		a = b;
	}
	si->clock_measured_ns = best == LLONG_MAX ? -1 : best;
}

/* dl_iterate_phdr's callback: the first loaded libgomp's real path into
 * data (PATH_MAX bytes), then stop. */
static int find_libgomp(struct dl_phdr_info *info, size_t size, void *data)
{
	char *out = data;
	(void)size;
	if (!info->dlpi_name || !strstr(info->dlpi_name, "libgomp"))
		return 0;
	if (!realpath(info->dlpi_name, out))
		snprintf(out, PATH_MAX, "%s", info->dlpi_name);
	return 1;
}

static void read_openmp(struct sysinfo_host *si)
{
	si->libgomp[0] = '\0';
	dl_iterate_phdr(find_libgomp, si->libgomp);
	si->openmp_spec = SYSINFO_OPENMP;
	si->openmp_version = "";
	for (int i = 0; openmp_specs[i].version; i++)
		if (openmp_specs[i].date == si->openmp_spec)
			si->openmp_version = openmp_specs[i].version;
}

void sysinfo_load(struct sysinfo_load *l)
{
	l->valid = getloadavg(l->avg, 3) == 3;
}

void sysinfo_ticks(struct sysinfo_ticks *t)
{
	unsigned long long v[10] = { 0 };
	char line[512];
	FILE *f = fopen("/proc/stat", "r");
	t->valid = 0;
	if (!f)
		return;
	/* cpu  user nice system idle iowait irq softirq steal guest guest_nice;
	 * guest time is already in user, so it is not added again. */
	int got = fgets(line, sizeof(line), f) ? sscanf(line, "cpu %llu %llu %llu %llu %llu %llu %llu %llu",
							&v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) : 0;
	fclose(f);
	if (got < 4)
		return;
	t->total = 0;
	for (int i = 0; i < 8; i++)
		t->total += v[i];
	t->steal = got >= 8 ? v[7] : 0;
	t->valid = 1;
}

/* Whether this process may count hardware events (cycles, instructions)
 * of its own threads: a virtual machine usually has no PMU to give. */
static void read_pmu(struct sysinfo_host *si)
{
	struct perf_event_attr a = {
		.type = PERF_TYPE_HARDWARE, .size = sizeof(a), .config = PERF_COUNT_HW_CPU_CYCLES,
		.disabled = 1, .exclude_kernel = 1, .exclude_hv = 1,
	};
	long fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
	if (fd < 0) {
		snprintf(si->pmu, sizeof(si->pmu), "none (perf_event_open cycles: %s)", strerror(errno));
		return;
	}
	close((int)fd);
	snprintf(si->pmu, sizeof(si->pmu), "cycles (perf_event_open works; parbench does not count them yet)");
}

void sysinfo_collect(struct sysinfo_host *si)
{
	int n = (int)sysconf(_SC_NPROCESSORS_CONF);
	struct utsname u;

	memset(si, 0, sizeof(*si));
	if (n < 1)
		n = 1;
	if (n < CPU_SETSIZE)
		n = CPU_SETSIZE;
	unsigned char *online = calloc((size_t)n, 1), *mask = calloc((size_t)n, 1);
	if (online && mask) {
		read_online(si, online, n);
		read_affinity(si, mask, n);
		read_cpufreq(si, online, n);
	} else {
		si->online_cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
		si->affinity_cpus = -1;
		snprintf(si->governor, sizeof(si->governor), "unavailable");
	}
	free(online);
	free(mask);

	sysinfo_load(&si->load_start);
	if (proc_field("/proc/cpuinfo", "model name", si->cpuinfo_model, sizeof(si->cpuinfo_model)) < 0)
		si->cpuinfo_model[0] = '\0';
	sysinfo_squeeze(si->cpuinfo_model);
	if (uname(&u) == 0) {
		snprintf(si->kernel_release, sizeof(si->kernel_release), "%s", u.release);
		snprintf(si->arch, sizeof(si->arch), "%s", u.machine);
	}
	read_boot_time(si);
	si->aslr = (int)read_long("/proc/sys/kernel/randomize_va_space");
	read_clock(si);
	read_openmp(si);
	read_pmu(si);
}
