#!/bin/sh
# scripts/deps.sh [test] - installs the Debian packages parbench needs, when
# any is missing, and says so. Run by every make target before it builds;
# silent when everything is there. Needs root (or sudo) only to install.
#
#   C compiler, make         gcc, make
#   OpenMP runtime           libgomp1 (comes with gcc)
#   hwloc headers + library  libhwloc-dev
#   JSON (meta.json, results.json)  libjansson-dev
#   plots                    gnuplot-nox (pngcairo and svg terminals), fonts-dejavu-core
#   tests                    perl (prove)
# and with "test" (make test, make fuzz; not make bench):
#   fuzz targets             clang, libclang-rt-dev (libFuzzer, ASan, UBSan),
#                            libomp-dev (clang's OpenMP)
#   pages in a browser       chromium (tests/cli/browser.t: headless screenshots
#                            of demos.html and report.html)
set -u

missing=""
need() { missing="$missing $1"; }

command -v cc >/dev/null 2>&1 || need gcc
command -v make >/dev/null 2>&1 || need make
if command -v cc >/dev/null 2>&1; then
	printf '#include <hwloc.h>\nint main(void){return 0;}\n' |
		cc -x c -o /dev/null - -lhwloc >/dev/null 2>&1 || need libhwloc-dev
	printf '#include <jansson.h>\nint main(void){return json_object() == 0;}\n' |
		cc -x c -o /dev/null - -ljansson >/dev/null 2>&1 || need libjansson-dev
	printf '#include <omp.h>\nint main(void){return omp_get_max_threads() < 1;}\n' |
		cc -fopenmp -x c -o /dev/null - >/dev/null 2>&1 || need libgomp1
fi
if ! command -v gnuplot >/dev/null 2>&1 ||
   ! gnuplot -e 'set terminal pngcairo' >/dev/null 2>&1; then
	need gnuplot-nox
fi
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need fonts-dejavu-core
command -v prove >/dev/null 2>&1 || need perl
# clang alone (no recommends) comes without its runtimes: libFuzzer and the
# sanitizers are libclang-rt-dev, OpenMP is libomp-dev.
if [ "${1:-}" = test ]; then
	if ! command -v clang >/dev/null 2>&1; then
		need clang
		need libclang-rt-dev
		need libomp-dev
	else
		printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n){return d && n > 9;}\n' |
			clang -fsanitize=fuzzer,address,undefined -x c -o /dev/null - >/dev/null 2>&1 ||
			need libclang-rt-dev
		printf '#include <omp.h>\nint main(void){return omp_get_max_threads() < 1;}\n' |
			clang -fopenmp -x c -o /dev/null - >/dev/null 2>&1 || need libomp-dev
	fi
	command -v chromium >/dev/null 2>&1 || need chromium
fi

[ -z "$missing" ] && exit 0

echo "parbench: installing missing Debian packages:$missing (scripts/deps.sh)"
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "parbench: not root and no sudo: run 'apt-get install$missing' as root, then make again" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet: fetch them once.
$sudo apt-get update -qq || exit 1
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
	echo "parbench: apt-get install$missing failed" >&2
	exit 1
}
echo "parbench: installed$missing"
