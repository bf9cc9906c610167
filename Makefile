# parbench - one non-recursive Makefile.
#   make            build build/parbench and build/parbench-exit0 (installs missing Debian packages first)
#   make bench      the default profile (PROFILE=full: more workers, schedules, reps),
#                   then the same pi, sleep and read in CPython (scripts/cpython.sh),
#                   then the report, drawn once
#   make test       the tests, through prove; ends with "Result: PASS" or FAIL
#   make check-asan the whole suite again, built with ASan + UBSan in build-asan/; fails on any report
#   make report RUN=results/latest   plots, report.md and report.html again for a run folder (parbench report)
#   make demo-NAME  a teaching demo with a verdict, under a minute (NAME: see DEMOS; make help)
#   make demos      every demo, then one lab notebook, demos.html
#   make check-tsan  the thread runners and threaded unit tests under ThreadSanitizer
#                   (own folder build-tsan/); fails on any report. Not part of make test
#   make fuzz       each libFuzzer target (tests/fuzz/*.c) for FUZZ_TIME seconds (60), built
#                   with clang, ASan and UBSan in build-fuzz/; fails on any crash, leak or report
#   make clean
#   make help       every target with one line each (the "## " comments above the rules)

# ---- settings ---------------------------------------------------------------
CC       ?= cc
OPT      ?= -O3 -march=native
CFLAGS   ?= $(OPT) -g
WARN     := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes
CPPFLAGS += -MMD -MP
OMPFLAGS := -fopenmp
LDLIBS   := -lhwloc -ljansson -lpthread -lm
BUILD    := build
PROFILE  ?= default
# check-asan: its build folder, flags and the sanitizers' settings.
ASAN_BUILD := build-asan
ASAN_OPT   := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
ASAN_ENV   := ASAN_OPTIONS=handle_segv=0:handle_abort=0:detect_leaks=1:abort_on_error=0:log_path=$(CURDIR)/$(ASAN_BUILD)/reports/asan \
	      UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(CURDIR)/$(ASAN_BUILD)/reports/ubsan \
	      LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lib/lsan.supp:print_suppressions=0
# make check-tsan's build: ThreadSanitizer, no -march=native, triad's traffic
# per run cut to 4 MiB (kernels/mem_triad.c) so that its runs stay short.
TSAN     := build-tsan
TSANOPT  := -O1 -g -fsanitize=thread
TSANDEFS := -DTRIAD_TRAFFIC=4194304.0
# make fuzz's build: clang (libFuzzer comes with it), ASan + UBSan, any
# report fatal; FUZZ_TIME: seconds per target.
FUZZ      := build-fuzz
FUZZ_CC   := clang
FUZZOPT   := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_TIME ?= 60
# parbench --version: the version, and the git revision at build time
# ("unknown" outside a git checkout).
VERSION  := 0.1
GIT_REV  := $(shell [ -e '$(CURDIR)/.git' ] && git -C '$(CURDIR)' describe --always --dirty 2>/dev/null || echo unknown)
# ------------------------------------------------------------------------------

