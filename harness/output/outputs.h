/*
 * outputs.h - the formats a run is written in, each one struct sink_ops
 * (bench/sink.h) in a file of its own, and the list `parbench run` hands
 * to the walk. Adding a format is a file and two lines in outputs.c (its
 * declaration and its place in outputs_run).
 */
#ifndef PARBENCH_OUTPUTS_H
#define PARBENCH_OUTPUTS_H

#include "../bench/sink.h"

/* `parbench run`'s outputs, in the order they begin, NULL-terminated. */
extern const struct sink_ops *const outputs_run[];

#endif
