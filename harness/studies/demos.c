/*
 * demos.c - `parbench demo NAME`, `demo all`, `demo verdict NAME DIR` and
 * `demo notebook DIR`: runs a demo of demos_table[] (what to look for and
 * the expected outcome first, then its parbench commands, then the
 * measured outcome and the verdict), every demo with a lab notebook, or
 * the verdict alone on a demo folder that exists.
 *
 * DESIGN. A step is a parbench command (run, sweep, breakeven, convoy,
 * the fork-after-threads study), executed as a child process of this
 * binary (/proc/self/exe): each command keeps its own option parsing, its
 * signal handling and its output exactly as when typed, and a demo cannot
 * leave state behind in this process for the next. Around the steps the
 * runner measures what the commands cannot see themselves: the load
 * average before and after, and the CPU time the whole machine used
 * (/proc/stat) less what the steps used (RUSAGE_CHILDREN), i.e. the other
 * processes' share, in CPUs. That goes to the demo folder's demo.json,
 * which the verdict (demos_verdict.c) reads with the steps' own files.
 *
 * Signals. Ctrl-C reaches the step and this process alike: the step stops
 * after its run (its own handler) and this process, which records the
 * signal (signals.h), runs no further step or demo. Only SIGINT and
 * SIGTERM mean "stop": a step ended by any other signal (SIGSEGV, SIGABRT)
 * crashed, which demo.json records (step_crashed) and the verdict names;
 * `demo all` then goes on with the next demo and writes the notebook.
 *
 * Exit status: 0 for every verdict, shown or not (a lesson not shown on a
 * loaded machine is an honest result; a step's exit 1, a configuration
 * that failed, is in the verdict), 1 when a step crashed or could not run
 * (its own exit status 2, or it could not be started) or demo.json could
 * not be written, 2 for bad input, 128 + the signal when Ctrl-C or SIGTERM
 * stopped it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../core/cli.h"
#include "../core/clock.h"
#include "../core/options.h"
#include "../core/plan.h"
#include "../core/signals.h"
#include "../core/sysinfo.h"
#include "demos.h"

const struct demos_spec *demos_find(const char *name)
{
	for (const struct demos_spec *s = demos_table; s->name; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

int demos_handles(const char *word)
{
	return demos_find(word) || !strcmp(word, "verdict") || !strcmp(word, "all") ||
	       !strcmp(word, "notebook") || !strcmp(word, "list");
}

/* ---- the conditions around the steps -------------------------------------- */

struct conditions {
	double start, wall;
	struct sysinfo_load load_start, load_end;
	unsigned long long busy0, busy1;   /* the machine's non-idle ticks (/proc/stat) */
	double child0, child1;             /* CPU seconds of the steps (RUSAGE_CHILDREN) */
	int ticks_ok;
	/* The first step that did not end with 0, for the verdict: */
	int step_exit;                     /* its exit status; -1 not started */
	int step_signal;                   /* the signal that crashed it (not SIGINT/SIGTERM) */
	char step_command[1024];           /* its words */
};

/* The machine's non-idle ticks so far: all but idle and iowait. */
static int busy_ticks(unsigned long long *busy)
{
	unsigned long long v[10] = { 0 }, total = 0;
	FILE *f = fopen("/proc/stat", "r");
	if (!f)
		return -1;
	int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
		       &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
	fclose(f);
	if (n < 5)
		return -1;
	for (int i = 0; i < 8; i++)   /* guest time is counted in user already */
		total += v[i];
	*busy = total - v[3] - v[4];
	return 0;
}

static double children_cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
}

static void conditions_start(struct conditions *k)
{
	sysinfo_load(&k->load_start);
	k->ticks_ok = busy_ticks(&k->busy0) == 0;
	k->child0 = children_cpu();
	k->start = clock_now();
}

static void conditions_end(struct conditions *k)
{
	k->wall = clock_now() - k->start;
	k->child1 = children_cpu();
	k->ticks_ok = k->ticks_ok && busy_ticks(&k->busy1) == 0;
	sysinfo_load(&k->load_end);
}

/* The step that did not end with 0, into o: step_command, step_exit or
 * step_crashed ("signal 11: Segmentation fault"). 0, or -1 out of memory. */
static int step_json(json_t *o, const struct conditions *k)
{
	char text[160];
	int bad = 0;
	if (!k->step_command[0])
		return 0;
	bad |= json_object_set_new(o, "step_command", json_string(k->step_command));
	if (k->step_signal) {
		snprintf(text, sizeof(text), "signal %d: %s", k->step_signal, strsignal(k->step_signal));
		bad |= json_object_set_new(o, "step_crashed", json_string(text));
	} else {
		bad |= json_object_set_new(o, "step_exit", json_integer(k->step_exit));
	}
	return bad ? -1 : 0;
}

