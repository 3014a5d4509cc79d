#!/bin/sh
# cordon benchmark: boots the bench guest twice (TCG wall-clock TSC, then -icount shift=0) and writes
# build/bench/results.txt. Under icount the TSC counts executed instructions (1 per ns), so those
# figures are the instructions the whole machine (guest + cordon) executes per round trip: reproducible.
# tests/bench/vtx.sh does the same for AMD-V against VT-x under Debian's Bochs.
set -eu
B=${B:-build}
out=$B/bench
mkdir -p "$out"
# Every boot gets a fresh swtpm (tpm-tis) unless NOTPM=1, which also makes the config 'tpm = optional'.
tpm_up() {
	tdir=$(mkdir -p "$out/tpm-$1" && cd "$out/tpm-$1" && pwd)
	rm -f "$tdir"/*
	swtpm socket --tpm2 --tpmstate dir="$tdir" --ctrl type=unixio,path="$tdir/ctrl.sock" --terminate \
		--daemon --pid file="$tdir/pid"
	echo "$tdir/ctrl.sock"
}
# run NAME CFG PREFIX [QEMU ARGS...]: boots CFG, keeps the serial lines starting with PREFIX in NAME.txt.
run() {
	name=$1 cfg=$2 prefix=$3
	shift 3
	if [ "${NOTPM:-0}" = 1 ]; then
		{ echo "tpm = optional"; cat "$cfg"; } >"$out/$name.cfg"
		cfg=$out/$name.cfg sock=
	else
		sock=$(tpm_up "$name")
	fi
	tools/mkesp.sh "$out/$name.img" "$cfg" "$B/policy" >/dev/null
	CORDON_TPM_SOCK=$sock timeout -k 5 180 tools/run-qemu.sh "$out/$name.img" "$out/$name.log" "$@" </dev/null >/dev/null 2>&1 || true
	sed -e 's/\x1b\[[0-9;=?]*[a-zA-Z]//g' -e 's/\r//g' "$out/$name.log" >"$out/$name.clean"
	sed -n "s/^$prefix//p" "$out/$name.clean" >"$out/$name.txt"
	sed -n 's/^cordon: TPM 2.0 .*; \(loader measured .*\), event log.*/\1/p' "$out/$name.clean" >>"$out/$name.txt"
}
run tcg tests/bench/bench.cfg "bench: bench "
run icount tests/bench/bench.cfg "bench: bench " -icount shift=0
# The cost of measuring: the same boot without a TPM ('tpm = optional'), in the same run.
NOTPM=1 run icount-unmeasured tests/bench/bench.cfg "bench: bench " -icount shift=0
NOTPM=1 run tcg-unmeasured tests/bench/bench.cfg "bench: bench "
tests/bench/attest.sh "$out"
tests/bench/linux.sh "$out"
tests/bench/vtpm.sh "$out"
tests/bench/linux-net.sh "$out"
# The management plane: policy updates with N live bindings, stop and start (docs/MANAGEMENT.md).
tests/bench/ctl.sh "$out"
# AMD-V against VT-x under Debian's Bochs (instruction counts). A failure still writes results.txt.
vtx_rc=0
tests/bench/vtx.sh "$out" || vtx_rc=$?
# VM-to-VM throughput, NULL policy vs the enforcing demo policy (same guests, same labels).
{ echo "policy = demo.bin"; cat tests/bench/net.cfg; } >"$out/net-policy.cfg"
run net-null tests/bench/net.cfg "tx: netbench "
run net-policy "$out/net-policy.cfg" "tx: netbench "
{
	echo "# cordon benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), QEMU $(qemu-system-x86_64 --version | head -1 | sed 's/.*version //')"
	echo "## TCG, TSC cycles (wall-clock based, noisy)"
	cat "$out/tcg.txt"
	echo "## TCG -icount shift=0, TSC = instructions executed (guest + cordon), reproducible"
	cat "$out/icount.txt"
	echo "## the same two boots without a TPM (loader does not measure): TCG, then icount"
	grep "^boot:" "$out/tcg-unmeasured.txt"
	grep "^boot:" "$out/icount-unmeasured.txt"
	echo "## AMD-V against VT-x under Debian's Bochs (no TPM), TSC = instructions executed (guest + cordon)"
	cat "$out/vtx.txt"
	echo "## attestation (wall clock; swtpm does the TPM work)"
	cat "$out/attest.txt"
	echo "## Linux boot on cordon against plain QEMU TCG (same kernel and initramfs, same run)"
	cat "$out/linux.txt"
	echo "## vTPM: the same Linux VM with and without one (same run, both with a hardware TPM)"
	cat "$out/vtpm.txt"
	echo "## two Linux VMs over virtio-net through cordon's switch"
	cat "$out/linux-net.txt"
	echo "## management plane: policy update with N live bindings, stop and start"
	cat "$out/ctl.txt"
	echo "## VM-to-VM throughput (TCG TSC cycles), NULL policy"
	cat "$out/net-null.txt"
	echo "## VM-to-VM throughput, enforcing demo policy"
	cat "$out/net-policy.txt"
} >"$out/results.txt"
cat "$out/results.txt"
grep -q null-hypercall "$out/icount.txt" || { echo "bench: no figures (see $out/*.log)" >&2; exit 1; }
[ "$vtx_rc" = 0 ] || { echo "bench: the AMD-V/VT-x comparison under Bochs failed (see $out/vtx.txt)" >&2; exit 1; }
