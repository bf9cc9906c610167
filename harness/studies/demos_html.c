/*
 * demos_html.c - demos.html, the lab notebook of `parbench demo all`: for
 * each demo of demos_table[] that has a folder in DIR, its question, what
 * to look for, the expected outcome, its figures, the measured numbers and
 * the verdict, all read back from the files (demos_verdict), so the page
 * says exactly what `parbench demo verdict` says.
 *
 * Why PNGs inlined: the page must work when opened from disk, copied
 * alone or mailed, with no other file and no network. Each figure is the
 * PNG gnuplot drew, embedded as a data: URI (base64); a figure that is
 * missing is said in words rather than left as a broken image.
 */
#include <errno.h>
#include <glob.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/newfile.h"
#include "demos.h"

static const char style[] =
	"body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;"
	"padding:0 1em;line-height:1.45;color:#222}\n"
	"h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:1px solid #ccc;margin-top:2em}\n"
	"pre{background:#f6f6f6;padding:.6em;white-space:pre-wrap;font-size:.85em}\n"
	"table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.2em .6em;text-align:left}\n"
	"td:first-child{white-space:nowrap}\n"
	"figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}\n"
	"figcaption{font-size:.85em;color:#555}dt{font-weight:bold}dd{margin:0 0 .5em 1.5em;white-space:pre-line}\n"
	".shown{color:#176f2c;font-weight:bold}.not{color:#b00020;font-weight:bold}.skip{color:#7a5b00;font-weight:bold}\n";

/* Writes s with &, <, > and " escaped. */
static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else
			fputc(*s, f);
	}
}

/* Writes the file at path as base64; 0, or -1 when it cannot be read. */
static int base64_file(FILE *f, const char *path)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	FILE *in = fopen(path, "rb");
	if (!in)
		return -1;
	unsigned char b[3];
	size_t n;
	while ((n = fread(b, 1, 3, in)) > 0) {
		unsigned v = (unsigned)b[0] << 16 | (n > 1 ? (unsigned)b[1] << 8 : 0) | (n > 2 ? b[2] : 0);
		fputc(digits[v >> 18 & 63], f);
		fputc(digits[v >> 12 & 63], f);
		fputc(n > 1 ? digits[v >> 6 & 63] : '=', f);
		fputc(n > 2 ? digits[v & 63] : '=', f);
	}
	fclose(in);
	return 0;
}

/* Each figure of s found in sub: the first file its glob matches. */
static void figures(FILE *f, const struct demos_spec *s, const char *sub)
{
	for (int i = 0; i < DEMOS_FIGURES && s->figures[i]; i++) {
		char pattern[4400];
		glob_t g;
		snprintf(pattern, sizeof(pattern), "%s/%s", sub, s->figures[i]);
		if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
			fprintf(f, "<p><em>figure %s: not drawn in this run</em></p>\n", s->figures[i]);
			globfree(&g);
			continue;
		}
		const char *name = g.gl_pathv[0] + strlen(sub) + 1;
		fputs("<figure><img alt=\"", f);
		esc(f, name);
		fputs("\" src=\"data:image/png;base64,", f);
		base64_file(f, g.gl_pathv[0]);
		fputs("\"><figcaption>", f);
		esc(f, name);
		fputs("</figcaption></figure>\n", f);
		globfree(&g);
	}
}

/* The commands of s as run, {out} as the step's folder beside the page. */
static void commands(FILE *f, const struct demos_spec *s)
{
	fputs("<pre>", f);
	for (int i = 0; i < DEMOS_STEPS && s->steps[i].argv[0]; i++) {
		fputs("$ parbench", f);
		for (int j = 0; s->steps[i].argv[j]; j++) {
			fputc(' ', f);
			if (strcmp(s->steps[i].argv[j], "{out}"))
				esc(f, s->steps[i].argv[j]);
			else
				fprintf(f, "%s%s%s", s->name, *s->steps[i].dir ? "/" : "", s->steps[i].dir);
		}
		fputc('\n', f);
	}
	fputs("</pre>\n", f);
}

static const char *kind_class(enum demos_kind k)
{
	return k == DEMOS_SHOWN ? "shown" : k == DEMOS_SKIPPED ? "skip" : "not";
}

/* The wall time demo.json recorded, or "" */
static void wall_time(const char *sub, char *buf, size_t len)
{
	char path[4400];
	snprintf(path, sizeof(path), "%s/demo.json", sub);
	json_t *o = json_load_file(path, 0, NULL);
	json_t *w = json_object_get(o, "wall_s");
	snprintf(buf, len, "%s", "");
	if (json_is_number(w))
		snprintf(buf, len, "%.1f s", json_number_value(w));
	json_decref(o);
}

