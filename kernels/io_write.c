/*
 * io_write.c - each item appends one 4 KiB block to its worker's file and,
 * every --fsync-every items (1 by default), fsyncs it: the write-ahead log
 * or the results file a Python worker keeps, with the price of durability
 * per item or per batch. Item i's block holds kernel_mix64(i * 512 + j) in
 * word j, so the data depends on the item alone.
 *
 * Files: setup opens WRITE_FILES files in $TMPDIR that have no name
 * (newfile_unnamed: O_TMPFILE, mode 0600, or a mkstemp name removed at
 * once), so nothing is left behind however parbench ends, SIGKILL
 * included; no folder is made for them, which would be the one thing a
 * SIGKILL could leave. A forked worker inherits the descriptors. Worker
 * id appends to file id % WRITE_FILES (O_APPEND: two workers sharing one
 * past 64 workers still append whole blocks). reset() empties them before
 * each run; digest() reads every file back after the run and sums its
 * words, so a run verifies only if every block reached its file, whatever
 * the split. run() returns the blocks it wrote in full.
 *
 * write() and fsync() are blocking calls: bracketed by the worker's hooks,
 * so the gil runner lets its lock go, as CPython does around os.write and
 * os.fsync. fsync is counted by the item's index (after item i when
 * (i + 1) % N == 0), so every split makes the same number of them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../harness/core/newfile.h"
#include "kernel.h"

#define WRITE_BLOCK 4096
#define WRITE_WORDS (WRITE_BLOCK / sizeof(uint64_t))
#define WRITE_FILES 64

unsigned kernel_write_fsync_every = 1;

struct writefiles {
	int fd[WRITE_FILES];
};

static void close_files(struct writefiles *f, int n)
{
	for (int i = 0; i < n; i++)
		close(f->fd[i]);
}

static int write_setup(struct kernel_job *job, char *err, size_t errlen)
{
	char why[300];
	const char *tmp = getenv("TMPDIR");
	tmp = tmp && *tmp ? tmp : "/tmp";
	struct writefiles *f = calloc(1, sizeof(*f));
	if (!f) {
		snprintf(err, errlen, "write: out of memory");
		return -1;
	}
	for (int i = 0; i < WRITE_FILES; i++) {
		f->fd[i] = newfile_unnamed(tmp, why, sizeof(why));
		if (f->fd[i] < 0 || fcntl(f->fd[i], F_SETFL, O_APPEND) < 0) {
			if (f->fd[i] >= 0)
				snprintf(why, sizeof(why), "cannot append to a file in '%s': %s", tmp,
					 strerror(errno));
			snprintf(err, errlen, "write: %s", why);
			close_files(f, f->fd[i] >= 0 ? i + 1 : i);
			free(f);
			return -1;
		}
	}
	job->state = f;
	job->bytes = job->n * WRITE_BLOCK;
	return 0;
}

static void fill_block(uint64_t *block, size_t i)
{
	for (size_t j = 0; j < WRITE_WORDS; j++)
		block[j] = kernel_mix64(i * WRITE_WORDS + j);
}

static uint64_t write_run(const struct kernel_job *job, size_t lo, size_t hi,
			  struct worker *w)
{
	const struct writefiles *f = job->state;
	int fd = f->fd[(w ? w->id : 0) % WRITE_FILES];
	unsigned every = kernel_write_fsync_every ? kernel_write_fsync_every : 1;
	uint64_t block[WRITE_WORDS];
	uint64_t written = 0;
	for (size_t i = lo; i < hi; i++) {
		fill_block(block, i);
		worker_blocking_begin(w);
		/* One write() of a whole block: O_APPEND places it at once. */
		ssize_t put = write(fd, block, WRITE_BLOCK);
		int synced = (i + 1) % every ? 0 : fsync(fd);
		worker_blocking_end(w);
		written += put == WRITE_BLOCK && synced == 0;
	}
	return written;
}

static void write_reset(const struct kernel_job *job)
{
	const struct writefiles *f = job->state;
	for (int i = 0; i < WRITE_FILES; i++)
		if (ftruncate(f->fd[i], 0) < 0) {
			/* left as it was: the digest then counts the extra blocks, a mismatch */
		}
}

/* The sum of every word of every file, read back from the files. */
static uint64_t write_digest(const struct kernel_job *job)
{
	const struct writefiles *f = job->state;
	uint64_t block[WRITE_WORDS], sum = 0;
	for (int i = 0; i < WRITE_FILES; i++) {
		struct stat st;
		if (fstat(f->fd[i], &st) < 0)
			return 0;
		for (off_t at = 0; at < st.st_size; at += WRITE_BLOCK) {
			ssize_t got = pread(f->fd[i], block, WRITE_BLOCK, at);
			if (got != WRITE_BLOCK)
				return 0;   /* a torn block: a mismatch */
			for (size_t j = 0; j < WRITE_WORDS; j++)
				sum += block[j];
		}
	}
	return sum;
}

static void write_teardown(struct kernel_job *job)
{
	struct writefiles *f = job->state;
	if (!f)
		return;
	close_files(f, WRITE_FILES);
	free(f);
	job->state = NULL;
}

const struct kernel_ops kernel_write = {
	.name = "write",
	.kind = KERNEL_IO,
	.summary = "append 4 KiB blocks to a file per worker, fsync every --fsync-every, lock released under gil",
	.process_local = "write's files have no name: a spawned process cannot open them",
	.item_bytes = WRITE_BLOCK,
	.default_items = (1u << 20) / WRITE_BLOCK,   /* 1 MiB: 256 fsyncs, about 35 ms a run at 30 MB/s */
	.quick_items = (512u << 10) / WRITE_BLOCK,
	.rate = { .per_item = WRITE_BLOCK, .scale = 1e6, .unit = "MB/s" },
	.setup = write_setup,
	.run = write_run,
	.reset = write_reset,
	.digest = write_digest,
	.teardown = write_teardown,
};
