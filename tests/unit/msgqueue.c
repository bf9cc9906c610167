/*
 * tests/unit/msgqueue.c - the bounded message queue (runners/msgqueue.c) in the
 * shape of the queue pattern: the parent's producer thread sends tasks,
 * consumers (threads or forked processes) take them, check their payload
 * and send them back as results on a second queue, which the parent's main
 * thread collects. Checked: every message taken and returned exactly once,
 * payloads intact, end of stream reaching every consumer, for 1 to 3
 * consumers, 1 and 64 slots, payloads of 0, 64 B and 64 KiB; a consumer
 * killed with SIGKILL (inside msgq_recv, holding a slot, or wherever the
 * parent's kill finds it) makes the parent abort the queues and everyone
 * return by themselves, every message being accounted for and none seen
 * twice; timeouts, close, abort and oversize messages give their codes.
 * No timing is asserted.
 *
 * `test_msgqueue --bench` instead prints the queue's throughput (tasks/s,
 * 1 producer and 2 consumers, results sent back) for 64 B and 64 KiB
 * payloads, threads against processes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../kernels/kernel.h"
#include "../../runners/msgqueue.h"
#include "../../runners/runner.h"
#include "../lib/tap.h"

#define MAXC 4
enum { KIND_TASK = 1, KIND_RESULT = 2 };
enum kill_mode { KILL_NONE, KILL_IN_RECV, KILL_BY_PARENT };
#define KILL_AT 100       /* KILL_IN_RECV: whichever consumer takes the 100th task dies */

struct cfg {
	int processes;            /* consumers are forked children (else threads) */
	int consumers;
	unsigned slots;           /* of each queue */
	size_t payload;
	unsigned messages;
	enum kill_mode kill;
	int bench;                /* no per-byte checks: measure the queue */
};

/* Shared with the consumers (MAP_SHARED): the queues and what each
 * consumer did with each task. */
struct board {
	struct msgq *tasks, *results;
	struct cfg cfg;
	atomic_int finished;              /* consumers that reached end of stream */
	atomic_int bad;                   /* tasks whose payload did not check out */
	atomic_uint claims;               /* KILL_IN_RECV: tasks claimed so far */
	int victim;                       /* KILL_IN_RECV: the consumer that died; -1: none yet */
	int status[MAXC];                 /* each consumer's last msgq code; -1: never returned */
	atomic_uchar *taken;              /* per task: times returned by msgq_recv */
	atomic_uchar *sent_back;          /* per task: times its result was sent */
	unsigned char *taker;             /* per task: 1 + the consumer that took it */
	size_t bytes;
};

struct outcome {
	char reason[200];                 /* why the parent aborted; "" if it did not */
	int producer_rc;
	unsigned sent, got;
	unsigned dup_results, bad_results;
	int dead[MAXC];
	int cleanup_kills;                /* children that had to be killed after the run */
	double seconds;
	struct msgq_stats ts, rs;
};

static double now(void)
{
	return runner_clock();
}

static size_t task_len(const struct cfg *c, uint64_t seq)
{
	return c->payload >= 8 ? c->payload - seq % 8 : c->payload;
}

/* The payload of task seq: its number, then words derived from it. */
static void task_fill(unsigned char *buf, uint64_t seq, size_t len)
{
	for (size_t i = 0; i < len; i += 8) {
		uint64_t w = i ? kernel_mix64(seq << 24 ^ i) : seq;
		memcpy(buf + i, &w, len - i < 8 ? len - i : 8);
	}
}

static uint64_t first_word(const unsigned char *buf, size_t len)
{
	uint64_t w = 0;
	memcpy(&w, buf, len < 8 ? len : 8);
	return w;
}

/* ---- the parties ------------------------------------------------------------ */

static int my_id;                 /* per process: the consumer this child is */

/* In a child, inside msgq_recv after the claim: the 100th claim dies. */
static void die_in_recv(void *arg)
{
	struct board *b = arg;
	if (atomic_fetch_add(&b->claims, 1) + 1 == KILL_AT) {
		b->victim = my_id;
		raise(SIGKILL);
	}
}

