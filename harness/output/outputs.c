/*
 * outputs.c - the list of outputs `parbench run` writes, in the order
 * they begin (the folder first: it makes the place the others write in).
 */
#include <stddef.h>

#include "outputs.h"

const struct sink_ops *const outputs_run[] = {
	&results_folder_sink,
	&tables_samples_sink,
	&tables_summary_sink,
	&results_json_sink,
	&tracecsv_sink,
	NULL,
};
