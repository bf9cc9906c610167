/*
 * gil_settings.h - the gil runner's own settings: what --switch-interval,
 * --gil-unit, --gil-mode and --gil-check set. Every run request carries
 * them (struct runner_options, runner.h), so the struct has a header of
 * its own (not gil.h: gil.c includes runner.h, and a module may not be
 * included back); its defaults and its option table are the runner's, in
 * gil.c (runner_gil.defaults, .options).
 */
#ifndef PARBENCH_GIL_SETTINGS_H
#define PARBENCH_GIL_SETTINGS_H

#include <stddef.h>

#include "gil_lock.h"

struct gil_settings {
	double switch_interval;   /* seconds a waiter waits before asking for a drop (0.005) */
	size_t unit;              /* items run between two checks of the drop request (64) */
	enum gil_mode mode;       /* which switching rules (gil_lock.h; GIL_NEW) */
	unsigned check;           /* old mode: units between two releases (100) */
};

#endif
