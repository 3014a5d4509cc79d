#!/bin/sh
# cordon integration: what make demo runs (tools/demo.sh --batch): loader output, banner, labelled VMs
# interleaving on their own consoles, the sealed secret, a TRUSTED report from cordon-attest, and the
# management plane: cordon-ctl lists the VMs, loads a signed policy that takes linux-b off linux-seg (its
# link goes down, linux-a's pings stop, both audited), attestation names the new policy, and the Linux VMs
# are stopped through their ACPI power button.
. tests/integration/lib.sh
NAME=demo
LOG=$B/demo.log
t0=$(date +%s)
tools/demo.sh --batch >"$OUT/demo.out" 2>&1
RC=$?
SECS=$(( $(date +%s) - t0 )); TIMED_OUT=0
clean_log
expect "loader reads boot.cfg and prints it" "cordon-loader: loaded boot.cfg +[0-9]+ bytes +sha256 [0-9a-f]{16}"
expect "loader loads the hypervisor" "cordon-loader: loaded hypervisor.elf"
expect "loader checks and loads the policy" "cordon-loader: policy 'demo.bin' \(demo\): 7 labels"
expect "hypervisor prints its banner" "^cordon microhypervisor: booting"
expect "$EXPECT_BACKEND backend selected" "cordon: backend $EXPECT_BACKEND ready; 8 VM\(s\) in boot.cfg, 3 vTPM domain\(s\)"
expect "the loader measured every component into the TPM" "cordon-loader: measured 29 events; event log [0-9]+ bytes handed over"
expect "green-a starts with its label" "cordon: vm 0 'green-a' started: label green, 4 MiB"
expect "red starts with its label" "cordon: vm 2 'red' started: label red, 4 MiB"
expect "blue waits for red (Chinese Wall)" "cordon: vm 'blue' \(label blue\) refused: Chinese Wall conflict with running vm 'red'"
expect_before "green-a and green-b interleave" "^green-b: " "^green-a: share a:"
expect_before "green-b and green-a interleave" "^green-a: " "^green-b: share b:"
expect "blue reads its name and label from the start-info page" "^blue: I am 'blue', label 'blue', vm id 3"
expect "blue sees the cordon CPUID leaf and ABI version" "^blue: cpuid signature \"CordonHV\", hypervisor bit 1, ABI version 1"
expect "console hypercall output is prefixed too" "^blue: this line came through the console hypercall"
expect_count "all four VMs exited with code 0" "cordon: vm '(green-a|green-b|red|blue)' ended: exited with code 0" 4
expect "the summary lists exit counts" "cordon: +green-a +exited with code 0; [0-9]+ exits"
expect "the TPM released the sealed secret to vault" "cordon: sealed secret unsealed \(32 bytes, PCR mask 0x300\) for vm 'vault'"
want=$(sha256sum "$B/demo/secret" | cut -d' ' -f1)
expect "vault received exactly the secret demo.sh sealed" "^vault: secret received: 32 bytes, sha256 $want"
expect "vault ends at its time limit" "cordon: vm 'vault' ended: time limit of 20 s reached"
expect "the green Linux VMs get virtio-net NICs on linux-seg" "cordon: vm 'linux-b': NIC 02:00:00:00:00:07 on segment 'linux-seg'"
expect "the red Linux VM is refused the NIC by the reference monitor" "cordon: vm 'linux-red': NIC on segment 'linux-seg' refused by the reference monitor"
expect "the refusal is audited" "cordon: audit .*op=nic-attach subj=linux-red/red obj=segment/linux-seg decision=deny"
expect "the loader measured the demo's operator key" "cordon-loader: operator_key 'keys/operator.pub': RSA-3072"
expect "linux-a reaches linux-b through cordon's switch" "^linux-a: cordon-linux: ping 10.0.0.2 ok"
expect "linux-b reaches linux-a through cordon's switch" "^linux-b: cordon-linux: ping 10.0.0.1 ok"
expect "linux-red has no NIC and reaches no one" "^linux-red: cordon-linux: ping 10.0.0.1 FAILED"
for vm in linux-a linux-b; do
	expect "$vm uses its own vTPM with tpm2-tools" "^$vm: cordon-linux: tpm: done 14 ok 0 failed"
	ek=$(sed -n "s/^cordon: vm '$vm': vTPM EK name \([0-9a-f]*\)\$/\1/p" "$LOG.txt" | head -n 1)
	expect "$vm's guest computes the EK cordon logged" "^$vm: cordon-linux: tpm: ek name ${ek:-none}\$"
done
expect "linux-red has a vTPM too (the default)" "cordon: vm 'linux-red': vTPM EK name "
expect_count "the three Linux VMs power themselves off" "cordon: vm 'linux-(a|b|red)' ended: powered itself off \(ACPI S5\)" 3
expect "the signed policy demo-v2 is loaded into the running cordon" "cordon: operator: policy 'demo-v2' serial 1 in force: 0 VM\(s\) stopped, 1 binding\(s\) revoked"
expect "linux-b's NIC is detached by the change" "cordon: policy change: vm 'linux-b': NIC on segment 'linux-seg' detached"
expect "the revocation is audited" "cordon: audit .*op=revoke subj=linux-b/lgreen obj=segment/linux-seg decision=revoked"
expect "the change is audited with both digests" "cordon: audit .*op=policy-load subj=operator/[0-9a-f]{16} obj=policy:demo-v2/[0-9a-f]{16} decision=ok"
expect "linux-b sees its link go down" "^linux-b: .*cordon-linux: eth0 link down"
expect "linux-a's pings to linux-b stop" "^linux-a: .*cordon-linux: watch 10.0.0.2 unreachable"
expect_before "they stop only after the change" "policy 'demo-v2' serial 1 in force" "^linux-a: .*cordon-linux: watch 10.0.0.2 unreachable"
expect_count "cordon-ctl stop presses both green Linux VMs' power button" "orderly stop: ACPI power button pressed" 2
expect_count "and each ends well before the deadline" "cordon: vm 'linux-(a|b)' ended [0-9]+ ms after the stop request" 2
LOG=$B/demo/attest.txt; clean_log
expect "make demo's attestation report says TRUSTED" "^platform TRUSTED — firmware log replayed \([0-9]+ events\), hypervisor, boot.cfg, policy, runtime events and each guest \(green-a, green-b, red, blue, vault, linux-a, linux-b, linux-red, linux-a-vtpm, linux-b-vtpm, linux-red-vtpm\) match the reference values; quote fresh; AK certified by the TPM's EK"
LOG=$B/demo/attest2.txt; clean_log
expect "after the change the attestation names the new policy, accepted" "policy in force: demo-v2 \(loaded at run time, serial 1, sha256 [0-9a-f]{64}\): accepted by the reference values"
expect "and the platform is still TRUSTED" "^platform TRUSTED"
LOG=$B/demo/list.txt; clean_log
expect "cordon-ctl list shows linux-b with its label" "^linux-b +lgreen +(running|blocked)"
LOG=$OUT/demo.out; clean_log
expect "the demo summary shows the report" "^- remote attestation by build/tools/cordon-attest \(exit status 0\)"
expect "the demo summary shows each Linux VM's vTPM" "^- linux-a's own vTPM \(domain linux-a-vtpm\) has EK name [0-9a-f]{68}"
expect "the demo summary shows the secret went to vault" "^- the TPM released the sealed secret to vault only"
LOG=$B/demo.log; clean_log
expect_clean_end
