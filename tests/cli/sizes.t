#!/usr/bin/env bash
# Cache-relative --size on a machine we do not have: the resolved byte count
# per configuration follows the documented rule (each worker's slice fills
# its share of the cache; a shared cache is divided among the workers on
# it; DRAM is 4 x all last-level cache), and it is recorded with the rule.
# Missing cache levels and bad factors exit 2 before anything is written.
. tests/lib/tap.sh
plan 20

# L1d 32 KiB and L2 4 MiB per core, one 16 MiB L3, 2 cores x 2 PUs.
export HWLOC_SYNTHETIC="pack:1 l3:1 l2:2 l1:1 core:1 pu:2"

# sizes SIZE: "runner workers bind size_bytes" for triad, one line each, sorted.
sizes() {
	rm -rf "$TMP/s"
	"$PB" run --kernels triad --runners serial,pthreads --workers 1,2 --bind none,cores,threads \
		--size "$1" --reps 1 --warmup 0 --min-time 0 --no-report --out "$TMP/s" >/dev/null 2>&1 || return
	local y="$TMP/s/summary.csv"
	awk -F, -v r="$(col "$y" runner)" -v w="$(col "$y" workers)" -v b="$(col "$y" bind)" \
		-v z="$(col "$y" size_bytes)" 'NR > 1 { print $r, $w, $b, $z }' "$y" | sort
}

# triad: 24 bytes an item, so 32 KiB holds 1365 items = 32760 bytes.
is "$(sizes L1 | grep '^pthreads 2')" "pthreads 2 cores 65520
pthreads 2 none 65520
pthreads 2 threads 32760" "L1, 2 workers: a core each (cores; none as cores) doubles it, two hyperthreads (threads) share one L1"
is "$(sizes L1 | grep '^serial' | awk '{print $4}' | sort -u)" "32760" "L1, serial: one L1d under every policy"
is "$(sizes 0.5*L2 | grep '^pthreads 2 cores')" "pthreads 2 cores 4194288" "0.5*L2, 2 workers on 2 cores: 2 x half of 4 MiB"
is "$(sizes 0.5*L2 | grep '^pthreads 2 threads')" "pthreads 2 threads 2097144" "0.5*L2, 2 hyperthreads of one core: half of one 4 MiB L2"
is "$(sizes 2*L3 | awk '{print $4}' | sort -u)" "33554424" "2*L3: the shared 16 MiB L3 is divided among the workers, so every configuration gets 32 MiB"
is "$(sizes DRAM | awk '{print $4}' | sort -u)" "67108848" "DRAM: 4 x the 16 MiB of last-level cache, whatever the workers"

y="$TMP/s/summary.csv"
grep -q '1\*DRAM: 1 x 4 x 16 MiB of last-level cache (1 x L3)' "$y"
ok $? "summary.csv records the rule behind each size"
grep -q '"size": "DRAM"' "$TMP/s/meta.json"
ok $? "meta.json records the --size given and the rule"
is "$(awk -F, -v c="$(col "$TMP/s/samples.csv" size_rule)" 'NR > 1 && $c == ""' "$TMP/s/samples.csv" | wc -l)" 0 \
	"samples.csv records the rule on every row"

# check ARGS... TEXT: exit 2, the text in the one line, nothing written.
check() {
	local want=$1; shift
	rm -rf "$TMP/bad"
	"$PB" run --kernels triad "$@" --out "$TMP/bad" >/dev/null 2>"$TMP/err"
	is "$?:$(wc -l < "$TMP/err"):$(grep -cF -- "$want" "$TMP/err"):$([ -e "$TMP/bad" ] && echo written || echo nothing)" \
		"2:1:1:nothing" "$* : exit 2 naming $want"
}
HWLOC_SYNTHETIC="pack:1 core:2 pu:1" check "no L3 cache" --size L3
check "'0.5*L4'" --size '0.5*L4'
check "'x*L2'" --size 'x*L2'

# sweep: geometric sizes, N per doubling, and the plots against size.
unset HWLOC_SYNTHETIC
"$PB" sweep --from 16KiB --to 64KiB --steps 2 --kernels triad,chase --runners serial \
	--workers 1 --reps 1 --warmup 0 --min-time 0 --out "$TMP/sw" >"$TMP/swlog" 2>&1
is "$?" 0 "sweep from 16 KiB to 64 KiB runs"
y="$TMP/sw/summary.csv"
got=$(awk -F, -v k="$(col "$y" kernel)" -v z="$(col "$y" size_rule)" '$k == "triad" { sub(/ as given/, "", $z); print $z }' "$y" | paste -sd' ')
is "$got" "16 KiB 22.6 KiB 32 KiB 45.3 KiB 64 KiB" "two sizes per doubling: 16, 22.6, 32, 45.3, 64 KiB"
for f in rate-triad rate-chase latency-chase; do [ -s "$TMP/sw/plots/$f.png" ] || missing="${missing:-} $f"; done
is "${missing:-}" "" "sweep draws the rate of both kernels and the latency of chase"
grep -q '^- \*\*chase\*\* (mem), swept over 5 sizes: serial on 1: [0-9.]* ns per load at best ([0-9.]* KiB), [0-9.]* ns at 64 KiB' "$TMP/sw/report.md"
ok $? "report.md states chase's best latency and the one at the largest size"
"$PB" sweep --from 1MiB --to 4KiB --out "$TMP/sw2" >/dev/null 2>"$TMP/err"
is "$?:$([ -e "$TMP/sw2" ] && echo written || echo nothing)" "2:nothing" "a sweep whose --from is not below --to exits 2"

# Each configuration once: no repeats for kernels without data, for a size
# given twice, or for sizes that give the same items; one cache-relative
# size is no sweep (the speedup plot is drawn).
"$PB" run --kernels pi,triad --runners serial,pthreads --workers 1,2 --size 64KiB,64KiB,65000 \
	--quick --reps 1 --warmup 0 --min-time 0 --no-report --out "$TMP/dup" >/dev/null 2>&1
y="$TMP/dup/summary.csv"
is "$(awk -F, -v k="$(col "$y" kernel)" 'NR > 1 { n[$k]++ } END { print n["pi"] + 0, n["triad"] + 0 }' "$y")" "3 6" \
	"pi (no data set) runs each configuration once; triad once per distinct size (64 KiB, 65000 B)"
"$PB" run --kernels triad --runners serial,pthreads --workers 1,2 --size L1 --reps 1 --warmup 0 \
	--min-time 0 --out "$TMP/one" >/dev/null 2>&1
[ -s "$TMP/one/plots/speedup-triad.png" ] && [ ! -e "$TMP/one/plots/rate-triad.png" ]
ok $? "one cache-relative size is not a sweep: the speedup plot is drawn"
"$PB" sweep --from 4KiB --to 8KiB --items 100 --out "$TMP/swi" >/dev/null 2>"$TMP/err"
is "$?:$(grep -c "'--items'" "$TMP/err")" "2:1" "sweep refuses --items (it chooses the sizes)"
