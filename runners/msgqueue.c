/*
 * msgqueue.c - a bounded message queue in shared memory (msgqueue.h).
 *
 * DESIGN. The queue has to work between forked processes, keep working when
 * one of them is killed at any instruction, and let a run that failed make
 * every blocked party give up, promptly. Two ways were open: a pthread
 * mutex and two condition variables marked PTHREAD_PROCESS_SHARED (with a
 * robust mutex), or atomics and futexes, as runner.c's pool does. This file
 * takes the second, for three reasons:
 *
 *   - Nothing is locked, so nothing stays locked. A robust mutex hands the
 *     lock of a dead holder to the next caller with EOWNERDEAD, but what it
 *     protected (a half-copied message, a head moved or not) is left for
 *     that caller to guess, and POSIX has no robust condition variables:
 *     the waiter bookkeeping glibc keeps inside a condvar is not repaired
 *     when a waiter dies. Here the only shared state is a head and a tail
 *     counter, moved by one compare-and-swap each, and a turn counter per
 *     slot. A party killed between claiming a slot and handing it on leaves
 *     that one slot busy: the others go on with the rest of the ring until
 *     it wraps round to it, then wait until someone calls msgq_abort.
 *   - Copies run in parallel. Under a mutex, a 64 KiB copy in or out would
 *     hold every other sender and receiver; here the claim is one CAS, and
 *     the copy into or out of the claimed slot is done without any lock, so
 *     a producer fills slot k+1 while consumers empty slots k and k-1. The
 *     copy is the cost the queue pattern sets out to show.
 *   - Abort is a flag and a wake-up: it takes no lock that a dead process
 *     might hold, so the parent can always call it.
 *
 * The ring (after Vyukov's bounded MPMC queue): slot i serves positions
 * i, i + slots, i + 2 * slots, ...; its turn counter says whose turn it is:
 * 2p = free for the sender of position p, 2p + 1 = holds position p's
 * message for a receiver. A sender claims position tail (CAS tail -> tail +
 * 1) when the slot's turn is 2 * tail, copies, and sets the turn to
 * 2 * tail + 1; a receiver claims head when the turn is 2 * head + 1,
 * copies out, and sets it to 2 * (head + slots). (Counting in halves keeps
 * the two states apart even with a single slot.) Messages are taken in the
 * order they were claimed by senders.
 *
 * Waiting: two event counters, futex words in the queue, "data" (bumped
 * after every send, close and abort) and "space" (after every receive,
 * close and abort). A party that cannot go on registers as a waiter, reads
 * the counter, looks at the ring once more and only then sleeps on the
 * value it read (FUTEX_WAIT_BITSET, absolute CLOCK_MONOTONIC deadline, the
 * clock of clock_now, futex.h): a change in between makes the sleep return at
 * once, so no wake-up is lost. A waker calls FUTEX_WAKE only when someone
 * is registered, so a queue that never fills or empties makes no system
 * call. A send wakes one receiver, a receive one sender; close and abort
 * wake all. A party killed while registered only causes spare wake-ups.
 *
 * The cost of this choice: a receiver killed after claiming a message
 * takes it with it (it is not handed to another receiver), and there is no
 * fairness between waiters. Both are acceptable here: a dead worker fails
 * its run, and the message lost is accounted to it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../harness/core/clock.h"
#include "../harness/core/futex.h"
#include "msgqueue.h"

#define LINE 64

/* One side's waiting: an event counter (futex word) and who sleeps on it. */
struct side {
	_Alignas(LINE) atomic_uint ev;
	atomic_uint waiters;
	atomic_uint_least64_t sleeps;
};

struct slot {
	atomic_uint_least64_t turn;
	struct msg_header h;
	/* payload follows, up to payload_bytes, at offset LINE */
};

struct msgq {
	/* set by msgq_new, read-only afterwards */
	unsigned slots;
	size_t payload_bytes;
	size_t stride;            /* bytes per slot: a line for turn and header, then the payload */
	size_t map_bytes;
	void (*recv_hook)(void *arg);
	void *hook_arg;

	_Alignas(LINE) atomic_uint_least64_t tail;   /* next position to send */
	_Alignas(LINE) atomic_uint_least64_t head;   /* next position to receive */
	struct side data, space;
	_Alignas(LINE) atomic_int closed;
	atomic_int aborted;
	_Alignas(LINE) unsigned char ring[];
};

_Static_assert(sizeof(struct slot) <= LINE, "a slot's turn and header fit one line");

static struct slot *slot_at(struct msgq *q, uint64_t pos)
{
	return (struct slot *)(q->ring + (size_t)(pos % q->slots) * q->stride);
}

static unsigned char *slot_payload(struct slot *s)
{
	return (unsigned char *)s + LINE;
}

