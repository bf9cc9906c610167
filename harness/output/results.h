/*
 * results.h - the run folder and its meta.json. A folder is complete when
 * meta.json says "status": "complete"; until then it says "running" (or
 * "interrupted"), and summary.csv does not exist, so an unfinished run
 * never looks finished. `parbench run` writes through the outputs
 * (outputs.h), the first of which is this folder; `parbench overheads`
 * and `convoy` write their own tables into a folder made by results_open,
 * with the same meta.json rules.
 */
#ifndef PARBENCH_RESULTS_H
#define PARBENCH_RESULTS_H

#include <stddef.h>
#include <stdio.h>

#include "../core/plan.h"

struct sysinfo_load;

/* meta.json's first key: what says a folder is a parbench run. */
#define RESULTS_MARKER "\"generator\": \"parbench\""

/* A run folder made by results_open. */
struct results {
	char dir[3072];
};

/* Creates dir (and missing parents) for a run's files: an existing dir must
 * be empty or hold an earlier parbench run (its meta.json, whatever its
 * status, or only names parbench writes), whose outputs are removed first. Opens no file. Returns 0,
 * or -1 with a one-line reason naming dir in err. */
int results_open(struct results *r, const char *dir, char *err, size_t errlen);

/* Creates name in r's folder for writing (fopen "w"); NULL with errno. */
FILE *results_create(const struct results *r, const char *name);

/* Writes the machine as plan sees it in r's folder: topology.txt (hwloc's
 * tree, when tree) and topology.xml. 0, or -1 with errno set. */
int results_topology(const struct results *r, const struct plan *plan, int tree);

/* When a command cannot make the files it starts with (a full disk): says
 * so in one line naming r's folder and errno's reason, and removes files
 * (names in r's folder, NULL-terminated; give meta.json among them), so
 * that nothing claims a status and the folder is accepted again as --out.
 * Returns the exit status, 1. */
int results_begin_failed(const struct results *r, const char *const *files);

/* "failed: cannot write FILE: REASON" (with "(disk full)" where it is) in
 * buf, for meta.json's status after a table could not be written. */
void results_failed_status(char *buf, size_t len, const char *file, int err);

/* One top-level key of meta.json: a string (text), or a number when text
 * is NULL (null in the file when it is not finite). */
struct results_field {
	const char *key, *text;
	double number;
};

/* (Re)writes meta.json for a command other than run: the marker, fields[0..n)
 * in order (give "status" among them: running, complete, interrupted or failed: ...),
 * then the build and the machine as `run`'s meta.json has them; 0 or -1.
 * Written "running" or "complete", it also leaves the process its last
 * words (signals.h): the same file marked interrupted. */
int results_meta_fields(const struct results *r, const struct results_field *fields,
			size_t n, const struct plan_machine *m);

/* results_meta_fields, with the load averages around the command after the
 * fields: loadavg_start and loadavg_end as `run`'s meta.json has them ([1,
 * 5, 15 minutes], null when unreadable or not read yet), so that a
 * verdict can name the load a study ran under. A NULL load is left out. */
int results_meta_fields_load(const struct results *r, const struct results_field *fields, size_t n,
			     const struct sysinfo_load *start, const struct sysinfo_load *end,
			     const struct plan_machine *m);


/* Makes root/latest a symbolic link to dir's last component; 0 or -1. */
int results_link_latest(const char *root, const char *dir);

#endif