static void consume(struct board *b, int id)
{
	const struct cfg *c = &b->cfg;
	unsigned char *buf = malloc(c->payload ? c->payload : 1);
	struct msg_header h;
	int rc;
	for (;;) {
		rc = msgq_recv(b->tasks, &h, buf, c->payload, now() + 30);
		if (rc != MSGQ_OK)
			break;
		if (h.seq >= c->messages || h.kind != KIND_TASK) {
			atomic_fetch_add(&b->bad, 1);
			continue;
		}
		b->taker[h.seq] = (unsigned char)(id + 1);   /* before taken: a count has a taker */
		atomic_fetch_add(&b->taken[h.seq], 1);
		if (h.len != task_len(c, h.seq) || (h.len >= 8 && first_word(buf, h.len) != h.seq) ||
		    (!c->bench && msgq_checksum(buf, h.len) != h.check))
			atomic_fetch_add(&b->bad, 1);
		struct msg_header r = { .kind = KIND_RESULT, .sender = (uint32_t)id, .seq = h.seq,
					.check = h.check };
		rc = msgq_send(b->results, &r, buf, h.len, now() + 30);
		if (rc != MSGQ_OK)
			break;
		atomic_fetch_add(&b->sent_back[h.seq], 1);
	}
	b->status[id] = rc;
	if (rc == MSGQ_CLOSED && atomic_fetch_add(&b->finished, 1) + 1 == c->consumers)
		msgq_close(b->results);
	free(buf);
}

struct thread_arg {
	struct board *b;
	int id;
	int rc;                   /* producer: its last code */
	unsigned sent;            /* producer: tasks sent */
};

static void *consumer_thread(void *arg)
{
	struct thread_arg *a = arg;
	consume(a->b, a->id);
	return NULL;
}

static void *producer_thread(void *arg)
{
	struct thread_arg *a = arg;
	const struct cfg *c = &a->b->cfg;
	unsigned char *buf = malloc(c->payload ? c->payload : 1);
	if (c->bench)
		task_fill(buf, 0, c->payload);
	a->rc = MSGQ_OK;
	for (uint64_t seq = 0; seq < c->messages; seq++) {
		size_t len = task_len(c, seq);
		struct msg_header h = { .kind = KIND_TASK, .seq = seq, .count = 1 };
		if (c->bench) {
			memcpy(buf, &seq, len < 8 ? len : 8);
		} else {
			task_fill(buf, seq, len);
			h.check = msgq_checksum(buf, len);
		}
		a->rc = msgq_send(a->b->tasks, &h, buf, len, now() + 30);
		if (a->rc != MSGQ_OK)
			break;
		a->sent++;
	}
	if (a->rc == MSGQ_OK)
		msgq_close(a->b->tasks);
	free(buf);
	return NULL;
}

/* ---- one configuration -------------------------------------------------------- */

struct children {
	pid_t pid[MAXC];
	int reaped[MAXC];
	int status[MAXC];
	int count;
};

/* Reaps the children that ended; the first that died (signal or non-zero
 * exit) is named in o->reason and both queues are aborted. */
static void watch(struct board *b, struct children *ch, struct outcome *o)
{
	for (int i = 0; i < ch->count; i++) {
		if (ch->reaped[i] || waitpid(ch->pid[i], &ch->status[i], WNOHANG) != ch->pid[i])
			continue;
		ch->reaped[i] = 1;
		int st = ch->status[i];
		if (!WIFSIGNALED(st) && !(WIFEXITED(st) && WEXITSTATUS(st)))
			continue;
		o->dead[i] = 1;
		if (!o->reason[0]) {
			if (WIFSIGNALED(st))
				snprintf(o->reason, sizeof(o->reason), "consumer %d killed by signal %d (SIG%s)",
					 i, WTERMSIG(st), sigabbrev_np(WTERMSIG(st)));
			else
				snprintf(o->reason, sizeof(o->reason), "consumer %d exited with status %d",
					 i, WEXITSTATUS(st));
		}
		msgq_abort(b->tasks);
		msgq_abort(b->results);
	}
}

