/*
 * kernels.c - the kernel table and the helpers every kernel shares.
 * Adding a kernel: write kernels/<kind>_<name>.c with a struct kernel_ops,
 * declare it below and add one line to kernel_table.
 */
#include <string.h>
#include <sys/mman.h>

#include "kernel.h"

extern const struct kernel_ops kernel_primes, kernel_pi, kernel_triad,
	kernel_chase, kernel_sleep, kernel_read, kernel_write;

const struct kernel_ops *const kernel_table[] = {
	&kernel_primes,
	&kernel_pi,
	&kernel_triad,
	&kernel_chase,
	&kernel_sleep,
	&kernel_read,
	&kernel_write,
	NULL,
};

const struct kernel_ops *kernel_find(const char *name)
{
	for (const struct kernel_ops *const *k = kernel_table; *k; k++)
		if (strcmp((*k)->name, name) == 0)
			return *k;
	return NULL;
}

const char *kernel_kind_name(enum kernel_kind kind)
{
	static const char *const names[] = {
		[KERNEL_CPU] = "cpu", [KERNEL_MEM] = "mem", [KERNEL_IO] = "io",
	};
	return names[kind];
}

void *kernel_shared_alloc(size_t bytes)
{
	void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void *kernel_private_alloc(size_t bytes)
{
	void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void kernel_shared_free(void *p, size_t bytes)
{
	if (p)
		munmap(p, bytes ? bytes : 1);
}
