#!/bin/sh
# cordon: proves make prove can fail: a seeded out-of-bounds read, a bounds check removed from acm/policy.c, an
# unreached function and a function with neither body nor contract must each give FAIL with the file:line.
set -u
B=${B:-build}
T=$B/prove/selftest
rm -rf "$T" && mkdir -p "$T"

# $1 = description, $2 = the run's output, $3 = a pattern one of its lines must match
expect() {
	if printf '%s\n' "$2" | grep -q '^FAIL: prove' && printf '%s\n' "$2" | grep -q -- "$3"; then
		echo "PASS: prove selftest: $1"
	else
		echo "FAIL: prove selftest: $1 (wanted a FAIL with '$3'; got:)"
		printf '%s\n' "$2" | sed 's/^/  | /'
	fi
}

cat >"$T/h_seeded.c" <<'C'
/* sources: */
/* reaches: main */
#include <tests/prove/prove.h>
static u8 buf[16];
int main(void)
{
	u64 i = prove_u64(0, sizeof(buf));
	return buf[i]; /* i may be 16 */
}
C
out=$(PROVE_DIR=$T B=$T tests/prove/run.sh seeded)
expect "a read one past an array is an alarm at its line" "$out" "h_seeded.c:8: accessing out of bounds index"

# The policy harness against acm/policy.c without its label-count limit (the copy lives in the scratch dir).
line=$(grep -n 'if (h->nlabels > POLICY_MAX_LABELS)' acm/policy.c | cut -d: -f1)
sed "${line},$((line + 1))d" acm/policy.c >"$T/policy.c"
sed "s|^/\* sources: .*|/* sources: $T/policy.c lib/str.c */|" tests/prove/h_policy.c >"$T/h_mutant.c"
rm -f "$T/h_seeded.c"
out=$(PROVE_DIR=$T B=$T tests/prove/run.sh mutant)
expect "acm/policy.c without its label-count check gives an alarm in that file" "$out" "$T/policy.c:[0-9]*: out of bounds read"

cat >"$T/h_unreached.c" <<'C'
/* sources: */
/* reaches: main never_called */
int main(void)
{
	return 0;
}
C
out=$(PROVE_DIR=$T B=$T tests/prove/run.sh unreached)
expect "a function the harness names but never enters fails it" "$out" "never entered: never_called"

cat >"$T/h_nospec.c" <<'C'
/* sources: */
/* reaches: main */
int unknown_effect(int *p);
static int x;
int main(void)
{
	return unknown_effect(&x);
}
C
out=$(PROVE_DIR=$T B=$T tests/prove/run.sh nospec)
expect "a call to a function with neither code nor contract is a warning that fails" "$out" "h_nospec.c:[0-9]*: Neither code nor specification"