/* Every child gone within 10 s of the end, else killed and counted. */
static void reap_all(struct children *ch, struct outcome *o)
{
	double end = now() + 10;
	for (;;) {
		int left = 0;
		for (int i = 0; i < ch->count; i++)
			if (!ch->reaped[i]) {
				if (waitpid(ch->pid[i], &ch->status[i], WNOHANG) == ch->pid[i])
					ch->reaped[i] = 1;
				else
					left++;
			}
		if (!left)
			return;
		if (now() > end) {
			for (int i = 0; i < ch->count; i++)
				if (!ch->reaped[i]) {
					kill(ch->pid[i], SIGKILL);
					waitpid(ch->pid[i], &ch->status[i], 0);
					ch->reaped[i] = 1;
					o->cleanup_kills++;
				}
			return;
		}
		struct timespec ts = { 0, 1000000 };
		nanosleep(&ts, NULL);
	}
}

static struct board *board_new(const struct cfg *c)
{
	size_t bytes = sizeof(struct board) + 3 * (size_t)c->messages;
	struct board *b = kernel_shared_alloc(bytes);
	if (!b)
		return NULL;
	b->bytes = bytes;
	b->cfg = *c;
	b->taken = (atomic_uchar *)(b + 1);
	b->sent_back = b->taken + c->messages;
	b->taker = (unsigned char *)(b->sent_back + c->messages);
	for (int i = 0; i < MAXC; i++)
		b->status[i] = -1;
	b->victim = -1;
	b->tasks = msgq_new(c->slots, c->payload);
	b->results = msgq_new(c->slots, c->payload);
	if (!b->tasks || !b->results) {
		msgq_free(b->tasks);
		msgq_free(b->results);
		kernel_shared_free(b, bytes);
		return NULL;
	}
	return b;
}

static void board_free(struct board *b)
{
	msgq_free(b->tasks);
	msgq_free(b->results);
	kernel_shared_free(b, b->bytes);
}

/* Runs the configuration on b; the parent's main thread collects results,
 * watches the children and aborts when one dies or nothing moves for 30 s. */
static void run(struct board *b, struct outcome *o, unsigned char *seen)
{
	const struct cfg *c = &b->cfg;
	struct thread_arg prod = { .b = b }, cons[MAXC];
	pthread_t ptid, ctid[MAXC];
	struct children ch = { .count = 0 };
	unsigned char *buf = malloc(c->payload ? c->payload : 1);

	memset(o, 0, sizeof(*o));
	if (c->kill == KILL_IN_RECV)   /* processes only: SIGKILL ends every thread */
		msgq_set_recv_hook(b->tasks, die_in_recv, b);
	double t0 = now();
	/* Fork before any thread of ours exists (a child gets only the forking thread). */
	for (int i = 0; i < c->consumers; i++) {
		cons[i] = (struct thread_arg){ .b = b, .id = i };
		if (!c->processes) {
			pthread_create(&ctid[i], NULL, consumer_thread, &cons[i]);
			continue;
		}
		pid_t pid = fork();
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			my_id = i;
			consume(b, i);
			_exit(0);
		}
		ch.pid[ch.count++] = pid;
	}
	pthread_create(&ptid, NULL, producer_thread, &prod);

	double quiet_since = now();
	for (;;) {
		struct msg_header h;
		int rc = msgq_recv(b->results, &h, buf, c->payload, now() + 0.05);
		if (rc == MSGQ_OK) {
			quiet_since = now();
			o->got++;
			if (h.seq >= c->messages || h.kind != KIND_RESULT) {
				o->bad_results++;
				continue;
			}
			if (seen[h.seq]++)
				o->dup_results++;
			if (h.len != task_len(c, h.seq) ||
			    (h.len >= 8 && first_word(buf, h.len) != h.seq) ||
			    (!c->bench && msgq_checksum(buf, h.len) != h.check))
				o->bad_results++;
			if (c->kill == KILL_BY_PARENT && o->got == c->messages / 4)
				kill(ch.pid[0], SIGKILL);
			if ((o->got & 255) == 0)
				watch(b, &ch, o);
			continue;
		}
		if (rc != MSGQ_TIMEOUT)
			break;   /* closed: all done; aborted: a child died */
		watch(b, &ch, o);
		if (now() - quiet_since > 30) {
			snprintf(o->reason, sizeof(o->reason), "no result for 30 s");
			msgq_abort(b->tasks);
			msgq_abort(b->results);
		}
	}
	o->seconds = now() - t0;
	pthread_join(ptid, NULL);
	o->producer_rc = prod.rc;
	o->sent = prod.sent;
	if (c->processes)
		reap_all(&ch, o);
	else
		for (int i = 0; i < c->consumers; i++)
			pthread_join(ctid[i], NULL);
	msgq_stats(b->tasks, &o->ts);
	msgq_stats(b->results, &o->rs);
	free(buf);
}

