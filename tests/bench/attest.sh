#!/bin/sh
# cordon benchmark: time to produce and verify one attestation. Boots tests/bench/attest.cfg with a TPM
# that has an EK certificate, then runs cordon-attest five times against it (the first also creates the
# EK and AK in the TPM) and the offline verification of the saved evidence five times.
# usage: tests/bench/attest.sh OUTDIR   (writes OUTDIR/attest.txt)
set -u
B=${B:-build}
out=$(cd "$1" && pwd)
a=$out/attest
rm -rf "$a" && mkdir -p "$a/stage/guests"
tools/tpm-setup.sh "$a/tpm" >/dev/null
CA=$(tools/tpm-setup.sh --ca-bundle)
cp "$B/hypervisor.elf" "$a/stage/" && cp "$B"/guests/*.elf "$a/stage/guests/"
"$B/tools/cordon-ref" make --cfg tests/bench/attest.cfg --esp-dir "$a/stage" -o "$a/ref" >/dev/null
tools/mkesp.sh "$a/esp.img" tests/bench/attest.cfg >/dev/null
swtpm socket --tpm2 --tpmstate dir="$a/tpm" --ctrl type=unixio,path="$a/ctrl.sock" --terminate \
	--daemon --pid file="$a/swtpm.pid"
CORDON_TPM_SOCK=$a/ctrl.sock CORDON_MGMT_SOCK=$a/mgmt.sock timeout -k 5 300 \
	tools/run-qemu.sh "$a/esp.img" "$a/serial.log" </dev/null >/dev/null 2>&1 &
qemu=$!
for _ in $(seq 1 120); do grep -q "staying up for attestation" "$a/serial.log" 2>/dev/null && break; sleep 1; done
ms() { echo $(( $(date +%s%N) / 1000000 )); }
times=""
for i in 1 2 3 4 5; do
	t0=$(ms)
	"$B/tools/cordon-attest" --socket "$a/mgmt.sock" --ca "$CA" --ref "$a/ref" --timeout 60 \
		--nonce "$(printf '%064d' "$i")" --save-evidence "$a/evidence" >"$a/run$i.txt" 2>&1
	rc=$?
	times="$times $(( $(ms) - t0 ))"
	[ $rc = 0 ] || { echo "attest: run $i was not TRUSTED (exit $rc): $(head -3 "$a/run$i.txt")"; }
done
kill "$qemu" 2>/dev/null
wait "$qemu" 2>/dev/null
off=""
for i in 1 2 3 4 5; do
	t0=$(ms)
	"$B/tools/cordon-attest" --evidence "$a/evidence" --nonce "$(printf '%064d' 5)" --ca "$CA" --ref "$a/ref" >/dev/null 2>&1
	off="$off $(( $(ms) - t0 ))"
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
set -- $times
first=$1
shift
{
	echo "attest: first challenge (creates EK and AK, activation, quote, verify): $first ms"
	echo "attest: later challenges (identity, activation, quote, verify): median $(median "$@") ms of $*"
	# shellcheck disable=SC2086 # a list of numbers
	echo "attest: offline verification of one evidence file: median $(median $off) ms of$off"
	echo "attest: evidence $(wc -c <"$a/evidence") bytes"
} >"$out/attest.txt"
cat "$out/attest.txt"
