#!/bin/sh
# cordon integration: unmodified Linux guests (Debian's cloud kernel, make linux): boot to init, power off,
# panic and reset, each ending only that VM, beside adverse guests.
. tests/integration/lib.sh
files=$OUT/linux-files
rm -rf "$files" && mkdir -p "$files/linux"
cp "$B/linux/vmlinuz" "$B/linux/initramfs.cpio.gz" "$files/linux/"

boot linux tests/integration/cfg/linux.cfg 300 "$files"
expect "the loader checks and measures the kernel and its initrd" "cordon-loader: loaded linux/initramfs.cpio.gz"
expect "cordon enters the kernel through the 64-bit boot protocol" "cordon: vm 0 'lx' started: label green, 256 MiB"
expect "Linux reads cordon's e820 map" "^lx: .*BIOS-e820: \[mem 0x0000000000100000-0x000000000fffffff\] usable"
expect "Linux finds cordon's ACPI tables" "^lx: .*ACPI: XSDT 0x00000000000E0030"
expect "Linux uses the x2APIC cordon starts it in" "^lx: .*x2apic: enabled by BIOS, switching to x2apic ops"
expect "Linux uses kvmclock and needs no calibration" "^lx: .*clocksource: Switched to clocksource kvm-clock"
expect "Linux uses the TSC-deadline timer" "^lx: .*TSC deadline timer available"
expect "Linux finds cordon's IOAPIC through the MADT" "^lx: .*IOAPIC\[0\]: apic_id 1, version 17, address 0xfec00000, GSI 0-23"
expect "the 8250 driver takes the vUART as a 16550A" "^lx: .*ttyS0 at I/O 0x3f8 .* is a 16550A"
expect "Linux reaches its init" "^lx: cordon-linux: init reached on lx kernel 6\.1"
expect "the init's later lines arrive whole (transmit interrupts work)" "^lx: cordon-linux: modules loaded: .*virtio_net"
expect "Linux powers itself off through ACPI S5: only that VM ends" "cordon: vm 'lx' ended: powered itself off \(ACPI S5\)"
expect "the spinner ends at its time limit" "cordon: vm 'spin' ended: time limit of 8 s reached"
expect "the out-of-bounds guest ends on its own fault" "cordon: vm 'oob' ended: nested page fault"
expect "the triple-faulting guest ends" "cordon: vm 'triple' ended: triple fault"
expect "the well-behaved guest finishes" "cordon: vm 'counter' ended: exited with code 0"
expect "a tiny guest's SYSCALLs land at its own LSTAR while Linux runs, never at Linux's" "^lstar: [0-9]+ SYSCALLs while 'lx' ran, every one landed at my own LSTAR \(0x0\)"
expect "Linux uses the AVX state cordon switches" "^lx: .*x86/fpu: Supporting XSAVE feature 0x004: 'AVX registers'"
expect "Linux sees XSAVE, AVX and AVX2" "^lx: cordon-linux: cpu flags: .*xsave .*avx .*avx2"
expect "a user process's CONSOLE_WRITE is refused" "^lx: cordon-hcall: console_write from user mode: E_PERM"
expect "a user process's EXIT is refused" "^lx: cordon-hcall: exit from user mode: E_PERM"
expect_not "a user process cannot print guest memory" "USER-LEAK"
expect "the VM keeps running after its user process tried" "^lx: cordon-linux: user hypercalls done"
expect_not "no unexpected Linux oops" "^lx: .*(Oops|BUG:|Kernel panic)"
expect_clean_end

boot linux-panic tests/integration/cfg/linux-panic.cfg 300 "$files"
expect "the kernel panics (no init)" "^lx: .*Kernel panic - not syncing"
# panic=-1 restarts at once; the restart path reads outside the VM's memory and ends it (see the issue note).
# VT-x without unrestricted guest cannot run that path: the VM ends when it turns paging off.
expect "the panicking VM ends, and only it" "cordon: vm 'lx' ended: (reset itself|nested page fault|triple fault|turned paging off)"
expect "the VM beside it finishes normally" "cordon: vm 'counter' ended: exited with code 0"
expect_clean_end
