/*
 * tests/unit/csv.c - RFC 4180 both ways: fields with commas, quotes and
 * line breaks written by csv_field come back unchanged through csv_load,
 * a quoted CR at a record's end too; ragged records, blank lines, CRLF, an
 * unclosed quote and a missing file; csv_commit keeps a file whole when a
 * record does not fit.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../harness/core/csv.h"
#include "../lib/tap.h"

static const char *const text[] = {
	"plain", "", "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", "\"", ",", "trailing ",
	"ends in CR\r",
};
#define NTEXT (sizeof(text) / sizeof(text[0]))

static void write_file(const char *path, const char *body)
{
	FILE *f = fopen(path, "w");
	fputs(body, f);
	fclose(f);
}

static void round_trip(const char *path)
{
	FILE *f = fopen(path, "w");
	struct csv_table t;
	char err[256];

	fputs("name,value\n", f);
	for (size_t i = 0; i < NTEXT; i++) {
		fprintf(f, "%zu,", i);
		csv_field(f, text[i]);
		fputc('\n', f);
	}
	fclose(f);
	ok(csv_load(&t, path, err, sizeof(err)) == 0, "a written table loads");
	ok(t.ncols == 2 && csv_col(&t, "value") == 1 && csv_col(&t, "nope") == -1, "header found by name");
	ok(t.nrows == NTEXT, "every record read (%zu of %zu)", t.nrows, NTEXT);
	for (size_t i = 0; i < NTEXT && i < t.nrows; i++)
		ok(strcmp(csv_get(&t, i, 1), text[i]) == 0, "field %zu comes back as written", i);
	ok(strcmp(csv_get(&t, 0, 7), "") == 0 && strcmp(csv_get(&t, 99, 0), "") == 0,
	   "out of range is empty");
	csv_free(&t);
}

static void shapes(const char *path)
{
	struct csv_table t;
	char err[256];
	FILE *f;

	write_file(path, "a,b,c\r\n1,2,3\r\n\r\n4\n5,,\n");
	ok(csv_load(&t, path, err, sizeof(err)) == 0, "CRLF and a blank line load");
	ok(t.nrows == 3 && t.width[1] == 1 && t.width[2] == 3, "ragged records keep their width");
	ok(strcmp(csv_get(&t, 0, 2), "3") == 0 && strcmp(csv_get(&t, 1, 1), "") == 0, "CR not kept; short record empty");
	csv_free(&t);
	static const char nul[] = "a,b\n1,2\n3,4\0x\n\0\n";
	f = fopen(path, "w");
	fwrite(nul, 1, sizeof(nul) - 1, f);
	fclose(f);
	ok(csv_load(&t, path, err, sizeof(err)) == 0 && t.nrows == 3 && !t.nul[0] && t.nul[1] && t.nul[2] &&
	   strcmp(csv_get(&t, 1, 1), "4") == 0, "a NUL byte marks its record (nul[i]); a line of one NUL is no blank line");
	csv_free(&t);
	write_file(path, "a,b\n1,\"open\n");
	ok(csv_load(&t, path, err, sizeof(err)) < 0 && strstr(err, "quoted"), "an unclosed quote is refused: %s", err);
	csv_free(&t);
	write_file(path, "");
	ok(csv_load(&t, path, err, sizeof(err)) < 0 && strstr(err, "empty"), "an empty file is refused: %s", err);
	csv_free(&t);
	ok(csv_load(&t, "/nonexistent/x.csv", err, sizeof(err)) < 0 && strstr(err, "/nonexistent/x.csv"),
	   "a missing file is named: %s", err);
	csv_free(&t);
}

/* csv_commit under a file size limit (SIGXFSZ ignored, so writes fail
 * with EFBIG part-way, as on a full disk): the records that fit stay, the
 * one that does not is cut off whole, and nothing follows it at close. */
static void commits(const char *path)
{
	struct rlimit was, lim;
	char line[200];
	off_t mark = 0;
	int whole = 0, failed = 0;
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &was);
	lim = was;
	lim.rlim_cur = 1000;
	setrlimit(RLIMIT_FSIZE, &lim);
	FILE *f = fopen(path, "w");
	fputs("a,b\n", f);
	int rc = csv_commit(f, &mark);
	ok(rc == 0 && mark == 4, "a committed header moves the mark to its end (%lld)", (long long)mark);
	memset(line, 'x', sizeof(line));
	line[sizeof(line) - 1] = '\n';
	for (int i = 0; i < 10 && !failed; i++) {
		fwrite(line, 1, sizeof(line), f);
		if (csv_commit(f, &mark) == 0)
			whole++;
		else
			failed = errno;
	}
	fputs("after,the,failure\n", f);   /* dropped with the buffer at close */
	csv_cut(f, mark);
	fclose(f);
	setrlimit(RLIMIT_FSIZE, &was);
	struct stat st;
	stat(path, &st);
	ok(failed == EFBIG && whole == 4 && st.st_size == 4 + 4 * (off_t)sizeof(line),
	   "a record that does not fit is cut off whole: %d records kept, %lld bytes, errno %d",
	   whole, (long long)st.st_size, failed);
}

int main(void)
{
	char path[] = "/tmp/parbench-csv-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		return 1;
	close(fd);
	printf("1..%zu\n", 4 + NTEXT + 7 + 2);
	round_trip(path);
	shapes(path);
	commits(path);
	unlink(path);
	return tap_failures != 0;
}
