/*
 * tests/fuzz/size.c - libFuzzer target for the size parsers
 * (harness/core/size.c): size_decimal, size_parse and size_spec_parse on
 * each word of the input (split at NUL or newline bytes), and size_format
 * on what they accept.
 *
 * What must hold: size_decimal's count covers only digits with at most
 * one point and its value is that prefix's; a size accepted is 1 byte or
 * more and below 1e18, and its text is such a number with a known unit; a
 * spec accepted is a cache level with a factor in (0, 1e6] (written before
 * its star, when it has one), or bytes as size_parse gives them; a refusal says why in err, naming the text;
 * size_format's text (its space taken out) parses back to the same bytes
 * when it shows a whole number, and to within its rounding otherwise.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../harness/core/size.h"
#include "fuzz.h"

/* size_decimal: the characters it counts are a plain decimal, and the
 * value it gives is that decimal's, not more of the text's. */
static void check_decimal(const char *text)
{
	double value = -1;
	size_t used = size_decimal(text, &value);
	if (!used)
		return;
	int points = 0;
	fuzz_assert(used <= strlen(text) && text[0] >= '0' && text[0] <= '9', text);
	for (size_t i = 0; i < used; i++) {
		fuzz_assert((text[i] >= '0' && text[i] <= '9') || text[i] == '.', text);
		points += text[i] == '.';
	}
	fuzz_assert(points <= 1, text);
	char *prefix = strndup(text, used);
	if (!prefix)
		abort();
	fuzz_assert(isfinite(value) && value >= 0 && value == strtod(prefix, NULL), text);
	free(prefix);
}

/* A known unit, spelled in any case: what may follow the number. */
static int is_unit(const char *s)
{
	static const char *const units[] = { "", "B", "K", "KiB", "KB", "M", "MiB", "MB",
					     "G", "GiB", "GB", "T", "TiB", "TB" };
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcasecmp(s, units[i]) == 0)
			return 1;
	return 0;
}

/* The units size_format shows. */
static const struct {
	const char *name;
	double bytes;
} shown_units[] = {
	{ "B", 1 }, { "KiB", 1024.0 }, { "MiB", 1048576.0 }, { "GiB", 1073741824.0 },
	{ "TiB", 1099511627776.0 },
};

/* size_format's text for bytes, without its space, parses back. */
static void check_format(size_t bytes, const char *text)
{
	char shown[64], joined[64], err[256];
	size_t back = 0;
	double unit = 0;
	size_format(bytes, shown, sizeof(shown));
	const char *space = strchr(shown, ' ');
	fuzz_assert(space != NULL, text);
	for (size_t i = 0; i < sizeof(shown_units) / sizeof(shown_units[0]); i++)
		if (strcmp(space + 1, shown_units[i].name) == 0)
			unit = shown_units[i].bytes;
	fuzz_assert(unit > 0, shown);
	snprintf(joined, sizeof(joined), "%.*s%s", (int)(space - shown), shown, space + 1);
	fuzz_assert(size_parse(joined, &back, err, sizeof(err)) == 0, joined);
	/* "96 MiB" is exact (as exact as bytes in a double); "1.5 MiB" is
	 * within half of its last digit (a tie, 0.25 shown as 0.2, a hair
	 * beyond it in binary). */
	double slack = (strchr(shown, '.') ? 0.05 * unit * (1 + 1e-9) : 0) + ldexp((double)bytes, -50) + 1;
	fuzz_assert(fabs((double)back - (double)bytes) <= slack, text);
}

static void check_size(const char *text)
{
	char err[256] = "";
	size_t bytes = 0;
	double value;
	if (size_parse(text, &bytes, err, sizeof(err)) < 0) {
		fuzz_assert(strstr(err, "bad --size") != NULL, text);
		return;
	}
	fuzz_assert(bytes >= 1 && (double)bytes < 1e18, text);
	size_t used = size_decimal(text, &value);
	fuzz_assert(used > 0 && value > 0 && is_unit(text + used), text);
	check_format(bytes, text);
}

static void check_spec(const char *text)
{
	char err[256] = "", err2[256];
	struct size_spec s = { .level = SIZE_DRAM + 1, .factor = -1 };
	size_t bytes = 0;
	if (size_spec_parse(text, &s, err, sizeof(err)) < 0) {
		fuzz_assert(err[0] != '\0', text);
		return;
	}
	fuzz_assert(s.level >= SIZE_BYTES && s.level <= SIZE_DRAM, text);
	fuzz_assert(s.factor > 0 && s.factor <= 1e6, text);
	if (s.level == SIZE_BYTES) {
		fuzz_assert(s.factor == 1, text);
		fuzz_assert(size_parse(text, &bytes, err2, sizeof(err2)) == 0 && bytes == s.bytes, text);
		return;
	}
	fuzz_assert(size_parse(text, &bytes, err2, sizeof(err2)) < 0, text);
	if (strchr(text, '*')) {
		double factor = 0;
		size_t used = size_decimal(text, &factor);
		fuzz_assert(used > 0 && text[used] == '*' && factor == s.factor, text);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *words[FUZZ_MAX_WORDS];
	int n = fuzz_words(data, size, words, 0, FUZZ_MAX_WORDS);
	for (int i = 0; i < n; i++) {
		check_decimal(words[i]);
		check_size(words[i]);
		check_spec(words[i]);
	}
	fuzz_free_words(words, 0, n);
	return 0;
}