/* dir/demo.json: the demo, the conditions (NULL when skipped), the skip.
 * 0, or -1 after a line on stderr naming the file (then no verdict can be
 * trusted to read what this run saw). */
static int write_demo_json(const char *dir, const char *name, const struct conditions *k, int usable,
			   const char *skipped)
{
	char path[4200];
	int bad = 0;
	snprintf(path, sizeof(path), "%s/demo.json", dir);
	json_t *o = json_object();
	if (!o) {
		fprintf(stderr, "parbench: cannot write %s: out of memory\n", path);
		return -1;
	}
	bad |= json_object_set_new(o, "demo", json_string(name));
	bad |= json_object_set_new(o, "usable_pus", json_integer(usable));
	if (skipped)
		bad |= json_object_set_new(o, "skipped", json_string(skipped));
	if (k) {
		bad |= json_object_set_new(o, "wall_s", json_real(k->wall));
		if (k->load_start.valid)
			bad |= json_object_set_new(o, "loadavg_start", json_real(k->load_start.avg[0]));
		if (k->load_end.valid)
			bad |= json_object_set_new(o, "loadavg_end", json_real(k->load_end.avg[0]));
		long hz = sysconf(_SC_CLK_TCK);
		if (k->ticks_ok && hz > 0 && k->wall > 0) {
			double machine = (double)(k->busy1 - k->busy0) / (double)hz;
			double others = (machine - (k->child1 - k->child0)) / k->wall;
			bad |= json_object_set_new(o, "others_cpus", json_real(others > 0 ? others : 0));
		}
		bad |= step_json(o, k);
	}
	errno = 0;
	if (bad) {
		fprintf(stderr, "parbench: cannot write %s: out of memory\n", path);
	} else if (json_dump_file(o, path, JSON_INDENT(2)) < 0) {
		fprintf(stderr, "parbench: cannot write %s: %s\n", path, errno ? strerror(errno) : "jansson failed");
		bad = 1;
	}
	json_decref(o);
	return bad ? -1 : 0;
}

/* ---- running ------------------------------------------------------------------ */

/* How a step ended, as run_step returns it: an exit status, or one of these. */
enum { STEP_NOT_STARTED = -1, STEP_CRASHED = -2 };

/* Notes in k the first step that did not end with 0, unless it exited 1
 * (a configuration failed; the steps go on) and a later one crashed or
 * could not run, which is then the one noted (and the last to run). */
static void note_step(struct conditions *k, char *const *argv, int rc, int sig)
{
	size_t used = 0;
	if (k->step_command[0] && (rc == 1 || k->step_exit != 1 || k->step_signal))
		return;
	for (int i = 0; argv[i] && used < sizeof(k->step_command); i++)
		used += (size_t)snprintf(k->step_command + used, sizeof(k->step_command) - used, "%s%s",
					 i ? " " : "", argv[i]);
	k->step_exit = rc;
	k->step_signal = sig;
}

/* Runs one step: parbench's words with {out} replaced by out. Returns its
 * exit status; 128 + the signal when Ctrl-C or SIGTERM stopped it or this
 * process (signals_stopped); STEP_CRASHED when another signal ended it (a
 * segfault is a crash to report, not a request to stop); STEP_NOT_STARTED
 * when it could not be started (said). A step not ending 0 is noted in k. */
static int run_step(const struct demos_step *st, const char *out, struct conditions *k)
{
	char *argv[DEMOS_ARGS + 2];
	int n = 0, status, sig = 0;
	argv[n++] = "parbench";
	for (int i = 0; st->argv[i] && n < DEMOS_ARGS; i++)
		argv[n++] = (char *)(strcmp(st->argv[i], "{out}") ? st->argv[i] : out);
	argv[n] = NULL;
	printf("\n$");
	for (int i = 0; i < n; i++)
		printf(" %s", argv[i]);
	printf("\n");
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		execv("/proc/self/exe", argv);
		fprintf(stderr, "parbench: cannot run /proc/self/exe: %s\n", strerror(errno));
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			pid = -1;
	if (pid < 0) {
		fprintf(stderr, "parbench: cannot start or wait for %s: %s\n", st->argv[0], strerror(errno));
		note_step(k, argv, STEP_NOT_STARTED, 0);
		return STEP_NOT_STARTED;
	}
	if (WIFSIGNALED(status))
		sig = WTERMSIG(status);
	if (sig == SIGINT || sig == SIGTERM)
		return 128 + sig;
	if (signals_stopped())
		return 128 + signals_stopped();
	int rc = sig ? STEP_CRASHED : WEXITSTATUS(status);
	if (rc != 0)
		note_step(k, argv, rc, sig);
	return rc;
}

