#!/bin/sh
# cordon benchmark: Linux boot time on cordon against plain QEMU TCG booting the same kernel and
# initramfs, in the same run. Two figures per boot: the kernel's own timestamp at "Run /init" (guest
# time: kvmclock on cordon, the TSC under plain QEMU) and the wall clock from QEMU's start to the
# init's marker line (cordon's includes OVMF and the EFI loader). Writes OUTDIR/linux.txt.
# usage: tests/bench/linux.sh OUTDIR
set -u
B=${B:-build}
out=$1
d=$out/linux
rm -rf "$d" && mkdir -p "$d/extra/linux"
cp "$B/linux/vmlinuz" "$B/linux/initramfs.cpio.gz" "$d/extra/linux/"
tools/mkesp.sh "$d/esp.img" tests/bench/linux.cfg "$d/extra" >/dev/null
ms() { echo $(( $(date +%s%N) / 1000000 )); }
# wall NAME LOG: ms from QEMU start to the marker, by polling the serial log.
watch() {
	t0=$(ms)
	while kill -0 "$1" 2>/dev/null; do
		if grep -q "cordon-linux: init reached" "$2" 2>/dev/null; then echo $(( $(ms) - t0 )); return; fi
		sleep 0.1
	done
	echo none
}
for i in 1 2 3; do
	timeout -k 5 200 tools/run-qemu.sh "$d/esp.img" "$d/cordon$i.log" </dev/null >/dev/null 2>&1 &
	echo "cordon $(watch $! "$d/cordon$i.log") $(sed -n 's/.*\[ *\([0-9.]*\)\] Run \/init.*/\1/p' "$d/cordon$i.log" 2>/dev/null)" >>"$d/raw"
	wait
	sed -n 's/.*\[ *\([0-9.]*\)\] Run \/init.*/\1/p' "$d/cordon$i.log" | head -1 >"$d/cordon$i.init"
	timeout -k 5 120 qemu-system-x86_64 -machine q35 -accel tcg -cpu max -m 256M -display none -no-reboot -nic none \
		-kernel "$B/linux/vmlinuz" -initrd "$B/linux/initramfs.cpio.gz" \
		-append "console=ttyS0 cordon.name=lx cordon.halt" -serial file:"$d/qemu$i.log" -monitor none </dev/null >/dev/null 2>&1 &
	echo "qemu $(watch $! "$d/qemu$i.log")" >>"$d/raw"
	wait
	sed -n 's/.*\[ *\([0-9.]*\)\] Run \/init.*/\1/p' "$d/qemu$i.log" | head -1 >"$d/qemu$i.init"
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
# shellcheck disable=SC2046 # lists of numbers
{
	echo "linux: kernel time at 'Run /init': cordon median $(median $(cat "$d"/cordon?.init)) s of $(cat "$d"/cordon?.init | tr '\n' ' '); plain QEMU median $(median $(cat "$d"/qemu?.init)) s of $(cat "$d"/qemu?.init | tr '\n' ' ')"
	echo "linux: wall clock from QEMU start to the init's marker: cordon median $(median $(sed -n 's/^cordon \([0-9]*\).*/\1/p' "$d/raw")) ms, plain QEMU median $(median $(sed -n 's/^qemu \([0-9]*\).*/\1/p' "$d/raw")) ms (cordon's includes OVMF and the loader)"
	grep -h "exits (cpuid" "$d"/cordon1.log | sed 's/^cordon: */linux: exits on cordon: /' | head -1
} >"$out/linux.txt"
cat "$out/linux.txt"
