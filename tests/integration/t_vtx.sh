#!/bin/sh
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
