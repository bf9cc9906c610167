# tests/tap.sh - a few TAP helpers for the shell tests (sourced, not run).
# Each test file: . tests/tap.sh; plan N; ok COND "name"; ...; done_testing
set -u
PB=${PB:-build/parbench}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/parbench-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
_n=0
_failed=0

plan() { echo "1..$1"; }

# ok STATUS NAME: passes when STATUS is 0 (use: ok $? "name" or ok "$(test ...; echo $?)").
ok() {
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
	fi
}

# is GOT WANT NAME
is() {
	_n=$((_n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $_n - $3"
	else
		echo "not ok $_n - $3"
		echo "#   got:  '$1'"
		echo "#   want: '$2'"
		_failed=$((_failed + 1))
	fi
}

skip() { _n=$((_n + 1)); echo "ok $_n # skip $1"; }
diag() { echo "# $*"; }
# col FILE NAME: the index of column NAME in FILE's header, or nothing.
col() { head -n 1 "$1" | tr ',' '\n' | grep -n -x "$2" | cut -d: -f1; }
# csv_flat FILE: FILE with each quoted (RFC 4180) field unquoted, its commas
# made semicolons and its quotes and line breaks spaces, for awk -F,.
csv_flat() { perl -0777 -pe 's{"((?:[^"]|"")*)"}{my $f = $1; $f =~ s/""/"/g; $f =~ tr/,\r\n"/;   /; $f}ge' "$1"; }

# bad_input "CMD WORDS" NAME WANT ARGS...: parbench CMD WORDS ARGS --out a new
# folder exits 2 with one line on stderr holding WANT, and writes nothing.
bad_input() {
	local cmd=$1 name=$2 want=$3; shift 3
	local o="$TMP/bad$RANDOM"
	# shellcheck disable=SC2086 # cmd is the subcommand's words
	timeout 20 "$PB" $cmd "$@" --out "$o" >/dev/null 2>"$TMP/stderr"
	local rc=$? lines; lines=$(wc -l < "$TMP/stderr")
	if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && grep -qF -- "$want" "$TMP/stderr" && [ ! -e "$o" ]; then
		ok 0 "$name: exit 2, one line naming $want"
	else
		ok 1 "$name: exit 2, one line naming $want (exit $rc, $lines lines)"
		sed 's/^/#   /' "$TMP/stderr"
	fi
}
