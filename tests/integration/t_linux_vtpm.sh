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
# the vTPM's identity (docs/VTPM.md): the EK name cordon logged at the domain's start is the one the
# guest's tpm2_createek made, compared here value against value; it was logged before the guest's
# first TPM command (the domain's first receive prints "engine ready"; tpm_crb probes before any
# tpm2-tools line), and it went into the runtime log (PCR 10) as a vtpm-ek event.
host_ek=$(sed -n "s/^cordon: vm 'lx': vTPM EK name \([0-9a-f]*\)\$/\1/p" "$LOG.txt" | head -n 1)
guest_ek=$(sed -n 's/^lx: cordon-linux: tpm: ek name \([0-9a-f]*\)$/\1/p' "$LOG.txt" | head -n 1)
if [ ${#host_ek} -eq 68 ] && [ "$host_ek" = "$guest_ek" ]; then
	pass "the EK name cordon logged is the one the guest computed ($host_ek)"
else
	fail "EK names differ or are missing: cordon '${host_ek:-none}', guest '${guest_ek:-none}'"
fi
expect_count "the vTPM reported its EK once" "^cordon: vm 'lx': vTPM EK name " 1
expect_before "the EK is logged before the domain takes its first command" "^cordon: vm 'lx': vTPM EK name " \
	"^lx-vtpm: vtpm: engine ready"
expect_before "the EK is logged before the guest uses its TPM" "^cordon: vm 'lx': vTPM EK name " "^lx: cordon-linux: tpm:"
expect "the EK name is in the runtime log" "measured into PCR 10: cordon vtpm-ek name=lx ek=${host_ek:-none}\$"
expect_not "no EK for the VM without a vTPM" "vm 'lxnotpm': vTPM EK name|vtpm-ek name=lxnotpm"
lx2_ek=$(sed -n "s/^cordon: vm 'lx2': vTPM EK name \([0-9a-f]*\)\$/\1/p" "$LOG.txt" | head -n 1)
if [ ${#lx2_ek} -eq 68 ] && [ "$lx2_ek" != "$host_ek" ]; then
	pass "lx2's vTPM has an EK of its own ($lx2_ek)"
else
	fail "lx2's EK is missing or is lx's: '${lx2_ek:-none}'"
fi
expect "the VM without a vTPM finds no TPM" "^lxnotpm: cordon-linux: tpm: /dev/tpm0 absent"
expect "the VM with a vTPM powers off through ACPI S5" "cordon: vm 'lx' ended: powered itself off \(ACPI S5\)"
expect "the VM without a vTPM powers off too" "cordon: vm 'lxnotpm' ended: powered itself off \(ACPI S5\)"
expect_not "no unexpected Linux oops" "^lx[a-z]*: .*(Oops|BUG:|Kernel panic)"
expect_clean_end

# ---- the verifier's side: cordon-attest, against a quote of the hardware TPM, shows the vTPM's EK name
# from the runtime log and calls the platform TRUSTED. A tiny client that stays up (tests/guests/sealed.c)
# keeps this boot short; a test TPM certified by the project CA, as t_attest.sh uses.
A=$OUT/linux-vtpm-attest
acfg=tests/integration/cfg/vtpm-attest.cfg
rm -rf "$A" && mkdir -p "$A/stage/guests" "$A/stage/vtpm" "$A/extra"
CA=$(tools/tpm-setup.sh --ca-bundle)
if tools/tpm-setup.sh "$A/tpm" >/dev/null; then
	cp "$B/hypervisor.elf" "$B/policy/demo.bin" "$A/stage/" && cp "$B"/guests/*.elf "$A/stage/guests/" &&
		cp "$B/vtpm/vtpm.elf" "$A/stage/vtpm/" && cp "$B/policy/demo.bin" "$A/extra/"
	"$B/tools/cordon-ref" make --cfg "$acfg" --esp-dir "$A/stage" -o "$A/ref" >"$A/ref.out" 2>&1 ||
		fail "cordon-ref: $(tail -n 1 "$A/ref.out")"
	BOOT_TPM_STATE=$A/tpm boot_bg vtpm-attest "$acfg" 240 "$A/extra"
	wait_log "management channel ready" 120 && wait_log "staying up for attestation" 60 &&
		wait_log "vTPM EK name" 60 || fail "cordon did not bring up the keeper VM and its vTPM"
	"$B/tools/cordon-attest" --socket "$MGMT" --ca "$CA" --ref "$A/ref" --timeout 60 >"$A/attest.out" 2>&1
	arc=$?
	"$B/tools/cordon-attest" --socket "$MGMT" --ca "$CA" --ref "$A/ref" --timeout 60 --json >"$A/json.out" 2>&1
	boot_end
	ek=$(sed -n "s/^cordon: vm 'keeper': vTPM EK name \([0-9a-f]*\)\$/\1/p" "$LOG.txt" | head -n 1)
	if [ "$arc" = 0 ] && grep -q "^platform TRUSTED" "$A/attest.out"; then pass "cordon-attest: TRUSTED with a vTPM's EK in the log"
	else fail "cordon-attest exit $arc: $(head -n 3 "$A/attest.out" | tr '\n' ' ')"; fi
	if [ ${#ek} -eq 68 ] && grep -q "^  vTPM of keeper: EK name $ek\$" "$A/attest.out"; then
		pass "cordon-attest shows the EK name cordon printed ($ek)"
	else
		fail "cordon-attest's vTPM line ('$(grep "vTPM of" "$A/attest.out")') is not cordon's EK name '${ek:-none}'"
	fi
	if grep -q "\"vtpms\":\[{\"vm\":\"keeper\",\"ek_name\":\"$ek\"}\]" "$A/json.out"; then pass "--json lists the vTPM's EK name"
	else fail "--json has no vtpms entry for keeper: $(cut -c1-200 "$A/json.out")"; fi
	expect "the keeper's EK is in the runtime log" "measured into PCR 10: cordon vtpm-ek name=keeper ek=${ek:-none}\$"
	expect_clean_end
else
	fail "cannot make a test TPM"
fi

