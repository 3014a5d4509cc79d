# cordon integration tests: boot an ESP image in QEMU and assert on the serial log.
# Sourced by tests/integration/t_*.sh; each assertion prints one "PASS: ..." or "FAIL: ..." line.
B=${B:-build}
OUT=${OUT:-$B/itest}
mkdir -p "$OUT"

# boot NAME CFG TIMEOUT [EXTRA_DIR]: builds $OUT/NAME.img from CFG, boots it, leaves the log in $LOG.
# QEMU_EXTRA adds QEMU arguments (a later -cpu overrides the default -cpu max).
# CORDON_RUNNER replaces QEMU (see t_vtx.sh); EXPECT_BACKEND names the backend cordon should pick.
EXPECT_BACKEND=${EXPECT_BACKEND:-AMD-V}
boot() {
	NAME=$1
	img=$OUT/$1.img
	LOG=$OUT/$1.log
	rm -f "$LOG" "$LOG.txt"
	if ! tools/mkesp.sh "$img" "$2" "${4:-}" >"$OUT/$1.mkesp" 2>&1; then
		echo "FAIL: $NAME: could not build the ESP image"; cat "$OUT/$1.mkesp"; return 1
	fi
	t0=$(date +%s)
	if [ -n "${CORDON_RUNNER:-}" ]; then
		# Another machine model (e.g. an emulator with VT-x): RUNNER IMG LOG TIMEOUT, slower by SCALE.
		secs=$(( $3 * ${CORDON_TIMEOUT_SCALE:-1} ))
		timeout -k 5 "$secs" "$CORDON_RUNNER" "$img" "$LOG" "$secs" </dev/null >"$OUT/$1.qemu" 2>&1
	else
		# shellcheck disable=SC2086 # QEMU_EXTRA is a list of extra QEMU arguments
		timeout -k 5 "$3" tools/run-qemu.sh "$img" "$LOG" ${QEMU_EXTRA:-} </dev/null >"$OUT/$1.qemu" 2>&1
	fi
	RC=$?
	SECS=$(( $(date +%s) - t0 ))
	TIMED_OUT=0
	[ "$RC" = 124 ] && TIMED_OUT=1
	clean_log
}

# $LOG.txt: the serial text without ANSI escapes and carriage returns, for grep.
clean_log() {
	sed -e 's/\x1b\[[0-9;=?]*[a-zA-Z]//g' -e 's/\r//g' "$LOG" >"$LOG.txt" 2>/dev/null || : >"$LOG.txt"
}

pass() { echo "PASS: $NAME: $1"; }
fail() {
	echo "FAIL: $NAME: $1"
	echo "----- last 25 serial lines of $LOG -----"
	tail -n 25 "$LOG.txt" | sed 's/^/  | /'
	[ "$TIMED_OUT" = 1 ] && echo "  (QEMU was killed by the ${SECS}s timeout)"
	echo "-----"
}

# expect DESCRIPTION REGEX: the log has a line matching REGEX (grep -E).
expect() { if grep -Eq -- "$2" "$LOG.txt"; then pass "$1"; else fail "$1 (no line matches /$2/)"; fi; }
# expect_not DESCRIPTION REGEX
expect_not() { if grep -Eq -- "$2" "$LOG.txt"; then fail "$1 (unexpected: $(grep -Em1 -- "$2" "$LOG.txt"))"; else pass "$1"; fi; }
# expect_count DESCRIPTION REGEX N: exactly N matching lines.
expect_count() {
	n=$(grep -Ec -- "$2" "$LOG.txt")
	if [ "$n" = "$3" ]; then pass "$1"; else fail "$1 (/$2/ matched $n lines, expected $3)"; fi
}
# expect_before DESCRIPTION REGEX_A REGEX_B: the first A comes before the first B (both present).
expect_before() {
	a=$(grep -En -- "$2" "$LOG.txt" | head -1 | cut -d: -f1)
	b=$(grep -En -- "$3" "$LOG.txt" | head -1 | cut -d: -f1)
	if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]; then pass "$1"; else fail "$1 (/$2/ at line ${a:-none}, /$3/ at line ${b:-none})"; fi
}
# expect_clean_end: QEMU powered off by itself, no hypervisor panic.
expect_clean_end() {
	if grep -q "cordon: powering off" "$LOG.txt" && { [ "$TIMED_OUT" = 0 ] || [ -n "${CORDON_RUNNER:-}" ]; }; then
		pass "machine powered off by itself in ${SECS}s"
	else
		fail "machine did not power off by itself (exit status $RC after ${SECS}s)"
	fi
	expect_not "no hypervisor panic" "PANIC"
}
