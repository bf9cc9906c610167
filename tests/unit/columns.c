/*
 * tests/unit/columns.c - the column table (harness/output/columns.c): the
 * two headers keep their names and order (run_id and host appended, then
 * where the workers' time went and the losses, then the memory sums
 * pss_kib and uss_kib, added deliberately at the end); a
 * record quotes text with a comma (RFC 4180) and leaves a failed run's
 * times, the gil's counts of another runner and a non-queue payload empty;
 * a summary row without repetitions has its statistics empty; a runner's
 * counters (runner_ops.counters) fill their columns, in the table's order.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/bench/dims.h"
#include "../../harness/output/columns.h"
#include "../../runners/runner.h"
#include "../lib/tap.h"

#define CONFIG "kernel,kind,runner,workers,schedule,chunk,bind,items,size_bytes,size_rule,pattern,collect,init_in_parent,payload,"
static const char samples_header[] = CONFIG
	"rep,warmup,seconds,spawn_seconds,checksum,verified,cpus,"
	"gil_handoffs,gil_drop_requests,gil_forced_waits,gil_releases,gil_wait_s,"
	"cpu_seconds,vol_switches,invol_switches,maxrss_kib,first_result_s,parent_wait_s,error,run_id,host,scaling,"
	"gate_s,idle_s,run_delay_s,serial_wait_s,minflt,pss_kib,uss_kib\n";
static const char summary_header[] = CONFIG
	"reps,median_s,min_s,max_s,mean_s,stddev_s,cv,q1_s,q3_s,mad_s,outliers,spawn_median_s,cold_median_s,"
	"speedup,efficiency,cold_speedup,rate,rate_unit,cpu_seconds,cpu_util,vol_switches,invol_switches,maxrss_kib,"
	"gil_handoffs,gil_drop_requests,gil_forced_waits,gil_wait_s,first_result_s,parent_wait_s,tasks_per_s,"
	"verified,status,warning,run_id,host,scaling,"
	"gate_s,idle_s,run_delay_s,serial_wait_s,minflt,steal,"
	"loss_gate,loss_imbalance,loss_offcpu,loss_slowdown,loss_serialized,loss_other,pss_kib,uss_kib\n";

/* What f(out, ...) writes, in buf. */
static const char *text_of(int (*put)(FILE *, unsigned, const struct column_row *), unsigned table,
			   const struct column_row *r)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	if (put)
		put(f, table, r);
	else
		column_header(f, table);
	fclose(f);
	return buf;
}

int main(void)
{
#define TEXT(t) { .kind = SINK_TEXT, .text = (t) }
#define NUMBER(x) { .kind = SINK_NUMBER, .number = (x) }
	struct sink_config cfg = {
		.key = { [DIM_KERNEL] = TEXT("pi"), [DIM_RUNNER] = TEXT("pthreads"),
			 [DIM_SCHEDULE] = TEXT("static"), [DIM_BIND] = TEXT("none"),
			 [DIM_WORKERS] = NUMBER(2), [DIM_ITEMS] = NUMBER(1000) },
		.kind = "cpu", .size_rule = "as given",
	};
	struct sink_sample s = {
		.rep = 3, .seconds = 0.5, .spawn_seconds = 0.25, .checksum = 42, .cpus = "0;1",
		.error = "worker 1, the second, died", .first_result_s = NAN, .parent_wait_s = NAN,
	};
	const struct column_row r = { .cfg = &cfg, .sample = &s, .run_id = "r1", .host = "h" };

	printf("1..7\n");
	ok(strcmp(text_of(NULL, COLUMN_SAMPLES, NULL), samples_header) == 0,
	   "samples.csv's header: the columns of old, then run_id and host, then where the time went");
	ok(strcmp(text_of(NULL, COLUMN_SUMMARY, NULL), summary_header) == 0,
	   "summary.csv's header: the columns of old, then run_id and host, then the losses");
	const char *want = "pi,cpu,pthreads,2,static,0,none,1000,0,as given,none,partial,0,,3,0,,,42,0,0;1,"
			   ",,,,,,,,,,,\"worker 1, the second, died\",r1,h,strong,,,,,,,\n";
	const char *got = text_of(column_record, COLUMN_SAMPLES, &r);
	ok(strcmp(got, want) == 0, "a failed repetition: no times, no gil counts, the error quoted: %s", got);
	s.error = "";
	cfg.key[DIM_PATTERN] = (struct sink_value)TEXT("queue");
	cfg.key[DIM_PAYLOAD] = (struct sink_value)NUMBER(64);
	got = text_of(column_record, COLUMN_SAMPLES, &r);
	ok(strstr(got, ",queue,partial,0,64,3,0,0.500000000,0.250000000,42,") != NULL,
	   "a queue repetition: its payload and its times: %s", got);
	struct sink_row row = { .cfg = cfg, .speedup = NAN, .efficiency = NAN, .cold_speedup = NAN,
				.rate_unit = "Mop/s", .status = "failed: setup: no memory" };
	const struct column_row rr = { .cfg = &row.cfg, .row = &row, .run_id = "r1", .host = "h" };
	got = text_of(column_record, COLUMN_SUMMARY, &rr);
	ok(strstr(got, ",64,0,,,,,,,,,,,,,,,,,Mop/s,,,,,,,,,,,,,0,failed: setup: no memory,,r1,h,strong,,,,,,,,,,,,,,\n") != NULL,
	   "a row without repetitions: 0 reps, its statistics empty: %s", got);
	s = (struct sink_sample){ .cpus = "0", .error = "", .first_result_s = NAN, .parent_wait_s = NAN,
				  .counted = 1, .counter = { 7, 3, 2, 9, 0.25 } };
	cfg.key[DIM_RUNNER] = (struct sink_value)TEXT("gil");
	got = text_of(column_record, COLUMN_SAMPLES, &r);
	ok(strstr(got, ",0,7,3,2,9,0.250000,") != NULL, "a counted repetition: its counters in their columns: %s", got);
	int shown = 0, fits = 1;
	for (const struct runner_ops *const *k = runner_table; *k; k++)
		for (int i = 0; i < runner_counters(*k); i++) {
			int j = runner_counter_slot(*k, i);
			shown += !(*k)->counters[i].hidden;
			fits &= (*k)->counters[i].hidden ? j < 0
				: j >= 0 && runner_counter_column(j)->kind == (*k)->counters[i].kind;
		}
	ok(fits && shown >= 5, "every shown counter has a column of its kind (%d shown)", shown);
	return tap_failures != 0;
}
