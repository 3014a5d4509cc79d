#!/bin/sh
# cordon integration: a VM never sees another VM's memory.
. tests/integration/lib.sh
boot isolation tests/integration/cfg/isolation.cfg 120
expect "secret planted its markers" "^secret: planted [0-9]+ markers"
expect_before "peek scanned while secret was alive" "^peek: round 1:" "cordon: vm 'secret' ended"
expect "peek's scan finds a marker it planted itself" "^peek: round 3: scanned 32768 KiB, 1 marker\(s\) found"
expect "peek saw none of secret's markers" "^peek: peek: only my own marker is visible"
expect "peek exited 0" "cordon: vm 'peek' ended: exited with code 0"
expect "secret's memory was scrubbed on exit" "cordon: vm 'secret': 32 MiB scrubbed and returned"
expect_clean_end

# Register state: x87/MMX/SSE registers are saved and restored per vCPU.
boot fpu tests/integration/cfg/fpu.cfg 90
expect "a fresh VM starts with clear x87/SSE registers" "^looker: initial mm0 0x0 xmm0 0x0"
expect "the planting VM keeps its registers across 30 switches" "^planter: fpu plant: registers stayed my own"
expect "the other VM never sees them" "^looker: fpu look: registers stayed my own"
expect_clean_end

# CPU state VM entry does not switch: red plants a value in every class; a green VM beside it, a
# bystander and blue (started by the Chinese Wall only after red ended) find their reset state.
files=$OUT/cpustatefiles
mkdir -p "$files" && cp "$B/policy/demo.bin" "$files/demo.bin"
boot cpustate tests/integration/cfg/cpustate.cfg 120 "$files"
expect "red planted its registers" "^red-writer: cpustate write: planted dr0-3 0x7ff0c0de0010.. dr6 0xffff0ff3 dr7 0x550400 cr2 0x7ff0c0de0050 cr8 9"
if [ "$EXPECT_BACKEND" = AMD-V ]; then # QEMU's -cpu max has PKU and AVX
	expect "red planted PKRU, XCR0 and the YMM upper halves" "^red-writer: cpustate write: .* pkru 0x5555555c xcr0 0x7 ymm yes"
fi
expect "red's registers stayed its own over 30 switches" "^red-writer: cpustate write: my registers stayed my own"
for r in green-reader bystander blue-reader; do
	expect "$r found every register in its reset state" "^$r: cpustate read: every register in its reset state"
done
expect_not "no VM saw another's registers" "cpustate (read|write): FAIL"
expect_before "blue started only after red had ended" "cordon: vm 'red-writer' ended" "cordon: vm [0-9]+ 'blue-reader' started"
expect_before "green first read while red was running" "^green-reader: cpustate read: starts in the reset state" "cordon: vm 'red-writer' ended"
expect_clean_end
