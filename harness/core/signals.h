/*
 * signals.h - the one stop-signal handler: Ctrl-C or SIGTERM asks a long
 * run (bench, convoy, overheads) to stop at its next boundary and keep what
 * it measured; a second signal ends the process at once.
 *
 * The handler only records the signal and writes one fixed line to stderr
 * (both async-signal-safe); the measuring loops poll signals_stopped() and
 * the command exits with 128 + the signal, as a shell would report it.
 */
#ifndef PARBENCH_SIGNALS_H
#define PARBENCH_SIGNALS_H

/* Installs the handler for SIGINT and SIGTERM with SA_RESETHAND (the
 * second signal takes the default action). `unit` names what finishes
 * before the stop ("run", "row"): the handler then writes "parbench:
 * stopping after this <unit> (once more to quit at once)". */
void signals_stop_install(const char *unit);

/* The signal that asked to stop (SIGINT or SIGTERM), or 0 if none came. */
int signals_stopped(void);

#endif
