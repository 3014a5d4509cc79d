#!/bin/sh
# cordon demo: boots boot.cfg in QEMU (q35, TCG, AMD-V + NPT, OVMF, swtpm) and says what happened.
# Keys while it runs: 's' starts start = manual VMs, 'q' asks cordon to stop every VM; Ctrl-A then X kills QEMU.
set -u
B=${B:-build}
log=$B/demo.log
tpmdir=$(cd "$B" && pwd)/tpm
mkdir -p "$tpmdir"
cat <<'TXT'
== cordon demo ==========================================================
QEMU boots OVMF, which starts cordon's EFI loader from build/esp.img.
The loader reads \cordon\boot.cfg, checks the sHype policy (policy/demo.pol,
compiled to demo.bin), loads and hashes the hypervisor and the guests; cordon
runs the VMs side by side on AMD-V with nested paging, each printing through
its own virtual COM1 (every line prefixed with the VM's name):
  - green-a and green-b (label green) share a page, an event channel and the
    green NIC segment;
  - red is refused each of those (denied and audited);
  - blue conflicts with red (Chinese Wall): it is refused while red runs and
    starts once red has ended.
The demo ends by itself when all VMs exit (press 'q' to stop the VMs early,
Ctrl-A X to kill QEMU).
========================================================================
TXT
sock=$tpmdir/swtpm.sock
rm -f "$sock"
if swtpm socket --tpm2 --tpmstate dir="$tpmdir" --ctrl type=unixio,path="$sock" \
	--flags startup-clear --daemon --pid file="$tpmdir/swtpm.pid" 2>/dev/null; then
	echo "swtpm: TPM 2.0 emulator started (state in $tpmdir)"
	export CORDON_TPM_SOCK=$sock
else
	echo "swtpm: could not start; booting without a TPM"
fi
tools/run-qemu.sh "$B/esp.img" - | tee "$log"
[ -f "$tpmdir/swtpm.pid" ] && kill "$(cat "$tpmdir/swtpm.pid")" 2>/dev/null
txt=$(sed -e 's/\x1b\[[0-9;=?]*[a-zA-Z]//g' -e 's/\r//g' "$log")
echo
echo "== what you saw ========================================================="
echo "$txt" | grep -q "cordon-loader: loaded boot.cfg" && echo "- the EFI loader read boot.cfg and loaded: $(echo "$txt" | sed -n 's/^cordon-loader: loaded \([^ ]*\).*/\1/p' | sort -u | tr '\n' ' ')"
echo "$txt" | grep -q "^cordon microhypervisor" && echo "- cordon booted: $(echo "$txt" | sed -n 's/^cordon: backend \(.*\) ready.*/backend \1/p')"
echo "$txt" | sed -n "s/^cordon: vm [0-9]* '\([^']*\)' started: label \([^,]*\),.*/- VM \1 (label \2) started/p"
for vm in $(echo "$txt" | sed -n "s/^cordon: vm [0-9]* '\([^']*\)' started.*/\1/p"); do
	n=$(echo "$txt" | grep -c "^$vm: ")
	why=$(echo "$txt" | sed -n "s/^cordon: vm '$vm' ended: //p" | head -1)
	echo "- $vm printed $n line(s) on its own console and ended: ${why:-?}"
done
echo "$txt" | grep -q "^cordon: audit " && echo "- reference-monitor decisions (hash-chained audit, checked by build/tools/cordon-audit):" &&
	echo "$txt" | "$B/tools/cordon-audit" /dev/stdin | sed 's/^/    /'
if echo "$txt" | grep -q "cordon: powering off"; then echo "- all VMs ended; cordon powered the machine off"
else echo "- the run did not finish normally; see $log"; fi
echo "Full serial log: $log"
