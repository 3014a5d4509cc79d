#!/bin/sh
# cordon integration: VM lifecycle control. 'p' on the hypervisor console is every running VM's power
# button (kernel/vm_ctl.c): a Linux VM gets an ACPI power-button press and its acpid powers it off, a
# tiny guest that handles CORDON_EVENT_STOP exits, one that ignores it is destroyed at the 30 s deadline;
# each stopped VM's memory is scrubbed and its stop is in the runtime log. A Linux VM with
# on_reboot = restart that reboots is started again, measured again. Prints the stop and start times.
. tests/integration/lib.sh
NAME=lifecycle
LOG=$OUT/lifecycle.log
TLOG=$OUT/lifecycle.tlog # each serial line with the host time it arrived (for the figures)
img=$OUT/lifecycle.img
fifo=$OUT/lifecycle.serial
files=$OUT/lifecycle-files
rm -rf "$files" && mkdir -p "$files/linux"
cp "$B/linux/vmlinuz" "$B/linux/initramfs.cpio.gz" "$files/linux/"
rm -f "$fifo.in" "$fifo.out" "$LOG" "$TLOG"
mkfifo "$fifo.in" "$fifo.out"
tools/mkesp.sh "$img" tests/integration/cfg/lifecycle.cfg "$files" >/dev/null
t0=$(date +%s)
tpm_start
QEMU_MEM=1G timeout -k 5 300 tools/run-qemu.sh "$img" "pipe:$fifo" </dev/null >/dev/null 2>&1 &
qemu=$!
exec 3>"$fifo.in" # held open so QEMU never sees EOF
cr=$(printf '\r')
# line by line (a pipe through tr would hold lines back in its buffer)
while IFS= read -r l; do
	l=${l%"$cr"}
	printf '%s\n' "$l" >>"$LOG"
	printf '%s %s\n' "$(date +%s.%N)" "$l" >>"$TLOG"
done <"$fifo.out" &
reader=$!
# 's' once lxstop's acpid listens (lxboot and spin are start = manual); 'p' at lxboot's second start
for _ in $(seq 1 150); do
	grep -q "^lxstop: cordon-linux: acpid started" "$LOG" 2>/dev/null && break
	sleep 1
done
printf s >&3
for _ in $(seq 1 120); do
	[ "$(grep -c "^cordon: vm 1 'lxboot' started" "$LOG" 2>/dev/null)" -ge 2 ] && break
	sleep 1
done
printf p >&3
wait $qemu; RC=$?
tpm_stop
exec 3>&-
wait $reader 2>/dev/null
rm -f "$fifo.in" "$fifo.out"
SECS=$(( $(date +%s) - t0 )); TIMED_OUT=0; [ "$RC" = 124 ] && TIMED_OUT=1
clean_log

expect "lxstop's acpid listens for the power button" "^lxstop: cordon-linux: acpid started"
expect "lxstop has the button and evdev modules" "^lxstop: cordon-linux: modules loaded: .*button evdev"
expect "cordon saw the operator's 'p'" "^cordon: 'p' pressed: orderly stop of every running VM"
expect "lxstop gets a power-button press" "^cordon: vm 'lxstop': orderly stop: ACPI power button pressed"
expect "stopper gets the stop event" "^cordon: vm 'stopper': orderly stop: stop event raised"
expect "spin gets the stop event" "^cordon: vm 'spin': orderly stop: stop event raised"
expect "lxstop's acpid runs poweroff" "^lxstop: .*cordon-linux: power button pressed: powering off"
expect "lxstop ends with the ACPI power-off" "^cordon: vm 'lxstop' ended: powered itself off \(ACPI S5\)"
expect "stopper sees the stop bit" "^stopper: stop event seen: exiting with code 62"
expect "stopper exits on the stop event" "^cordon: vm 'stopper' ended: exited with code 62"
expect "spin is destroyed at the deadline" "^cordon: vm 'spin' ended: did not stop within 30 s of the stop request: destroyed"
for vm in lxstop stopper spin; do
	expect "$vm's memory is scrubbed" "^cordon: vm '$vm': [0-9]+ MiB scrubbed and returned"
	expect "$vm's stop is in the runtime log" "measured into PCR 10: cordon vm-stop name=$vm "
