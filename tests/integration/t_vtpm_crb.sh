#!/bin/sh
# cordon integration: the vTPM's CRB front end (vtpm/crb.c) survives an adverse client (tests/guests/crbabuse.c).
. tests/integration/lib.sh
boot vtpm-crb tests/integration/cfg/vtpm-crb.cfg 300
expect "the client started with its TPM" "cordon: vm [0-9]+ 'crbabuse' started"
expect "its layout is CRB, locality 0 only" "^crbabuse: INTF_ID 0x25811 "
expect "bad sizes are answered with TPM_RC_COMMAND_SIZE" "^crbabuse: bad size: rc 0x142, 10 bytes"
expect "garbage gets a TPM answer" "^crbabuse: garbage of 64 bytes: rc 0x[0-9a-f]+, [0-9]+ bytes"
expect "a START storm and a rewrite after START get one whole answer" "^crbabuse: storm: rc 0x[0-9a-f]+, [0-9]+ bytes, CANCEL 0"
expect_not "no check of the guest failed" "^crbabuse: verdict: FAIL"
expect_not "no poke went unanswered" "^crbabuse: FAIL"
expect "the client's vTPM domain ran the engine" "^crbabuse-vtpm: vtpm: engine ready [0-9]+ ms after the runtime started"
expect "the domain ended with its client" "cordon: vm 'crbabuse-vtpm' ended: its client VM ended"
expect "the domain's memory was scrubbed" "cordon: vm 'crbabuse-vtpm': 32 MiB scrubbed and returned"
expect "crbabuse exited 0" "cordon: vm 'crbabuse' ended: exited with code 0"
expect "the bystander kept running" "^bystander: done counting"
expect "the bystander exited 0" "cordon: vm 'bystander' ended: exited with code 0"
expect "a VM without a vTPM faults on the registers as before" \
	"cordon: vm 'notpm' ended: nested page fault: write at gpa 0xfed40008"
expect_clean_end
expect "the client's vTPM answered TPM2_GetRandom" "^crbabuse: verdict: PASS .*GetRandom gave 8 bytes"
# the cancel may win (the link answers a command its domain has not taken yet with TPM_RC_CANCELED)
expect "the rewrite after START was judged (the answer came after it)" \
	"^crbabuse: storm: rc 0x(0, 20|909, 10) bytes, CANCEL 0, answered after the rewrite"

# No hardware TPM: no entropy. The domain must stop, never answer from an OpenSSL seeded by rand().
BOOT_TPM=none boot vtpm-noentropy tests/integration/cfg/vtpm-noentropy.cfg 300
expect "the domain names the missing entropy and stops" "^crbabuse-vtpm: vtpm: no entropy source .*stopping"
expect "the console says why the client's vTPM ended" "cordon: vm 'crbabuse': its vTPM ended: exited with code"
expect_not "the engine never came up without entropy" "^crbabuse-vtpm: vtpm: engine ready"
expect "the client sees a failing TPM, and no hang" "^crbabuse: verdict: NOTPM .*GetRandom rc 0x101, tpmSts 1"
expect "the client exits normally" "cordon: vm 'crbabuse' ended: exited with code 0"
expect "the VM beside it finishes" "cordon: vm 'bystander' ended: exited with code 0"
expect_clean_end
