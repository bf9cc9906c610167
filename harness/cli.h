/*
 * cli.h - what the subcommands share: the one-line error, the git revision
 * for meta.json, and running a report script on a run folder.
 */
#ifndef PARBENCH_CLI_H
#define PARBENCH_CLI_H

#include <stddef.h>

/* Prints "parbench: <message>" on stderr and returns 2, for
 * `return cli_error(...)` (bad input: exit 2). */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* `git describe --always --dirty` of home in buf, or "unknown". */
void cli_git_revision(const char *home, char *buf, size_t len);

/* Runs `sh script dir` and returns its exit status, or -1. */
int cli_run_script(const char *script, const char *dir);

#endif
