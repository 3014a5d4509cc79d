#!/bin/sh
# cordon: build every tests/fuzz/fuzz_*.c with libFuzzer and run each for SECONDS seconds.
# Usage (from the repo root): tests/fuzz/run.sh SECONDS
# Each target names the sources it links in a "/* sources: ... */" line, as the unit tests do.
# Prints "fuzz <name>: PASS (N runs)" or "fuzz <name>: FAIL <crash file>" and exits 1 if any failed.
# Seeds come from tests/fuzz/corpus/<name>/ (copied, so the checked-in corpus never grows);
# corpus/bootinfo/valid.bin is make_valid() of tests/unit/test_bootinfo.c written out as bytes.
set -u
secs=${1:-}
case "$secs" in
'' | *[!0-9]*) echo "usage: tests/fuzz/run.sh SECONDS" >&2; exit 2 ;;
esac
[ -f tests/fuzz/run.sh ] || { echo "run.sh: run from the repository root" >&2; exit 2; }

CLANG=${CLANG:-clang}
# -fno-sanitize-recover makes an undefined-behaviour report a crash libFuzzer records.
FLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Wall -Wextra"
FLAGS="$FLAGS -Iinclude -I."
# lib/sha256.c wraps Debian's libtomcrypt (its .so links fine into a -fsanitize=fuzzer binary).
LIBS="-ltomcrypt"
out=${B:-build}/fuzz
mkdir -p "$out"
failed=0

# One target: build, run, and leave its line in $out/NAME.result.
fuzz_one() {
	src=$1
	name=$(basename "$src" .c)
	name=${name#fuzz_}
	sources=$(sed -n 's/.*sources: *\(.*\) \*\//\1/p' "$src")
	bin=$out/fuzz_$name
	log=$out/$name.log
	res=$out/$name.result
	# shellcheck disable=SC2086 # FLAGS, sources and LIBS are word lists
	if ! $CLANG $FLAGS -o "$bin" "$src" $sources $LIBS >"$out/$name.build.log" 2>&1; then
		echo "fuzz $name: FAIL (build error, see $out/$name.build.log)" >"$res"
		return
	fi
	corpus=$out/corpus/$name
	crashes=$out/crashes/$name
	rm -rf "$corpus" "$crashes"
	mkdir -p "$corpus" "$crashes"
	if [ -d "tests/fuzz/corpus/$name" ]; then
		cp tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
	fi
	"$bin" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" >"$log" 2>&1
	rc=$?
	crash=$(find "$crashes" -type f | head -n 1)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ] && [ -z "$crash" ]; then
		echo "fuzz $name: PASS (${runs:-?} runs)" >"$res"
	else
		echo "fuzz $name: FAIL ${crash:-(exit $rc, no crash file)} (log: $log)" >"$res"
	fi
}

# CORDON_FUZZ_JOBS targets at a time (default 2, one per core of the CI machine): each still gets
# SECONDS of its own, and the lines come out in the targets' order.
jobs=${CORDON_FUZZ_JOBS:-2}
n=0
for src in tests/fuzz/fuzz_*.c; do
	rm -f "$out/$(basename "$src" .c | sed 's/^fuzz_//').result"
	fuzz_one "$src" &
	n=$((n + 1))
	[ $((n % jobs)) = 0 ] && wait
done
wait
for src in tests/fuzz/fuzz_*.c; do
	res=$out/$(basename "$src" .c | sed 's/^fuzz_//').result
	if [ -f "$res" ]; then cat "$res"; else echo "fuzz $(basename "$src" .c): FAIL (no result)"; fi
	grep -q ': PASS' "$res" 2>/dev/null || failed=1
done
exit "$failed"
