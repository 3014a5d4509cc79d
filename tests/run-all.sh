#!/bin/sh
# cordon: runs every test layer and ends with one line "N passed, N failed".
#   unit (cmocka, TAP output), host tool, layering and call graph, build dependencies, fuzz smoke, proof
#   (Frama-C), QEMU integration.
# Every check prints "PASS: ..." or "FAIL: ..."; the full transcript is in build/test-results.txt.
# CORDON_TESTS="demo adverse" limits the QEMU integration tests to those names.
set -u
B=${B:-build}
export B
RESULTS=$B/test-results.txt
# test_bzimage also parses Debian's real kernel when make linux has fetched it.
[ -f "$B/linux/vmlinuz" ] && export CORDON_TEST_VMLINUZ="${CORDON_TEST_VMLINUZ:-$B/linux/vmlinuz}"
: >"$RESULTS"
say() { echo "== $*"; }
# Keeps the whole transcript; shows results, section headers and failure context.
record() { tee -a "$RESULTS" | grep -E "^(PASS|FAIL|SKIP|==)|^(  \||-----|  \()"; }

run_unit() {
	for t in "$B"/unit/test_*; do
		name=$(basename "$t")
		out=$(CMOCKA_MESSAGE_OUTPUT=TAP "$t" 2>&1)
		rc=$?
		# cmocka's TAP prints a skipped test as "not ok N # SKIP name".
		printf '%s\n' "$out" | sed -n "s/^ok [0-9]* - \(.*\)/PASS: unit $name: \1/p; s/^not ok [0-9]* # SKIP *\(.*\)/SKIP: unit $name: \1/p; s/^not ok [0-9]* - \(.*\)/FAIL: unit $name: \1/p"
		if [ $rc != 0 ] && ! printf '%s\n' "$out" | grep -q "^not ok [0-9]* -"; then
			echo "FAIL: unit $name: exited with status $rc"
			printf '%s\n' "$out" | tail -n 20 | sed 's/^/  | /'
		fi
	done
}

# The layering rules (tests/layering/check.sh), proof that each can fail (selftest.sh), and no call cycle
# among the VM lifecycle, the sharing files and the reference monitor (callgraph.sh over the objects).
CALLGRAPH_WATCH='^(kernel/vm[^/]*\.c|kernel/share/|kernel/rmon|acm/)'
run_layering() {
	sh tests/layering/check.sh .
	sh tests/layering/selftest.sh
	if out=$(sh tests/layering/callgraph.sh "$B/hv" "$CALLGRAPH_WATCH"); then
		echo "PASS: layering: no call cycle among the VM lifecycle, sharing and ACM files"
	else
		echo "FAIL: layering: a call cycle among the VM lifecycle, sharing and ACM files:"
		printf '%s\n' "$out" | grep '^watched' | sed 's/^/  | /'
	fi
}

run_fuzz() {
	if [ -x tests/fuzz/run.sh ]; then
		tests/fuzz/run.sh "${CORDON_FUZZ_SECONDS:-20}" 2>&1 | sed -n 's/^fuzz \([^:]*\): PASS\(.*\)/PASS: fuzz \1\2/p; s/^fuzz \([^:]*\): FAIL\(.*\)/FAIL: fuzz \1\2/p'
	fi
}

run_integration() {
	for t in tests/integration/t_*.sh; do
		name=$(basename "$t" .sh); name=${name#t_}
		if [ -n "${CORDON_TESTS:-}" ] && ! echo " $CORDON_TESTS " | grep -q " $name "; then continue; fi
		say "integration: $name"
		case $t in *t_vtx.sh) bash "$t" 2>&1 ;; *) sh "$t" 2>&1 ;; esac
	done
}

{ say "unit tests"; run_unit; } | record
{ say "layering"; run_layering; } | record
# The Makefile's dependencies, proved exact with make -n (tests/deps/check.sh; it edits nothing).
{ say "build dependencies"; ${MAKE:-make} -s --no-print-directory B="$B" depcheck 2>&1; } | record
{ say "fuzz smoke"; run_fuzz; } | record
# make prove (tests/prove/run.sh): Frama-C Eva and WP, zero alarms; selftest.sh shows an alarm fails it.
{ say "proof (Frama-C)"; tests/prove/run.sh 2>&1; sh tests/prove/selftest.sh 2>&1; } | record
run_integration | record
passed=$(grep -c '^PASS' "$RESULTS")
failed=$(grep -c '^FAIL' "$RESULTS")
skipped=$(grep -c '^SKIP' "$RESULTS")
echo
if [ "$failed" != 0 ]; then
	echo "failed checks:"
	grep '^FAIL' "$RESULTS" | sed 's/^/  /'
fi
if [ "$skipped" != 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" = 0 ]
