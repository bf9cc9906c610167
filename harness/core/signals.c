/*
 * signals.c - the stop-signal handler (signals.h). The line it writes is
 * built when it is installed, so the handler itself calls write() alone.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "signals.h"

static volatile sig_atomic_t stop_signal;
static char stop_msg[160];
static size_t stop_len;

static void on_stop(int sig)
{
	stop_signal = sig;
	if (write(STDERR_FILENO, stop_msg, stop_len) < 0)
		return;
}

void signals_stop_install(const char *unit)
{
	int n = snprintf(stop_msg, sizeof(stop_msg),
			 "\nparbench: stopping after this %s (once more to quit at once)\n", unit);
	stop_len = n < 0 ? 0 : (size_t)n < sizeof(stop_msg) ? (size_t)n : sizeof(stop_msg) - 1;
	struct sigaction sa = { .sa_handler = on_stop, .sa_flags = SA_RESETHAND };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int signals_stopped(void)
{
	return stop_signal;
}
