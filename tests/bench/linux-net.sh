#!/bin/sh
# cordon benchmark: two Linux VMs over virtio-net through cordon's switch: ping round trip (busybox ping
# of the tx VM's init), a 2 MiB TCP stream timed by the receiver (busybox nc), and the exits both VMs
# took. Writes OUTDIR/linux-net.txt. usage: tests/bench/linux-net.sh OUTDIR
set -u
B=${B:-build}
out=$1
d=$out/linux-net
rm -rf "$d" && mkdir -p "$d/extra/linux"
cp "$B/linux/vmlinuz" "$B/linux/initramfs.cpio.gz" "$d/extra/linux/" && cp "$B/policy/demo.bin" "$d/extra/"
tools/mkesp.sh "$d/esp.img" tests/bench/linux-net.cfg "$d/extra" >/dev/null
timeout -k 5 320 tools/run-qemu.sh "$d/esp.img" "$d/serial.log" </dev/null >/dev/null 2>&1
sed -e 's/\x1b\[[0-9;=?]*[a-zA-Z]//g' -e 's/\r//g' "$d/serial.log" >"$d/clean.log"
{
	echo "linux-net: ping: $(sed -n 's/^tx: round-trip min\/avg\/max = \(.*\)/\1 (min\/avg\/max)/p' "$d/clean.log" | head -1)"
	echo "linux-net: stream: $(sed -n 's/^rx: cordon-linux: nc received \(.*\)/\1/p' "$d/clean.log" | head -1)"
	sed -n 's/^cordon:   \(rx\|tx\) *\(.*exits.*\)/linux-net: \1: \2/p' "$d/clean.log"
} >"$out/linux-net.txt"
cat "$out/linux-net.txt"
