#!/bin/sh
# cordon: boots an ESP image under QEMU (q35, TCG, -cpu max for AMD-V + NPT) with Debian's OVMF.
# usage: tools/run-qemu.sh ESP.img [SERIAL_OUT|-|pipe:BASE] [extra QEMU args...]
#   SERIAL_OUT "-" puts COM1 on this terminal (interactive); "pipe:BASE" connects COM1 to the FIFOs
#   BASE.in and BASE.out (made by the caller); otherwise COM1 is written to the file.
#   CORDON_TPM_SOCK=path attaches a TPM (tpm-tis) through a running swtpm's control socket.
#   CORDON_MGMT_SOCK=path puts COM2 (cordon's management channel) on a UNIX socket QEMU listens on;
#   connect tools/cordon-attest to it (docs/ATTESTATION.md).
#   QEMU_MEM (default 1G) is the machine's RAM (tests with multi-GiB VMs raise it).
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
set -- -machine q35 -accel "${QEMU_ACCEL:-tcg}" -cpu "${QEMU_CPU:-max}" -m "${QEMU_MEM:-1G}" -smp 1 \
	-drive if=pflash,format=raw,readonly=on,file="$code" \
	-drive if=pflash,format=raw,file="$vars" \
	-drive file="$esp",format=raw,if=virtio \
	-nic none -display none -no-reboot "$@"
if [ -n "${CORDON_TPM_SOCK:-}" ]; then
	set -- "$@" -chardev socket,id=chrtpm,path="$CORDON_TPM_SOCK" -tpmdev emulator,id=tpm0,chardev=chrtpm \
		-device tpm-tis,tpmdev=tpm0
fi
# COM2 follows COM1: QEMU numbers -serial options in order.
com2=
if [ -n "${CORDON_MGMT_SOCK:-}" ]; then
	rm -f "$CORDON_MGMT_SOCK"
	com2="unix:$CORDON_MGMT_SOCK,server=on,wait=off"
fi
case $out in
-) com1=mon:stdio ;;
pipe:*) com1=$out; set -- "$@" -monitor none ;;
*) com1=file:$out; set -- "$@" -monitor none ;;
esac
qemu-system-x86_64 "$@" -serial "$com1" ${com2:+-serial "$com2"}