/* The machine as hwloc sees it: cores, PUs, usable PUs; 0 or -1 (said). */
static int machine(int *cores, int *pus, int *usable)
{
	char err[256];
	struct plan_machine m;
	struct plan *p = plan_open(err, sizeof(err));
	if (!p) {
		fprintf(stderr, "parbench: %s\n", err);
		return -1;
	}
	plan_machine(p, &m);
	plan_close(p);
	*cores = m.cores;
	*pus = m.pus;
	*usable = m.usable_pus;
	return 0;
}

/* "label text", the text's later lines indented under its first. */
static void print_field(const char *label, const char *text)
{
	printf("%-10s", label);
	for (; *text; text++)
		if (*text == '\n')
			printf("\n%10s", "");
		else
			putchar(*text);
	putchar('\n');
}

static void print_intro(const struct demos_spec *s, const char *dir)
{
	printf("== demo-%s: %s\n", s->name, s->question);
	print_field("look for:", s->look_for);
	print_field("expected:", s->expect);
	print_field("results:", dir);
	fflush(stdout);
}

/* Prints the verdict of s on dir; with keep, also into dir/verdict.txt. */
static int print_verdict(const struct demos_spec *s, const char *dir, int keep)
{
	struct demos_outcome o;
	char err[1024], path[4200];
	if (demos_verdict(s, dir, &o, err, sizeof(err)) < 0)
		return cli_error("%s", err);
	printf("\n== demo-%s: measured\n%s%s\n", s->name, o.numbers, o.verdict);
	snprintf(path, sizeof(path), "%s/verdict.txt", dir);
	FILE *f = keep ? fopen(path, "w") : NULL;
	if (f) {
		fprintf(f, "demo-%s\n%s%s\n", s->name, o.numbers, o.verdict);
		fclose(f);
	}
	fflush(stdout);
	return 0;
}

/* Runs demo s into dir: intro, steps (or the skip), verdict. */
static int run_demo(const struct demos_spec *s, const char *dir)
{
	int cores, pus, usable, rc = 0;
	char why[512];
	print_intro(s, dir);
	if (machine(&cores, &pus, &usable) < 0)
		return 1;
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return cli_error("cannot create '%s': %s", dir, strerror(errno));
	if (demos_unfit(s, cores, pus, usable, why, sizeof(why))) {
		if (write_demo_json(dir, s->name, NULL, usable, why) < 0)
			return 1;
		printf("verdict: skipped — %s\n", why);
		return 0;
	}
	struct conditions k = { 0 };
	conditions_start(&k);
	for (int i = 0; i < DEMOS_STEPS && s->steps[i].argv[0] && (rc == 0 || rc == 1); i++) {
		char out[4200];
		snprintf(out, sizeof(out), "%s%s%s", dir, *s->steps[i].dir ? "/" : "", s->steps[i].dir);
		rc = run_step(&s->steps[i], out, &k);
	}
	conditions_end(&k);
	if (write_demo_json(dir, s->name, &k, usable, NULL) < 0)
		return rc >= 128 ? rc : 1;
	if (rc >= 128)
		return rc;
	printf("\ndemo-%s took %.1f s\n", s->name, k.wall);
	/* Exit 1 of a step (a configuration failed) is in the verdict, which
	 * reads demo.json: still a verdict, 0. A step that crashed or could
	 * not run leaves no demo to judge: the verdict says so, and 1. */
	if (print_verdict(s, dir, 1))
		return 1;
	return rc == 0 || rc == 1 ? 0 : 1;
}

/* ---- the command ---------------------------------------------------------------- */

static const char usage[] =
	"usage: parbench demo NAME [--out DIR]        run one demo and say whether it showed its lesson\n"
	"       parbench demo all [--out DIR]         every demo, then DIR/demos.html (a lab notebook)\n"
	"       parbench demo verdict NAME DIR        the verdict on a demo folder that exists\n"
	"       parbench demo notebook DIR            demos.html again for a folder of demos\n"
	"       parbench demo list                    each demo's make target and question (make help)\n"
	"       parbench demo fork-after-threads ...  the fork study itself (parbench demo fork-after-threads --help)\n"
	"       parbench demo false-sharing-study ... the false-sharing study itself (its --help)\n"
	"Each demo prints what to look for and the expected outcome, runs its parbench\n"
	"commands, then prints the numbers its criterion reads from the CSVs and a\n"
	"verdict: shown, NOT shown (with what the run recorded that can explain it:\n"
	"load, other processes' CPU use, time off-CPU) or skipped (the machine cannot\n"
	"show it: no hyperthreads, one PU).\n"
	"\n";

