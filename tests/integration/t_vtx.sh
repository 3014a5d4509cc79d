#!/bin/bash
# cordon integration: the guest suite on Intel VT-x, under an emulator that provides VT-x + EPT.
# Nothing in CI emulates VT-x, so this runs only when CORDON_VTX_EMULATOR names a runner script
# (called as RUNNER IMG LOG TIMEOUT_SECONDS, serial COM1 written to LOG); otherwise it is skipped.
# CORDON_VTX_SCALE (default 20) multiplies every timeout: emulators are slow.
if [ -z "${CORDON_VTX_EMULATOR:-}" ]; then
	echo "SKIP: vtx: guest suite on VT-x (set CORDON_VTX_EMULATOR to an emulator runner; see docs/VTX.md)"
	exit 0
fi
export CORDON_RUNNER="$CORDON_VTX_EMULATOR" CORDON_TIMEOUT_SCALE="${CORDON_VTX_SCALE:-20}" EXPECT_BACKEND=VT-x
export OUT="${B:-build}/itest-vtx"
for t in ${CORDON_VTX_TESTS:-demo adverse isolation}; do
	sh "tests/integration/t_$t.sh" | sed -e 's/^PASS: /PASS: vtx /' -e 's/^FAIL: /FAIL: vtx /'
done

# Same guests, same words: guest console lines and end reasons must match the AMD-V run of this suite.
for t in ${CORDON_VTX_TESTS:-demo adverse isolation}; do
	for log in fpu "$t"; do
		[ "$log" = fpu ] && [ "$t" != isolation ] && continue
		amd=${B:-build}/itest/$log.log.txt vtx=$OUT/$log.log.txt
		if [ ! -f "$amd" ]; then
			echo "SKIP: vtx $log: no AMD-V log to compare with (run t_$t.sh under QEMU first)"
		elif diff <(grep -E '^[a-z0-9_-]+: |ended:' "$amd" | grep -v '^cordon' | sort) \
			<(grep -E '^[a-z0-9_-]+: |ended:' "$vtx" | grep -v '^cordon' | sort) >/dev/null &&
			diff <(grep 'ended:' "$amd" | sort) <(grep 'ended:' "$vtx" | sort) >/dev/null; then
			echo "PASS: vtx $log: guest output and end reasons identical to AMD-V"
		else
			echo "FAIL: vtx $log: guest output or end reasons differ from AMD-V ($amd vs $vtx)"
		fi
	done
done
