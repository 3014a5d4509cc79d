#!/bin/sh
# cordon benchmark: what a vTPM costs. The same Linux VM boots twice per round, with vtpm = yes and
# vtpm = no, each with a hardware TPM (swtpm), in the same run: the kernel's timestamp at "Run /init"
# (guest time) and the wall clock from QEMU's start to the init's marker; the vTPM domain's own figures
# (engine start, memory high-water mark) from its console lines. Writes OUTDIR/vtpm.txt.
# usage: tests/bench/vtpm.sh OUTDIR
set -u
B=${B:-build}
out=$1
d=$out/vtpm
rm -rf "$d" && mkdir -p "$d/extra/linux"
cp "$B/linux/vmlinuz" "$B/linux/initramfs.cpio.gz" "$d/extra/linux/"
for v in yes no; do
	sed "s/^vtpm .*/vtpm    = $v/" tests/bench/linux.cfg | grep -v '^tpm = optional' >"$d/$v.cfg"
	tools/mkesp.sh "$d/$v.img" "$d/$v.cfg" "$d/extra" >/dev/null
done
ms() { echo $(( $(date +%s%N) / 1000000 )); }
# watch PID LOG: ms from QEMU start to the marker, by polling the serial log.
watch() {
	t0=$(ms)
	while kill -0 "$1" 2>/dev/null; do
		if grep -q "cordon-linux: init reached" "$2" 2>/dev/null; then echo $(( $(ms) - t0 )); return; fi
		sleep 0.1
	done
	echo none
}
for i in 1 2 3; do
	for v in yes no; do
		tdir=$(mkdir -p "$d/tpm-$v$i" && cd "$d/tpm-$v$i" && pwd)
		swtpm socket --tpm2 --tpmstate dir="$tdir" --ctrl type=unixio,path="$tdir/ctrl.sock" --terminate \
			--daemon --pid file="$tdir/pid"
		CORDON_TPM_SOCK=$tdir/ctrl.sock timeout -k 5 200 tools/run-qemu.sh "$d/$v.img" "$d/$v$i.log" \
			</dev/null >/dev/null 2>&1 &
		echo "$(watch $! "$d/$v$i.log")" >"$d/$v$i.wall"
		wait
		sed -n 's/.*\[ *\([0-9.]*\)\] Run \/init.*/\1/p' "$d/$v$i.log" | head -1 >"$d/$v$i.init"
	done
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
# shellcheck disable=SC2046 # lists of numbers
{
	echo "vtpm: kernel time at 'Run /init': vtpm = yes median $(median $(cat "$d"/yes?.init)) s of $(cat "$d"/yes?.init | tr '\n' ' '); vtpm = no median $(median $(cat "$d"/no?.init)) s of $(cat "$d"/no?.init | tr '\n' ' ')"
	echo "vtpm: wall clock from QEMU start to the init's marker: vtpm = yes median $(median $(cat "$d"/yes?.wall)) ms, vtpm = no median $(median $(cat "$d"/no?.wall)) ms"
	sed -e 's/\r//g' "$d/yes1.log" | sed -n 's/^lx-vtpm: vtpm: \(engine ready .*\)/vtpm: domain: \1/p; s/^lx-vtpm: vtpm: \(engine memory: .*\)/vtpm: domain: \1/p' | head -2
} >"$out/vtpm.txt"
cat "$out/vtpm.txt"
