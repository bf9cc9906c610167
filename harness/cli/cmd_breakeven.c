/*
 * cmd_breakeven.c - `parbench breakeven`: what is worth parallelising.
 * Calibrates a kernel without a data set serially, turns a range of task
 * times into item counts, and runs `parbench run` over them with its own
 * defaults in front of the caller's run options (which win).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bench/bench.h"
#include "../core/cli.h"
#include "../core/options.h"
#include "cmd.h"

#define BREAKEVEN_MAX_ARGS 512

static struct {
	const char *kernel, *from_text, *to_text;
	double from, to;
	long steps;
} be_args;

/* A time with a unit (ns, us, ms, s), above 0 and up to 3600 s. */
static int parse_duration(const char *text, double *sec)
{
	static const struct { const char *unit; double scale; } units[] = {
		{ "ns", 1e-9 }, { "us", 1e-6 }, { "ms", 1e-3 }, { "s", 1 },
	};
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (end == text || errno || !(v > 0))
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(end, units[i].unit) == 0) {
			*sec = v * units[i].scale;
			return *sec <= 3600 ? 0 : -1;
		}
	return -1;
}

static int parse_from(const char *arg, void *ctx)
{
	(void)ctx;
	if (parse_duration(arg, &be_args.from) < 0)
		return cli_error("bad --from '%s': expected a time such as 1us, 500ns, 2ms (up to 3600s)", arg);
	be_args.from_text = arg;
	return 0;
}

static int parse_to(const char *arg, void *ctx)
{
	(void)ctx;
	if (parse_duration(arg, &be_args.to) < 0)
		return cli_error("bad --to '%s': expected a time such as 100ms, 1s (up to 3600s)", arg);
	be_args.to_text = arg;
	return 0;
}

static int refuse(const char *value, void *name)
{
	(void)value;
	return cli_error("breakeven chooses the items: use --kernel, --from and --to instead of '%s'",
			 (const char *)name);
}

static const struct opt breakeven_opts[] = {
	OPT_STRING("kernel", be_args.kernel, "K", NULL, "a kernel without a data set (default pi)"),
	OPT_CALLBACK("from", parse_from, NULL, "T", "the shortest task (default 1us)"),
	OPT_CALLBACK("to", parse_to, NULL, "T", "the longest task (default 100ms)"),
	OPT_WHOLE("steps", be_args.steps, 1, 10, "N", "sizes per decade", "sizes per decade (default 2)"),
	OPT_CALLBACK("size", refuse, "--size", NULL, NULL),
	OPT_CALLBACK("items", refuse, "--items", NULL, NULL),
	OPT_CALLBACK("kernels", refuse, "--kernels", NULL, NULL),
	OPT_END,
};

static const struct opt_command breakeven_command = {
	.name = "breakeven",
	.usage =
	"usage: parbench breakeven [--kernel K] [--from T] [--to T] [--steps N] [run options]\n"
	"What is worth parallelising: runs kernel K (default pi; a kernel without a\n"
	"data set) at task sizes from --from (default 1us) to --to (default 100ms)\n"
	"of serial work, N sizes per decade (default 2), under every model with\n"
	"and without pools, and plots speedup against the work per task, cold\n"
	"(creating the workers + the work) and warm (the work alone). The report\n"
	"says above which task size each model pays off. T is a time: 500ns, 20us,\n"
	"3ms, 0.5s. The item counts come from a serial calibration of K first.\n"
	"Defaults for the run: --runners all --pool --workers max --reps 5\n"
	"--min-time 0.1 --allow-short (the smallest tasks are below what the clock\n"
	"resolves well; their rows say so); run options after them override them.\n"
	"\n",
	.opts = breakeven_opts,
	.column = 16,
	.rest = OPT_REST_ALL,
};

/* --kernel must name a kernel without a data set: it or NULL after the line. */
static const struct kernel_ops *breakeven_kernel(void)
{
	const struct kernel_ops *k = kernel_find(be_args.kernel);
	char allowed[256] = "";
	if (k && !k->item_bytes)
		return k;
	for (int i = 0; kernel_table[i]; i++)
		if (!kernel_table[i]->item_bytes)
			snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed), "%s%s",
				 allowed[0] ? ", " : "", kernel_table[i]->name);
	cli_error("bad --kernel '%s' for breakeven: allowed are the kernels without a data set (%s)",
		  be_args.kernel, allowed);
	return NULL;
}

/* Item counts for task times from --from to --to at rate items/s, each
 * once, into list. 0, or 2 after the one line. */
static int item_list(double rate, char *list, size_t len)
{
	size_t used = 0, count = 0;
	double last = 0;
	for (double t = be_args.from;; t *= pow(10.0, 1.0 / (double)be_args.steps)) {
		double tt = t < be_args.to * 0.999 ? t : be_args.to;
		double n = floor(tt * rate + 0.5);
		if (n < 1)
			n = 1;
		if (n != last) {
			if (++count > BENCH_MAX_SIZES)
				return cli_error("breakeven: too many task sizes (at most %d): fewer --steps", BENCH_MAX_SIZES);
			used += (size_t)snprintf(list + used, len - used, "%s%.0f", used ? "," : "", n);
			last = n;
		}
		if (tt >= be_args.to)
			return 0;
	}
}

int cmd_breakeven(int argc, char **argv)
{
	static char list[BENCH_MAX_SIZES * 24], kernels[80], items[BENCH_MAX_SIZES * 24 + 16];
	/* The kernel and items go first (slots 1, 2); the caller's run options
	 * come last and win. */
	char *args[BREAKEVEN_MAX_ARGS] = { "run", kernels, items, "--runners=all", "--pool",
					   "--workers=max", "--reps=5", "--min-time=0.1", "--allow-short",
					   "--profile=breakeven" };
	int nargs = 10, nrest;
	char err[256];
	double rate;

	be_args.kernel = "pi";
	be_args.from = 1e-6;
	be_args.from_text = "1us";
	be_args.to = 0.1;
	be_args.to_text = "100ms";
	be_args.steps = 2;
	int rc = opt_parse(&breakeven_command, argc, argv, args + nargs, BREAKEVEN_MAX_ARGS - nargs - 1,
			   &nrest);
	if (rc)
		return rc < 0 ? 0 : rc;
	nargs += nrest;
	args[nargs] = NULL;
	const struct kernel_ops *k = breakeven_kernel();
	if (!k)
		return 2;
	if (be_args.to <= be_args.from)
		return cli_error("breakeven: --to '%s' must be longer than --from '%s'", be_args.to_text,
				 be_args.from_text);
	printf("parbench breakeven: calibrating %s serially...\n", k->name);
	if (bench_calibrate(k, &rate, err, sizeof(err)) < 0)
		return cli_error("breakeven: %s", err);
	printf("parbench breakeven: %s runs %.4g items/s here; task sizes %s .. %s, %ld per decade\n",
	       k->name, rate, be_args.from_text, be_args.to_text, be_args.steps);
	if ((rc = item_list(rate, list, sizeof(list))) != 0)
		return rc;
	snprintf(kernels, sizeof(kernels), "--kernels=%s", k->name);
	snprintf(items, sizeof(items), "--items=%s", list);
	return cmd_run(nargs, args);
}
