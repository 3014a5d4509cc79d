#!/bin/sh
# cordon integration: a Linux VM larger than 4 GiB gets its RAM around the 3-4 GiB MMIO hole, so the
# kernel finds its IOAPIC there (a single RAM range over it lost the serial console's interrupt).
. tests/integration/lib.sh
files=$OUT/linux-files
rm -rf "$files" && mkdir -p "$files/linux"
cp "$B/linux/vmlinuz" "$B/linux/initramfs.cpio.gz" "$files/linux/"
export QEMU_MEM=11G # q35 puts 9 GiB of it above 4 GiB: room for one contiguous 8 GiB VM
boot linux8g tests/integration/cfg/linux-8g.cfg 400 "$files"
expect "cordon starts the 8 GiB VM" "cordon: vm 0 'lx8' started: label [a-z]+, 8192 MiB"
expect "Linux's e820 map has 3 GiB below the hole" \
	"^lx8: .*BIOS-e820: \[mem 0x0000000000100000-0x00000000bfffffff\] usable"
expect "and the other 5 GiB from 4 GiB" "^lx8: .*BIOS-e820: \[mem 0x0000000100000000-0x000000023fffffff\] usable"
expect_not "no e820 range starts in the 3-4 GiB hole" "^lx8: .*BIOS-e820: \[mem 0x00000000(c|d|e|f)[0-9a-f]{7}-"
expect "Linux finds the IOAPIC in the hole" "^lx8: .*IOAPIC\[0\]: apic_id 1, version 17, address 0xfec00000, GSI 0-23"
expect_not "Linux can route its legacy interrupts" "^lx8: .*Unable to locate IOAPIC"
expect "Linux counts about 8 GiB of memory" "^lx8: .*Memory: [0-9]+K/83[0-9]{5}K available"
expect "the init's later lines arrive whole (the serial interrupt works)" "^lx8: cordon-linux: modules loaded: "
expect "Linux powers itself off" "cordon: vm 'lx8' ended: powered itself off \(ACPI S5\)"
expect "its 8 GiB are scrubbed and returned" "cordon: vm 'lx8': 8192 MiB scrubbed and returned"
expect_not "no unexpected Linux oops" "^lx8: .*(Oops|BUG:|Kernel panic)"
expect_clean_end
