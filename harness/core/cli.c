/*
 * cli.c - see cli.h.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "signals.h"

int cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("parbench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

void cli_git_revision(const char *home, char *buf, size_t len)
{
	char cmd[4200];
	snprintf(buf, len, "unknown");
	if (strchr(home, '\'') || strlen(home) > 4096)
		return;
	snprintf(cmd, sizeof(cmd), "git -C '%s' describe --always --dirty 2>/dev/null", home);
	FILE *p = popen(cmd, "r");
	if (!p)
		return;
	if (fgets(buf, (int)len, p))
		buf[strcspn(buf, "\n")] = '\0';
	else
		snprintf(buf, len, "unknown");
	pclose(p);
}

int cli_list(const char *opt, const char *arg, char *buf, size_t len, char **tok, int max)
{
	int n = 0;
	if ((size_t)snprintf(buf, len, "%s", arg) >= len) {
		cli_error("%s '%s' is too long: at most %zu characters", opt, arg, len - 1);
		return -1;
	}
	for (char *p = buf;; p++) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (!*p || n == max) {
			cli_error(*p ? "%s '%s' has more than %d items" : "%s '%s' has an empty item: separate items with single commas",
				  opt, arg, max);
			return -1;
		}
		tok[n++] = p;
		if (!comma)
			return n;
		p = comma;
	}
}

void cli_run_id(struct cli_run_id *id, const char *home, const char *out, const char *suffix,
		int argc, char **argv)
{
	time_t t = time(NULL);
	gethostname(id->host, sizeof(id->host));
	id->host[sizeof(id->host) - 1] = '\0';
	strftime(id->date, sizeof(id->date), "%Y-%m-%dT%H:%M:%S%z", localtime(&t));
	id->root[0] = '\0';
	if (out) {
		snprintf(id->dir, sizeof(id->dir), "%s", out);
	} else {
		char stamp[32];
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime(&t));
		snprintf(id->root, sizeof(id->root), "%s/results", home);
		snprintf(id->dir, sizeof(id->dir), "%s/%s-%s%s%.64s", id->root, stamp, id->host,
			 suffix ? "-" : "", suffix ? suffix : "");
	}
	size_t end = strlen(id->dir), start;
	while (end > 1 && id->dir[end - 1] == '/')
		end--;
	for (start = end; start > 0 && id->dir[start - 1] != '/'; start--)
		;
	snprintf(id->name, sizeof(id->name), "%.*s", (int)(end - start), id->dir + start);
	size_t used = (size_t)snprintf(id->command, sizeof(id->command), "parbench");
	for (int i = 0; i < argc && used < sizeof(id->command); i++)
		used += (size_t)snprintf(id->command + used, sizeof(id->command) - used, " %s", argv[i]);
	cli_git_revision(home, id->git, sizeof(id->git));
}

int cli_whole(const char *text, long lo, long hi, long *out)
{
	char *end;
	if (*text < '0' || *text > '9')
		return -1;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (*end || errno || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int cli_decimal(const char *text, double lo, double hi, double *out)
{
	char *end;
	int points = 0, digits = 0;
	for (const char *c = text; *c; c++) {
		if (*c == '.')
			points++;
		else if (*c >= '0' && *c <= '9')
			digits++;
		else
			return -1;
	}
	if (!digits || points > 1)
		return -1;
	errno = 0;
	double v = strtod(text, &end);
	if (*end || errno || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

int cli_finish(const char *home, const char *dir, int (*draw)(const char *home, const char *dir),
	       const char *table, const char *doc, const char *what, int report, int failed)
{
	int script_failed = 0;
	if (report)
		signals_stop_install("report");
	if (report && draw(home, dir) != 0)
		script_failed = 1;
	if (signals_stopped()) {
		if (signals_say_last_words() < 0)
			fprintf(stderr, "parbench: cannot mark %s/meta.json interrupted: %s\n", dir, strerror(errno));
		fprintf(stderr, "parbench: interrupted while drawing %s; %s is complete (parbench report draws it again)\n",
			doc, table);
		return 128 + signals_stopped();
	}
	if (script_failed)
		fprintf(stderr, "parbench: drawing %s failed: %s is complete, the plots and %s are not\n",
			doc, table, doc);
	printf("parbench: %s/%s\n", dir, report && !script_failed ? doc : table);
	if (failed)
		fprintf(stderr, "parbench: some %s failed; see the status column of %s/%s\n", what, dir, table);
	return failed || script_failed ? 1 : 0;
}

void cli_home(char *home, size_t len)
{
	char exe[PATH_MAX], probe[PATH_MAX + 32];
	const char *env = getenv("PARBENCH_HOME");
	if (env && *env) {
		snprintf(home, len, "%s", env);
		return;
	}
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0) {
		snprintf(home, len, ".");
		return;
	}
	exe[n] = '\0';
	/* The first folder above the binary that holds plots/speedup.gp: the
	 * binary's own folder's parent for build/, any BUILD= folder too. */
	char *dir = dirname(exe);
	for (int up = 0; up < 4; up++) {
		snprintf(probe, sizeof(probe), "%s/plots/speedup.gp", dir);
		if (access(probe, R_OK) == 0) {
			snprintf(home, len, "%s", dir);
			return;
		}
		if (strcmp(dir, "/") == 0)
			break;
		dir = dirname(dir);
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	dir = dirname(exe);                       /* not found: as built, <home>/build */
	if (strcmp(basename(dir), "build") == 0)
		dir = dirname(dir);
	snprintf(home, len, "%s", dir);
}
