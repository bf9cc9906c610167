/*
 * affinity.c - see affinity.h. The start-up mask is read by a function in
 * the executable's .preinit_array: the dynamic loader runs those before
 * the constructors of every shared library (libgomp's initialize_env
 * among them), so it sees the CPUs the process was started with. Plain
 * sched_getaffinity with glibc's fixed cpu_set_t (1024 CPUs): on a larger
 * machine the read fails and nothing is restored, as before.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "affinity.h"

static struct {
	cpu_set_t startup;        /* before the libraries' constructors */
	cpu_set_t pinned;         /* the main thread's, as they left it */
	int read;                 /* startup holds a mask */
	int narrowed;             /* pinned differs from startup */
	char startup_list[1024], pinned_list[1024];
} aff;

static void affinity_early(void)
{
	aff.read = sched_getaffinity(0, sizeof(aff.startup), &aff.startup) == 0;
}

/* Runs before shared libraries' constructors (see the top). */
__attribute__((section(".preinit_array"), used))
static void (*const affinity_early_hook)(void) = affinity_early;

/* set as "0-3,6" into buf. */
static void list_format(const cpu_set_t *set, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int c = 0; c < CPU_SETSIZE && used < len; c++) {
		if (!CPU_ISSET(c, set))
			continue;
		int last = c;
		while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, set))
			last++;
		if (last == c)
			used += (size_t)snprintf(buf + used, len - used, "%s%d", used ? "," : "", c);
		else
			used += (size_t)snprintf(buf + used, len - used, "%s%d-%d", used ? "," : "", c, last);
		c = last;
	}
}

int affinity_restore(void)
{
	if (!aff.read || sched_getaffinity(0, sizeof(aff.pinned), &aff.pinned) < 0)
		return -1;
	list_format(&aff.startup, aff.startup_list, sizeof(aff.startup_list));
	if (CPU_EQUAL(&aff.pinned, &aff.startup))
		return 0;
	if (sched_setaffinity(0, sizeof(aff.startup), &aff.startup) < 0)
		return -1;
	aff.narrowed = 1;
	list_format(&aff.pinned, aff.pinned_list, sizeof(aff.pinned_list));
	return 1;
}

const char *affinity_startup_list(void)
{
	return aff.startup_list;
}

const char *affinity_pinned_list(void)
{
	return aff.pinned_list;
}

int affinity_pin_pinned(void)
{
	if (!aff.narrowed)
		return 0;
	return sched_setaffinity(0, sizeof(aff.pinned), &aff.pinned) < 0 ? -1 : 0;
}

void affinity_unpin(void)
{
	if (aff.narrowed)
		sched_setaffinity(0, sizeof(aff.startup), &aff.startup);
}
