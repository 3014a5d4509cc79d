#!/bin/sh
# cordon: proves the Makefile's dependencies exact without touching a file (`make depcheck` runs it).
#
# The truth is the compiler's: for every unit test and host tool T, the sources make compiles for it
# (`make -n -B T`) are preprocessed with `cc -MM`, giving every file T is built from. Then, for each such
# file F, `make -n -W F` (F treated as just modified; nothing is written) must relink exactly the programs
# whose file set holds F. A unit test that runs a tool ("/* runs: */") is built from that tool's files too.
# Also: a built tree is up to date, and each test compiles every source its "/* sources: */" line names.
# Environment (from the Makefile): MAKE, CC, HOST_CFLAGS, B, DEPCHECK_TARGETS.
set -u
: "${MAKE:=make}" "${CC:=cc}" "${B:=build}"
work=$(mktemp -d "${TMPDIR:-/tmp}/cordon-deps.XXXXXX")
trap 'rm -rf "$work"' EXIT
mk() { $MAKE --no-print-directory "$@" 2>&1; }
fail=0

# 1. Nothing to do in a built tree.
if mk -q $DEPCHECK_TARGETS >/dev/null; then
	echo "PASS: deps: a built tree is up to date (make -q)"
else
	echo "FAIL: deps: make would rebuild in a built tree:"
	mk -n $DEPCHECK_TARGETS | grep -E '^echo "  (CC|LD)' | head -n 10 | sed 's/^/  | /'
	fail=1
fi

# 2. Per program: the sources make compiles for it, then every file the compiler reads for those.
for t in $DEPCHECK_TARGETS; do
	name=$(basename "$t")
	mk -n -B "$t" | sed -n 's/.* -c \([^ ]*\) -o .*/\1/p' | sort -u >"$work/$name.src"
	case $t in
	*/unit/test_*)
		src=tests/unit/$name.c
		want=$( (echo "$src"; sed -n 's|.*/\* sources: *\(.*\) \*/.*|\1|p' "$src" | tr ' ' '\n' | grep '\.c$') | sort -u)
		missing=$(echo "$want" | comm -23 - "$work/$name.src")
		if [ -n "$missing" ]; then
			echo "FAIL: deps: $name does not compile $(echo $missing) (named on its sources line)"
			fail=1
		fi ;;
	esac
	: >"$work/$name.files"
	while read -r s; do
		# -MM: the dependencies of s without system headers; one word per line, the "x.o:" target dropped.
		$CC $HOST_CFLAGS -MM "$s" | tr ' \\' '\n\n' | grep -v ':$' | grep . >>"$work/$name.files" || {
			echo "FAIL: deps: $CC -MM $s failed"; fail=1; }
	done <"$work/$name.src"
	sort -u -o "$work/$name.files" "$work/$name.files"
	echo "$t" >>"$work/targets"
done
echo "PASS: deps: every unit test compiles the sources its sources line names"
# A test that runs a tool is built from the tool's files too (its "runs:" line, not make's graph, says so).
for t in $DEPCHECK_TARGETS; do
	case $t in */unit/test_*) ;; *) continue ;; esac
	name=$(basename "$t")
	for tool in $(sed -n 's|.*/\* runs: *\(.*\) \*/.*|\1|p' "tests/unit/$name.c"); do
		if [ ! -f "$work/$tool.files" ]; then
			echo "FAIL: deps: $name runs $tool, which is not a program make builds"; fail=1; continue
		fi
		cat "$work/$tool.files" "$work/$name.files" | sort -u >"$work/merged" && mv "$work/merged" "$work/$name.files"
	done
done

# 3. Each file a program is built from, as if just edited: exactly its programs are relinked.
cat "$work"/*.files | sort -u >"$work/all"
probes=0
while read -r f; do
	probes=$((probes + 1))
	for t in $DEPCHECK_TARGETS; do
		grep -qxF "$f" "$work/$(basename "$t").files" && echo "$t"
	done | sort >"$work/expect"
	mk -n -W "$f" $DEPCHECK_TARGETS | sed -n 's/.* -o \([^ ]*\).*/\1/p' | grep -xFf "$work/targets" | sort -u >"$work/got"
	if ! cmp -s "$work/expect" "$work/got"; then
		echo "FAIL: deps: after an edit of $f make would relink the wrong programs (- missed, + extra):"
		diff "$work/expect" "$work/got" | sed -n 's/^</  | -/p; s/^>/  | +/p'
		fail=1
	fi
done <"$work/all"
if [ $fail = 0 ]; then
	echo "PASS: deps: an edit of any of the $probes sources and headers relinks exactly the programs built from it"
fi
exit $fail
