/*
 * newfile.c - temporaries that are never followed through a link and
 * scratch files that never have a name (see newfile.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newfile.h"

/* O_EXCL with O_CREAT already fails on a symbolic link; O_NOFOLLOW says so. */
#define NEWFILE_FLAGS (O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC)

FILE *newfile_create(const char *path)
{
	struct stat st;
	int fd = open(path, NEWFILE_FLAGS, 0666);
	if (fd < 0 && errno == EEXIST && lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    unlink(path) == 0)
		fd = open(path, NEWFILE_FLAGS, 0666);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		int saved = errno;
		close(fd);
		unlink(path);
		errno = saved;
	}
	return f;
}

int newfile_unnamed(const char *dir, char *err, size_t errlen)
{
	char path[4096];
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)) {
		if (fd < 0)
			snprintf(err, errlen, "cannot create a file in '%s': %s", dir, strerror(errno));
		return fd;
	}
	/* No O_TMPFILE here: a name for as long as it takes to remove it. */
	snprintf(path, sizeof(path), "%s/parbench-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a file in '%s': %s", dir, strerror(errno));
		return -1;
	}
	unlink(path);
	return fd;
}

int newfile_write_all(int fd, const char *buf, size_t len)
{
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

const char *newfile_full(int err)
{
	return err == ENOSPC || err == EDQUOT ? " (disk full)" : "";
}
