# cordon integration tests: boot an ESP image in QEMU and assert on the serial log.
# Sourced by tests/integration/t_*.sh; each assertion prints one "PASS: ..." or "FAIL: ..." line.
B=${B:-build}
OUT=${OUT:-$B/itest}
mkdir -p "$OUT"

# boot NAME CFG TIMEOUT [EXTRA_DIR]: builds $OUT/NAME.img from CFG, boots it, leaves the log in $LOG.
# QEMU_EXTRA adds QEMU arguments (a later -cpu overrides the default -cpu max).
# CORDON_RUNNER replaces QEMU (tools/run-bochs.sh, see t_vtx.sh): called as RUNNER IMG LOG SECONDS,
# it exits 0 after the guest powered off and 124 on timeout. EXPECT_BACKEND names the backend cordon
# should pick.
EXPECT_BACKEND=${EXPECT_BACKEND:-AMD-V}
# Every QEMU boot gets its own swtpm (attached through tpm-tis) unless BOOT_TPM=none. The TPM is
# fresh and has no EK certificate unless BOOT_TPM_STATE names a state made by tools/tpm-setup.sh.
# swtpm --terminate ends with QEMU; the kill is a backstop.
tpm_start() {
	unset CORDON_TPM_SOCK
	[ "${BOOT_TPM:-}" = none ] && return 0
	tdir=${BOOT_TPM_STATE:-$OUT/$NAME.tpm}
	[ -z "${BOOT_TPM_STATE:-}" ] && { rm -rf "$tdir"; mkdir -p "$tdir"; }
	tdir=$(cd "$tdir" && pwd)
	rm -f "$tdir/ctrl.sock" "$tdir/swtpm.pid"
	swtpm socket --tpm2 --tpmstate dir="$tdir" --ctrl type=unixio,path="$tdir/ctrl.sock" --terminate \
		--daemon --pid file="$tdir/swtpm.pid" --log file="$tdir/swtpm.log" || { echo "swtpm did not start"; return 1; }
	export CORDON_TPM_SOCK=$tdir/ctrl.sock
}
tpm_stop() {
	[ -n "${CORDON_TPM_SOCK:-}" ] && [ -f "$tdir/swtpm.pid" ] && kill "$(cat "$tdir/swtpm.pid")" 2>/dev/null
	unset CORDON_TPM_SOCK
	return 0
}

# Emulators (CORDON_RUNNER) have no TPM: their boots say 'tpm = optional'.
esp_cfg() {
	if [ -z "${CORDON_RUNNER:-}" ]; then echo "$1"; return; fi
	{ echo "tpm = optional"; cat "$1"; } >"$OUT/$NAME.runner.cfg"
	echo "$OUT/$NAME.runner.cfg"
}

boot() {
	NAME=$1
	img=$OUT/$1.img
	LOG=$OUT/$1.log
	rm -f "$LOG" "$LOG.txt"
	if ! tools/mkesp.sh "$img" "$(esp_cfg "$2")" "${4:-}" >"$OUT/$1.mkesp" 2>&1; then
		echo "FAIL: $NAME: could not build the ESP image"; cat "$OUT/$1.mkesp"; return 1
	fi
	t0=$(date +%s)
	if [ -n "${CORDON_RUNNER:-}" ]; then
		# Another machine model (e.g. an emulator with VT-x): RUNNER IMG LOG TIMEOUT, slower by SCALE.
		secs=$(( $3 * ${CORDON_TIMEOUT_SCALE:-1} ))
		timeout -k 5 "$secs" "$CORDON_RUNNER" "$img" "$LOG" "$secs" </dev/null >"$OUT/$1.qemu" 2>&1
	else
		# shellcheck disable=SC2086 # QEMU_EXTRA is a list of extra QEMU arguments
		tpm_start
		timeout -k 5 "$3" tools/run-qemu.sh "$img" "$LOG" ${QEMU_EXTRA:-} </dev/null >"$OUT/$1.qemu" 2>&1
	fi
	RC=$?
	tpm_stop
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
	[ "$TIMED_OUT" = 1 ] && echo "  (${CORDON_RUNNER:-QEMU} was killed by the ${SECS}s timeout)"
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
# expect_clean_end: the machine powered off by itself (a runner exits 0 after the guest's power-off),
# no hypervisor panic.
expect_clean_end() {
	if grep -q "cordon: powering off" "$LOG.txt" && [ "$TIMED_OUT" = 0 ]; then
		pass "machine powered off by itself in ${SECS}s"
	else
		fail "machine did not power off by itself (exit status $RC after ${SECS}s)"
	fi
	expect_not "no hypervisor panic" "PANIC"
}

# Background boot for tests that talk to cordon while it runs (attestation): COM1 through FIFOs so
# the test can press 'q', COM2 (management channel) on $MGMT. boot_bg NAME CFG TIMEOUT [EXTRA_DIR];
# wait_log REGEX SECONDS; boot_end presses 'q' and waits for QEMU.
boot_bg() {
	NAME=$1
	img=$OUT/$1.img
	LOG=$OUT/$1.log
	MGMT=$OUT/$1.mgmt
	fifo=$OUT/$1.serial
	rm -f "$LOG" "$LOG.txt" "$fifo.in" "$fifo.out"
	if ! tools/mkesp.sh "$img" "$2" "${4:-}" >"$OUT/$1.mkesp" 2>&1; then
		echo "FAIL: $NAME: could not build the ESP image"; cat "$OUT/$1.mkesp"; return 1
	fi
	mkfifo "$fifo.in" "$fifo.out"
	t0=$(date +%s)
	tpm_start
	CORDON_MGMT_SOCK=$MGMT timeout -k 5 "$3" tools/run-qemu.sh "$img" "pipe:$fifo" </dev/null >"$OUT/$1.qemu" 2>&1 &
	QEMU_PID=$!
	exec 3>"$fifo.in" # held open so QEMU never sees EOF on COM1
	cat "$fifo.out" >"$LOG" &
	READER_PID=$!
}

wait_log() {
	for _ in $(seq 1 "$2"); do
		grep -Eq -- "$1" "$LOG" 2>/dev/null && return 0
		sleep 1
	done
	return 1
}

boot_end() {
	printf q >&3 2>/dev/null
	wait "$QEMU_PID"; RC=$?
	exec 3>&-
	wait "$READER_PID" 2>/dev/null
	tpm_stop
	SECS=$(( $(date +%s) - t0 )); TIMED_OUT=0; [ "$RC" = 124 ] && TIMED_OUT=1
	rm -f "$fifo.in" "$fifo.out"
	clean_log
}