/* What became of every task sent, from the consumers' records and the
 * parent's results. */
struct account {
	unsigned done;            /* result received by the parent, once */
	unsigned in_results;      /* result sent, still queued at the abort */
	unsigned held_dead;       /* taken by a consumer that died, no result received */
	unsigned held_live;       /* taken by a live consumer whose send was aborted */
	unsigned not_taken;       /* still in the task queue, or claimed inside a recv */
	unsigned dups;            /* taken, sent back or received more than once */
	unsigned odd;             /* a result for a task never taken, or never sent */
};

static void account(const struct board *b, const struct outcome *o, const unsigned char *seen,
		    struct account *a)
{
	memset(a, 0, sizeof(*a));
	for (unsigned s = 0; s < b->cfg.messages; s++) {
		unsigned t = b->taken[s], sb = b->sent_back[s], r = seen[s];
		if (t > 1 || sb > 1 || r > 1)
			a->dups++;
		/* A consumer killed between its send and noting it leaves a
		 * result without sent_back: allowed for the dead one only. */
		int dead = t && b->taker[s] && o->dead[b->taker[s] - 1];
		if ((r && !t) || (sb && !t) || (r && !sb && !dead) || (s >= o->sent && t))
			a->odd++;
		if (s >= o->sent)
			continue;
		if (r)
			a->done++;
		else if (sb)
			a->in_results++;
		else if (dead)
			a->held_dead++;
		else if (t)
			a->held_live++;
		else
			a->not_taken++;
	}
}

/* ---- tests ------------------------------------------------------------------ */

static void check_clean(const struct cfg *c)
{
	struct board *b = board_new(c);
	unsigned char *seen = calloc(c->messages, 1);
	struct outcome o;
	struct account a;
	if (!b) {
		ok(0, "cannot map the queues: %s", strerror(errno));
		free(seen);
		return;
	}
	run(b, &o, seen);
	account(b, &o, seen, &a);
	int eos = atomic_load(&b->finished) == c->consumers;
	for (int i = 0; i < c->consumers; i++)
		eos &= b->status[i] == MSGQ_CLOSED;
	ok(!o.reason[0] && o.producer_rc == MSGQ_OK && o.sent == c->messages && a.done == c->messages &&
	   !a.dups && !a.odd && !o.bad_results && !atomic_load(&b->bad) && eos && !o.cleanup_kills,
	   "%s: 1 producer, %d consumer%s, %u slot%s, %zu B: %u of %u tasks back once, payloads intact, "
	   "end of stream at every consumer (%s; dups %u, bad %d+%u, sleeps: send %llu recv %llu)",
	   c->processes ? "processes" : "threads", c->consumers, c->consumers > 1 ? "s" : "",
	   c->slots, c->slots > 1 ? "s" : "", c->payload, a.done, c->messages,
	   o.reason[0] ? o.reason : "no abort", a.dups, atomic_load(&b->bad), o.bad_results,
	   (unsigned long long)o.ts.send_sleeps, (unsigned long long)o.ts.recv_sleeps);
	board_free(b);
	free(seen);
}

