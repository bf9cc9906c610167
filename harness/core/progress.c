/*
 * progress.c - the progress line (see progress.h).
 *
 * The bar is redrawn by returning the cursor with \r and writing the whole
 * line again, padded with spaces over whatever the last one left; clearing
 * is \r, spaces, \r. No escape sequences, so any terminal shows it. The
 * line is fitted to the terminal's width (TIOCGWINSZ, else 80 columns) by
 * dropping the bar graphic, then shortening the label, so it never wraps:
 * a wrapped line cannot be redrawn in place. The numbers have fixed widths,
 * so the label does not jitter from one redraw to the next.
 *
 * The estimate of the time left is the mean step time so far times the
 * steps left, as hyperfine and tqdm show it. Steps of unequal length (a
 * serial run is slower than a parallel one) make it wander; it is a guide.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "progress.h"

#define REDRAW_INTERVAL 0.1   /* seconds between two bar redraws, at least */
#define BAR_CELLS 10

/* "m:ss", or "h:mm:ss" from an hour on. */
static void format_time(double seconds, char *buf, size_t len)
{
	long s = seconds > 0 ? (long)(seconds + 0.5) : 0;
	if (s >= 3600)
		snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, len, "%ld:%02ld", s / 60, s % 60);
}

static size_t columns(FILE *f)
{
	struct winsize w;
	if (ioctl(fileno(f), TIOCGWINSZ, &w) == 0 && w.ws_col >= 20)
		return w.ws_col;
	return 80;
}

static void clear_bar(struct progress *p)
{
	if (!p->shown)
		return;
	fprintf(p->f, "\r%*s\r", (int)p->shown, "");
	p->shown = 0;
}

static void draw_bar(struct progress *p)
{
	char line[512], stats[96], elapsed[24], eta[24] = "?", cells[BAR_CELLS + 3] = "";
	double t = clock_now() - p->start;
	size_t width = columns(p->f) - 1;   /* the last column would wrap on some terminals */

	format_time(t, elapsed, sizeof(elapsed));
	if (p->total) {
		if (p->done > 0)
			format_time(t / (double)p->done * (double)(p->total - p->done), eta, sizeof(eta));
		/* Fixed widths (under 100 minutes), so the label does not jitter. */
		int digits = snprintf(NULL, 0, "%zu", p->total);
		snprintf(stats, sizeof(stats), "%*zu/%zu %3d%%  %5s elapsed, ETA %-5s", digits, p->done,
			 p->total, (int)(100 * p->done / p->total), elapsed, eta);
		size_t full = BAR_CELLS * p->done / p->total;
		cells[0] = '[';
		for (size_t i = 0; i < BAR_CELLS; i++)
			cells[1 + i] = i < full ? '#' : '.';
		cells[BAR_CELLS + 1] = ']';
		cells[BAR_CELLS + 2] = '\0';
	} else {
		snprintf(stats, sizeof(stats), "%zu done  %5s elapsed", p->done, elapsed);
	}
	size_t need = strlen(stats) + (cells[0] ? strlen(cells) + 2 : 0);
	if (cells[0] && strlen(p->label) + 2 + need > width) {
		cells[0] = '\0';   /* too narrow: the label and the numbers matter more */
		need = strlen(stats);
	}
	int room = width > need + 2 ? (int)(width - need - 2) : 0;
	int n = snprintf(line, sizeof(line), "%.*s%s%s%s%s", room, p->label,
			 room && p->label[0] ? "  " : "", cells, cells[0] ? "  " : "", stats);
	size_t len = n < 0 ? 0 : (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
	size_t pad = len < p->shown ? p->shown - len : 0;   /* over the last line's tail */
	fprintf(p->f, "\r%s%*s", line, (int)pad, "");
	fflush(p->f);
	p->shown = len + pad;
	p->last_draw = clock_now();
}

void progress_start(struct progress *p, FILE *f, enum progress_mode mode, size_t total_steps)
{
	memset(p, 0, sizeof(*p));
	if (mode == PROGRESS_AUTO) {
		const char *term = getenv("TERM");
		int tty = isatty(fileno(f)) && !(term && strcmp(term, "dumb") == 0);
		mode = tty ? PROGRESS_BAR : PROGRESS_LINES;
	}
	p->f = f;
	p->mode = mode;
	p->total = total_steps;
	p->start = clock_now();
	p->last_draw = -1;
}

void progress_step(struct progress *p, const char *label, size_t done)
{
	if (label)
		snprintf(p->label, sizeof(p->label), "%s", label);
	p->done = p->total && done > p->total ? p->total : done;
	if (p->mode != PROGRESS_BAR)
		return;
	if (p->last_draw < 0 || p->done == p->total || clock_now() - p->last_draw >= REDRAW_INTERVAL)
		draw_bar(p);
}

void progress_note(struct progress *p, const char *line)
{
	switch (p->mode) {
	case PROGRESS_BAR:
		clear_bar(p);
		fprintf(p->f, "%s\n", line);
		draw_bar(p);
		break;
	case PROGRESS_LINES:
		if (p->total)
			fprintf(p->f, "[%zu/%zu] %s\n", p->done, p->total, line);
		else
			fprintf(p->f, "[%zu] %s\n", p->done, line);
		fflush(p->f);
		break;
	default:
		break;
	}
}

void progress_clear(struct progress *p)
{
	if (p->mode == PROGRESS_BAR) {
		clear_bar(p);
		fflush(p->f);
		p->last_draw = -1;   /* the next step draws it again */
	}
}

void progress_end(struct progress *p)
{
	if (p->mode == PROGRESS_BAR)
		clear_bar(p);
	if (p->mode != PROGRESS_QUIET)
		fflush(p->f);
}
