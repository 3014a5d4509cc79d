#!/bin/bash
# cordon integration: the guest suite on Intel VT-x under Debian's Bochs, compared with the AMD-V run.
# CORDON_VTX_EMULATOR names the runner (default tools/run-bochs.sh; called as RUNNER IMG LOG
# TIMEOUT_SECONDS with COM1 written to LOG). CORDON_VTX_SCALE (default 2) multiplies every timeout.
# CORDON_VTX_TESTS (default "adverse isolation acm") picks the integration files to run on VT-x; each
# must boot through lib.sh's boot() (t_demo.sh does not: tools/demo.sh always runs QEMU).
B=${B:-build}
export B
amd_out=$B/itest
runner=${CORDON_VTX_EMULATOR:-tools/run-bochs.sh}
tests=${CORDON_VTX_TESTS:-adverse isolation acm}
if [ -z "${CORDON_VTX_EMULATOR:-}" ] && ! command -v bochs-bin >/dev/null; then
	echo "FAIL: vtx: bochs-bin not found, the VT-x suite cannot run (make deps installs Debian's bochs)"
	exit 0
fi

# Backend named in a serial log's "cordon: backend X ready" line (empty when there is none).
backend_of() { sed -n 's/^cordon: backend \(.*\) ready;.*/\1/p' "$1" | head -1; }
# What must not depend on the backend: every guest console line, and every VM's end reason.
# Except counts that depend on how the VMs' slices interleave: how many of the flood's frames the
# sink took before its ring was full (t_acm.sh asserts only that there were some).
guest_lines() {
	grep -E '^[a-z0-9_-]+: ' "$1" | grep -v '^cordon' | sed -E 's/^(sink: received )[0-9]+ frames/\1N frames/' | sort
}
end_reasons() { grep -E "^cordon: vm '[^']*' ended: " "$1" | sort; }

# AMD-V reference: the log the AMD-V run of the same test left in $B/itest (run-all.sh runs t_vtx
# last). A missing log, or one older than the build, is made now by running the test under QEMU.
amd_fresh() {
	[ -f "$1" ] || return 1
	[ "$1" -nt "$B/hypervisor.elf" ] && [ "$1" -nt "$B/BOOTX64.EFI" ] || return 1
	[ -z "$(find "$B/guests" -name '*.elf' -newer "$1")" ]
}

for t in $tests; do
	stamp=$(mktemp)
	# The VT-x run: lib.sh boots through the runner, with 'tpm = optional' (Bochs has no TPM).
	CORDON_RUNNER="$runner" CORDON_TIMEOUT_SCALE="${CORDON_VTX_SCALE:-2}" EXPECT_BACKEND=VT-x \
		OUT="$B/itest-vtx" sh "tests/integration/t_$t.sh" | sed -e 's/^PASS: /PASS: vtx /' -e 's/^FAIL: /FAIL: vtx /'
	logs=$(find "$B/itest-vtx" -name '*.log.txt' -newer "$stamp" | sort)
	rm -f "$stamp"
	if [ -z "$logs" ]; then
		echo "FAIL: vtx $t: t_$t.sh booted nothing through the runner, so nothing ran on VT-x"
		continue
	fi
	for vtx in $logs; do
		log=$(basename "$vtx" .log.txt) amd=$amd_out/$log.log.txt
		if ! amd_fresh "$amd"; then
			echo "vtx $log: no current AMD-V log; running t_$t.sh under QEMU for it"
			sh "tests/integration/t_$t.sh" | sed -e 's/^PASS: /PASS: vtx amd-v reference /' -e 's/^FAIL: /FAIL: vtx amd-v reference /'
		fi
		vb=$(backend_of "$vtx") ab=$(backend_of "$amd" 2>/dev/null)
		if [ "$vb" != VT-x ]; then
			echo "FAIL: vtx $log: the VT-x log names backend '${vb:-none}', not VT-x ($vtx)"
		elif [ "$ab" != AMD-V ]; then
			echo "FAIL: vtx $log: the AMD-V log to compare with names backend '${ab:-none}', not AMD-V ($amd)"
		elif [ "$log" = adverse-cr4 ]; then
			# A reserved CR4 bit and CR4.VMXE are #GP at the write on VT-x (as on hardware) but end the VM
			# under QEMU's TCG, which fails VMRUN: t_adverse.sh asserts each backend's own outcome.
			echo "PASS: vtx $log: ran on VT-x (its outcome differs from TCG's by design; t_adverse checks both)"
		elif ! diff <(guest_lines "$amd") <(guest_lines "$vtx") >"$B/itest-vtx/$log.diff"; then
			echo "FAIL: vtx $log: guest console lines differ between AMD-V and VT-x (< AMD-V, > VT-x):"
			head -n 20 "$B/itest-vtx/$log.diff" | sed 's/^/  | /'
		elif ! diff <(end_reasons "$amd") <(end_reasons "$vtx") >"$B/itest-vtx/$log.diff"; then
			echo "FAIL: vtx $log: VM end reasons differ between AMD-V and VT-x (< AMD-V, > VT-x):"
			head -n 20 "$B/itest-vtx/$log.diff" | sed 's/^/  | /'
		else
			echo "PASS: vtx $log: ran on VT-x; guest output and end reasons identical to the AMD-V run"
		fi
	done
done