KERNELS  := $(wildcard kernels/*.c)
RUNNERS  := $(wildcard runners/*.c)
HARNESS  := $(wildcard harness/*/*.c)
SRCS     := $(KERNELS) $(RUNNERS) $(HARNESS)
OBJS     := $(SRCS:%.c=$(BUILD)/%.o)
LIBOBJS  := $(filter-out $(BUILD)/harness/cli/main.o,$(OBJS))
# C unit tests: every tests/unit/*.c is one TAP program, found by wildcard.
TESTBINS := $(patsubst %.c,$(BUILD)/%,$(wildcard tests/unit/*.c))
# The program `parbench overheads` execs (fork-exec): static, does nothing.
EXIT0    := $(BUILD)/parbench-exit0
ALLCFLAGS = -std=gnu11 $(WARN) $(CFLAGS) $(OMPFLAGS) \
	    -DPARBENCH_CFLAGS='"$(CFLAGS) $(OMPFLAGS)"'

# Profiles: the default takes about 70 s on 2 vCPUs (make bench, CPython
# included); full takes longer.
# The default leaves spawn-pool to PROFILE=full: its runs are fork-pool's
# work and its start is spawn's, both measured (make bench <= 90 s on 2 vCPUs).
BENCH_default := --runners serial,gil,pthreads,openmp,fork,spawn,pthreads-pool,fork-pool \
		 --schedule static,dynamic --compare-smt --profile default
BENCH_full    := --workers 1-max --schedule static,dynamic --compare-smt --pool --reps 10 --warmup 2 --profile full

.PHONY: all deps bench test check-asan check-tsan fuzz fuzz-build report clean

## install what is missing (announced), then build build/parbench and build/parbench-exit0 (what plain `make` does)
all: deps $(BUILD)/parbench $(EXIT0)

# make test and make fuzz also need clang with libFuzzer: deps.sh test.
## install the missing Debian packages (scripts/deps.sh)
deps:
	@sh scripts/deps.sh $(if $(filter test fuzz fuzz-build,$(MAKECMDGOALS)),test)

# main.o says the version and revision (parbench --version); the stamp
# file changes, and main.o is rebuilt, only when they do.
$(BUILD)/version.stamp: FORCE
	@mkdir -p $(dir $@); v='$(VERSION) $(GIT_REV)'; [ "$$(cat $@ 2>/dev/null)" = "$$v" ] || echo "$$v" > $@
$(BUILD)/harness/cli/main.o: $(BUILD)/version.stamp
$(BUILD)/harness/cli/main.o: CPPFLAGS += -DPARBENCH_VERSION='"$(VERSION)"' -DPARBENCH_GIT='"$(GIT_REV)"'
FORCE:

$(BUILD)/parbench: $(OBJS)
	$(CC) $(ALLCFLAGS) -o $@ $^ $(LDLIBS)

$(EXIT0): tools/exit0.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -std=gnu11 $(WARN) -O2 -static -o $@ $<

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -c -o $@ $<

$(BUILD)/tests/unit/%: tests/unit/%.c $(LIBOBJS) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -o $@ $< $(LIBOBJS) $(LDLIBS)

# The report is drawn once, after the CPython rows are in: run draws none
# (--no-report), scripts/cpython.sh draws it; without CPython (run failed)
# parbench report does. With --out in BENCH_ARGS, results/latest does not
# move and run draws its report itself, as a plain run does.
BENCH_NOREPORT = $(if $(findstring --out,$(BENCH_ARGS)),,--no-report)

## the default profile (PROFILE=full: more), CPython side by side, then the report
bench: deps $(BUILD)/parbench
	$(if $(BENCH_$(PROFILE)),,$(error PROFILE='$(PROFILE)': allowed are default, full))
	@start=$$(date +%s); before=$$(readlink results/latest 2>/dev/null || true); \
	$(BUILD)/parbench run $(BENCH_$(PROFILE)) $(BENCH_NOREPORT) $(BENCH_ARGS); rc=$$?; \
	after=$$(readlink results/latest 2>/dev/null || true); \
	if [ -z "$$after" ] || [ "$$after" = "$$before" ]; then \
		echo "make bench: results/latest did not move (--out? exit $$rc): sh scripts/cpython.sh DIR adds CPython to a run"; \
	elif [ $$rc -ne 0 ]; then \
		echo "make bench: parbench run exited $$rc: no CPython side by side; the report: parbench report results/$$after"; \
		$(BUILD)/parbench report "results/$$after" || rc=$$?; \
	else \
		echo "make bench: CPython side by side: sh scripts/cpython.sh results/$$after (pi, sleep, read in python3, about 10 s), then the report"; \
		sh scripts/cpython.sh "results/$$after" || rc=$$?; \
	fi; \
	echo "make bench: $$(( $$(date +%s) - start )) s, exit $$rc"; exit $$rc

## the tests, through prove; ends with "Result: PASS" or FAIL
test: deps $(BUILD)/parbench $(EXIT0) $(TESTBINS)
	@PB=$(BUILD)/parbench prove --exec tests/lib/exec tests/cli/*.t $(TESTBINS)

# The same suite against an ASan + UBSan build (the same Makefile with another
# BUILD and OPT). handle_segv=0 and handle_abort=0: the deliberate crashes
# must die of their signal. ASan's and LSan's reports go to files under
# build-asan/reports/, so one in a process whose stderr a test discards still
# counts; UBSan's go to stderr (gcc's runtime ignores log_path for them) and
# halt the process (-fno-sanitize-recover), which fails its test.
## the whole suite again under ASan + UBSan (build-asan/); fails on any report
check-asan:
	@start=$$(date +%s); rm -rf $(ASAN_BUILD)/reports; \
	$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) OPT='$(ASAN_OPT)' CFLAGS='$(ASAN_OPT)' all && \
	mkdir -p $(ASAN_BUILD)/reports && \
	$(ASAN_ENV) $(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) OPT='$(ASAN_OPT)' CFLAGS='$(ASAN_OPT)' test; \
	rc=$$?; reports=$$(ls $(ASAN_BUILD)/reports | wc -l); \
	for f in $(ASAN_BUILD)/reports/*; do [ -f "$$f" ] && { echo "== $$f"; cat "$$f"; }; done; \
	echo "check-asan: $$reports sanitizer report(s), make test exit $$rc, $$(( $$(date +%s) - start )) s"; \
	[ $$rc -eq 0 ] && [ $$reports -eq 0 ]

# The TSan build: the same sources into $(TSAN)/ (its own rules, one Makefile).
TSAN_OBJS  := $(SRCS:%.c=$(TSAN)/%.o)
TSAN_LIB   := $(filter-out $(TSAN)/harness/cli/main.o,$(TSAN_OBJS))
TSAN_TESTS := $(patsubst %,$(TSAN)/tests/unit/%,runners patterns msgqueue gil)
TSANFLAGS   = -std=gnu11 $(WARN) $(TSANOPT) $(OMPFLAGS) $(TSANDEFS) \
	      -DPARBENCH_CFLAGS='"$(TSANOPT) $(OMPFLAGS)"'

$(TSAN)/parbench: $(TSAN_OBJS)
	$(CC) $(TSANFLAGS) -o $@ $^ $(LDLIBS)

$(TSAN)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(TSANFLAGS) -c -o $@ $<

$(TSAN)/tests/unit/%: tests/unit/%.c $(TSAN_LIB) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(TSANFLAGS) -o $@ $< $(TSAN_LIB) $(LDLIBS)

## the thread runners and threaded unit tests under ThreadSanitizer (build-tsan/)
check-tsan: deps $(TSAN)/parbench $(TSAN_TESTS)
	@sh tests/lib/tsan.sh $(TSAN)

# The fuzz build: the layers the parsers live in (core up to bench, with
# the kernel and runner tables the dimensions name) compiled by clang into
# $(FUZZ)/ (its own rules, one Makefile) with libFuzzer's coverage; each
# tests/fuzz/NAME.c is one target, $(FUZZ)/tests/fuzz/NAME, linked with
# all of them.
FUZZ_SRCS  := $(KERNELS) $(RUNNERS) $(wildcard harness/core/*.c harness/bench/*.c)
FUZZ_LIB   := $(FUZZ_SRCS:%.c=$(FUZZ)/%.o)
FUZZ_BINS  := $(patsubst %.c,$(FUZZ)/%,$(wildcard tests/fuzz/*.c))
FUZZFLAGS   = -std=gnu11 $(WARN) $(FUZZOPT) $(OMPFLAGS) -DPARBENCH_CFLAGS='"$(FUZZOPT) $(OMPFLAGS)"'

$(FUZZ)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ)/tests/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB) | deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) $(LDLIBS)

## build the libFuzzer targets (build-fuzz/) without running them
fuzz-build: $(FUZZ_BINS)
.SECONDARY: $(FUZZ_LIB)

# Each target over a copy of its seeds (build-fuzz/corpus/NAME, kept
# between runs), crashes saved in build-fuzz/artifacts/.
## each libFuzzer target (tests/fuzz/*.c) for FUZZ_TIME seconds (60)
fuzz: deps $(FUZZ_BINS)
	@sh tests/lib/fuzz.sh $(FUZZ) $(FUZZ_TIME)

## plots, report.md and report.html again for RUN (default results/latest)
report: $(BUILD)/parbench
	@$(BUILD)/parbench report $(or $(RUN),results/latest)

# Teaching demos (harness/studies/demos_table.c: one entry each). Each prints
# what to look for and the expected outcome, runs, then prints the measured
# numbers and a verdict: shown, NOT shown (and what the run recorded that
# explains it) or skipped. A new demo: its table entry and its name here.
# make demos runs every one and writes results/<stamp>-<host>-demos/demos.html.
DEMOS := gil convoy patterns fork false-sharing schedule pool cache smt amdahl
.PHONY: demos $(addprefix demo-,$(DEMOS))
$(addprefix demo-,$(DEMOS)): demo-%: deps $(BUILD)/parbench
	@$(BUILD)/parbench demo $*

## every demo, then one lab notebook: results/<stamp>-<host>-demos/demos.html
demos: deps $(BUILD)/parbench
	@$(BUILD)/parbench demo all

.PHONY: help
## this list
help:
	@echo "make TARGET, one of:"
	@awk -f scripts/make-help.awk $(firstword $(MAKEFILE_LIST))
	@if [ -x $(BUILD)/parbench ]; then $(BUILD)/parbench demo list; \
	else for d in $(DEMOS); do printf '  make %-19s %s\n' "demo-$$d" "a teaching demo (its question: make, then make help)"; done; fi

## remove the build folders (build, build-asan, build-tsan, build-fuzz)
clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN) $(FUZZ)

-include $(OBJS:.o=.d) $(TESTBINS:=.d) $(EXIT0).d $(wildcard $(TSAN)/*/*.d $(TSAN)/*/*/*.d $(TSAN)/tests/unit/*.d) \
	$(wildcard $(FUZZ)/*/*.d $(FUZZ)/*/*/*.d $(FUZZ)/tests/fuzz/*.d)
