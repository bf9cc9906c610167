/*
 * demos_table.c - the teaching demos, one entry each (demos.h): the
 * question, what to look for, the parbench commands, the checks that
 * decide "shown" and the figures for the lab notebook.
 *
 * Why data: the criterion of a demo is part of its lesson, so it is
 * written next to the commands that measure it, where a reader can see
 * both; the verdict code knows no demo by name. Adding a demo is one entry
 * here and one line in the Makefile's demo block (demo-NAME: parbench demo
 * NAME). Every demo runs in under a minute on 2 CPUs.
 */
#include <stddef.h>

#include "demos.h"

#define PI2(run) "kernel=pi runner=" run " workers=2"

const struct demos_spec demos_table[] = {
	{
		.name = "gil",
		.question = "Do threads behind one global lock (CPython's GIL) speed up CPU-bound work? And IO-bound work?",
		.look_for = "the speedup of gil against pthreads on pi (CPU) and on sleep (IO), and the timelines:\n"
			    "under the gil only one worker's bar is busy at a time on pi",
		.expect = "on pi, gil stays near 1x (below 1.2x) while pthreads reach 1.5x or more at 2 workers;\n"
			  "on sleep, gil speeds up as well (1.5x or more): a blocked thread releases the lock",
		.min_pus = 2,
		.steps = { { "", { "run", "--kernels", "pi,sleep", "--runners", "serial,gil,pthreads", "--workers", "2",
				   "--trace", "--profile", "demo-gil", "--out", "{out}", NULL } } },
		.checks = {
			{ .a = { "summary.csv", PI2("gil"), "speedup", "gil on pi, 2 workers" },
			  .op = DEMOS_LT, .k = 1.2 },
			{ .a = { "summary.csv", PI2("pthreads"), "speedup", "pthreads on pi, 2 workers" },
			  .op = DEMOS_GE, .k = 1.5, .busy = 1 },
			{ .a = { "summary.csv", "kernel=sleep runner=gil workers=2", "speedup",
				 "gil on sleep, 2 workers" },
			  .op = DEMOS_GE, .k = 1.5 },
		},
		.figures = { "plots/speedup-pi.png", "plots/trace-pi-gil-2w-*.png", "plots/speedup-sleep.png" },
	},
	{
		.name = "convoy",
		.question = "How long does an IO thread wait for the gil when a CPU-bound thread holds it?",
		.look_for = "the IO operation's median latency with 1 CPU thread beside it, new mode against io-priority",
		.expect = "new mode: the IO thread waits a whole switch interval per operation (10x slower or worse);\n"
			  "io-priority (the IO thread asks for the lock at once): 3x or better",
		.steps = { { "", { "convoy", "--modes", "new,io-priority", "--intervals", "5,1", "--bind", "one,none",
				   "--out", "{out}", NULL } } },
		.checks = {
			{ .a = { "convoy.csv", "mode=new interval_ms=5 cpu_threads=1 bind=one", "slowdown",
				 "new mode, 5 ms, 1 CPU thread, one PU" },
			  .op = DEMOS_GE, .k = 10 },
			{ .a = { "convoy.csv", "mode=io-priority interval_ms=5 cpu_threads=1 bind=one", "slowdown",
				 "io-priority, 5 ms, 1 CPU thread, one PU" },
			  .op = DEMOS_LE, .k = 3 },
		},
		.figures = { "plots/convoy.png" },
	},
	{
		.name = "patterns",
		.question = "What do Pool.map, a Queue with big messages and a shared result table cost?",
		.look_for = "map's speedup on primes; tasks per second with 64 B against 64 KiB messages;\n"
			    "the time with one shared table under one lock against private partials",
		.expect = "Pool.map pays off (1.5x or more); 64 KiB messages halve the tasks per second or worse;\n"
			  "a shared table under one lock takes 1.5x the time of partials or more",
		.min_pus = 2,
		.steps = {
			{ "map", { "run", "--kernels", "primes,pi", "--runners", "serial,pthreads,fork", "--workers", "2",
				   "--pattern", "none,map,imap,imap_unordered", "--profile", "demo-patterns",
				   "--out", "{out}", NULL } },
			{ "queue", { "run", "--kernels", "pi", "--runners", "serial,pthreads,fork", "--workers", "2",
				     "--pattern", "queue", "--chunksize", "2000", "--payload", "64,64KiB", "--reps", "3",
				     "--profile", "demo-patterns", "--out", "{out}", NULL } },
			{ "collect", { "run", "--kernels", "pi", "--runners", "serial,pthreads,fork", "--workers", "2",
				       "--pattern", "map", "--chunksize", "64", "--collect", "partial,shared,messages",
				       "--reps", "3", "--profile", "demo-patterns", "--out", "{out}", NULL } },
		},
		.checks = {
			{ .step = "map",
			  .a = { "summary.csv", "kernel=primes runner=pthreads pattern=map", "speedup",
				 "pthreads Pool.map on primes" },
			  .op = DEMOS_GE, .k = 1.5, .busy = 1 },
			{ .step = "queue",
			  .a = { "summary.csv", "runner=pthreads payload=65536", "tasks_per_s", "pthreads, 64 KiB messages" },
			  .op = DEMOS_LE, .k = 0.5,
			  .b = { "summary.csv", "runner=pthreads payload=64", "tasks_per_s", "64 B messages" } },
			{ .step = "collect",
			  .a = { "summary.csv", "runner=pthreads collect=shared", "median_s", "pthreads, one shared table" },
			  .op = DEMOS_GE, .k = 1.5,
			  .b = { "summary.csv", "runner=pthreads collect=partial", "median_s", "private partials" } },
		},
		.figures = { "map/plots/speedup-primes.png", "collect/plots/time-pi.png" },
	},
	{
		.name = "fork",
		.question = "What happens when a process with threads forks while one of them holds a lock?",
		.look_for = "the child's wait on the inherited lock, then each fix getting the lock",
		.expect = "the child deadlocks on the inherited lock (detected, bounded); the three fixes each get it",
		.steps = { { "", { "demo", "fork-after-threads", "--out", "{out}", NULL } } },
		.checks = {
			{ .a = { "demo.md", NULL, NULL, "demo.md" }, .contains = "parent: DEADLOCK detected",
			  .op = DEMOS_GE, .k = 1 },
			{ .a = { "demo.md", NULL, NULL, "demo.md" }, .contains = "child:  got the lock: OK",
			  .op = DEMOS_GE, .k = 3 },
		},
	},
	{
		.name = "false-sharing",
		.question = "Do threads that share no data still slow each other down when their counters share a cache line?",
		.look_for = "packed (each thread's counter beside the others' in one 64 B line) against padded (a line each)\n"
			    "and one thread alone: the bars, and each run's dot",
		.expect = "packed at least 1.5x slower than padded; padded close to one thread alone",
		.min_pus = 2,
		.steps = { { "", { "demo", "false-sharing-study", "--out", "{out}", NULL } } },
		.checks = {
			{ .a = { "false-sharing.csv", "layout=packed", "median_s", "packed counters" },
			  .op = DEMOS_GE, .k = 1.5,
			  .b = { "false-sharing.csv", "layout=padded", "median_s", "padded counters" } },
			{ .a = { "false-sharing.csv", "layout=packed", "cpu_share", "the packed threads' share of their CPUs" },
			  .op = DEMOS_GE, .k = 0.9,
			  .condition = "the packed threads had their CPUs only {pct} of the time: other processes were running" },
		},
		.figures = { "plots/false-sharing.png" },
	},
	{
		.name = "schedule",
		.question = "Static or dynamic schedule on irregular work (primes: later numbers cost more)?",
		.look_for = "the timelines: under static one worker finishes early and waits; under dynamic both end together;\n"
			    "loss_imbalance in the losses plot",
		.expect = "static's loss to imbalance at least 0.05 and at least twice dynamic's",
		.min_pus = 2,
		.steps = { { "", { "run", "--kernels", "primes", "--runners", "serial,pthreads", "--workers", "2",
				   "--schedule", "static,dynamic", "--items", "3000000", "--trace",
				   "--profile", "demo-schedule", "--out", "{out}", NULL } } },
		.checks = {
			{ .a = { "summary.csv", "runner=pthreads schedule=static", "loss_imbalance", "pthreads, static schedule" },
			  .op = DEMOS_GE, .k = 0.05 },
			{ .a = { "summary.csv", "runner=pthreads schedule=static", "loss_imbalance", "pthreads, static schedule" },
			  .op = DEMOS_GE, .k = 2,
			  .b = { "summary.csv", "runner=pthreads schedule=dynamic", "loss_imbalance", "dynamic" } },
		},
		.figures = { "plots/trace-primes-pthreads-2w-static-*.png", "plots/trace-primes-pthreads-2w-dynamic*.png",
			     "plots/losses-primes.png" },
	},
	{
		.name = "pool",
		.question = "What does a new thread, a new process and a pool's worker cost, and from which task size does each pay off?",
		.look_for = "the break-even plot: cold speedup against the task's serial time, per model;\n"
			    "the spawn column: creating threads, forking processes, waking a pool",
		.expect = "forking costs 3x a thread's creation or more; a fork pool's wake-up half a fork or less;\n"
			  "at the largest task pthreads pay off (1.5x or more)",
		.min_pus = 2,
		.steps = { { "", { "breakeven", "--from", "10us", "--to", "10ms", "--workers", "2", "--reps", "3",
				   "--min-time", "0.02", "--profile", "demo-pool", "--out", "{out}", NULL } } },
		.checks = {
			{ .a = { "summary.csv", "runner=fork", "spawn_median_s", "fork" },
			  .op = DEMOS_GE, .k = 3, .b = { "summary.csv", "runner=pthreads", "spawn_median_s", "pthreads" } },
			{ .a = { "summary.csv", "runner=fork-pool", "spawn_median_s", "fork-pool" },
			  .op = DEMOS_LE, .k = 0.5, .b = { "summary.csv", "runner=fork", "spawn_median_s", "fork" } },
			{ .a = { "summary.csv", "runner=pthreads items=max", "speedup", "pthreads, the largest task" },
			  .op = DEMOS_GE, .k = 1.5, .busy = 1 },
		},
		.figures = { "plots/breakeven-pi.png" },
	},
	{
		.name = "cache",
		.question = "How fast is memory when the working set fits a cache, and when it does not?",
		.look_for = "the cliffs in the bandwidth plot where the working set outgrows L1, L2 and L3",
		.expect = "triad's bandwidth with a working set that fits L2 is at least twice the largest (memory-sized) one's",
		.steps = { { "", { "sweep", "--kernels", "triad", "--runners", "serial", "--workers", "1", "--steps", "2",
				   "--profile", "demo-cache", "--out", "{out}", NULL } } },
		.checks = {
			{ .a = { "summary.csv", "kernel=triad size_bytes<=l2_bytes", "rate", "triad, working sets up to L2 (median)" },
			  .op = DEMOS_GE, .k = 2,
			  .b = { "summary.csv", "kernel=triad size_bytes=max", "rate", "the largest working set" } },
		},
		.figures = { "plots/rate-triad.png" },
	},
	{
		.name = "smt",
		.question = "Are two hyperthreads of one core worth two cores?",
		.look_for = "pthreads' speedup on pi with 2 workers on two cores (--bind cores) against one core's two hyperthreads (--bind threads)",
		.expect = "on hyperthreads the speedup is below 0.85 x the speedup on cores",
		.min_pus = 2,
		.needs_smt = 1,
		.steps = { { "", { "run", "--kernels", "pi", "--runners", "serial,pthreads", "--workers", "2",
				   "--bind", "cores,threads", "--profile", "demo-smt", "--out", "{out}", NULL } } },
		.checks = {
			{ .a = { "summary.csv", PI2("pthreads") " bind=threads", "speedup", "pthreads on one core's 2 hyperthreads" },
			  .op = DEMOS_LT, .k = 0.85,
			  .b = { "summary.csv", PI2("pthreads") " bind=cores", "speedup", "two cores" } },
		},
		.figures = { "plots/speedup-pi*.png" },
	},
	{
		.name = "amdahl",
		.question = "Which part of the work stays serial? The serial fraction measured at each worker count (Karp-Flatt)",
		.look_for = "fits.csv: e(p) = (1/S - 1/p) / (1 - 1/p), the serial fraction the speedup S at p workers implies,\n"
			    "for gil against pthreads; at 4 workers on 2 PUs the extra workers only share the CPUs, which\n"
			    "e(4) counts as serial too (its trend 'rising': an overhead that grows with p, not a serial part)",
		.expect = "at 2 workers gil's e is 0.7 or more (the lock serialises the work); pthreads' e is 0.2 or less",
		.min_pus = 2,
		.steps = { { "", { "run", "--kernels", "pi", "--runners", "serial,gil,pthreads", "--workers", "1,2,4",
				   "--profile", "demo-amdahl", "--out", "{out}", NULL } } },
		.checks = {
			{ .a = { "fits.csv", PI2("gil"), "karp_flatt", "gil on pi, 2 workers" },
			  .op = DEMOS_GE, .k = 0.7 },
			{ .a = { "fits.csv", PI2("pthreads"), "karp_flatt", "pthreads on pi, 2 workers" },
			  .op = DEMOS_LE, .k = 0.2 },
		},
		.figures = { "plots/speedup-pi.png" },
	},
	{ .name = NULL },
};
