/*
 * compare.h - `parbench compare A B`: are B's times different from A's?
 */
#ifndef PARBENCH_COMPARE_H
#define PARBENCH_COMPARE_H

/* The compare command (argv[0] is "compare"). Prints a Markdown table of
 * every configuration both run folders measured, judged with Holm's
 * correction and a minimum effect, on stdout, and writes the same to a
 * file only with --out. Returns 0, 1 with --fail-on-slower when any
 * configuration was called slower, or 2 after one line on stderr for bad
 * arguments, no configuration in both, a folder that is not a parbench
 * run, a run with no usable row, or a file that cannot be read or written.
 * Rows refused (ragged, a NUL byte, a time that is not a finite positive
 * number) are counted on stderr, one line per run. */
int cmd_compare(int argc, char **argv);

#endif
