/*
 * report_html.c - report.html: report.md's content as one self-contained
 * page, readable offline in any browser.
 *
 * Why from the Markdown: report.md is the report; the page must say the
 * same and nothing else, so it is made from report.md's text rather than
 * written twice. Only the Markdown report_md writes is understood:
 * headings, paragraphs, "- " items, tables, ``` blocks, `code`, **bold**
 * and ![alt](plots/NAME.png) figures. Each figure is inlined as the SVG
 * gnuplot wrote beside the PNG (plots/NAME.svg), so the page needs no
 * other file and no network; the style sheet is inline too.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const char style[] =
	"body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:2em auto;max-width:1200px;"
	"padding:0 1em;line-height:1.45;color:#222}\n"
	"h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:1px solid #ccc;margin-top:1.8em}h3{font-size:1.1em}\n"
	"table{border-collapse:collapse;font-size:.8em;margin:1em 0;display:block;overflow-x:auto}\n"
	"th,td{border:1px solid #ccc;padding:.2em .5em;white-space:nowrap}th{background:#f2f2f2}\n"
	"td.r,th.r{text-align:right}\n"
	"pre{background:#f6f6f6;padding:.6em;overflow-x:auto}code{background:#f3f3f3;padding:0 .2em}\n"
	"figure{margin:1em 0}figure svg{width:100%;max-width:900px;height:auto;display:block}\n"
	"figcaption{font-size:.85em;color:#555}\n";

/* Writes s[0..n) with &, < and > escaped. */
static void esc(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++) {
		if (s[i] == '&')
			fputs("&amp;", f);
		else if (s[i] == '<')
			fputs("&lt;", f);
		else if (s[i] == '>')
			fputs("&gt;", f);
		else
			fputc(s[i], f);
	}
}

/* Inlines the SVG beside plots/NAME.png, from its <svg on; or says it is missing. */
static void figure(const struct load_run *r, const char *alt, size_t altn, const char *png, size_t pngn, FILE *f)
{
	char path[4600];
	snprintf(path, sizeof(path), "%s/%.*s", r->dir, (int)pngn, png);
	size_t len = strlen(path);
	if (len > 4 && strcmp(path + len - 4, ".png") == 0)
		strcpy(path + len - 4, ".svg");
	fputs("<figure>", f);
	FILE *in = fopen(path, "r");
	char *svg = NULL;
	size_t cap = 0;
	if (in) {
		ssize_t n = getdelim(&svg, &cap, '\0', in);
		fclose(in);
		const char *start = n > 0 ? strstr(svg, "<svg") : NULL;
		if (start)
			fputs(start, f);
		else
			in = NULL;
	}
	if (!in) {
		fputs("<p><em>missing plot: ", f);
		esc(f, path, strlen(path));
		fputs("</em></p>", f);
	}
	free(svg);
	fputs("<figcaption>", f);
	esc(f, alt, altn);
	fputs("</figcaption></figure>\n", f);
}

/* Inline Markdown of s[0..n): `code`, **bold**, figures; the rest escaped. */
static void inline_md(const struct load_run *r, const char *s, size_t n, FILE *f)
{
	size_t i = 0;
	while (i < n) {
		const char *end;
		if (s[i] == '`' && (end = memchr(s + i + 1, '`', n - i - 1))) {
			fputs("<code>", f);
			esc(f, s + i + 1, (size_t)(end - s - i - 1));
			fputs("</code>", f);
			i = (size_t)(end - s) + 1;
		} else if (s[i] == '*' && i + 1 < n && s[i + 1] == '*' && (end = strstr(s + i + 2, "**")) && end < s + n) {
			fputs("<strong>", f);
			inline_md(r, s + i + 2, (size_t)(end - s - i - 2), f);
			fputs("</strong>", f);
			i = (size_t)(end - s) + 2;
		} else if (s[i] == '!' && i + 1 < n && s[i + 1] == '[' && (end = strstr(s + i, "](")) && end < s + n &&
			   memchr(end, ')', (size_t)(s + n - end))) {
			const char *close = memchr(end, ')', (size_t)(s + n - end));
			figure(r, s + i + 2, (size_t)(end - s - i - 2), end + 2, (size_t)(close - end - 2), f);
			i = (size_t)(close - s) + 1;
		} else {
			esc(f, s + i, 1);
			i++;
		}
	}
}

