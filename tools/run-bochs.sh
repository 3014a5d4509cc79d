#!/bin/sh
# cordon: boots an ESP image under Debian's Bochs (Intel VT-x with EPT) with Debian's OVMF, headless.
# usage: tools/run-bochs.sh ESP.img SERIAL_OUT TIMEOUT_SECONDS   (the CORDON_RUNNER interface of
#   tests/integration/lib.sh: COM1 is written to SERIAL_OUT, Bochs is stopped after TIMEOUT_SECONDS).
# Exit status: 0 after the guest's ACPI soft power-off, 124 on timeout, otherwise 1.
# BOCHS_CPU (default corei7_icelake_u: VMX with EPT, VPID, the preemption timer and the TPR shadow, and
# PKU, AVX and AVX-512, so the CPU-state isolation tests see every XSAVE component QEMU has and more;
# BOCHS_CPU=ryzen is AMD SVM with nested paging and next-RIP save, which cordon runs as AMD-V), BOCHS_IPS
# (default 50000000) and BOCHS_MEGS (default 1024, as run-qemu.sh) change the machine. Bochs's own log
# goes to SERIAL_OUT.bochs. With 'clock: sync=none' time is instruction count / ips, so runs are exact.
set -eu
esp=$1 out=$2 secs=$3
ovmf=/usr/share/ovmf/OVMF.fd
command -v bochs-bin >/dev/null || { echo "run-bochs: bochs-bin not found (tools/install-deps.sh installs bochs)" >&2; exit 1; }
[ -f "$ovmf" ] || { echo "run-bochs: $ovmf not found (package ovmf)" >&2; exit 1; }

# ATA geometry: autodetection leaves the last sectors of the image unreachable, so give C/H/S that
# cover it exactly (16 heads, 32 sectors per track: 256 KiB per cylinder).
bytes=$(wc -c <"$esp")
if [ $((bytes % 262144)) != 0 ]; then
	echo "run-bochs: $esp is $bytes bytes, not a multiple of 256 KiB (16 heads x 32 sectors)" >&2; exit 1
fi
cyls=$((bytes / 262144))

dir=$(mktemp -d "${TMPDIR:-/tmp}/cordon-bochs.XXXXXX")
# A Bochs that is killed leaves ESP.img.lock behind, and the next Bochs refuses the locked image.
trap 'rm -rf "$dir" "$esp.lock"' EXIT
trap 'exit 143' INT TERM HUP
: >"$out"
bochslog=$out.bochs
# The debugger is compiled into Debian's bochs-bin: it stops before the first instruction and reads
# commands. 'c' runs the machine; 'quit' answers if the machine ever drops back into the debugger.
printf 'c\nquit\n' >"$dir/cmds"
# rfb is the only headless display in Debian's build: timeout=0 does not wait for a viewer. It
# listens on the first free TCP port from 5900 on (all interfaces, while the boot runs), so
# overlapping runs do not clash.
cat >"$dir/bochsrc" <<EOF
config_interface: textconfig
display_library: rfb, options="timeout=0"
cpu: model=${BOCHS_CPU:-corei7_icelake_u}, count=1, ips=${BOCHS_IPS:-50000000}, reset_on_triple_fault=0, ignore_bad_msrs=1
memory: guest=${BOCHS_MEGS:-1024}, host=${BOCHS_MEGS:-1024}
romimage: file=$ovmf, address=0xffe00000
vgaromimage: file=/usr/share/seabios/vgabios-stdvga.bin
pci: enabled=1, chipset=i440fx
clock: sync=none, time0=1
ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
ata0-master: type=disk, path="$esp", mode=flat, cylinders=$cyls, heads=16, spt=32
boot: disk
com1: enabled=1, mode=file, dev="$out"
log: $bochslog
panic: action=fatal
error: action=report
info: action=ignore
debug: action=ignore
speaker: enabled=0
sound: driver=dummy
EOF
# --foreground keeps Bochs in this process group, so a caller's timeout (lib.sh) reaches it too.
rc=0
timeout --foreground -k 5 "$secs" bochs-bin -q -unlock -f "$dir/bochsrc" -rc "$dir/cmds" </dev/null || rc=$?
[ "$rc" = 124 ] || [ "$rc" = 137 ] && exit 124
# Bochs reports the guest's normal ACPI power-off as a panic and exits with 1: read its log instead.
grep -q "ACPI control: soft power off" "$bochslog" 2>/dev/null && exit 0
exit 1
