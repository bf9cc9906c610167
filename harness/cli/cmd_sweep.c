/*
 * cmd_sweep.c - `parbench sweep`: `parbench run` over geometric working-set
 * sizes, resolved for one worker, with sweep's own defaults in front of
 * the caller's run options (which come later and win).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../bench/bench.h"
#include "../core/cli.h"
#include "../core/options.h"
#include "../core/plan.h"
#include "cmd.h"

#define SWEEP_MAX_ARGS 512

static struct { const char *from, *to; long steps; } sweep_args;

static int refuse(const char *value, void *name)
{
	(void)value;
	return cli_error("sweep chooses the sizes: use --from and --to instead of '%s'", (const char *)name);
}

static const struct opt sweep_opts[] = {
	OPT_STRING("from", sweep_args.from, "SIZE", NULL, "the first size (default 4KiB)"),
	OPT_STRING("to", sweep_args.to, "SIZE", NULL, "the last size (default DRAM)"),
	OPT_WHOLE("steps", sweep_args.steps, 1, 16, "N", "sizes per doubling",
		  "sizes per doubling (default 4)"),
	OPT_CALLBACK("size", refuse, "--size", NULL, NULL),
	OPT_CALLBACK("items", refuse, "--items", NULL, NULL),
	OPT_END,
};

static const struct opt_command sweep_command = {
	.name = "sweep",
	.usage =
	"usage: parbench sweep [--from SIZE] [--to SIZE] [--steps N] [run options]\n"
	"Runs `parbench run` over geometric sizes from --from (default 4KiB) to --to\n"
	"(default DRAM), N sizes per doubling (default 4), and draws bandwidth (and,\n"
	"for chase, latency) against the working-set size with the caches marked.\n"
	"SIZE is bytes or [F*]L1|L2|L3|DRAM, resolved for one worker. Defaults for\n"
	"the run: --kernels triad,chase --runners serial,openmp --workers 1,max\n"
	"--reps 3 --min-time 0.02; any run option after them overrides them.\n"
	"\n",
	.opts = sweep_opts,
	.column = 16,
	.rest = OPT_REST_ALL,
};

/* --from and --to in bytes for one worker: 0, or 2 after the one line. */
static int resolve(size_t bytes[2])
{
	char err[256], rule[200];
	struct plan *plan = plan_open(err, sizeof(err));
	if (!plan)
		return cli_error("%s", err);
	struct plan_layout *one = plan_layout_make(plan, PLAN_NONE, 1, err, sizeof(err));
	const char *text[2] = { sweep_args.from, sweep_args.to };
	int rc = 0;
	for (int i = 0; i < 2 && !rc; i++) {
		struct size_spec spec;
		if (size_spec_parse(text[i], &spec, err, sizeof(err)) < 0 ||
		    plan_size(plan, one, &spec, &bytes[i], rule, sizeof(rule), err, sizeof(err)) < 0)
			rc = cli_error("sweep --%s: %s", i ? "to" : "from", err);
	}
	plan_layout_free(one);
	plan_close(plan);
	if (!rc && (bytes[0] < 64 || bytes[1] <= bytes[0]))
		rc = cli_error("sweep: --from '%s' (%zu bytes) must be at least 64 bytes and below --to '%s' (%zu bytes)",
			       sweep_args.from, bytes[0], sweep_args.to, bytes[1]);
	return rc;
}

/* Geometric steps from --from, --to itself last; equal byte counts once.
 * Returns the count, or -1 after the one line. */
static long size_list(const size_t bytes[2], char *list, size_t len)
{
	size_t used = 0;
	long count = 0;
	double ratio = pow(2.0, 1.0 / (double)sweep_args.steps), last = 0;
	for (double b = (double)bytes[0];; b *= ratio) {
		double v = b < (double)bytes[1] * 0.999 ? floor(b + 0.5) : (double)bytes[1];
		if (v == last)
			continue;
		if (++count > BENCH_MAX_SIZES) {
			cli_error("sweep: %ld sizes from '%s' to '%s' at %ld per doubling: at most %d (fewer --steps)",
				  count, sweep_args.from, sweep_args.to, sweep_args.steps, BENCH_MAX_SIZES);
			return -1;
		}
		used += (size_t)snprintf(list + used, len - used, "%s%.0f", used ? "," : "", v);
		last = v;
		if (v >= (double)bytes[1])
			return count;
	}
}

int cmd_sweep(int argc, char **argv)
{
	static char list[BENCH_MAX_SIZES * 24], size_arg[sizeof(list) + 8];
	char *args[SWEEP_MAX_ARGS] = { "run", "--kernels=triad,chase", "--runners=serial,openmp",
				       "--workers=1,max", "--reps=3", "--min-time=0.02" };
	int nargs = 6, nrest;
	size_t bytes[2];

	sweep_args.from = "4KiB";
	sweep_args.to = "DRAM";
	sweep_args.steps = 4;
	int rc = opt_parse(&sweep_command, argc, argv, args + nargs, SWEEP_MAX_ARGS - nargs - 2, &nrest);
	if (rc)
		return rc < 0 ? 0 : rc;
	nargs += nrest;
	if ((rc = resolve(bytes)) != 0)
		return rc;
	long count = size_list(bytes, list, sizeof(list));
	if (count < 0)
		return 2;
	snprintf(size_arg, sizeof(size_arg), "--size=%s", list);
	args[nargs++] = size_arg;
	args[nargs] = NULL;
	printf("parbench: sweep: %ld sizes from %s to %s, %ld per doubling\n", count, sweep_args.from,
	       sweep_args.to, sweep_args.steps);
	return cmd_run(nargs, args);
}
