#!/bin/sh
# cordon: builds a FAT ESP disk image with mtools (no loop mounts):
#   \EFI\BOOT\BOOTX64.EFI, \cordon\hypervisor.elf, \cordon\boot.cfg, \cordon\guests\*.elf,
#   \cordon\vtpm\vtpm.elf (the vTPM domain image, docs/VTPM.md)
# usage: tools/mkesp.sh OUT.img BOOT.CFG [EXTRA_DIR]   (EXTRA_DIR's files go to \cordon too)
# HV_ELF=path replaces the hypervisor image, GUESTS_DIR=dir the guest images and VTPM_ELF=path the
# vTPM domain image (tests use them for tampered images).
set -eu
out=$1 cfg=$2 extra=${3:-}
B=${B:-build}
rm -f "$out"
mformat -i "$out" -C -T 65536 -h 64 -s 32 -v CORDON ::
mmd -i "$out" ::/EFI ::/EFI/BOOT ::/cordon ::/cordon/guests ::/cordon/vtpm
mcopy -i "$out" "$B/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$out" "${HV_ELF:-$B/hypervisor.elf}" ::/cordon/hypervisor.elf
mcopy -i "$out" "$cfg" ::/cordon/boot.cfg
mcopy -i "$out" "${VTPM_ELF:-$B/vtpm/vtpm.elf}" ::/cordon/vtpm/vtpm.elf
for g in "${GUESTS_DIR:-$B/guests}"/*.elf; do
	mcopy -i "$out" "$g" ::/cordon/guests/
done
if [ -n "$extra" ]; then
	mcopy -s -i "$out" "$extra"/* ::/cordon/
fi