/* The cells of a table line "| a | b |": calls back per cell. */
static void table_line(const struct load_run *r, const char *line, size_t n, const char *tag,
		       const char *align, FILE *f)
{
	const char *p = line + 1, *end = line + n;
	if (end > p && end[-1] == '|')
		end--;
	fputs("<tr>", f);
	for (int col = 0; p < end; col++) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		const char *stop = bar ? bar : end;
		const char *a = p, *b = stop;
		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		fprintf(f, "<%s%s>", tag, align && col < 64 && align[col] == 'r' ? " class=\"r\"" : "");
		inline_md(r, a, (size_t)(b - a), f);
		fprintf(f, "</%s>", tag);
		p = bar ? bar + 1 : end;
	}
	fputs("</tr>\n", f);
}

/* A table from line on; returns the text after it. The second line
 * (|---|---:|) says which columns are right-aligned. */
static const char *table(const struct load_run *r, const char *line, FILE *f)
{
	char align[64] = "";
	size_t n = strcspn(line, "\n");
	const char *rule = line + n + (line[n] == '\n');
	size_t rn = strcspn(rule, "\n");
	int col = 0;
	for (size_t i = 1; i < rn && col < 63; i++)
		if (rule[i] == '|')
			align[col++] = rule[i - 1] == ':' ? 'r' : 'l';
	fputs("<table>\n", f);
	table_line(r, line, n, "th", align, f);
	line = rule + rn + (rule[rn] == '\n');
	while (*line == '|') {
		n = strcspn(line, "\n");
		table_line(r, line, n, "td", align, f);
		line += n + (line[n] == '\n');
	}
	fputs("</table>\n", f);
	return line;
}

/* A heading's anchor: its letters and digits lower-cased, runs of the rest as '-'. */
static void anchor(const char *s, size_t n, FILE *f)
{
	int dash = 0, any = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
			if (dash && any)
				fputc('-', f);
			fputc(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c, f);
			dash = 0;
			any = 1;
		} else
			dash = 1;
	}
}

/* One block starting at line; returns the text after it. */
static const char *block(const struct load_run *r, const char *line, int *in_list, FILE *f)
{
	size_t n = strcspn(line, "\n");
	const char *next = line + n + (line[n] == '\n');
	int item = n >= 2 && line[0] == '-' && line[1] == ' ';
	if (*in_list && !item) {
		fputs("</ul>\n", f);
		*in_list = 0;
	}
	if (n == 0)
		return next;
	if (item) {
		if (!*in_list)
			fputs("<ul>\n", f);
		*in_list = 1;
		fputs("<li>", f);
		inline_md(r, line + 2, n - 2, f);
		fputs("</li>\n", f);
	} else if (line[0] == '#') {
		int level = (int)strspn(line, "#");
		fprintf(f, "<h%d id=\"", level);
		anchor(line + level, n - (size_t)level, f);
		fputs("\">", f);
		inline_md(r, line + level + 1, n - (size_t)level - (n > (size_t)level), f);
		fprintf(f, "</h%d>\n", level);
	} else if (strncmp(line, "```", 3) == 0) {
		const char *end = strstr(next, "\n```");
		const char *stop = end ? end + 1 : next + strlen(next);
		fputs("<pre><code>", f);
		esc(f, next, (size_t)(stop - next));
		fputs("</code></pre>\n", f);
		next = stop + strcspn(stop, "\n");
		next += *next == '\n';
	} else if (line[0] == '|') {
		return table(r, line, f);
	} else {
		fputs("<p>", f);
		inline_md(r, line, n, f);
		fputs("</p>\n", f);
	}
	return next;
}

int report_html(const struct load_run *r, const char *md, FILE *f)
{
	size_t n = strcspn(md, "\n");
	const char *title = md + strspn(md, "# ");
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
	esc(f, title, n - (size_t)(title - md));
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
	int in_list = 0;
	for (const char *line = md; *line;)
		line = block(r, line, &in_list, f);
	if (in_list)
		fputs("</ul>\n", f);
	fputs("</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}
