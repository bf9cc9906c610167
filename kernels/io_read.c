/*
 * io_read.c - pread() of 4 KiB blocks from a file that setup() creates in
 * $TMPDIR without a name (O_TMPFILE, or a name removed right after it is
 * opened: newfile_unnamed), then writes: the descriptor is all that run()
 * needs, and nothing is left behind however parbench ends, SIGKILL in the
 * middle of the writing included. Item i reads
 * block i and sums its 64-bit words. The reads are bracketed by the blocking
 * hooks (CPython releases the GIL around os.pread). The file was just
 * written, so the blocks come from the page cache: this measures the system
 * call and the copy, not the disk.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../harness/core/newfile.h"
#include "kernel.h"

#define READ_BLOCK 4096
#define READ_WORDS (READ_BLOCK / sizeof(uint64_t))

struct readfile {
	int fd;
};

static int write_blocks(int fd, size_t n)
{
	uint64_t block[READ_WORDS];
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < READ_WORDS; j++)
			block[j] = kernel_mix64(i * READ_WORDS + j);
		if (pwrite(fd, block, READ_BLOCK, (off_t)(i * READ_BLOCK)) != READ_BLOCK)
			return -1;
	}
	return 0;
}

static int read_setup(struct kernel_job *job, char *err, size_t errlen)
{
	char why[300];
	struct readfile *r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err, errlen, "read: out of memory");
		return -1;
	}
	const char *tmp = getenv("TMPDIR");
	r->fd = newfile_unnamed(tmp && *tmp ? tmp : "/tmp", why, sizeof(why));
	if (r->fd < 0) {
		snprintf(err, errlen, "read: %s", why);
		goto out_free;
	}
	/* fsync: the write-back happens now, not during the first runner's runs. */
	if (write_blocks(r->fd, job->n) < 0 || fsync(r->fd) < 0) {
		snprintf(err, errlen, "read: cannot write %zu bytes to a file in '%s': %s",
			 job->n * READ_BLOCK, tmp && *tmp ? tmp : "/tmp", strerror(errno));
		goto out_close;
	}
	job->state = r;
	job->bytes = job->n * READ_BLOCK;
	return 0;

out_close:
	close(r->fd);
out_free:
	free(r);
	return -1;
}

static uint64_t read_run(const struct kernel_job *job, size_t lo, size_t hi,
			 struct worker *w)
{
	const struct readfile *r = job->state;
	uint64_t block[READ_WORDS];
	uint64_t sum = 0;
	for (size_t i = lo; i < hi; i++) {
		worker_blocking_begin(w);
		ssize_t got = pread(r->fd, block, READ_BLOCK, (off_t)(i * READ_BLOCK));
		worker_blocking_end(w);
		if (got != READ_BLOCK)
			return 0;   /* a short read spoils the checksum: reported as a mismatch */
		for (size_t j = 0; j < READ_WORDS; j++)
			sum += block[j];
	}
	return sum;
}

static void read_teardown(struct kernel_job *job)
{
	struct readfile *r = job->state;
	if (!r)
		return;
	close(r->fd);
	free(r);
	job->state = NULL;
}

const struct kernel_ops kernel_read = {
	.name = "read",
	.kind = KERNEL_IO,
	.summary = "pread 4 KiB blocks of a temporary file (page cache), lock released under gil",
	.item_bytes = READ_BLOCK,
	.default_items = (64u << 20) / READ_BLOCK,
	.quick_items = (4u << 20) / READ_BLOCK,
	.rate = { .per_item = READ_BLOCK, .scale = 1e6, .unit = "MB/s" },
	.setup = read_setup,
	.run = read_run,
	.teardown = read_teardown,
};
