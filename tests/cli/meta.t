#!/usr/bin/env bash
# meta.json's record of the run's conditions (harness/core/sysinfo.c): the keys
# exist and agree with what this machine says, the file is valid JSON, and
# report.md's Conditions list warns about a powersave governor, a busy
# machine and a narrowed affinity mask (fixtures: tests/fixtures/run edited).
. tests/lib/tap.sh
plan 16

out="$TMP/run"
"$PB" run --kernels sleep --runners serial --items 2 --reps 2 --no-report --out "$out" >"$TMP/log" 2>&1
is "$?" 0 "a small run exits 0"
m="$out/meta.json"

missing=""
for key in interrupted cpu_model_source kernel_release arch boot_time aslr online_cpus online_cpu_list \
	affinity_cpus affinity_cpu_list governor cpufreq loadavg_start loadavg_end clock clock_getres_ns \
	clock_measured_resolution_ns libgomp openmp_spec openmp_version hwloc_api_compiled hwloc_api_runtime; do
	grep -q "^  \"$key\":" "$m" || missing="$missing $key"
done
is "$missing" "" "meta.json has the conditions keys"

# valid_json FILE: 0 valid, 1 not, 2 no parser here.
valid_json() {
	if command -v jq >/dev/null 2>&1; then jq -e . "$1" >/dev/null 2>&1
	elif command -v python3 >/dev/null 2>&1; then python3 -m json.tool "$1" >/dev/null 2>&1
	else return 2; fi
}
valid_json "$m"; rc=$?
if [ "$rc" -eq 2 ]; then skip "neither jq nor python3 to parse meta.json"; else ok "$rc" "meta.json is valid JSON"; fi

num='[0-9][0-9]*\.[0-9][0-9]'
grep -q "^  \"loadavg_start\": \[$num, $num, $num\],\$" "$m" && grep -q "^  \"loadavg_end\": \[$num, $num, $num\],\$" "$m"
ok $? "the load averages at start and end are three numbers each"
grep -q '^  "interrupted": false,$' "$m"
ok $? "a complete run is not interrupted"
is "$(grep '^  "kernel_release":' "$m")" "  \"kernel_release\": \"$(uname -r)\"," "kernel_release is uname -r"

gov0=$(cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor 2>/dev/null)
if [ -n "$gov0" ]; then
	grep -q "^  \"governor\": \"[^\"]*$gov0" "$m"
	ok $? "the governor summary names cpu0's governor ($gov0)"
else
	grep -q '^  "governor": "unavailable",$' "$m" && grep -q '{"cpu": 0, "governor": "unavailable", "cur_khz": null, "max_khz": null}' "$m"
	ok $? "no cpufreq here: the governor is unavailable and the frequencies null"
fi
grep -q '^  "clock_getres_ns": [0-9][0-9]*,$' "$m" && grep -q '^  "clock_measured_resolution_ns": [1-9][0-9]*,$' "$m"
ok $? "the clock's resolution, claimed and measured, are whole nanoseconds"
is "$(sed -n 's/^  "online_cpus": \(.*\),$/\1/p' "$m")" "$(getconf _NPROCESSORS_ONLN)" "online_cpus is what getconf says"

lib=$(sed -n 's/^  "libgomp": "\(.*\)",$/\1/p' "$m")
if [ -n "$lib" ]; then
	[ -f "$lib" ] && case "$(basename "$lib")" in libgomp.so*) true ;; *) false ;; esac
	ok $? "libgomp is the real path of a loaded libgomp ($(basename "$lib"))"
else
	skip "no libgomp loaded (another OpenMP runtime?)"
fi

if command -v taskset >/dev/null 2>&1 && [ "$(getconf _NPROCESSORS_ONLN)" -ge 2 ] &&
	taskset -c 0 "$PB" run --kernels sleep --runners serial --items 2 --reps 2 --no-report \
		--out "$TMP/one" >/dev/null 2>&1; then
	grep -q '^  "affinity_cpus": 1,$' "$TMP/one/meta.json" && grep -q '^  "affinity_cpu_list": "0",$' "$TMP/one/meta.json"
	ok $? "under taskset -c 0 the affinity mask is recorded as \"0\", one CPU"
else
	skip "taskset or a second CPU is missing"
fi

# Fixtures: a real run's meta.json (tests/fixtures/run) with conditions
# added before its environment. fixture NAME LINES...: the copy, its report.
fixture() {
	local dir="$TMP/$1"; shift
	cp -r tests/fixtures/run "$dir"
	printf '%s\n' "$@" > "$TMP/lines"
	awk -v lines="$TMP/lines" '/^  "environment"/ { while ((getline l < lines) > 0) print l } { print }' \
		tests/fixtures/run/meta.json > "$dir/meta.json"
	sh scripts/report.sh "$dir" >"$dir.log" 2>&1
}
common='  "online_cpus": 2,
  "aslr": 2,
  "kernel_release": "6.1.0-test",
  "clock_getres_ns": 1,
  "clock_measured_resolution_ns": 20,'
fixture busy "$common" '  "affinity_cpus": 2,' '  "governor": "powersave",' \
	'  "loadavg_start": [3.10, 2.00, 1.00],' '  "loadavg_end": [2.50, 2.00, 1.10],'
is "$?" 0 "report.sh renders a fixture with a powersave governor and a high load"
valid_json "$TMP/busy/meta.json"; rc=$?
if [ "$rc" -eq 2 ]; then skip "no JSON parser"; else ok "$rc" "the edited fixture is valid JSON"; fi
r="$TMP/busy/report.md"
grep -q '^- \*\*warning\*\*: the CPU frequency governor is powersave, not performance' "$r" &&
	grep -q '^- \*\*warning\*\*: the load at the start (3.10 over 1 min) exceeded 0.5 per usable CPU (2 usable)' "$r"
ok $? "report.md warns about the governor and the load"

fixture vm "$common" '  "affinity_cpus": 1,' '  "affinity_cpu_list": "1",' '  "governor": "unavailable",' \
	'  "loadavg_start": [0.20, 0.10, 0.05],' '  "loadavg_end": [0.30, 0.10, 0.05],'
r="$TMP/vm/report.md"
grep -q '^- governor unavailable (virtual machine?)' "$r" &&
	grep -q '^- \*\*warning\*\*: the affinity mask (1) holds 1 of the 2 online CPUs' "$r" &&
	! grep -q 'warning\*\*: the load\|warning\*\*: the CPU frequency' "$r"
ok $? "an unreadable governor is said plainly; a narrowed mask is warned about, a light load is not"

fixture calm "$common" '  "affinity_cpus": 2,' '  "governor": "performance",' \
	'  "loadavg_start": [0.90, 0.10, 0.05],' '  "loadavg_end": [0.30, 0.10, 0.05],'
is "$(sed -n '/^### Conditions/,/^## /p' "$TMP/calm/report.md" | grep -c 'warning')" 0 \
	"performance, load 0.9 on 2 CPUs and the full mask: no warnings"
