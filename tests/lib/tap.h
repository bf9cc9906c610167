/*
 * tap.h - the one TAP helper the C tests share: ok(cond, name...) prints
 * "ok N - name" or "not ok N - name"; tap_failures is non-zero if any failed.
 * A test with many behaviours lists them as named cases (struct tap_case,
 * one small function each) in a table that main hands to tap_run_cases.
 */
#ifndef PARBENCH_TAP_H
#define PARBENCH_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_count, tap_failures;

static void ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ok(int cond, const char *fmt, ...)
{
	va_list ap;
	tap_count++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	tap_failures += !cond;
}

/* One named case: fn asserts one behaviour through ok(). */
struct tap_case {
	const char *name;
	void (*fn)(void);
};

/* Runs the cases of a table ended by { NULL, NULL } in order, each after a
 * "# case: NAME" comment; prints no plan. Returns the exit status for main:
 * 1 if any ok() so far failed, else 0. */
static inline int tap_run_cases(const struct tap_case *cases)
{
	for (const struct tap_case *c = cases; c->name; c++) {
		printf("# case: %s\n", c->name);
		c->fn();
	}
	return tap_failures != 0;
}

#endif
