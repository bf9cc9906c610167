/*
 * signals.c - the stop-signal handler and its last words (signals.h). The
 * line it writes is built when it is installed, and the last words before
 * the signal can come, so the handler itself calls only write(), open(),
 * rename(), sigaction() and raise().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newfile.h"
#include "signals.h"

static volatile sig_atomic_t stop_signal;
static char stop_msg[160];
static size_t stop_len;

/* The last words, swapped whole while both signals are blocked in the
 * swapping thread. Another thread (libgomp keeps its team) may take the
 * signal meanwhile and read the words being replaced, so those are never
 * freed: a few hundred bytes each time meta.json is written. */
struct words {
	char *path, *tmp, *text;
	size_t len;
	struct words *retired;    /* the words these replaced, kept */
};
static struct words *volatile last;
static struct words *retired;   /* every replaced one, still reachable */

static int words_write(const struct words *w)
{
	unlink(w->tmp);
	int fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (newfile_write_all(fd, w->text, w->len) < 0) {
		int saved = errno;
		close(fd);
		unlink(w->tmp);
		errno = saved;
		return -1;
	}
	if (close(fd) < 0 || rename(w->tmp, w->path) < 0) {
		int saved = errno;
		unlink(w->tmp);
		errno = saved;
		return -1;
	}
	return 0;
}

static void on_stop(int sig)
{
	static const char at_once[] = "parbench: stopped at once\n";
	int saved = errno;
	if (stop_signal) {
		/* The second: the last words, then the signal's own action. */
		struct words *w = last;
		if (w)
			words_write(w);
		if (write(STDERR_FILENO, at_once, sizeof(at_once) - 1) < 0)
			stop_len = 0;
		struct sigaction dfl = { .sa_handler = SIG_DFL };
		sigaction(sig, &dfl, NULL);
		raise(sig);   /* pending until this handler returns */
		errno = saved;
		return;
	}
	stop_signal = sig;
	if (write(STDERR_FILENO, stop_msg, stop_len) < 0)
		stop_len = 0;
	errno = saved;
}

void signals_stop_install(const char *unit)
{
	int n = snprintf(stop_msg, sizeof(stop_msg),
			 "\nparbench: stopping after this %s (once more to quit at once)\n", unit);
	stop_len = n < 0 ? 0 : (size_t)n < sizeof(stop_msg) ? (size_t)n : sizeof(stop_msg) - 1;
	struct sigaction sa = { .sa_handler = on_stop };
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int signals_stopped(void)
{
	return stop_signal;
}

static void words_free(struct words *w)
{
	if (!w)
		return;
	free(w->path);
	free(w->tmp);
	free(w->text);
	free(w);
}

int signals_last_words(const char *path, const char *tmp, const char *text, size_t len)
{
	struct words *w = NULL;
	int rc = 0;
	if (text) {
		w = calloc(1, sizeof(*w));
		if (w) {
			w->path = strdup(path);
			w->tmp = strdup(tmp);
			w->text = malloc(len ? len : 1);
			w->len = len;
		}
		if (!w || !w->path || !w->tmp || !w->text) {
			words_free(w);
			w = NULL;
			rc = -1;
		} else {
			memcpy(w->text, text, len);
		}
	}
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	struct words *was = last;
	last = w;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (was) {   /* kept, not freed: a handler elsewhere may hold them */
		was->retired = retired;
		retired = was;
	}
	return rc;
}

int signals_say_last_words(void)
{
	if (!last) {
		errno = ENOENT;
		return -1;
	}
	return words_write(last);
}