static const char epilogue[] =
	"\nExit status: 0 for every verdict (NOT shown is an honest result), 1 a step\n"
	"crashed or could not run, 2 bad input, 128 + the signal after Ctrl-C or\n"
	"SIGTERM (it stops after the step under way).\n";

static const char *out_arg;

static const struct opt demos_opts[] = {
	OPT_STRING("out", out_arg, "DIR", "a directory",
		   "the demo's folder (default results/<YYYYmmdd-HHMMSS>-<host>-demo-NAME,\n"
		   "or -demos for all)"),
	OPT_END,
};

static const struct opt_command demos_command = {
	.name = "demo", .usage = usage, .epilogue = epilogue, .opts = demos_opts, .column = 16,
	.rest = OPT_REST_WORDS,
};

static void names(char *buf, size_t len)
{
	buf[0] = '\0';
	for (const struct demos_spec *s = demos_table; s->name; s++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", s == demos_table ? "" : ", ", s->name);
}

/* `demo all`: every demo into dir/NAME, then dir/demos.html. */
static int run_all(const char *dir)
{
	int rc = 0;
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return cli_error("cannot create '%s': %s", dir, strerror(errno));
	for (const struct demos_spec *s = demos_table; s->name && rc < 128 && !signals_stopped(); s++) {
		char sub[4200];
		snprintf(sub, sizeof(sub), "%s/%s", dir, s->name);
		int r = run_demo(s, sub);
		if (r >= 128 || (r && !rc))
			rc = r;
		printf("\n");
	}
	if (rc >= 128 || signals_stopped())
		return rc >= 128 ? rc : 128 + signals_stopped();
	if (demos_notebook(dir) < 0)
		return 1;
	printf("demos: the lab notebook: %s/demos.html\n", dir);
	return rc;
}

/* The verdict subcommand: NAME DIR. */
static int verdict_only(char **words, int nwords)
{
	char all[512];
	names(all, sizeof(all));
	if (nwords != 3)
		return cli_error("usage: parbench demo verdict NAME DIR (NAME one of %s)", all);
	const struct demos_spec *s = demos_find(words[1]);
	if (!s)
		return cli_error("unknown demo '%s': allowed are %s", words[1], all);
	struct stat st;
	if (stat(words[2], &st) < 0 || !S_ISDIR(st.st_mode))
		return cli_error("'%s' is not a demo folder: %s", words[2], errno ? strerror(errno) : "not a directory");
	return print_verdict(s, words[2], 0);
}

int demos_main(int argc, char **argv)
{
	char *words[8], home[4096], all[512];
	int nwords;
	out_arg = NULL;
	int rc = opt_parse(&demos_command, argc, argv, words, 8, &nwords);
	if (rc)
		return rc == OPT_HELP ? 0 : rc;
	names(all, sizeof(all));
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (nwords >= 1 && !strcmp(words[0], "verdict"))
		return verdict_only(words, nwords);
	if (nwords == 1 && !strcmp(words[0], "list")) {
		for (const struct demos_spec *d = demos_table; d->name; d++)
			printf("  make demo-%-14s %s\n", d->name, d->question);
		return 0;
	}
	if (nwords == 2 && !strcmp(words[0], "notebook")) {
		if (demos_notebook(words[1]) < 0)
			return 2;
		printf("demos: the lab notebook: %s/demos.html\n", words[1]);
		return 0;
	}
	if (nwords != 1)
		return cli_error("usage: parbench demo NAME|all [--out DIR] (NAME one of %s)", all);
	const struct demos_spec *s = demos_find(words[0]);
	if (!s && strcmp(words[0], "all"))
		return cli_error("unknown demo '%s': allowed are %s, all", words[0], all);
	struct cli_run_id id;
	char suffix[64];
	snprintf(suffix, sizeof(suffix), "%s%s", s ? "demo-" : "demos", s ? s->name : "");
	cli_home(home, sizeof(home));
	cli_run_id(&id, home, out_arg, suffix, argc, argv);
	if (id.root[0] && mkdir(id.root, 0777) < 0 && errno != EEXIST)
		return cli_error("cannot create '%s': %s", id.root, strerror(errno));
	/* Ctrl-C reaches the step too, which stops after its run; this process
	 * then stops after that step, instead of dying before it. */
	signals_stop_install("step");
	return s ? run_demo(s, id.dir) : run_all(id.dir);
}
