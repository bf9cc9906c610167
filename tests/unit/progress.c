/*
 * tests/unit/progress.c - the progress display's output, read back from a
 * temporary file: LINES writes plain newline-terminated notes, BAR redraws
 * with \r and shows done/total, percent and an ETA, clears itself around a
 * note and at the end, and redraws at most about 10 times a second; QUIET
 * writes nothing; AUTO picks LINES for a file and BAR for a terminal (a
 * pseudo-terminal; skipped where none can be opened). TAP output.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../harness/core/progress.h"
#include "../lib/tap.h"

static char out[1 << 20];

/* Everything written to f so far, in out (NUL-terminated). */
static const char *contents(FILE *f)
{
	fflush(f);
	long end = ftell(f);
	rewind(f);
	size_t n = fread(out, 1, end > 0 && (size_t)end < sizeof(out) ? (size_t)end : sizeof(out) - 1, f);
	out[n] = '\0';
	fseek(f, 0, SEEK_END);
	return out;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void test_lines(void)
{
	FILE *f = tmpfile();
	struct progress p;
	progress_start(&p, f, PROGRESS_LINES, 4);
	progress_step(&p, "pi serial 1", 0);
	progress_step(&p, "pi serial 1", 2);
	progress_note(&p, "pi serial 1: 4.4 ms");
	progress_step(&p, "pi gil 2", 4);
	progress_note(&p, "pi gil 2: 5.5 ms");
	progress_end(&p);
	const char *s = contents(f);
	ok(strcmp(s, "[2/4] pi serial 1: 4.4 ms\n[4/4] pi gil 2: 5.5 ms\n") == 0,
	   "LINES: one plain line per note, counted, nothing for steps");
	ok(!strchr(s, '\r'), "LINES: no carriage returns");
	fclose(f);
}

static void test_bar(void)
{
	FILE *f = tmpfile();
	struct progress p;
	progress_start(&p, f, PROGRESS_BAR, 4);
	progress_step(&p, "triad pthreads 2", 0);
	const char *s = contents(f);
	ok(s[0] == '\r' && strstr(s, "triad pthreads 2") && strstr(s, "0/4") && strstr(s, "0%") &&
	   strstr(s, "ETA ?") && !strchr(s, '\n'),
	   "BAR: the first step draws at once: \\r, label, 0/4, 0%%, ETA unknown, no newline");
	progress_step(&p, NULL, 4);
	s = contents(f);
	ok(count(s, "\r") == 2 && strstr(s, "4/4") && strstr(s, "100%") && strstr(s, "elapsed") &&
	   strstr(s, "ETA 0:00") && strstr(s, "[##########]"),
	   "BAR: the last step redraws with \\r: 4/4, 100%%, elapsed, ETA, a full bar");
	size_t before = strlen(s);
	progress_note(&p, "triad pthreads 2: 2.1 GB/s");
	s = contents(f) + before;
	const char *note = strstr(s, "\rtriad pthreads 2: 2.1 GB/s\n");
	ok(s[0] == '\r' && note && strspn(s + 1, " ") == (size_t)(note - s - 1) &&
	   note[strlen("\rtriad pthreads 2: 2.1 GB/s\n")] == '\r',
	   "BAR: a note blanks the bar, prints its line, redraws the bar");
	before += strlen(s);
	progress_end(&p);
	s = contents(f) + before;
	ok(s[0] == '\r' && s[strlen(s) - 1] == '\r' && strspn(s + 1, " ") == strlen(s) - 2,
	   "BAR: the end blanks the bar and returns the cursor");
	fclose(f);
}

static void test_rate(void)
{
	FILE *f = tmpfile();
	struct progress p;
	size_t steps = 2000000;
	double t0 = seconds();
	progress_start(&p, f, PROGRESS_BAR, steps);
	for (size_t i = 0; i <= steps; i++)
		progress_step(&p, "pi openmp 2", i);
	double t = seconds() - t0;
	size_t draws = count(contents(f), "ETA");
	ok(draws >= 2 && draws <= 2 + (size_t)(t * 10) + 1,
	   "BAR: %zu steps in %.2f s drew %zu times (first, last, and at most 10 per second)",
	   steps, t, draws);
	fclose(f);
}

static void test_quiet(void)
{
	FILE *f = tmpfile();
	struct progress p;
	progress_start(&p, f, PROGRESS_QUIET, 3);
	progress_step(&p, "sleep serial 1", 1);
	progress_note(&p, "sleep serial 1: 1 ms");
	progress_step(&p, "sleep serial 1", 3);
	progress_end(&p);
	ok(contents(f)[0] == '\0', "QUIET: nothing is written");
	fclose(f);
}

static void test_auto_file(void)
{
	FILE *f = tmpfile();
	struct progress p;
	progress_start(&p, f, PROGRESS_AUTO, 3);
	ok(p.mode == PROGRESS_LINES, "AUTO: a file gets LINES");
	fclose(f);
}

/* Reads what the terminal side shows, for up to a second. */
static size_t read_master(int fd, char *buf, size_t len)
{
	size_t got = 0;
	struct pollfd pf = { .fd = fd, .events = POLLIN };
	while (got + 1 < len && poll(&pf, 1, 1000) > 0) {
		ssize_t n = read(fd, buf + got, len - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		if (strstr(buf, "ETA"))
			break;
	}
	buf[got] = '\0';
	return got;
}

static void test_auto_tty(void)
{
	char buf[4096] = "";
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	const char *name = master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0 ? ptsname(master) : NULL;
	int slave = name ? open(name, O_RDWR | O_NOCTTY) : -1;
	FILE *f = slave >= 0 ? fdopen(slave, "w") : NULL;
	if (!f) {
		printf("ok %d # skip no pseudo-terminal here\n", ++tap_count);
		printf("ok %d # skip no pseudo-terminal here\n", ++tap_count);
		if (slave >= 0)
			close(slave);
		if (master >= 0)
			close(master);
		return;
	}
	struct progress p;
	setenv("TERM", "xterm", 1);
	progress_start(&p, f, PROGRESS_AUTO, 2);
	progress_step(&p, "chase fork 2", 1);
	read_master(master, buf, sizeof(buf));
	ok(p.mode == PROGRESS_BAR && buf[0] == '\r' && strstr(buf, "1/2") && strstr(buf, "ETA"),
	   "AUTO: a terminal gets BAR, and the terminal shows it");
	progress_end(&p);
	setenv("TERM", "dumb", 1);
	progress_start(&p, f, PROGRESS_AUTO, 2);
	ok(p.mode == PROGRESS_LINES, "AUTO: a terminal with TERM=dumb gets LINES");
	fclose(f);
	close(master);
}

int main(void)
{
	printf("1..11\n");
	test_lines();
	test_bar();
	test_rate();
	test_quiet();
	test_auto_file();
	test_auto_tty();
	return tap_failures != 0;
}