/* 6 tests. */
static void check_kill(enum kill_mode mode, unsigned slots, size_t payload)
{
	struct cfg c = { .processes = 1, .consumers = 3, .slots = slots, .payload = payload,
			 .messages = 4000, .kill = mode };
	const char *how = mode == KILL_IN_RECV ? "killed inside msgq_recv holding a slot"
					       : "SIGKILLed by the parent mid-stream";
	struct board *b = board_new(&c);
	unsigned char *seen = calloc(c.messages, 1);
	struct outcome o;
	struct account a;
	run(b, &o, seen);
	account(b, &o, seen, &a);

	int v = mode == KILL_IN_RECV ? b->victim : 0;
	char want[80];
	snprintf(want, sizeof(want), "consumer %d killed by signal 9 (SIGKILL)", v);
	ok(v >= 0 && !strcmp(o.reason, want),
	   "%s, %u slots: the parent names the dead consumer ('%s')", how, slots, o.reason);
	int by_themselves = !o.cleanup_kills &&
			    (o.producer_rc == MSGQ_ABORTED || o.producer_rc == MSGQ_OK);
	int only_v = v >= 0;
	char live[64] = "";
	for (int i = 0; i < c.consumers; i++) {
		if (i == v)
			continue;
		by_themselves &= b->status[i] == MSGQ_ABORTED || b->status[i] == MSGQ_CLOSED;
		only_v &= !o.dead[i];
		snprintf(live + strlen(live), sizeof(live) - strlen(live), "%s%s", live[0] ? ", " : "",
			 msgq_status_name(b->status[i]));
	}
	ok(by_themselves, "the producer (%s) and the live consumers (%s) returned by themselves",
	   msgq_status_name(o.producer_rc), live);
	ok(only_v && o.dead[v] && b->status[v] == -1,
	   "only consumer %d died, and it never returned", v);
	ok(!a.dups && !a.odd && !o.bad_results && !atomic_load(&b->bad),
	   "no task taken, sent back or received twice (dups %u, odd %u)", a.dups, a.odd);
	uint64_t taken = 0;
	for (unsigned s = 0; s < c.messages; s++)
		taken += b->taken[s];
	/* Not taken: still in the queue (at most its slots), or claimed inside
	 * msgq_recv by the consumer that died there (claimed - returned, at
	 * most one): a SIGKILL mid-stream can land there too. */
	ok(a.done + a.in_results + a.held_dead + a.held_live + a.not_taken == o.sent &&
	   a.held_dead <= 1 && a.held_live <= (unsigned)c.consumers - 1 &&
	   a.not_taken <= slots + (o.ts.received - taken) && a.in_results <= slots,
	   "each of the %u tasks sent is done once (%u), a result queued at the abort (%u), "
	   "held by the dead consumer (%u) or a live one (%u), or not taken (%u)",
	   o.sent, a.done, a.in_results, a.held_dead, a.held_live, a.not_taken);
	if (mode == KILL_IN_RECV)
		ok(o.ts.received - taken == 1 && a.held_dead == 0,
		   "exactly one task went with the consumer that died inside msgq_recv "
		   "(claimed %llu, returned %llu)", (unsigned long long)o.ts.received,
		   (unsigned long long)taken);
	else
		ok(o.ts.received - taken <= 1 && a.held_dead + (o.ts.received - taken) <= 1,
		   "at most one task went with the killed consumer (claimed %llu, returned %llu, held %u)",
		   (unsigned long long)o.ts.received, (unsigned long long)taken, a.held_dead);
	board_free(b);
	free(seen);
}

struct blocked {
	struct msgq *q;
	int send;                 /* 1: send, 0: recv */
	int rc;
};

static void *blocked_party(void *arg)
{
	struct blocked *p = arg;
	struct msg_header h = { .seq = 7 };
	char byte = 'x';
	p->rc = p->send ? msgq_send(p->q, &h, &byte, 1, INFINITY)
			: msgq_recv(p->q, &h, &byte, 1, INFINITY);
	return NULL;
}

/* A party blocked without a deadline is set free by close or abort. Waits
 * (5 s at most) until it sleeps, so that the wake-up is what is tested. */
