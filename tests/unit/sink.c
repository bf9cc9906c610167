/*
 * tests/unit/sink.c - the list of outputs (harness/bench/sink.c): begun in
 * order and ended in reverse; a begin that fails ends those begun as
 * failed, with its reason, and says whether it refused (-1) or could not
 * write (-2); a failed write is kept with the output's name, and after an
 * end that fails the outputs ended later are told the run failed, and why.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../../harness/bench/sink.h"
#include "../lib/tap.h"

static char log_text[1024];
static int fail_begin, fail_sample, fail_end;   /* which output fails (1-based), 0 none */
static int begin_rc = -1;                       /* what the failing begin returns */

static void note(const char *fmt, int id, const char *what)
{
	size_t used = strlen(log_text);
	snprintf(log_text + used, sizeof(log_text) - used, fmt, id, what ? what : "-");
}

static int fake_begin(void **state, const struct sink_context *ctx, char *err, size_t errlen)
{
	int id = *(const int *)ctx->dir;
	*state = (void *)(long)id;
	note("b%d%s ", id, "");
	if (id == fail_begin) {
		snprintf(err, errlen, "output %d cannot begin", id);
		return begin_rc;
	}
	return 0;
}

static int fake_sample(void *state, const struct sink_config *cfg, const struct sink_sample *s)
{
	int id = (int)(long)state;
	(void)cfg;
	note("s%d:%s ", id, s->error);
	errno = ENOSPC;
	return id == fail_sample ? -1 : 0;
}

static int fake_end(void *state, const char *status)
{
	int id = (int)(long)state;
	note("e%d:%s ", id, status);
	errno = EIO;
	return id == fail_end ? -1 : 0;
}

static const struct sink_ops one = { .name = "one", .begin = fake_begin, .sample = fake_sample,
				     .end = fake_end };
static const struct sink_ops two = { .name = "two", .begin = fake_begin, .end = fake_end };
static const struct sink_ops three = { .name = "three", .begin = fake_begin, .sample = fake_sample,
				       .end = fake_end };

/* The fake outputs tell themselves apart by the number ctx->dir points at;
 * each begin reads the next. */
static int ids[3] = { 1, 2, 3 };
static int next_id;

static int id_begin(void **state, const struct sink_context *ctx, char *err, size_t errlen)
{
	struct sink_context c = *ctx;
	c.dir = (const char *)&ids[next_id++];
	return fake_begin(state, &c, err, errlen);
}

static int run(const char *status, struct sink_list *l, char *err)
{
	static struct sink_ops ops[3];
	const struct sink_ops *list[] = { &ops[0], &ops[1], &ops[2], NULL };
	const struct sink_context ctx = { .dir = "unused" };
	const struct sink_sample s = { .error = "x" };
	ops[0] = one;
	ops[1] = two;
	ops[2] = three;
	for (int i = 0; i < 3; i++)
		ops[i].begin = id_begin;
	log_text[0] = '\0';
	next_id = 0;
	err[0] = '\0';
	int begun = sink_begin(l, list, &ctx, err, 256);
	if (begun < 0)
		return begun;
	sink_sample(l, NULL, &s);
	return sink_end(l, status);
}

int main(void)
{
	struct sink_list l;
	char err[256];

	printf("1..7\n");
	int rc = run("complete", &l, err);
	ok(rc == 0 && strcmp(log_text, "b1 b2 b3 s1:x s3:x e3:complete e2:complete e1:complete ") == 0,
	   "begun in order, each sample to those that take one, ended in reverse: %s", log_text);
	fail_begin = 2;
	rc = run("complete", &l, err);
	ok(rc == -1 && strcmp(log_text, "b1 b2 e1:failed: output 2 cannot begin ") == 0 &&
	   strcmp(err, "output 2 cannot begin") == 0,
	   "a failed begin ends the outputs begun as failed, and says why: %s / %s", log_text, err);
	begin_rc = -2;
	rc = run("complete", &l, err);
	ok(rc == -2, "a begin that could not write is told from one that refused: %d", rc);
	fail_begin = 0;
	fail_sample = 3;
	rc = run("complete", &l, err);
	ok(l.failed && strstr(l.err, "three") && strstr(l.err, strerror(ENOSPC)),
	   "a failed sample is kept with its output's name and errno: %s", l.err);
	fail_sample = 0;
	fail_end = 3;
	rc = run("complete", &l, err);
	ok(rc == -1 && strcmp(log_text, "b1 b2 b3 s1:x s3:x e3:complete e2:failed: cannot write three (the end): "
				       "Input/output error e1:failed: cannot write three (the end): Input/output error ") == 0,
	   "after an end that failed, the others are ended as failed, with its reason: %s", log_text);
	fail_end = 0;
	fail_sample = 1;
	rc = run("complete", &l, err);
	ok(rc == 0 && strstr(log_text, "e1:failed: cannot write one (a repetition): No space left on device (disk full) "),
	   "after a failed write no output is told the run is complete: %s", log_text);
	ok(l.n == 0, "the list is empty after its end");
	return tap_failures != 0;
}
