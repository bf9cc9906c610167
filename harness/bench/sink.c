/*
 * sink.c - driving a list of outputs (sink.h): begin in order, end in
 * reverse, and the first failure kept with the output's name, so that the
 * walk says one line and fails the run instead of going on half-written.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../core/newfile.h"
#include "sink.h"

/* Keeps the first failure of output i in l->err. */
static int sink_fail(struct sink_list *l, int i, const char *what)
{
	int e = errno ? errno : EIO;
	if (!l->failed)
		snprintf(l->err, sizeof(l->err), "cannot write %s (%s): %s%s", l->ops[i]->name, what,
			 strerror(e), newfile_full(e));
	l->failed = 1;
	return -1;
}

int sink_begin(struct sink_list *l, const struct sink_ops *const *ops,
	       const struct sink_context *ctx, char *err, size_t errlen)
{
	int rc = -1;
	memset(l, 0, sizeof(*l));
	for (int i = 0; ops && ops[i]; i++) {
		if (i == SINK_MAX) {
			snprintf(err, errlen, "more than %d outputs", SINK_MAX);
			goto out_end;
		}
		l->ops[i] = ops[i];
		errno = 0;
		if ((rc = ops[i]->begin(&l->state[i], ctx, err, errlen)) < 0)
			goto out_end;
		l->n = i + 1;
	}
	return 0;
out_end:
	l->failed = 1;
	snprintf(l->err, sizeof(l->err), "%s", err);
	sink_end(l, NULL);
	return rc < -1 ? -2 : -1;
}

int sink_sample(struct sink_list *l, const struct sink_config *cfg, const struct sink_sample *s)
{
	int rc = 0;
	for (int i = 0; i < l->n; i++) {
		errno = 0;
		if (l->ops[i]->sample && l->ops[i]->sample(l->state[i], cfg, s) < 0)
			rc = sink_fail(l, i, "a repetition");
	}
	return rc;
}

int sink_trace(struct sink_list *l, const struct sink_config *cfg, const struct trace *t,
	       int workers, double spawn_seconds, double seconds)
{
	int rc = 0;
	for (int i = 0; i < l->n; i++) {
		errno = 0;
		if (l->ops[i]->trace &&
		    l->ops[i]->trace(l->state[i], cfg, t, workers, spawn_seconds, seconds) < 0)
			rc = sink_fail(l, i, "a timeline");
	}
	return rc;
}

int sink_summary(struct sink_list *l, const struct sink_row *rows, size_t n)
{
	int rc = 0;
	for (int i = 0; i < l->n; i++) {
		errno = 0;
		if (l->ops[i]->summary && l->ops[i]->summary(l->state[i], rows, n) < 0)
			rc = sink_fail(l, i, "the summary");
	}
	return rc;
}

const char *sink_key_text(const struct sink_config *c, int id)
{
	return c->key[id].kind == SINK_TEXT ? c->key[id].text : NULL;
}

int sink_failed(const char *status)
{
	return strncmp(status, "failed", 6) == 0;
}

int sink_end(struct sink_list *l, const char *status)
{
	char failed[sizeof(l->err) + 16];
	int rc = 0;
	for (int i = l->n; i-- > 0;) {
		/* After a failure nothing more may claim the run is complete. */
		if (l->failed || !status) {
			snprintf(failed, sizeof(failed), "failed: %s", l->failed ? l->err : "unknown");
			status = failed;
		}
		errno = 0;
		if (l->ops[i]->end(l->state[i], status) < 0 && !sink_failed(status))
			rc = sink_fail(l, i, "the end");
	}
	l->n = 0;
	return rc;
}
