/*
 * plan_siblings.c - hyperthreads as measured, not as declared. A VM often
 * hides SMT: hwloc sees one PU per core while two of its vCPUs share a
 * physical core. `parbench topology` measures pairs of PUs and writes
 * DIR/siblings.csv (os_a,os_b,slowdown,verdict); here the pairs judged
 * `sibling` or `shared` join their PUs into one core (a pair chain
 * makes one group), and --bind cores and threads, --compare-smt and the
 * worker ladder count those groups instead of hwloc's cores. Other
 * verdicts are read and ignored; the slowdown column is not used.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csv.h"
#include "plan.h"
#include "plan_int.h"

/* The root of PU i's group (union-find over logical indexes). */
static int root(int *up, int i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

/* Row r's PU in column c, by OS index: its logical index, or -1 after
 * the reason in err. */
static int row_pu(const struct plan *p, const struct csv_table *t, size_t r, int c, const char *path,
		  char *err, size_t errlen)
{
	const char *v = csv_get(t, r, c);
	long os;
	hwloc_obj_t pu = NULL;
	if (cli_whole(v, 0, INT_MAX, &os) == 0)
		pu = hwloc_get_pu_obj_by_os_index(p->topo, (unsigned)os);
	if (!pu) {
		snprintf(err, errlen, "%s, line %zu: %s '%s' is no PU here (OS indexes of this topology's PUs)",
			 path, r + 2, t->header[c], v);
		return -1;
	}
	return (int)pu->logical_index;
}

/* The pairs of t joined in up[]; their text ("P#0+P#1") appended to
 * pairs. 0, or -1 with err. */
static int join_pairs(const struct plan *p, const struct csv_table *t, const char *path, int *up,
		      char *pairs, size_t len, char *err, size_t errlen)
{
	int a = csv_col(t, "os_a"), b = csv_col(t, "os_b"), v = csv_col(t, "verdict");
	if (a < 0 || b < 0 || v < 0) {
		snprintf(err, errlen, "%s: expected the header os_a,os_b,slowdown,verdict (from parbench topology)", path);
		return -1;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		const char *verdict = csv_get(t, r, v);
		if (strcmp(verdict, "sibling") != 0 && strcmp(verdict, "shared") != 0)
			continue;
		int x = row_pu(p, t, r, a, path, err, errlen), y;
		if (x < 0 || (y = row_pu(p, t, r, b, path, err, errlen)) < 0)
			return -1;
		int rx = root(up, x), ry = root(up, y);
		up[rx > ry ? rx : ry] = rx < ry ? rx : ry;
		size_t used = strlen(pairs);
		snprintf(pairs + used, len - used, "%sP#%s+P#%s", used ? ", " : "", csv_get(t, r, a),
			 csv_get(t, r, b));
	}
	return 0;
}

int plan_set_siblings(struct plan *p, const char *dir, char *err, size_t errlen)
{
	char path[PATH_MAX], pairs[512] = "";
	struct csv_table t = { 0 };
	int n = hwloc_get_nbobjs_by_type(p->topo, HWLOC_OBJ_PU), rc = -1;
	if (strcmp(dir, "hwloc") == 0) {
		free(p->group);
		p->group = NULL;
		return 0;
	}
	if (strncmp(dir, "measured=", 9) == 0)
		dir += 9;
	int *up = calloc((size_t)(n > 0 ? n : 1), sizeof(*up));
	snprintf(path, sizeof(path), "%s/siblings.csv", dir);
	if (!up) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++)
		up[i] = i;
	if (csv_load(&t, path, err, errlen) < 0 ||
	    join_pairs(p, &t, path, up, pairs, sizeof(pairs), err, errlen) < 0)
		goto out;
	for (int i = 0; i < n; i++)
		up[i] = root(up, i);   /* every PU points at its group's first PU */
	free(p->group);
	p->group = up;
	up = NULL;
	snprintf(p->siblings, sizeof(p->siblings), "measured, from %s (%s)", path,
		 *pairs ? pairs : "no pair judged sibling: one PU per core");
	rc = 0;
out:
	csv_free(&t);
	free(up);
	return rc;
}

const char *plan_siblings_source(const struct plan *p)
{
	return p->group ? p->siblings : "hwloc (the cores it sees)";
}
