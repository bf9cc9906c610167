/*
 * signals.h - the one stop-signal handler: Ctrl-C or SIGTERM asks a long
 * run (bench, convoy, overheads) to stop at its next boundary and keep what
 * it measured; a second signal ends the process at once, after writing its
 * last words.
 *
 * The handler only records the signal and writes one fixed line to stderr
 * (both async-signal-safe); the measuring loops poll signals_stopped() and
 * the command exits with 128 + the signal, as a shell would report it.
 *
 * Last words: a run folder's meta.json must not stay "running" when the
 * second signal ends the process mid-run or mid-report, but building JSON
 * is not async-signal-safe. So the text of the file as it should then read
 * is made beforehand (signals_last_words) and the handler only writes it
 * (open, write, rename: all async-signal-safe) before the signal's default
 * action ends the process.
 */
#ifndef PARBENCH_SIGNALS_H
#define PARBENCH_SIGNALS_H

#include <stddef.h>

/* Installs the handler for SIGINT and SIGTERM. `unit` names what finishes
 * before the stop ("run", "row"): the handler then writes "parbench:
 * stopping after this <unit> (once more to quit at once)". */
void signals_stop_install(const char *unit);

/* The signal that asked to stop (SIGINT or SIGTERM), or 0 if none came. */
int signals_stopped(void);

/* Keeps a copy of text (len bytes) as the last words: what path must hold
 * if the process ends at a second signal (written to tmp, then renamed over
 * path). text NULL forgets them. Returns 0, or -1 when out of memory (the
 * earlier words are then forgotten too). */
int signals_last_words(const char *path, const char *tmp, const char *text, size_t len);

/* Writes the last words now, as the second signal would (a first signal
 * that landed after the point where the normal path could still write
 * them). Returns 0, or -1 with errno set (also when there are none). */
int signals_say_last_words(void);

#endif
