/*
 * jsonw.c - the JSON pieces meta.json and results.json share (jsonw.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonw.h"
#include "../bench/dims.h"
#include "../core/sysinfo.h"
#include "../core/newfile.h"

extern char **environ;

json_t *jsonw_text(const char *s)
{
	json_t *j = json_string(s ? s : "");
	if (j)
		return j;
	/* Not UTF-8: keep the ASCII, mark the rest. */
	char *copy = strdup(s);
	if (!copy)
		return NULL;
	for (char *p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

json_t *jsonw_column(const struct column *c, const struct column_row *r)
{
	struct column_value v;
	char buf[32];
	column_get(c, r, &v);
	switch (v.kind) {
	case COLUMN_IS_TEXT:
		return jsonw_text(v.text);
	case COLUMN_IS_INT:
		return json_integer((json_int_t)v.i);
	case COLUMN_IS_U64:
		if (v.u <= (unsigned long long)LLONG_MAX)
			return json_integer((json_int_t)v.u);
		snprintf(buf, sizeof(buf), "%llu", v.u);
		return json_string(buf);
	case COLUMN_IS_REAL:
		return json_real(v.x);
	case COLUMN_NONE:
		break;
	}
	return json_null();
}

json_t *jsonw_load(const struct sysinfo_load *l)
{
	if (!l->valid)
		return json_null();
	return json_pack("[fff]", l->avg[0], l->avg[1], l->avg[2]);
}

json_t *jsonw_environment(void)
{
	json_t *env = json_object();
	int failed = 0;
	for (char **e = environ; env && *e; e++) {
		if (strncmp(*e, "OMP_", 4) != 0 && strncmp(*e, "GOMP_", 5) != 0 &&
		    strncmp(*e, "HWLOC_", 6) != 0)
			continue;
		const char *eq = strchr(*e, '=');
		char name[128];
		if (!eq)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(eq - *e), *e);
		jsonw_set(env, name, jsonw_text(eq + 1), &failed);
	}
	if (failed) {
		json_decref(env);
		return NULL;
	}
	return env;
}

void jsonw_set(json_t *obj, const char *key, json_t *v, int *failed)
{
	if (!v || json_object_set_new(obj, key, v) < 0)
		*failed = 1;
}

int jsonw_write(const json_t *root, const char *dir, const char *name)
{
	char path[4096], tmp[4096 + 16];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name);
	FILE *f = newfile_create(tmp);
	if (!f)
		return -1;
	int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	if (fputc('\n', f) == EOF || ferror(f))
		rc = -1;
	if (fclose(f) != 0 || rc != 0 || rename(tmp, path) < 0) {
		int saved = errno ? errno : EIO;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}

void jsonw_dims_given(json_t *o, const struct sink_context *ctx, int *failed)
{
	for (int id = DIM_BUILTIN; dim_table[id].option; id++)
		if (dim_table[id].column && ctx->dim_given[id])
			jsonw_set(o, dim_table[id].column, jsonw_text(ctx->dim_given[id]), failed);
}
