#!/bin/sh
# cordon benchmark: boots the bench guest twice (TCG wall-clock TSC, then -icount shift=0) and writes
# build/bench/results.txt. Under icount the TSC counts executed instructions (1 per ns), so those
# figures are the instructions the whole machine (guest + cordon) executes per round trip: reproducible.
set -eu
B=${B:-build}
out=$B/bench
mkdir -p "$out"
# run NAME CFG PREFIX [QEMU ARGS...]: boots CFG, keeps the serial lines starting with PREFIX in NAME.txt.
run() {
	name=$1 cfg=$2 prefix=$3
	shift 3
	tools/mkesp.sh "$out/$name.img" "$cfg" "$B/policy" >/dev/null
	timeout -k 5 180 tools/run-qemu.sh "$out/$name.img" "$out/$name.log" "$@" </dev/null >/dev/null 2>&1 || true
	sed -e 's/\x1b\[[0-9;=?]*[a-zA-Z]//g' -e 's/\r//g' "$out/$name.log" | sed -n "s/^$prefix//p" >"$out/$name.txt"
}
run tcg tests/bench/bench.cfg "bench: bench "
run icount tests/bench/bench.cfg "bench: bench " -icount shift=0
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
	echo "## VM-to-VM throughput (TCG TSC cycles), NULL policy"
	cat "$out/net-null.txt"
	echo "## VM-to-VM throughput, enforcing demo policy"
	cat "$out/net-policy.txt"
} >"$out/results.txt"
cat "$out/results.txt"
grep -q null-hypercall "$out/icount.txt" || { echo "bench: no figures (see $out/*.log)" >&2; exit 1; }