/* One demo's section. */
static void section(FILE *f, const struct demos_spec *s, const char *sub, const struct demos_outcome *o,
		    const char *err)
{
	char wall[32];
	wall_time(sub, wall, sizeof(wall));
	fprintf(f, "<h2 id=\"demo-%s\">demo-%s</h2>\n<p><strong>", s->name, s->name);
	esc(f, s->question);
	fputs("</strong></p>\n<dl><dt>look for</dt><dd>", f);
	esc(f, s->look_for);
	fputs("</dd><dt>expected</dt><dd>", f);
	esc(f, s->expect);
	fputs("</dd></dl>\n", f);
	commands(f, s);
	if (err) {
		fputs("<p class=\"not\">no verdict: ", f);
		esc(f, err);
		fputs("</p>\n", f);
		return;
	}
	if (o->kind != DEMOS_SKIPPED)
		figures(f, s, sub);
	if (o->numbers[0]) {
		fputs("<pre>", f);
		esc(f, o->numbers);
		fputs("</pre>\n", f);
	}
	fprintf(f, "<p class=\"%s\">", kind_class(o->kind));
	esc(f, o->verdict);
	fprintf(f, "%s%s%s</p>\n", wall[0] ? " (the demo took " : "", wall, wall[0] ? ")" : "");
}

/* The summary table at the top: one row per demo with its verdict. */
static void summary(FILE *f, const char *dir, struct demos_outcome *o, const char **err)
{
	fputs("<table><tr><th>demo</th><th>verdict</th></tr>\n", f);
	int i = 0;
	for (const struct demos_spec *s = demos_table; s->name; s++, i++) {
		char sub[4200];
		struct stat st;
		snprintf(sub, sizeof(sub), "%s/%s", dir, s->name);
		if (stat(sub, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		fprintf(f, "<tr><td><a href=\"#demo-%s\">demo-%s</a></td><td class=\"%s\">", s->name, s->name,
			err[i] ? "not" : kind_class(o[i].kind));
		esc(f, err[i] ? "no verdict (see below)" : o[i].verdict);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* The whole page into f. */
static void page(FILE *f, const char *dir, struct demos_outcome *o, char (*errs)[512], const char **err)
{
	char date[64], host[256] = "";
	time_t t = time(NULL);
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S %z", localtime(&t));
	gethostname(host, sizeof(host) - 1);
	int i = 0;
	for (const struct demos_spec *s = demos_table; s->name; s++, i++) {
		char sub[4200];
		snprintf(sub, sizeof(sub), "%s/%s", dir, s->name);
		err[i] = NULL;
		if (access(sub, F_OK) == 0 && demos_verdict(s, sub, &o[i], errs[i], sizeof(errs[i])) < 0)
			err[i] = errs[i];
	}
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		   "<title>parbench demos: a lab notebook</title>\n<style>\n%s</style></head><body>\n", style);
	fputs("<h1>parbench demos: a lab notebook</h1>\n<p>", f);
	esc(f, host);
	fprintf(f, ", written %s. Each demo asks one question, says what it expects, runs, and says whether "
		   "this run showed it (shown), could not (NOT shown, with what the run recorded that explains it), "
		   "or cannot on this machine (skipped).</p>\n", date);
	summary(f, dir, o, err);
	i = 0;
	for (const struct demos_spec *s = demos_table; s->name; s++, i++) {
		char sub[4200];
		snprintf(sub, sizeof(sub), "%s/%s", dir, s->name);
		if (access(sub, F_OK) == 0)
			section(f, s, sub, &o[i], err[i]);
	}
	fputs("</body></html>\n", f);
}

int demos_notebook(const char *dir)
{
	size_t n = 0;
	while (demos_table[n].name)
		n++;
	char path[4200], tmp[4300];
	struct demos_outcome *o = calloc(n + 1, sizeof(*o));
	char (*errs)[512] = calloc(n + 1, sizeof(*errs));
	const char **err = calloc(n + 1, sizeof(*err));
	snprintf(path, sizeof(path), "%s/demos.html", dir);
	snprintf(tmp, sizeof(tmp), "%s/.demos.html.tmp", dir);
	FILE *f = o && errs && err ? newfile_create(tmp) : NULL;
	int rc = -1;
	if (!f) {
		fprintf(stderr, "parbench: cannot write %s: %s\n", tmp, strerror(errno));
	} else {
		page(f, dir, o, errs, err);
		rc = ferror(f) ? -1 : 0;
		if (fclose(f) != 0 || rc < 0 || rename(tmp, path) != 0) {
			fprintf(stderr, "parbench: cannot write %s: %s%s\n", path, strerror(errno), newfile_full(errno));
			unlink(tmp);
			rc = -1;
		}
	}
	free(o);
	free(errs);
	free(err);
	return rc;
}
