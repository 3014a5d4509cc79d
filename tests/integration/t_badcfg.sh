#!/bin/sh
# cordon integration: each malformed boot.cfg makes the loader print file:line and power off, starting nothing.
. tests/integration/lib.sh
files=$OUT/files
mkdir -p "$files/bad"
printf 'this is a text file, not an ELF image\n' >"$files/bad/notelf.elf"
head -c 100 "$B/guests/hello.elf" >"$files/bad/truncated.elf"
for cfg in tests/integration/bad/*.cfg; do
	want=$(sed -n 's/^# expect: //p' "$cfg")
	boot "bad-$(basename "$cfg" .cfg)" "$cfg" 90 "$files"
	expect "loader reports: $want" "$want"
	expect "loader says nothing was started and powers off" "cordon-loader: nothing was started; powering off"
	expect_not "the hypervisor never started" "cordon microhypervisor"
	if [ "$TIMED_OUT" = 0 ]; then pass "QEMU exited by itself (${SECS}s)"; else fail "loader hung"; fi
done
