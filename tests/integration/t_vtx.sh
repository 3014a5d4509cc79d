#!/bin/bash
# cordon integration: the guest suite on Intel VT-x under Debian's Bochs, compared with the AMD-V run.
# CORDON_VTX_EMULATOR names the runner (default tools/run-bochs.sh; called as RUNNER IMG LOG
# TIMEOUT_SECONDS with COM1 written to LOG). CORDON_VTX_SCALE (default 2) multiplies every timeout.
# CORDON_VTX_TESTS (default "adverse isolation acm vnetflood linux linuxnet") picks the integration files to run on VT-x; each
# must boot through lib.sh's boot() (t_demo.sh does not: tools/demo.sh always runs QEMU).
B=${B:-build}
export B
amd_out=$B/itest
runner=${CORDON_VTX_EMULATOR:-tools/run-bochs.sh}
tests=${CORDON_VTX_TESTS:-adverse isolation acm vnetflood linux linuxnet}
if [ -z "${CORDON_VTX_EMULATOR:-}" ] && ! command -v bochs-bin >/dev/null; then
	echo "FAIL: vtx: bochs-bin not found, the VT-x suite cannot run (make deps installs Debian's bochs)"
	exit 0
fi

# Backend named in a serial log's "cordon: backend X ready" line (empty when there is none).
backend_of() { sed -n 's/^cordon: backend \(.*\) ready;.*/\1/p' "$1" | head -1; }
# What must not depend on the backend: every guest console line, and every VM's end reason.
# Except figures that depend on how the VMs' slices interleave or on the machine's speed, which the
# tests themselves bound: how many of the flood's frames the sink took before its ring was full (t_acm.sh
# asserts only that there were some), the progress and flood counts of t_vnetflood (it asserts their
# ratio), the TSC frequency the flooder prints, and how many of blue's Chinese Wall retries were in
# the audit ring when the auditor read it (one counted record more or less; t_acm.sh checks the chain),
# and how many SYSCALLs the lstar guest made while Linux booted (one a tick: it follows the boot's length).
# A Linux VM's console (a VM whose lines carry the kernel's timestamps) is compared by the lines its
# init prints (cordon-linux:, cordon-hcall:) only: the kernel's own lines carry timestamps and name the
# CPU, and busybox ping prints round-trip times.
guest_lines() {
	grep -E '^[a-z0-9_-]+: ' "$1" | grep -v '^cordon' | sed -E -e 's/^(sink: received )[0-9]+ frames/\1N frames/' \
		-e 's/^(bystander: progress: window [0-9]+: )[0-9]+ chunks in [0-9]+ us, longest gap [0-9]+ us$/\1C chunks in T us, longest gap G us/' \
		-e 's/^(bystander: progress: longest gap )[0-9]+ us/\1G us/' \
		-e 's/^(flood: vnetflood: flood end: )[0-9]+ rounds, [0-9]+ notifies/\1R rounds, N notifies/' \
		-e 's/^(flood: vnetflood: idle \(TSC )[0-9]+ kHz/\1F kHz/' \
		-e '/^auditor: record seq=[0-9]+ op=vm-start .* repeats=[0-9]+$/d' \
		-e 's/^(lstar: )[0-9]+ SYSCALLs/\1N SYSCALLs/' \
		-e 's/^(auditor: audit trail read by hypercall: )[0-9]+ record\(s\), [0-9]+ /\1N record(s), N /' |
		awk -F': ' 'NR == FNR { lx[$1] = 1; next } !($1 in lx) || $2 ~ /^cordon-(linux|hcall)$/' \
			<(echo ': '; grep -E '^[a-z0-9_-]+: \[ *[0-9]+\.[0-9]{6}\] ' "$1") - | sort # the ': ' line: never empty
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
		elif [ "$log" = linux-panic ]; then
			# panic=-1 restarts through the real-mode trampoline: it turns paging off, which AMD-V runs
			# (the VM then reads outside its memory) and VT-x without unrestricted guest cannot (the VM
			# ends as 'turned paging off'): it ends either way. The other VMs' ends must still match.
			if grep -q "^cordon: vm 'lx' ended: turned paging off at rip " "$vtx" &&
				diff <(end_reasons "$amd" | grep -v "'lx'") <(end_reasons "$vtx" | grep -v "'lx'") >/dev/null; then
				echo "PASS: vtx $log: ran on VT-x; guest output identical to the AMD-V run; lx ended as 'turned paging off'"
			else
				echo "FAIL: vtx $log: on VT-x lx did not end as 'turned paging off', or another VM's end differs"
			fi
		elif ! diff <(end_reasons "$amd") <(end_reasons "$vtx") >"$B/itest-vtx/$log.diff"; then
			echo "FAIL: vtx $log: VM end reasons differ between AMD-V and VT-x (< AMD-V, > VT-x):"
			head -n 20 "$B/itest-vtx/$log.diff" | sed 's/^/  | /'
		else
			echo "PASS: vtx $log: ran on VT-x; guest output and end reasons identical to the AMD-V run"
		fi
	done
done

# t_nosvm's counterpart: a CPU with VT-x but without EPT (Bochs's Core 2 Penryn) is named and refused,
# and nothing starts. (On that model cordon once took #GP reading a capability MSR the CPU lacks.)
if [ "$runner" = tools/run-bochs.sh ]; then
	BOCHS_CPU=core2_penryn_t9600 CORDON_RUNNER="$runner" CORDON_TIMEOUT_SCALE="${CORDON_VTX_SCALE:-2}" \
		OUT="$B/itest-vtx" sh -c '. tests/integration/lib.sh
		boot noept tests/integration/cfg/novirt.cfg 90
		expect "cordon says why AMD-V cannot run" "cordon: AMD-V: CPU has no AMD-V \(SVM\) leaves"
		expect "cordon refuses VT-x without EPT" "cordon: VT-x: VT-x without EPT is not supported"
		expect "cordon refuses to start VMs" "cordon: no usable hardware virtualization on this CPU .*no VM was started"
		expect_not "no VM started" "cordon: vm [0-9]+ '"'"'"
		expect_clean_end' | sed -e 's/^PASS: /PASS: vtx /' -e 's/^FAIL: /FAIL: vtx /'
fi
