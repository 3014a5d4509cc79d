#!/bin/sh
# cordon: host tool `cordon-policy` compiles, rejects bad sources at FILE:LINE, refuses altered binaries, decides.
B=${B:-build}
tool=$B/tools/cordon-policy
dir=$B/itest/policy
rm -rf "$dir"
mkdir -p "$dir"
pass() { echo "PASS: cordon-policy: $1"; }
fail() { echo "FAIL: cordon-policy: $1"; }
if [ ! -x "$tool" ]; then
	fail "$tool is not built (make)"
	exit 0
fi

# Every name a source declares (policy, types, labels, conflict sets), one per line.
declared() {
	sed -e 's/#.*//' -e 's/\r//g' "$1" | awk '
		$1 == "policy" || $1 == "ste" || $1 == "cw" { for (i = 2; i <= NF; i++) print $i }
		$1 == "label" || $1 == "conflict" { print $2 }'
}

# A good policy compiles, `show` prints every declared name, and its output compiles to the same bytes.
check_good() {
	n=$(basename "$1" .pol)
	bin=$dir/$n.bin
	out=$($tool compile "$1" -o "$bin" 2>&1)
	rc=$?
	if [ $rc != 0 ] || ! printf '%s\n' "$out" | grep -Eq "^$bin: policy [a-z0-9_-]+, [0-9]+ labels, sha256 [0-9a-f]{64}$"; then
		fail "good/$n.pol: exit $rc, output: $out"
		return
	fi
	if ! $tool show "$bin" >"$dir/$n.show" 2>&1; then
		fail "good/$n.pol: show failed: $(cat "$dir/$n.show")"
		return
	fi
	awk '{ gsub(/[ =,]+/, "\n"); print }' "$dir/$n.show" | sort -u >"$dir/$n.words"
	missing=$(declared "$1" | while read -r w; do grep -Fxq -- "$w" "$dir/$n.words" || printf '%s ' "$w"; done)
	if [ -n "$missing" ]; then
		fail "good/$n.pol: show lacks: $missing"
	elif ! $tool compile "$dir/$n.show" -o "$dir/$n.again.bin" >/dev/null 2>&1 || ! cmp -s "$bin" "$dir/$n.again.bin"; then
		fail "good/$n.pol: show output does not compile back to the same binary"
	else
		pass "good/$n.pol compiles and show round-trips its names"
	fi
}

# A bad policy exits 1, writes nothing, and prints the error its first line expects.
check_bad() {
	n=$(basename "$1" .pol)
	want=$(sed -n '1s/^# expect: //p' "$1")
	rm -f "$dir/bad.bin"
	out=$($tool compile "$1" -o "$dir/bad.bin" 2>&1)
	rc=$?
	if [ -z "$want" ]; then
		fail "bad/$n.pol has no '# expect: REGEX' first line"
	elif [ $rc = 1 ] && [ ! -e "$dir/bad.bin" ] && printf '%s\n' "$out" | grep -Eq -- "$want"; then
		pass "bad/$n.pol rejected with /$want/"
	else
		fail "bad/$n.pol: exit $rc, output: $out (wanted /$want/)"
	fi
}

for f in tests/policy/good/*.pol; do check_good "$f"; done
for f in tests/policy/bad/*.pol; do check_bad "$f"; done

# decide WANT_EXIT WANT_OUTPUT_REGEX ARGS...: one tool run, judged by exit status and output.
decide() {
	want_rc=$1 want=$2
	shift 2
	out=$($tool "$@" 2>&1)
	rc=$?
	if [ $rc = "$want_rc" ] && printf '%s\n' "$out" | grep -Eq -- "$want"; then
		pass "$* -> $(printf '%s\n' "$out" | head -n 1)"
	else
		fail "$*: exit $rc, output: $out (wanted exit $want_rc and /$want/)"
	fi
}

demo=$dir/demo.bin
if ! $tool compile policy/demo.pol -o "$demo" >"$dir/demo.out" 2>&1; then
	fail "policy/demo.pol does not compile: $(cat "$dir/demo.out")"
	exit 0
fi
decide 0 '^permit$' check-share "$demo" green blue
decide 0 '^permit$' check-share "$demo" green green-seg
decide 3 '^deny' check-share "$demo" green red
decide 3 '^deny' check-share "$demo" red green-seg
decide 0 '^permit$' check-share "$demo" red red-seg
decide 3 '^deny: blue conflicts with running red$' check-start "$demo" blue red
decide 0 '^permit$' check-start "$demo" blue green
decide 0 '^permit$' check-start "$demo" blue
decide 0 '^permit$' check-start "$demo" red red green-seg
decide 3 '^deny: red conflicts with running blue$' check-start "$demo" red green blue
decide 0 '^permit\+audit$' check-share "$dir/crlf_audit.bin" ab b_only
decide 3 '^deny' check-share "$dir/crlf_audit.bin" ab xy
decide 1 "no label 'purple' in policy demo" check-share "$demo" green purple
decide 1 'bad magic' show policy/demo.pol
decide 1 'cannot read' show "$dir/nonexistent.bin"
decide 2 '^usage:' frobnicate
decide 2 '^usage:' check-share "$demo" green
decide 2 '^usage:' compile policy/demo.pol "$dir/x.bin"

# One byte flipped in the middle of the binary: only the digest can notice.
corrupt=$dir/corrupt.bin
cp "$demo" "$corrupt"
mid=$(($(wc -c <"$corrupt") / 2))
byte=$(od -An -tu1 -j "$mid" -N1 "$corrupt" | tr -d ' ')
# shellcheck disable=SC2059 # the format is the octal escape of the new byte
printf "$(printf '\\%03o' $((byte ^ 0xff)))" | dd of="$corrupt" bs=1 seek="$mid" conv=notrunc 2>/dev/null
if cmp -s "$demo" "$corrupt"; then
	fail "could not corrupt $corrupt"
else
	decide 1 "^$corrupt: error: digest mismatch" show "$corrupt"
	decide 1 'digest mismatch' check-share "$corrupt" green blue
fi
