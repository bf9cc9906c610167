/*
 * jsonw.h - what meta.json and results.json share on top of jansson: text
 * made valid UTF-8, a column's typed value, the load averages, the OMP_*
 * environment, and writing a file whole (a temporary file renamed, two
 * spaces of indentation, keys in the order they were set).
 */
#ifndef PARBENCH_JSONW_H
#define PARBENCH_JSONW_H

#include <jansson.h>

#include "columns.h"

struct sysinfo_load;

/* s as a JSON string ("" for NULL; bytes that are not UTF-8 become '?');
 * NULL only when memory ran out. */
json_t *jsonw_text(const char *s);

/* Column c's value in r: a string, an integer, a real, or null when empty
 * (a count above the integers jansson holds is written as a string). */
json_t *jsonw_column(const struct column *c, const struct column_row *r);

/* Sets in o, for each dimension enum dim_id does not name (those have keys
 * of their own), its option as given under its column's name; *failed on
 * a failure. */
void jsonw_dims_given(json_t *o, const struct sink_context *ctx, int *failed);

/* [1 min, 5 min, 15 min], or null when they could not be read. */
json_t *jsonw_load(const struct sysinfo_load *l);

/* The OMP_*, GOMP_* and HWLOC_* variables of the environment, as an object. */
json_t *jsonw_environment(void);

/* Sets key of obj to v (taking it); *failed is set when v is NULL (out of
 * memory) or the set fails. */
void jsonw_set(json_t *obj, const char *key, json_t *v, int *failed);

/* Writes root to dir/name by way of a temporary file; 0, or -1 with errno. */
int jsonw_write(const json_t *root, const char *dir, const char *name);

#endif
