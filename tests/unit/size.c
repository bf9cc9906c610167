/*
 * tests/unit/size.c - byte sizes as people write them: units of 1024 and
 * 1000 in any case, the refusals (zero, no number, an unknown unit),
 * cache levels with a factor and a factor that is missing, the plain
 * decimal under both (its value that of the characters it counts, never
 * of an exponent or hex number strtod would read on into), size_format.
 * TAP output.
 */
#include <stdio.h>
#include <string.h>

#include "../../harness/core/size.h"
#include "../lib/tap.h"

static char err[256];

/* size_parse's bytes for text, or 0 when it refuses. */
static size_t bytes(const char *text)
{
	size_t b = 0;
	return size_parse(text, &b, err, sizeof(err)) == 0 ? b : 0;
}

static void test_parse(void)
{
	ok(bytes("4096") == 4096 && bytes("64KiB") == 65536 && bytes("64k") == 65536 &&
	   bytes("1.5MiB") == 1572864 && bytes("2GB") == 2000000000,
	   "bytes, KiB, k, a decimal MiB, GB");
	ok(!bytes("0") && !bytes("KiB") && !bytes("12XB") && !bytes("-1") && !bytes("1e3"),
	   "zero, no number, an unknown unit, a sign and an exponent are refused");
	ok(strstr(err, "'1e3'") != NULL, "the refusal names the text: %s", err);
}

static void test_spec(void)
{
	struct size_spec s = { 0 };
	ok(size_spec_parse("0.5*L2", &s, err, sizeof(err)) == 0 && s.level == SIZE_L2 && s.factor == 0.5,
	   "0.5*L2");
	ok(size_spec_parse("dram", &s, err, sizeof(err)) == 0 && s.level == SIZE_DRAM && s.factor == 1,
	   "a level alone has factor 1");
	ok(size_spec_parse("64KiB", &s, err, sizeof(err)) == 0 && s.level == SIZE_BYTES && s.bytes == 65536,
	   "bytes");
	ok(size_spec_parse("*L3", &s, err, sizeof(err)) < 0 && strstr(err, "factor"),
	   "a star without its factor is refused: %s", err);
	ok(size_spec_parse("0*L3", &s, err, sizeof(err)) < 0 && size_spec_parse("L4", &s, err, sizeof(err)) < 0,
	   "a zero factor and an unknown level are refused");
}

static void test_decimal(void)
{
	double v = -1;
	size_t used = size_decimal("1.5MiB", &v);
	ok(used == 3 && v == 1.5, "1.5 of 1.5MiB (%zu, %g)", used, v);
	ok(size_decimal("x1", &v) == 0 && size_decimal(".5", &v) == 0, "none before a digit");
	v = -1;
	used = size_decimal("1e5", &v);
	ok(used == 1 && v == 1, "1e5: the plain decimal is 1 and its value 1, not 1e5 (%zu, %g)", used, v);
	v = -1;
	used = size_decimal("0x10", &v);
	ok(used == 1 && v == 0, "0x10: the plain decimal is 0, not 16 (%zu, %g)", used, v);
}

static void test_format(void)
{
	char buf[32];
	size_format(96 << 20, buf, sizeof(buf));
	ok(strcmp(buf, "96 MiB") == 0, "96 MiB: %s", buf);
	size_format(1536, buf, sizeof(buf));
	ok(strcmp(buf, "1.5 KiB") == 0, "1.5 KiB: %s", buf);
	size_format(1000, buf, sizeof(buf));
	ok(strcmp(buf, "1000 B") == 0, "1000 B: %s", buf);
}

static const struct tap_case cases[] = {
	{ "size_parse", test_parse },
	{ "size_spec_parse", test_spec },
	{ "size_decimal", test_decimal },
	{ "size_format", test_format },
	{ NULL, NULL },
};

int main(void)
{
	int rc = tap_run_cases(cases);
	printf("1..%d\n", tap_count);
	return rc;
}
