/*
 * trace.c - the lanes of a traced run live in shared memory (see trace.h).
 */
#include <string.h>
#include <sys/mman.h>

#include "trace.h"

static size_t trace_bytes(int lanes)
{
	return sizeof(struct trace) + (size_t)lanes * sizeof(struct trace_lane);
}

struct trace *trace_new(int lanes)
{
	struct trace *t = mmap(NULL, trace_bytes(lanes), PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED)
		return NULL;
	t->lanes = lanes;
	return t;
}

void trace_free(struct trace *t)
{
	if (t)
		munmap(t, trace_bytes(t->lanes));
}

void trace_clear(struct trace *t)
{
	for (int i = 0; i < t->lanes; i++)
		t->lane[i].count = t->lane[i].lost = 0;
	t->t0 = 0;
}

const char *trace_kind_name(int kind)
{
	static const char *const names[TRACE_KINDS] = {
		[TRACE_GATE] = "gate", [TRACE_CHUNK] = "chunk", [TRACE_HELD] = "held",
		[TRACE_BLOCKED] = "blocked", [TRACE_REQUEST] = "request",
	};
	return kind >= 0 && kind < TRACE_KINDS ? names[kind] : "?";
}
