#!/bin/sh
# cordon benchmark: AMD-V against VT-x in instructions per round trip, both under Debian's Bochs. Boots
# tests/bench/bench.cfg (no TPM: 'tpm = optional') twice through tools/run-bochs.sh with the same ips:
# once on an AMD model (SVM with nested paging and next-RIP save), once on an Intel model (VMX with EPT).
# With 'clock: sync=none' Bochs's TSC advances one tick per executed instruction, so each "bench:" figure
# is the instructions the machine (guest + cordon) executed. Each log must name the backend its model
# should pick, or the comparison would compare one backend with itself: the script then fails.
# usage: tests/bench/vtx.sh OUTDIR   (writes OUTDIR/vtx.txt, logs in OUTDIR/vtx/; exit 1 on any failure)
# BENCH_SVM_CPU (default ryzen), BENCH_VTX_CPU (default corei7_haswell_4770: AVX2 and no AVX-512, like
# ryzen), BOCHS_IPS (default 50000000) and BENCH_BOCHS_SECS (default 300 per boot) change the runs.
set -u
B=${B:-build}
out=$1
d=$out/vtx
svm_cpu=${BENCH_SVM_CPU:-ryzen}
vtx_cpu=${BENCH_VTX_CPU:-corei7_haswell_4770}
ips=${BOCHS_IPS:-50000000}
rm -rf "$d" && mkdir -p "$d"
: >"$out/vtx.txt"
fail() {
	echo "vtx: FAILED: $*" | tee -a "$out/vtx.txt" >&2
	exit 1
}
command -v bochs-bin >/dev/null || fail "bochs-bin not found (tools/install-deps.sh installs bochs)"
{ echo "tpm = optional"; cat tests/bench/bench.cfg; } >"$d/bench.cfg"
tools/mkesp.sh "$d/esp.img" "$d/bench.cfg" >/dev/null || fail "tools/mkesp.sh failed"

# boot NAME MODEL BACKEND: one Bochs boot (one emulator at a time); keeps the bench lines in NAME.txt.
boot() {
	cp "$d/esp.img" "$d/$1.img"
	rc=0
	BOCHS_CPU=$2 BOCHS_IPS=$ips tools/run-bochs.sh "$d/$1.img" "$d/$1.log" "${BENCH_BOCHS_SECS:-300}" \
		</dev/null >"$d/$1.out" 2>&1 || rc=$?
	rm -f "$d/$1.img"
	sed -e 's/\x1b\[[0-9;=?]*[a-zA-Z]//g' -e 's/\r//g' "$d/$1.log" >"$d/$1.clean"
	grep -q "^cordon: backend $3 ready" "$d/$1.clean" ||
		fail "model $2 did not run cordon's $3 backend (run-bochs exit $rc; see $d/$1.log, $d/$1.log.bochs): $(grep -m1 '^cordon: .*backend' "$d/$1.clean")"
	sed -n 's/^bench: bench //p' "$d/$1.clean" >"$d/$1.txt"
	grep -q "^cpuid-exit:" "$d/$1.txt" || fail "no bench figures from model $2 (run-bochs exit $rc; see $d/$1.log)"
}
boot amdv "$svm_cpu" AMD-V
boot vtx "$vtx_cpu" VT-x

# One row per figure: the medians (the TSC counts instructions, so min = median = mean unless an
# interrupt landed inside a round; then the row says so) and VT-x / AMD-V.
ver=$(dpkg-query -W -f '${Version}' bochs 2>/dev/null || echo unknown)
{
	echo "vtx: Bochs $ver, clock sync=none, ips $ips: TSC ticks = instructions executed (guest + cordon)"
	echo "vtx: AMD-V on model $svm_cpu, VT-x on model $vtx_cpu; each log names its backend (checked)"
	awk -v models="$svm_cpu $vtx_cpu" '
		# "NAME: min A median B mean C cycles" per file; the boot line has its own shape.
		{ key = "" }
		/^boot:/ { v = $0; sub(/.*instruction /, "", v); sub(/ cycles.*/, "", v); key = "boot"; med = v; mn = v; mean = v }
		/: min / { key = $1; sub(/:$/, "", key); mn = $3; med = $5; mean = $7 }
		key != "" { f = (FILENAME ~ /amdv\.txt$/) ? 1 : 2; m[f, key] = med; x[f, key] = (mn == med && med == mean) ? "" : "*"
		  if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
		END {
			printf "vtx: %-16s %12s %12s %11s\n", "instructions", "AMD-V", "VT-x", "VT-x/AMD-V"
			for (i = 1; i <= n; i++) {
				k = order[i]
				r = (m[1, k] > 0) ? sprintf("%.2f", m[2, k] / m[1, k]) : "-"
				printf "vtx: %-16s %12s %12s %11s\n", k, m[1, k] x[1, k], m[2, k] x[2, k], r
			}
			printf "vtx: %-16s %12d %12d\n", "yield - null", m[1, "yield"] - m[1, "null-hypercall"], m[2, "yield"] - m[2, "null-hypercall"]
		}' "$d/amdv.txt" "$d/vtx.txt"
	if awk '/: min / && !($3 == $5 && $5 == $7) { e = 1 } END { exit !e }' "$d/amdv.txt" "$d/vtx.txt"; then
		echo "vtx: * min, median and mean differ: see $d/*.txt"
	fi
	echo "vtx: QEMU's icount figures above are AMD-V without next-RIP save (cordon reads each instruction's length); Bochs's $svm_cpu has it"
	echo "vtx: boot = loader entry to the guest's first instruction: firmware, loader and the 20 ms PIT calibration (a wait: its count scales with ips)"
} >>"$out/vtx.txt"
cat "$out/vtx.txt"
