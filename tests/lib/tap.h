/*
 * tap.h - the one TAP helper the C tests share: ok(cond, name...) prints
 * "ok N - name" or "not ok N - name"; tap_failures is non-zero if any failed.
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

#endif
