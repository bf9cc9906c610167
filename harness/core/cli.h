/*
 * cli.h - what the subcommands share: the one-line error, the git revision
 * for meta.json, the run's name and folder, and the end of a study's run.
 */
#ifndef PARBENCH_CLI_H
#define PARBENCH_CLI_H

#include <stddef.h>

/* Prints "parbench: <message>" on stderr and returns 2, for
 * `return cli_error(...)` (bad input: exit 2). */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* `git describe --always --dirty` of home in buf, or "unknown". */
void cli_git_revision(const char *home, char *buf, size_t len);

/* What names a run, of `run` or another subcommand: its folder (--out,
 * or <home>/results/<YYYYmmdd-HHMMSS>-<host>[-<suffix>]), the folder's
 * last component (the run_id column), the results root when the folder
 * is under it ("" with --out), date, host, command line and git revision.
 * suffix NULL: none; argv may be NULL (argc 0). */
struct cli_run_id {
	char dir[3072], name[256], root[2048], date[32], host[256], git[128], command[4096];
};
void cli_run_id(struct cli_run_id *id, const char *home, const char *out, const char *suffix,
		int argc, char **argv);

/* The end of a subcommand's run in dir: with report, draw(home, dir)
 * makes doc and the plots (the caller's report, from a layer above, as the
 * run command's report_fn; nonzero: failed, after its own line); prints
 * where to look (doc, or table without it) and, when failed, that some of
 * what (rows, configurations) failed. Returns the exit status: 128 + the
 * signal when SIGINT or SIGTERM came (meta.json then gets its last words:
 * interrupted during the report), 1 when something failed, else 0. */
int cli_finish(const char *home, const char *dir, int (*draw)(const char *home, const char *dir),
	       const char *table, const char *doc, const char *what, int report, int failed);

/* A whole number, digits only (no sign, no spaces), in [lo, hi]: 0, or -1. */
int cli_whole(const char *text, long lo, long hi, long *out);

/* A plain decimal, digits with at most one point, in [lo, hi]: 0, or -1. */
int cli_decimal(const char *text, double lo, double hi, double *out);

/* Splits the comma list arg of option opt into tok[] (pointing into buf,
 * at most max items). Returns the count, or -1 after an error line for an
 * empty item, too many, or a list longer than buf holds (never cut). */
int cli_list(const char *opt, const char *arg, char *buf, size_t len, char **tok, int max);

/* The repository the binary was built in: PARBENCH_HOME when set, else
 * the nearest folder above the binary that holds plots/speedup.gp (so
 * build/ and any BUILD= folder work), else the binary's folder less a
 * trailing build/. Where plots/ and scripts/ are. */
void cli_home(char *home, size_t len);

#endif
