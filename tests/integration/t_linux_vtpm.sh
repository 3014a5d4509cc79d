#!/bin/sh
# cordon integration: a stock Linux guest finds its vTPM through ACPI (TPM2 table, MSFT0101 device),
# tpm_crb drives the CRB front end, and tpm2-tools' commands work end to end (issue 13).
. tests/integration/lib.sh
files=$OUT/linux-vtpm-files
rm -rf "$files" && mkdir -p "$files/linux"
cp "$B/linux/vmlinuz" "$B/linux/initramfs.cpio.gz" "$files/linux/"

boot linux-vtpm tests/integration/cfg/linux-vtpm.cfg 600 "$files"
# the ACPI side (lib/acpi): TCG ACPI 1.3 TPM2 table, revision 4, 76 bytes, only for the VM with a vTPM
expect "Linux finds the TPM2 table of the VM with a vTPM" "^lx: .*ACPI: TPM2 0x[0-9A-F]+ 00004C \(v04 CORDON CORDONVM"
expect_not "the VM without a vTPM has no TPM2 table" "^lxnotpm: .*ACPI: TPM2"
expect_not "tpm_crb's probe does not fail" "^lx: .*tpm_crb.*(failed|FW_BUG|Bad ACPI)"
# the guest side (tests/linux/tpm-check): one line per step through /dev/tpmrm0
expect "tpm_crb made /dev/tpm0 and /dev/tpmrm0" "^lx: cordon-linux: tpm: /dev/tpm0 present"
for step in getrandom pcrread pcrextend pcrread-again createprimary nvdefine nvwrite nvread seal unseal \
	unseal-refused createek createak quote; do
	expect "tpm2-tools: $step" "^lx: cordon-linux: tpm: $step ok"
done
expect "every TPM step passed" "^lx: cordon-linux: tpm: done 14 ok 0 failed"
expect_not "no TPM step failed" "^lx: cordon-linux: tpm: .* FAILED"
# isolation: two vTPMs used at the same time; a shared one would show the other's extend in PCR 16's first
# read or between a VM's extend and its check, and the other's NV index at its define
zero=0000000000000000000000000000000000000000000000000000000000000000
for vm in lx lx2; do
	expect "$vm's vTPM starts with PCR 16 = 0" "^$vm: cordon-linux: tpm: pcrread ok \(sha256:16 = (0x)?$zero\)"
done
expect "lx2's vTPM (a default vtpm = yes) passes every step too" "^lx2: cordon-linux: tpm: done 14 ok 0 failed"
expect_not "no step of lx2 failed" "^lx2: cordon-linux: tpm: .* FAILED"
expect_count "two vTPM domains ran the engine" "^lx2?-vtpm: vtpm: engine ready" 2
expect "the VM without a vTPM finds no TPM" "^lxnotpm: cordon-linux: tpm: /dev/tpm0 absent"
expect "the VM with a vTPM powers off through ACPI S5" "cordon: vm 'lx' ended: powered itself off \(ACPI S5\)"
expect "the VM without a vTPM powers off too" "cordon: vm 'lxnotpm' ended: powered itself off \(ACPI S5\)"
expect_not "no unexpected Linux oops" "^lx[a-z]*: .*(Oops|BUG:|Kernel panic)"
expect_clean_end