done
expect_before "lxstop's stop comes after the press" "^cordon: vm 'lxstop': orderly stop" "^cordon: vm 'lxstop' ended"
expect "lxboot reboots" "^lxboot: cordon-linux: rebooting"
expect "lxboot ends with the reset register" "^cordon: vm 'lxboot' ended: reset itself \(ACPI reset register\)"
expect "on_reboot = restart starts it again" "^cordon: vm 'lxboot': on_reboot = restart \(restart 1\)"
expect_count "lxboot starts twice" "^cordon: vm 1 'lxboot' started" 2
expect_count "and is measured at each start" "measured into PCR 10: cordon vm-start name=lxboot " 2
expect_count "and its stop at each end" "measured into PCR 10: cordon vm-stop name=lxboot " 2
scrub=$(grep -n "^cordon: vm 'lxboot': [0-9]* MiB scrubbed" "$LOG.txt" | head -1 | cut -d: -f1)
again=$(grep -n "^cordon: vm 1 'lxboot' started" "$LOG.txt" | sed -n 2p | cut -d: -f1)
if [ -n "$scrub" ] && [ -n "$again" ] && [ "$scrub" -lt "$again" ]; then
	pass "lxboot starts again only after its memory is scrubbed"
else
	fail "lxboot starts again only after its memory is scrubbed (scrub at line ${scrub:-none}, second start at ${again:-none})"
fi
# its second run was asked to stop while it booted: its reset then ends it (or the button or the deadline)
expect "lxboot's second run ends for good" \
	"^cordon: vm 'lxboot': reset while stopping: left ended|^cordon: vm 'lxboot' ended: (powered itself off|did not stop)"
expect_not "no Linux oops" "^lx[a-z]*: .*(Oops|BUG:|Kernel panic)"
expect_clean_end

# The reboot-loop guard: a VM that resets at every boot is restarted 3 times, then left ended.
boot lifecycle-loop tests/integration/cfg/lifecycle-loop.cfg 200 "$files"
expect_count "lxloop is started 4 times" "^cordon: vm 0 'lxloop' started" 4
expect "its third restart is the last" "^cordon: vm 'lxloop': on_reboot = restart \(restart 3\)"
expect "the fourth reset within 60 s leaves it ended" \
	"^cordon: vm 'lxloop': reset more than 3 times within 60 s: left ended \(reboot loop"
expect_clean_end
LOG=$OUT/lifecycle.log

# Figures (host time of the serial lines under TCG: a coarse upper bound; the end lines' "ms after the
# stop request" are the hypervisor's own TSC figures).
at() { grep -m"${2:-1}" -- " ${1#^}" "$TLOG" | tail -1 | cut -d' ' -f1; } # each line: TIME LINE
ms() { [ -n "$1" ] && [ -n "$2" ] && echo "$1 $2" | awk '{printf "%d ms", ($2 - $1) * 1000}'; }
sed -n "s/^cordon: vm '\(.*\)' ended \([0-9]*\) ms after the stop request/lifecycle: stop of \1: \2 ms (TSC)/p" "$LOG.txt"
echo "lifecycle: start of stopper to its first line: $(ms "$(at "cordon: vm 2 'stopper' started")" "$(at "^stopper: waiting")")"
echo "lifecycle: start of lxboot (first) to its init: $(ms "$(at "cordon: vm 1 'lxboot' started")" "$(at "^lxboot: cordon-linux: init reached")")"
echo "lifecycle: start of lxboot (second) to its init: $(ms "$(at "cordon: vm 1 'lxboot' started" 2)" "$(at "^lxboot: cordon-linux: init reached" 2)")"
echo "lifecycle: reset of lxboot to its next start: $(ms "$(at "ended: reset itself")" "$(at "cordon: vm 1 'lxboot' started" 2)")"
