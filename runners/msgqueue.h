/*
 * msgqueue.h - a bounded message queue between threads or forked processes:
 * the channel of the "queue" pattern (Python's Process + Queue).
 *
 * A queue is a ring of `slots` fixed-size slots in MAP_SHARED memory; each
 * slot holds one message: a header (struct msg_header) and up to
 * `payload_bytes` of payload, copied in by msgq_send and out by msgq_recv.
 * Create it before forking; parent and children then use the same pointer.
 * Any number of senders and receivers, threads or processes, may use it at
 * once.
 *
 *   struct msgq *q = msgq_new(64, 4096);
 *   producer: msgq_send(q, &h, buf, len, clock_now() + 5) ... msgq_close(q)
 *   consumer: while (msgq_recv(q, &h, buf, cap, clock_now() + 5) == MSGQ_OK) ...
 *             and MSGQ_CLOSED once the producer closed it and it is empty
 *   whoever sees the run fail (a worker died): msgq_abort(q); every blocked
 *             party returns MSGQ_ABORTED
 *
 * Deadlines are absolute times on clock_now() (CLOCK_MONOTONIC seconds);
 * MSGQ_NOWAIT (any time already past) tries once, INFINITY waits as long as
 * it takes (only until msgq_close or msgq_abort then).
 */
#ifndef PARBENCH_MSGQUEUE_H
#define PARBENCH_MSGQUEUE_H

#include <stddef.h>
#include <stdint.h>

/* What msgq_send and msgq_recv return. */
enum msgq_status {
	MSGQ_OK = 0,
	MSGQ_TIMEOUT,     /* the deadline passed first: nothing was sent or received */
	MSGQ_CLOSED,      /* send: the queue is closed; recv: closed and empty (end of stream) */
	MSGQ_ABORTED,     /* msgq_abort was called: give up */
	MSGQ_TOOBIG,      /* send: len > payload_bytes, nothing sent; recv: the payload
			   * was longer than cap: cut to cap, h->len is the full length,
			   * the message is consumed */
};

#define MSGQ_NOWAIT 0.0

/* The fixed part of a message. Every field but len is the sender's to fill
 * and is delivered as given; the queue looks at none of them. */
struct msg_header {
	uint32_t kind;            /* e.g. task or result */
	uint32_t sender;          /* e.g. the worker id */
	uint64_t seq;             /* sequence number, or the first item of a range */
	uint64_t count;           /* items in the range [seq, seq + count) */
	uint64_t check;           /* e.g. msgq_checksum of the payload */
	uint64_t value;           /* e.g. a partial result */
	uint64_t len;             /* set by msgq_send: payload bytes that follow */
};

struct msgq;

/* Maps a queue of `slots` messages of up to `payload_bytes` each in shared
 * memory. Returns NULL with errno set (EINVAL: no slots, or a size that
 * overflows; ENOMEM). Free with msgq_free once no thread or child uses it. */
struct msgq *msgq_new(unsigned slots, size_t payload_bytes);
void msgq_free(struct msgq *q);

unsigned msgq_slots(const struct msgq *q);
size_t msgq_payload_bytes(const struct msgq *q);

/* Copies the header (len set to `len`) and len bytes of payload into the
 * next free slot, waiting until one frees up or the deadline. Returns
 * MSGQ_OK, MSGQ_TIMEOUT, MSGQ_CLOSED, MSGQ_ABORTED or MSGQ_TOOBIG. */
int msgq_send(struct msgq *q, const struct msg_header *h, const void *payload, size_t len,
	      double deadline);

/* Takes the oldest message: its header into *h, its payload (h->len bytes)
 * into payload, which has room for cap; waits until one arrives or the
 * deadline. Each message goes to exactly one receiver. Returns MSGQ_OK,
 * MSGQ_TIMEOUT, MSGQ_CLOSED (end of stream), MSGQ_ABORTED or MSGQ_TOOBIG. */
int msgq_recv(struct msgq *q, struct msg_header *h, void *payload, size_t cap, double deadline);

/* End of stream: later sends return MSGQ_CLOSED; receivers get what is
 * still queued, then MSGQ_CLOSED. Call it once every send has returned (a
 * send still running when it is called may be left unread). */
void msgq_close(struct msgq *q);

/* The run failed: every blocked and every later send and recv returns
 * MSGQ_ABORTED at once, whatever is queued. Safe to call from any thread
 * or process, at any time, more than once; takes no lock. */
void msgq_abort(struct msgq *q);

/* Empties the queue and clears its closed and aborted flags and its
 * counts, for another round (a benchmark's next repetition). Call it only
 * while no thread or process uses the queue. */
void msgq_reset(struct msgq *q);

/* "ok", "timeout", "closed", "aborted", "too big", or "unknown". */
const char *msgq_status_name(int status);

/* Counts since msgq_new. */
struct msgq_stats {
	uint64_t sent;            /* messages sent (slots claimed by senders) */
	uint64_t received;        /* messages taken by receivers */
	uint64_t send_sleeps;     /* times a sender slept because the queue was full */
	uint64_t recv_sleeps;     /* times a receiver slept because it was empty */
};
void msgq_stats(const struct msgq *q, struct msgq_stats *st);

/* A 64-bit checksum of len bytes (not cryptographic; for msg_header.check). */
uint64_t msgq_checksum(const void *p, size_t len);

/* Test hook: msgq_recv calls hook(arg) after it has taken a message and
 * before it copies it out (where a receiver killed holds a slot). NULL: none. */
void msgq_set_recv_hook(struct msgq *q, void (*hook)(void *arg), void *arg);

#endif
