/*
 * outputs.c - the list of outputs `parbench run` writes, in the order
 * they begin (the folder first: it makes the place the others write in).
 * Adding a format: write harness/output/<name>.c with a struct sink_ops,
 * declare it below and add one line to outputs_run.
 */
#include <stddef.h>

#include "outputs.h"

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

const struct sink_ops *const outputs_run[] = {
	&results_folder_sink,
	&tables_samples_sink,
	&tables_summary_sink,
	&results_json_sink,
	&tracecsv_sink,
	NULL,
};
