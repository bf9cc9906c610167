/*
 * progress.h - how far a run has got, on stderr while it goes: the
 * configuration being measured, steps done of the total, percent, time
 * elapsed and an estimate of the time left (the mean step so far times the
 * steps left). A step is whatever the caller counts; parbench counts one
 * run (warm-up or measured) of one configuration.
 *
 * Modes:
 *   PROGRESS_BAR    one line redrawn in place with \r, at most 10 times a
 *                   second (and always for the first and the last step);
 *                   a note clears it, prints its line, and redraws it
 *   PROGRESS_LINES  no bar: each note is one line, "[done/total] text\n",
 *                   which suits a log file or CI output
 *   PROGRESS_QUIET  nothing is written
 *   PROGRESS_AUTO   BAR when f is a terminal and TERM is not "dumb",
 *                   LINES otherwise
 *
 * Usage:
 *   struct progress p;
 *   progress_start(&p, stderr, PROGRESS_AUTO, steps);
 *   for each step:  ... progress_step(&p, "triad pthreads 4", ++done);
 *   per configuration finished:  progress_note(&p, "triad pthreads 4: 1.23 ms");
 *   progress_end(&p);
 *
 * Not thread-safe: call it from the loop's thread, between runs. Nothing
 * else may write to f while the bar is shown except through progress_note.
 */
#ifndef PARBENCH_PROGRESS_H
#define PARBENCH_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

enum progress_mode { PROGRESS_AUTO, PROGRESS_BAR, PROGRESS_LINES, PROGRESS_QUIET };

/* The caller owns it (on the stack is fine); the fields are read-only. */
struct progress {
	FILE *f;
	enum progress_mode mode;  /* as resolved by progress_start: never AUTO */
	size_t total, done;       /* total 0: unknown, so no percent and no ETA */
	double start, last_draw;  /* CLOCK_MONOTONIC seconds */
	size_t shown;             /* columns of the bar on screen; 0: none */
	char label[128];          /* the step in progress */
};

/* Starts the clock and resolves AUTO (see above). Writes nothing yet. */
void progress_start(struct progress *p, FILE *f, enum progress_mode mode, size_t total_steps);

/* Records that done steps are finished and label is the current one (NULL
 * keeps the last label). BAR redraws if the last draw is 0.1 s old, or
 * this is the first or the last step; the other modes write nothing. */
void progress_step(struct progress *p, const char *label, size_t done);

/* One line of the caller's text (no newline in it): BAR clears the bar,
 * prints line, redraws the bar; LINES prints "[done/total] line". */
void progress_note(struct progress *p, const char *line);

/* BAR: takes the bar off the screen so that something else (stdout on the
 * same terminal) can print; the next step draws it again. */
void progress_clear(struct progress *p);

/* Clears the bar (BAR) and flushes f. p may be started again. */
void progress_end(struct progress *p);

#endif
