/*
 * newfile.h - files a run creates beside others: a temporary that will be
 * renamed over its final name, and a scratch file that never has a name.
 *
 * Why here: a run folder may be an earlier run's, where anyone could have
 * left a symbolic link at a temporary's name; fopen("w") would follow it
 * and overwrite its target. And a scratch file written in $TMPDIR must not
 * outlive a SIGKILL, so it must have no name while it is being written.
 */
#ifndef PARBENCH_NEWFILE_H
#define PARBENCH_NEWFILE_H

#include <stdio.h>

/* Creates path for writing with O_CREAT|O_EXCL|O_NOFOLLOW: a symbolic link
 * or anything else but a regular file at that name is refused (errno
 * EEXIST), never followed; a regular file there (an interrupted write's
 * leftover) is removed first. Returns the stream, or NULL with errno set.
 * The caller closes it and removes path on failure. */
FILE *newfile_create(const char *path);

/* A file open read-write in dir that has no name: O_TMPFILE, or where the
 * file system lacks it a mkstemp name removed at once. Returns the
 * descriptor, or -1 with a one-line reason naming dir in err. */
int newfile_unnamed(const char *dir, char *err, size_t errlen);

/* " (disk full)" when err says the disk (or the quota) is full, else "":
 * what every write failure's line adds after strerror. */
const char *newfile_full(int err);

/* Writes all len bytes of buf to fd, again after EINTR or a short write
 * (write() alone: async-signal-safe). Returns 0, or -1 with errno set
 * (ENOSPC when write() wrote nothing without saying why). */
int newfile_write_all(int fd, const char *buf, size_t len);

#endif
