/*
 * fork_settings.h - the settings of the fork and fork-pool runners: what
 * --timeout and the crash test hooks set. Every run request carries them
 * (struct runner_options, runner.h), so the struct has a header of its own
 * (not fork.h: fork.c includes runner.h, and a module may not be included
 * back); its defaults and its option table are the runners', in fork.c
 * (runner_fork.defaults, .options, shared by fork-pool).
 */
#ifndef PARBENCH_FORK_SETTINGS_H
#define PARBENCH_FORK_SETTINGS_H

struct fork_settings {
	double timeout;           /* seconds before a run's children are killed (600) */
	int crash_worker;         /* test hook: this worker id raises SIGSEGV; -1 = none */
	int crash_before_gate;    /* test hook: ... before it reaches the start gate */
};

#endif