/* Turn of the slot of position pos minus want: 0 = its turn, < 0 = not yet,
 * > 0 = pos is stale (someone else took it). */
static int64_t turn_diff(struct msgq *q, uint64_t pos, uint64_t want)
{
	return (int64_t)(atomic_load(&slot_at(q, pos)->turn) - want);
}

struct msgq *msgq_new(unsigned slots, size_t payload_bytes)
{
	size_t stride, ring, total;
	if (slots == 0 || payload_bytes > SIZE_MAX / 2) {
		errno = EINVAL;
		return NULL;
	}
	stride = LINE + (payload_bytes + LINE - 1) / LINE * LINE;
	if (__builtin_mul_overflow(stride, (size_t)slots, &ring) ||
	    __builtin_add_overflow(ring, sizeof(struct msgq), &total)) {
		errno = EINVAL;
		return NULL;
	}
	/* MAP_SHARED before any fork: parent and children see one queue. */
	struct msgq *q = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (q == MAP_FAILED)
		return NULL;
	q->slots = slots;
	q->payload_bytes = payload_bytes;
	q->stride = stride;
	q->map_bytes = total;
	for (unsigned i = 0; i < slots; i++)
		atomic_init(&slot_at(q, i)->turn, 2 * (uint64_t)i);
	return q;
}

void msgq_reset(struct msgq *q)
{
	atomic_store(&q->tail, 0);
	atomic_store(&q->head, 0);
	for (unsigned i = 0; i < q->slots; i++)
		atomic_store(&slot_at(q, i)->turn, 2 * (uint64_t)i);
	atomic_store(&q->data.waiters, 0);
	atomic_store(&q->data.sleeps, 0);
	atomic_store(&q->space.waiters, 0);
	atomic_store(&q->space.sleeps, 0);
	atomic_store(&q->closed, 0);
	atomic_store(&q->aborted, 0);
}

void msgq_free(struct msgq *q)
{
	if (q)
		munmap(q, q->map_bytes);
}

unsigned msgq_slots(const struct msgq *q)
{
	return q->slots;
}

size_t msgq_payload_bytes(const struct msgq *q)
{
	return q->payload_bytes;
}

void msgq_set_recv_hook(struct msgq *q, void (*hook)(void *arg), void *arg)
{
	q->hook_arg = arg;
	q->recv_hook = hook;
}

/* ---- waiting ---------------------------------------------------------------- */

static void side_signal(struct side *sd, int count)
{
	atomic_fetch_add(&sd->ev, 1);
	if (atomic_load(&sd->waiters))
		futex_wake(&sd->ev, count);
}

static int space_ready(struct msgq *q)
{
	uint64_t pos = atomic_load(&q->tail);
	return atomic_load(&q->aborted) || atomic_load(&q->closed) || turn_diff(q, pos, 2 * pos) >= 0;
}

static int data_ready(struct msgq *q)
{
	uint64_t pos = atomic_load(&q->head);
	return atomic_load(&q->aborted) || turn_diff(q, pos, 2 * pos + 1) >= 0 ||
	       (atomic_load(&q->closed) && atomic_load(&q->tail) == pos);
}

/* Sleeps on sd until ready(q) may have become true or the deadline; returns
 * MSGQ_OK (look again) or MSGQ_TIMEOUT (not ready and past the deadline).
 * The waiter count goes up before the counter is read and the ring looked
 * at, and every waker changes the ring before it bumps the counter and
 * reads the waiter count (all sequentially consistent): either the waker
 * sees this waiter and wakes it, or the counter has moved and the futex
 * sleep returns at once. */
static int side_await(struct msgq *q, struct side *sd, int (*ready)(struct msgq *), double deadline)
{
	int rc = MSGQ_OK;
	atomic_fetch_add(&sd->waiters, 1);
	unsigned seen = atomic_load(&sd->ev);
	if (!ready(q)) {
		if (clock_now() >= deadline) {
			rc = MSGQ_TIMEOUT;
		} else {
			atomic_fetch_add_explicit(&sd->sleeps, 1, memory_order_relaxed);
			futex_wait(&sd->ev, seen, deadline);
		}
	}
	atomic_fetch_sub(&sd->waiters, 1);
	return rc;
}

/* ---- sending and receiving ---------------------------------------------- */