static int unblock(struct msgq *q, int send, void (*how)(struct msgq *))
{
	struct blocked p = { .q = q, .send = send, .rc = -1 };
	struct msgq_stats st0, st;
	pthread_t t;
	msgq_stats(q, &st0);
	pthread_create(&t, NULL, blocked_party, &p);
	double end = now() + 5;
	do {
		struct timespec ts = { 0, 1000000 };
		nanosleep(&ts, NULL);
		msgq_stats(q, &st);
	} while ((send ? st.send_sleeps == st0.send_sleeps : st.recv_sleeps == st0.recv_sleeps) &&
		 now() < end);
	how(q);
	pthread_join(t, NULL);
	return p.rc;
}

/* 14 tests. */
static void check_codes(void)
{
	struct msg_header h = { .kind = 3, .sender = 2, .seq = 41, .count = 5, .check = 9, .value = 11 };
	struct msg_header r;
	unsigned char in[64], out[64];
	task_fill(in, 41, sizeof(in));

	errno = 0;
	ok(msgq_new(0, 64) == NULL && errno == EINVAL, "msgq_new: 0 slots is EINVAL");

	struct msgq *q = msgq_new(1, 64);
	ok(msgq_recv(q, &r, out, 64, MSGQ_NOWAIT) == MSGQ_TIMEOUT &&
	   msgq_recv(q, &r, out, 64, now() + 0.02) == MSGQ_TIMEOUT,
	   "recv on an empty queue: timeout, with no wait and with a 20 ms deadline");
	ok(msgq_send(q, &h, in, 65, MSGQ_NOWAIT) == MSGQ_TOOBIG, "send of 65 B into 64 B slots: too big");
	ok(msgq_send(q, &h, in, 64, MSGQ_NOWAIT) == MSGQ_OK &&
	   msgq_send(q, &h, in, 64, MSGQ_NOWAIT) == MSGQ_TIMEOUT &&
	   msgq_send(q, &h, in, 64, now() + 0.02) == MSGQ_TIMEOUT,
	   "send into a full 1-slot queue: timeout, with no wait and with a 20 ms deadline");
	memset(&r, 0, sizeof(r));
	ok(msgq_recv(q, &r, out, 10, MSGQ_NOWAIT) == MSGQ_TOOBIG && r.len == 64 &&
	   !memcmp(out, in, 10) && msgq_recv(q, &r, out, 64, MSGQ_NOWAIT) == MSGQ_TIMEOUT,
	   "recv into 10 B of room: too big, the first 10 B and the full length given, message consumed");
	ok(msgq_send(q, &h, in, 64, MSGQ_NOWAIT) == MSGQ_OK &&
	   msgq_recv(q, &r, out, 64, MSGQ_NOWAIT) == MSGQ_OK && r.kind == 3 && r.sender == 2 &&
	   r.seq == 41 && r.count == 5 && r.check == 9 && r.value == 11 && r.len == 64 &&
	   !memcmp(out, in, 64),
	   "header fields and payload arrive as sent");
	msgq_send(q, &h, in, 5, MSGQ_NOWAIT);
	msgq_close(q);
	ok(msgq_send(q, &h, in, 5, MSGQ_NOWAIT) == MSGQ_CLOSED, "send after close: closed");
	ok(msgq_recv(q, &r, out, 64, MSGQ_NOWAIT) == MSGQ_OK && r.len == 5 &&
	   msgq_recv(q, &r, out, 64, now() + 5) == MSGQ_CLOSED,
	   "after close, what was queued is still received, then closed (end of stream)");
	msgq_free(q);

	q = msgq_new(2, 0);
	int rc = unblock(q, 0, msgq_close);
	ok(rc == MSGQ_CLOSED, "a receiver blocked without deadline gets closed from close (%s)",
	   msgq_status_name(rc));
	msgq_free(q);
	q = msgq_new(2, 8);
	rc = unblock(q, 0, msgq_abort);
	ok(rc == MSGQ_ABORTED, "a receiver blocked without deadline gets aborted from abort (%s)",
	   msgq_status_name(rc));
	msgq_free(q);
	q = msgq_new(1, 8);
	msgq_send(q, &h, in, 8, MSGQ_NOWAIT);
	rc = unblock(q, 1, msgq_abort);
	ok(rc == MSGQ_ABORTED, "a sender blocked on a full queue without deadline gets aborted (%s)",
	   msgq_status_name(rc));
	ok(msgq_recv(q, &r, out, 8, MSGQ_NOWAIT) == MSGQ_ABORTED &&
	   msgq_send(q, &h, in, 8, MSGQ_NOWAIT) == MSGQ_ABORTED,
	   "after abort, recv gives aborted though a message is queued, and so does send");
	msgq_free(q);
	ok(!strcmp(msgq_status_name(MSGQ_TIMEOUT), "timeout") && !strcmp(msgq_status_name(99), "unknown"),
	   "status names");
	ok(msgq_checksum(in, 64) != msgq_checksum(out, 63) && msgq_checksum(in, 13) == msgq_checksum(in, 13) &&
	   msgq_checksum("", 0) != msgq_checksum("\0", 1),
	   "checksum tells lengths and contents apart");
}

