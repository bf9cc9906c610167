/*
 * outputs.h - the formats a run is written in, each one struct sink_ops
 * (bench/sink.h) in a file of its own, and the list `parbench run` hands
 * to the walk. Adding a format is a file and a line in outputs_run.
 */
#ifndef PARBENCH_OUTPUTS_H
#define PARBENCH_OUTPUTS_H

#include "../bench/sink.h"

/* The run folder (results.c): makes it (an earlier run's outputs removed),
 * writes topology.txt, topology.xml and meta.json ("running", then the
 * end's status) and, with ctx->link_root, points latest at it. First. */
extern const struct sink_ops results_folder_sink;

/* samples.csv, one record per run, flushed (tables.c). */
extern const struct sink_ops tables_samples_sink;

/* summary.csv, written whole by way of a temporary file (tables.c). */
extern const struct sink_ops tables_summary_sink;

/* results.json: the context, every configuration and its repetitions,
 * written when the run is complete (results_json.c). */
extern const struct sink_ops results_json_sink;

/* trace.csv, opened at the first traced run (tracecsv.c). */
extern const struct sink_ops tracecsv_sink;

/* `parbench run`'s outputs, in the order they begin, NULL-terminated. */
extern const struct sink_ops *const outputs_run[];

#endif
