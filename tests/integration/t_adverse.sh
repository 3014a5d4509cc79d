#!/bin/sh
# cordon integration: adverse guests (spin, out-of-bounds, triple fault, forged hypercalls, probes) are contained.
. tests/integration/lib.sh
boot adverse tests/integration/cfg/adverse.cfg 120
expect "out-of-bounds guest ended by a nested page fault on its write" \
	"cordon: vm 'oob' ended: nested page fault: write at gpa 0x201000 outside its memory"
expect_not "out-of-bounds write never succeeded" "oob: FAIL"
expect "triple-faulting guest ended with 'triple fault'" "cordon: vm 'triple' ended: triple fault"
expect_not "triple-faulting guest never continued" "triple: FAIL"
expect "forged hypercalls all failed cleanly" "forge: forge: 0 failure\(s\)"
expect "forge guest exited normally" "cordon: vm 'forge' ended: exited with code 0"
expect "hypercall number CORDON_HC_COUNT is unknown" "^forge: ok: hypercall number CORDON_HC_COUNT "
expect "EVTCHN_SEND/BIND on port 32 (MAX_PORTS) fail cleanly" "^forge: ok: EVTCHN_BIND to my own port 32 "
expect "VM_LOOKUP takes 31-byte names and refuses 32" "^forge: ok: VM_LOOKUP of length 32 \(CFG_NAME_MAX\) \(status -3,"
expect "GRANT_UNMAP of the guest's own code is refused, the guest lives on" "^forge: ok: GRANT_UNMAP at my own code "
expect "an ended VM cannot be looked up or offered a port" "^forge: ok: EVTCHN_ALLOC for a VM that has ended "
expect "probe guest saw every denial it expected" "probe: probe: 0 failure\(s\)"
expect "probe guest exited normally" "cordon: vm 'probe' ended: exited with code 0"
expect "probe guest's 4 port writes were dropped and counted" "cordon: +probe .* 4 port writes dropped"
expect "spinning guest was ended by its time limit" "cordon: vm 'spin' ended: time limit of 8 s reached"
expect_count "the well-behaved guest printed all 20 counts" "^counter: count [0-9]+ of 20$" 20
expect_before "the well-behaved guest finished while the spinner still ran" \
	"^counter: done counting" "cordon: vm 'spin' ended"
# Instruction exits: the length is decoded behind prefixes (AMD-V under TCG has no next-RIP save).
expect "prefixed CPUID/RDMSR/WRMSR/hypercalls resumed right after themselves" "prefix: prefix: 0 failure\(s\)"
expect "a prefixed console-write hypercall printed its line" "^prefix: a prefixed hypercall wrote this line$"
expect "prefix guest exited normally" "cordon: vm 'prefix' ended: exited with code 0"
expect "the guest's 1001 WBINVDs were intercepted (and completed as no-ops)" "cordon: +prefix .*wbinvd 1001\)"
expect "single steps over emulated instructions trapped right after each" "sstep: sstep: 0 failure\(s\)"
expect "single-step guest exited normally" "cordon: vm 'sstep' ended: exited with code 0"
expect_not "no VM ended with an untranslated exit" "ended: unexpected exit"
expect "every adverse VM's memory was scrubbed and returned" "cordon: vm 'triple': 2 MiB scrubbed and returned"
expect "hypercalls from ring 3 were all refused with E_PERM" "^ring3: ring3: every hypercall from CPL 3 refused"
expect "ring 3's CONSOLE_WRITE printed nothing" "^ring3: ring3: console_write from CPL 3 -> -4"
expect_not "ring 3 could not print guest memory" "RING3-LEAK"
expect "ring 3's EXIT did not end the VM; ring 0 still can" "cordon: vm 'ring3' ended: exited with code 0"
expect "host reached the end of all VMs" "cordon: all VMs have ended"
expect_clean_end

# A reserved CR4 bit, and CR4.VMXE (reserved on the CPU guests are shown): CPUs raise #GP at the write
# (VT-x guests too; for VMXE cordon injects it at the CR-access exit); under AMD-V QEMU's TCG lets both
# writes through and VMRUN then fails (VMEXIT_INVALID), which must read "invalid guest state"
# (docs/GUEST.md). Clearing CR0.PG in 64-bit mode is #GP on every CPU; VT-x exits on the write (cordon
# owns PG) and cordon raises it; QEMU's TCG lets it through, and the guest then runs unpaged until it
# touches memory outside its own. Its own boot, because t_vtx.sh compares the adverse log between the
# backends and the outcomes differ.
boot adverse-cr4 tests/integration/cfg/badcr4.cfg 60
if [ -z "${CORDON_RUNNER:-}" ] && [ "${QEMU_ACCEL:-tcg}" = tcg ]; then
	expect "a reserved CR4 bit ends the VM as invalid guest state" "cordon: vm 'badcr4' ended: invalid guest state"
	expect "CR4.VMXE ends the VM as invalid guest state" "cordon: vm 'vmxe' ended: invalid guest state"
	expect "clearing CR0.PG ends the VM (TCG runs it unpaged)" "cordon: vm 'cr0pg' ended: (nested page fault|triple fault|invalid guest state)"
else
	expect "a reserved CR4 bit write raises #GP(0)" "badcr4: the write raised #GP\\(0\\)"
	expect "the guest ended after its #GP" "cordon: vm 'badcr4' ended: exited with code 0"
	expect "a CR4.VMXE write raises #GP(0)" "vmxe: the write raised #GP\\(0\\)"
	expect "the VMXE guest ended after its #GP" "cordon: vm 'vmxe' ended: exited with code 0"
	expect "clearing CR0.PG in 64-bit mode raises #GP(0)" "cr0pg: the write raised #GP\\(0\\)"
	expect "the CR0.PG guest ended after its #GP" "cordon: vm 'cr0pg' ended: exited with code 0"
fi
expect_not "the reserved CR4 bit never stuck" "badcr4: FAIL"
expect_not "CR4.VMXE never stuck" "vmxe: FAIL"
expect_not "CR0.PG never went off with the guest running on" "cr0pg: FAIL"
expect_not "the VM did not end with an untranslated exit" "ended: unexpected exit"
expect "the VM beside it finished" "cordon: vm 'counter' ended: exited with code 0"
expect_clean_end
