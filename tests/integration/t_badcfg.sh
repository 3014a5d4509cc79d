#!/bin/sh
# cordon integration: each malformed boot.cfg makes the loader print file:line and power off, starting nothing.
. tests/integration/lib.sh
files=$OUT/files
mkdir -p "$files/bad"
printf 'this is a text file, not an ELF image\n' >"$files/bad/notelf.elf"
head -c 100 "$B/guests/hello.elf" >"$files/bad/truncated.elf"
# Linux VMs: Debian's kernel (make linux), whole and cut short.
cp "$B/linux/vmlinuz" "$files/bad/vmlinuz"
head -c 65536 "$B/linux/vmlinuz" >"$files/bad/vmlinuz-truncated"
for cfg in tests/integration/bad/*.cfg; do
	want=$(sed -n 's/^# expect: //p' "$cfg")
	boot "bad-$(basename "$cfg" .cfg)" "$cfg" 90 "$files"
	expect "loader reports: $want" "$want"
	expect "loader says nothing was started and powers off" "cordon-loader: nothing was started; powering off"
	expect_not "the hypervisor never started" "cordon microhypervisor"
	if [ "$TIMED_OUT" = 0 ]; then pass "QEMU exited by itself (${SECS}s)"; else fail "loader hung"; fi
done

# A damaged hypervisor image is refused by the loader, which powers off.
head -c 4000 "$B/hypervisor.elf" >"$files/hv-truncated.elf"
cp "$B/policy/demo.bin" "$files/"
HV_ELF=$files/hv-truncated.elf boot bad-hypervisor boot.cfg 90 "$B/esp.extra"
expect "loader names the damaged hypervisor image" "cordon-loader: hypervisor.elf: (segment data|program headers) outside the file"
expect "loader refuses to place it" "cordon-loader: error: cannot place the hypervisor"
expect_not "the hypervisor never started" "cordon microhypervisor"
if [ "$TIMED_OUT" = 0 ]; then pass "QEMU exited by itself (${SECS}s)"; else fail "loader hung"; fi
