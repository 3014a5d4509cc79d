#!/bin/sh
# cordon integration: operator keys on the hypervisor console: 's' starts start = manual VMs, 'q' stops every VM.
. tests/integration/lib.sh
NAME=operator
LOG=$OUT/operator.log
img=$OUT/operator.img
fifo=$OUT/operator.serial
rm -f "$fifo.in" "$fifo.out" "$LOG"
mkfifo "$fifo.in" "$fifo.out"
tools/mkesp.sh "$img" tests/integration/cfg/operator.cfg >/dev/null
t0=$(date +%s)
tpm_start
timeout -k 5 90 tools/run-qemu.sh "$img" "pipe:$fifo" </dev/null >/dev/null 2>&1 &
qemu=$!
exec 3>"$fifo.in"          # hold the input side open so QEMU never sees EOF
cat "$fifo.out" >"$LOG" &
reader=$!
for _ in $(seq 1 60); do
	grep -q "spinning with interrupts disabled" "$LOG" 2>/dev/null && break
	sleep 1
done
sleep 1
printf s >&3
for _ in $(seq 1 30); do
	grep -q "later: hello 3/3" "$LOG" 2>/dev/null && break
	sleep 1
done
printf q >&3
wait $qemu; RC=$?
tpm_stop
exec 3>&-
wait $reader 2>/dev/null
SECS=$(( $(date +%s) - t0 )); TIMED_OUT=0; [ "$RC" = 124 ] && TIMED_OUT=1
clean_log
rm -f "$fifo.in" "$fifo.out"
expect "the manual VM waits" "cordon: vm 1 'later' \(label unlabeled\) waits: start = manual"
expect "the spinner ran" "^spin: spinning with interrupts disabled"
expect "cordon saw the operator's key" "cordon: 'q' pressed: stopping every VM"
expect "the spinner was stopped by the operator" "cordon: vm 'spin' ended: stopped by the operator"
expect "'s' starts the manual VM" "cordon: 's' pressed: starting the start = manual VMs"
expect "the manual VM runs" "^later: hello 3/3 from later"
expect "the manual VM ends normally" "cordon: vm 'later' ended: exited with code 0"
expect_clean_end
