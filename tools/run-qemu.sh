#!/bin/sh
# cordon: boots an ESP image under QEMU (q35, TCG, -cpu max for AMD-V + NPT) with Debian's OVMF.
# usage: tools/run-qemu.sh ESP.img [SERIAL_OUT|-|pipe:BASE] [extra QEMU args...]
#   SERIAL_OUT "-" puts COM1 on this terminal (interactive); "pipe:BASE" connects COM1 to the FIFOs
#   BASE.in and BASE.out (made by the caller); otherwise COM1 is written to the file.
#   CORDON_TPM_SOCK=path attaches a TPM (tpm-tis) through a running swtpm's control socket.
#   QEMU_ACCEL (default tcg) and QEMU_CPU (default max) choose the accelerator and CPU, e.g.
#   QEMU_ACCEL=kvm QEMU_CPU=host on an Intel host with kvm_intel nested=1 (docs/VTX.md).
set -eu
esp=$1; out=${2:--}
shift; [ $# -gt 0 ] && shift
B=${B:-build}
code=/usr/share/OVMF/OVMF_CODE_4M.fd
vars=$(mktemp "${TMPDIR:-/tmp}/cordon-vars.XXXXXX")
trap 'rm -f "$vars"' EXIT INT TERM
cp /usr/share/OVMF/OVMF_VARS_4M.fd "$vars"
set -- -machine q35 -accel "${QEMU_ACCEL:-tcg}" -cpu "${QEMU_CPU:-max}" -m 1G -smp 1 \
	-drive if=pflash,format=raw,readonly=on,file="$code" \
	-drive if=pflash,format=raw,file="$vars" \
	-drive file="$esp",format=raw,if=virtio \
	-nic none -display none -no-reboot "$@"
if [ -n "${CORDON_TPM_SOCK:-}" ]; then
	set -- "$@" -chardev socket,id=chrtpm,path="$CORDON_TPM_SOCK" -tpmdev emulator,id=tpm0,chardev=chrtpm \
		-device tpm-tis,tpmdev=tpm0
fi
if [ "$out" = "-" ]; then
	exec qemu-system-x86_64 "$@" -serial mon:stdio
fi
case $out in
pipe:*) qemu-system-x86_64 "$@" -serial "$out" -monitor none ;;
*) qemu-system-x86_64 "$@" -serial file:"$out" -monitor none ;;
esac