/* ---- the throughput probe ------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int bench(void)
{
	static const size_t payloads[] = { 64, 65536 };
	printf("queue throughput: 1 producer, 2 consumers, results sent back, 64 slots per queue,\n"
	       "median of 5 runs (min - max); the payload is copied in and out of both queues;\n"
	       "MB/s = tasks/s x payload; sleeps = the task queue's sender/receiver sleeps in the last run\n");
	printf("%-10s %8s %9s %14s %20s %10s %14s\n", "consumers", "payload", "tasks", "tasks/s",
	       "(min - max)", "MB/s", "sleeps");
	for (size_t pi = 0; pi < 2; pi++)
		for (int proc = 0; proc <= 1; proc++) {
			struct cfg c = { .processes = proc, .consumers = 2, .slots = 64,
					 .payload = payloads[pi], .messages = pi ? 20000 : 200000,
					 .bench = 1 };
			double rate[5];
			struct outcome o;
			for (int k = 0; k < 5; k++) {
				struct board *b = board_new(&c);
				unsigned char *seen = calloc(c.messages, 1);
				run(b, &o, seen);
				if (o.reason[0] || o.got != c.messages) {
					fprintf(stderr, "bench: %s\n", o.reason[0] ? o.reason : "results missing");
					return 1;
				}
				rate[k] = c.messages / o.seconds;
				board_free(b);
				free(seen);
			}
			qsort(rate, 5, sizeof(rate[0]), cmp_double);
			printf("%-10s %7zuB %9u %14.0f %9.0f - %8.0f %10.1f %7llu/%llu\n",
			       proc ? "processes" : "threads", c.payload, c.messages, rate[2], rate[0],
			       rate[4], rate[2] * (double)c.payload / 1e6,
			       (unsigned long long)o.ts.send_sleeps, (unsigned long long)o.ts.recv_sleeps);
		}
	return 0;
}

int main(int argc, char **argv)
{
	static const size_t payloads[] = { 0, 64, 65536 };
	static const unsigned slot_counts[] = { 1, 64 };
	if (argc > 1 && !strcmp(argv[1], "--bench"))
		return bench();
	setvbuf(stdout, NULL, _IONBF, 0);   /* children must not flush the parent's lines */

	printf("1..%d\n", 2 * 3 * 2 * 3 + 4 * 6 + 14);
	for (int proc = 0; proc <= 1; proc++)
		for (int n = 1; n <= 3; n++)
			for (size_t si = 0; si < 2; si++)
				for (size_t pi = 0; pi < 3; pi++) {
					struct cfg c = { .processes = proc, .consumers = n,
							 .slots = slot_counts[si], .payload = payloads[pi],
							 .messages = payloads[pi] > 64 ? 2000 : 10000 };
					check_clean(&c);
				}
	check_kill(KILL_IN_RECV, 1, 64);
	check_kill(KILL_IN_RECV, 64, 65536);
	check_kill(KILL_BY_PARENT, 1, 64);
	check_kill(KILL_BY_PARENT, 64, 4096);
	check_codes();
	return tap_failures != 0;
}