int msgq_send(struct msgq *q, const struct msg_header *h, const void *payload, size_t len,
	      double deadline)
{
	if (len > q->payload_bytes)
		return MSGQ_TOOBIG;
	for (;;) {
		if (atomic_load(&q->aborted))
			return MSGQ_ABORTED;
		if (atomic_load(&q->closed))
			return MSGQ_CLOSED;
		uint64_t pos = atomic_load_explicit(&q->tail, memory_order_relaxed);
		int64_t d = turn_diff(q, pos, 2 * pos);
		if (d > 0)
			continue;   /* another sender took pos */
		if (d < 0) {        /* full: the slot still holds an older message */
			int rc = side_await(q, &q->space, space_ready, deadline);
			if (rc != MSGQ_OK)
				return rc;
			continue;
		}
		if (!atomic_compare_exchange_weak(&q->tail, &pos, pos + 1))
			continue;
		struct slot *s = slot_at(q, pos);
		s->h = *h;
		s->h.len = len;
		if (len)
			memcpy(slot_payload(s), payload, len);
		atomic_store(&s->turn, 2 * pos + 1);
		side_signal(&q->data, 1);
		return MSGQ_OK;
	}
}

int msgq_recv(struct msgq *q, struct msg_header *h, void *payload, size_t cap, double deadline)
{
	for (;;) {
		if (atomic_load(&q->aborted))
			return MSGQ_ABORTED;
		/* Read before the ring: closed means every send has finished,
		 * so an empty ring seen after it stays empty. */
		int closed = atomic_load(&q->closed);
		uint64_t pos = atomic_load_explicit(&q->head, memory_order_relaxed);
		int64_t d = turn_diff(q, pos, 2 * pos + 1);
		if (d > 0)
			continue;   /* another receiver took pos */
		if (d < 0) {        /* empty, or its sender is still copying */
			if (closed && atomic_load(&q->tail) == pos)
				return MSGQ_CLOSED;
			int rc = side_await(q, &q->data, data_ready, deadline);
			if (rc != MSGQ_OK)
				return rc;
			continue;
		}
		if (!atomic_compare_exchange_weak(&q->head, &pos, pos + 1))
			continue;
		if (q->recv_hook)
			q->recv_hook(q->hook_arg);
		struct slot *s = slot_at(q, pos);
		*h = s->h;
		size_t n = h->len < cap ? h->len : cap;
		if (n)
			memcpy(payload, slot_payload(s), n);
		atomic_store(&s->turn, 2 * (pos + q->slots));
		side_signal(&q->space, 1);
		return h->len > cap ? MSGQ_TOOBIG : MSGQ_OK;
	}
}

void msgq_close(struct msgq *q)
{
	atomic_store(&q->closed, 1);
	side_signal(&q->data, INT_MAX);
	side_signal(&q->space, INT_MAX);
}

void msgq_abort(struct msgq *q)
{
	atomic_store(&q->aborted, 1);
	side_signal(&q->data, INT_MAX);
	side_signal(&q->space, INT_MAX);
}

const char *msgq_status_name(int status)
{
	static const char *const names[] = {
		[MSGQ_OK] = "ok", [MSGQ_TIMEOUT] = "timeout", [MSGQ_CLOSED] = "closed",
		[MSGQ_ABORTED] = "aborted", [MSGQ_TOOBIG] = "too big",
	};
	if (status < 0 || (size_t)status >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[status];
}

void msgq_stats(const struct msgq *q, struct msgq_stats *st)
{
	struct msgq *m = (struct msgq *)q;   /* atomic loads of a const object */
	st->sent = atomic_load(&m->tail);
	st->received = atomic_load(&m->head);
	st->send_sleeps = atomic_load(&m->space.sleeps);
	st->recv_sleeps = atomic_load(&m->data.sleeps);
}

/* Two independent multiply-xor lanes over 16-byte steps (so the CPU runs
 * them side by side), the rest folded in as one word and a short last one,
 * and the splitmix64 finaliser. */
/* splitmix64's finaliser (the kernels' kernel_mix64; the queue knows no kernel). */
static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

uint64_t msgq_checksum(const void *p, size_t len)
{
	const unsigned char *b = p;
	uint64_t a = 0x243f6a8885a308d3ULL ^ len, c = 0x13198a2e03707344ULL;
	size_t i = 0;
	for (; i + 16 <= len; i += 16) {
		uint64_t w0, w1;
		memcpy(&w0, b + i, 8);
		memcpy(&w1, b + i + 8, 8);
		a = (a ^ w0) * 0x9fb21c651e98df25ULL;
		c = (c ^ w1) * 0xc2b2ae3d27d4eb4fULL;
		a ^= a >> 29;
		c ^= c >> 31;
	}
	if (i + 8 <= len) {
		uint64_t w;
		memcpy(&w, b + i, 8);
		a = (a ^ w) * 0x9fb21c651e98df25ULL;
		i += 8;
	}
	uint64_t last = 0;
	for (unsigned k = 0; i < len; i++, k++)
		last |= (uint64_t)b[i] << (8 * k);
	return mix64(a ^ mix64(c ^ last));
}
