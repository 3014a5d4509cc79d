#!/bin/sh
# cordon demo: boots boot.cfg in QEMU (q35, TCG, AMD-V + NPT, OVMF, swtpm), attests it, says what happened.
# usage: tools/demo.sh [--batch]
#   --batch: no terminal (COM1 goes to build/demo.log only); tests/integration/t_demo.sh uses it.
# Keys while it runs: 's' starts start = manual VMs, 'q' asks cordon to stop every VM; Ctrl-A then X kills QEMU.
set -u
B=${B:-build}
D=$B/demo
log=$B/demo.log
batch=0
[ "${1:-}" = --batch ] && batch=1
rm -rf "$D" "$log"
mkdir -p "$D"
D=$(cd "$D" && pwd) # swtpm wants absolute paths
die() { echo "demo: $*" >&2; exit 1; }

cat <<'TXT'
== cordon demo ==========================================================
QEMU boots OVMF, which starts cordon's EFI loader from build/demo/esp.img.
The loader reads \cordon\boot.cfg, checks the sHype policy (policy/demo.pol,
compiled to demo.bin), loads and hashes the hypervisor and the guests and
measures each of them into the TPM (swtpm); cordon runs the VMs side by side
on AMD-V with nested paging, each printing through its own virtual COM1
(every line prefixed with the VM's name):
  - green-a and green-b (label green) share a page, an event channel and the
    green NIC segment;
  - red is refused each of those (denied and audited);
  - blue conflicts with red (Chinese Wall): it is refused while red runs and
    starts once red has ended;
  - vault receives a secret the TPM unseals only for this exact boot;
  - three unmodified Linux VMs (Debian's cloud kernel) boot beside them:
    linux-a and linux-b (green) ping each other over virtio-net through
    cordon's switch; linux-red is refused the NIC and reaches no one.
Meanwhile build/tools/cordon-attest challenges cordon over its management
channel (COM2) and checks the TPM quote and the event logs against the
reference values build/esp.ref. Then build/tools/cordon-ctl manages the
running cordon (docs/MANAGEMENT.md): it lists the VMs, loads policy demo-v2
signed with the demo's operator key (build/keys/operator.key), under which
linux-b may no longer join linux-seg: its NIC is detached and linux-a's pings
stop (both audited); cordon-attest then names the new policy; finally
cordon-ctl stops the Linux VMs through their ACPI power button. The demo ends
when all VMs have ended (press 'q' to stop them early, Ctrl-A X to kill QEMU).
========================================================================
TXT

# A TPM whose EK certificate is signed by the project's local CA (build/tpm-ca).
tools/tpm-setup.sh "$D/tpm" >/dev/null || die "could not make a TPM with swtpm_setup"
CA=$(tools/tpm-setup.sh --ca-bundle) || die "no CA bundle"
echo "swtpm: TPM 2.0 with an EK certificate from the local CA ($CA)"

# A fresh secret, sealed in that TPM to the PCR 8 and 9 values the reference values predict.
head -c 32 /dev/urandom >"$D/secret"
want=$(sha256sum "$D/secret" | cut -d' ' -f1)
pcrs=$("$B/tools/cordon-ref" predict "$B/esp.ref") || die "cannot predict PCRs from $B/esp.ref"
tools/tpm-setup.sh --serve "$D/tpm" "$D/raw.sock" || die "cannot serve the TPM to cordon-seal"
# shellcheck disable=SC2046 # one --pcr per "N=HEX" word
"$B/tools/cordon-seal" --tpm "$D/raw.sock" $(printf -- '--pcr %s ' $pcrs) --in "$D/secret" --out "$D/secret.seal"
sealed=$?
tools/tpm-setup.sh --stop "$D/tpm"
[ $sealed = 0 ] || die "cordon-seal failed"
echo "cordon-seal: a 32-byte secret (sha256 $want) sealed to PCR 8 and 9 as predicted by $B/esp.ref"
cp "$B/esp.img" "$D/esp.img" && mcopy -o -i "$D/esp.img" "$D/secret.seal" ::/cordon/secret.seal || die "cannot make the ESP"

swtpm socket --tpm2 --tpmstate dir="$D/tpm" --ctrl type=unixio,path="$D/tpm.sock" --terminate \
	--daemon --pid file="$D/swtpm.pid" --log file="$D/swtpm.log" || die "swtpm did not start"

# The verifier waits for cordon's management channel, then attests while the VMs run.
: >"$log"
# waitfor REGEX SECONDS: the serial log has a line matching REGEX.
waitfor() {
	for _ in $(seq 1 "$2"); do
		sed -e 's/\r//g' "$log" 2>/dev/null | grep -Eq -- "$1" && return 0
		sleep 1
	done
	return 1
}
# The operator's side, while cordon runs: attest, then manage it with cordon-ctl (docs/MANAGEMENT.md).
(
	ctl() { "$B/tools/cordon-ctl" --socket "$D/mgmt.sock" --key "$B/keys/operator.key" --timeout 60 "$@"; }
	waitfor "management channel ready" 240
	"$B/tools/cordon-attest" --socket "$D/mgmt.sock" --ca "$CA" --ref "$B/esp.ref" \
		--save-evidence "$D/evidence" --timeout 60 >"$D/attest.txt" 2>&1
	echo $? >"$D/attest.rc"
	waitfor "^linux-a: .*cordon-linux: watch 10.0.0.2 reachable" 180
	ctl list >"$D/list.txt" 2>&1
	cp "$B/policy/demo-v2.bin" "$D/demo-v2.bin"
	"$B/tools/cordon-ctl" policy sign --key "$B/keys/operator.key" --serial 1 "$D/demo-v2.bin" >"$D/sign.txt" 2>&1
	ctl policy load "$D/demo-v2.bin" >"$D/policy.txt" 2>&1
	echo $? >"$D/policy.rc"
	waitfor "^linux-a: .*cordon-linux: watch 10.0.0.2 unreachable" 60
	"$B/tools/cordon-attest" --socket "$D/mgmt.sock" --ca "$CA" --ref "$B/esp.ref" --timeout 60 >"$D/attest2.txt" 2>&1
	echo $? >"$D/attest2.rc"
	ctl policy show >"$D/policy-show.txt" 2>&1
	ctl audit --from 0 >"$D/audit.txt" 2>&1
	for vm in linux-a linux-b; do ctl stop "$vm" >>"$D/stop.txt" 2>&1; done
) &
attester=$!

export CORDON_TPM_SOCK="$D/tpm.sock" CORDON_MGMT_SOCK="$D/mgmt.sock"
if [ $batch = 1 ]; then
	timeout -k 5 420 tools/run-qemu.sh "$D/esp.img" "$log" </dev/null >"$D/qemu.out" 2>&1
else
	tools/run-qemu.sh "$D/esp.img" - | tee "$log"
fi
kill "$attester" 2>/dev/null
wait "$attester" 2>/dev/null
[ -f "$D/swtpm.pid" ] && kill "$(cat "$D/swtpm.pid")" 2>/dev/null

txt=$(sed -e 's/\x1b\[[0-9;=?]*[a-zA-Z]//g' -e 's/\r//g' "$log")
echo
echo "== what you saw ========================================================="
echo "$txt" | grep -q "cordon-loader: loaded boot.cfg" && echo "- the EFI loader read boot.cfg and loaded: $(echo "$txt" | sed -n 's/^cordon-loader: loaded \([^ ]*\).*/\1/p' | sort -u | tr '\n' ' ')"
echo "$txt" | sed -n 's/^cordon-loader: \(measured [0-9]* events\).*/- it \1 into the TPM (PCRs 8 and 9) before handing over/p'
echo "$txt" | grep -q "^cordon microhypervisor" && echo "- cordon booted: $(echo "$txt" | sed -n 's/^cordon: backend \(.*\) ready.*/backend \1/p')"
echo "$txt" | sed -n "s/^cordon: vm [0-9]* '\([^']*\)' started: label \([^,]*\),.*/- VM \1 (label \2) started/p"
for vm in $(echo "$txt" | sed -n "s/^cordon: vm [0-9]* '\([^']*\)' started.*/\1/p"); do
	n=$(echo "$txt" | grep -c "^$vm: ")
	why=$(echo "$txt" | sed -n "s/^cordon: vm '$vm' ended: //p" | head -1)
	echo "- $vm printed $n line(s) on its own console and ended: ${why:-?}"
done
echo "$txt" | grep -q "^cordon: audit " && echo "- reference-monitor decisions (hash-chained audit, checked by build/tools/cordon-audit):" &&
	echo "$txt" | "$B/tools/cordon-audit" /dev/stdin | sed 's/^/    /'
if echo "$txt" | grep -q "^vault: secret received: .*sha256 $want"; then
	echo "- the TPM released the sealed secret to vault only (vault printed its sha256, $want)"
else
	echo "- vault did NOT get the sealed secret: $(echo "$txt" | grep -m1 "sealed secret\|^vault: no secret")"
fi
for vm in linux-a linux-b linux-red; do
	echo "$txt" | grep -q "^$vm: cordon-linux: init reached" &&
		echo "- Linux VM $vm reached its init; $(echo "$txt" | sed -n "s/^$vm: cordon-linux: \(ping .*\)/\1/p" | head -1)"
done
for vm in linux-a linux-b linux-red; do
	ek=$(echo "$txt" | sed -n "s/^cordon: vm '$vm': vTPM EK name \(.*\)/\1/p" | head -1)
	[ -n "$ek" ] || continue
	echo "- $vm's own vTPM (domain $vm-vtpm) has EK name $ek (measured into PCR 10)"
	echo "$txt" | sed -n "s/^$vm: cordon-linux: tpm: \(ek name .*\|done .*\)/    $vm's tpm2-tools: \1/p"
done
echo "- remote attestation by build/tools/cordon-attest (exit status $(cat "$D/attest.rc" 2>/dev/null || echo none)):"
sed 's/^/    /' "$D/attest.txt" 2>/dev/null
echo "- build/tools/cordon-ctl list, while the VMs ran:"
sed 's/^/    /' "$D/list.txt" 2>/dev/null
echo "- cordon-ctl policy load demo-v2.bin, signed with build/keys/operator.key (exit status $(cat "$D/policy.rc" 2>/dev/null || echo none)):"
sed 's/^/    /' "$D/policy.txt" 2>/dev/null
# (a line of the guest's shell prompt may come first: "/ # ", the shell waits on the console meanwhile)
echo "$txt" | grep -E "^cordon: policy change: |^linux-(a|b): .*cordon-linux: (watch|eth0 link)" | sed 's/: .*cordon-linux: /: cordon-linux: /; s/^/    /'
echo "- the audit trail now holds (cordon-ctl audit, checked by cordon-audit):"
grep -E "op=(policy-load|revoke|ctl)" "$D/audit.txt" 2>/dev/null | sed 's/^cordon: audit /    /; s/ hash=.*//'
"$B/tools/cordon-audit" "$D/audit.txt" 2>/dev/null | tail -1 | sed 's/^/    /'
echo "- attestation after the change (exit status $(cat "$D/attest2.rc" 2>/dev/null || echo none)):"
sed 's/^/    /' "$D/attest2.txt" 2>/dev/null
echo "- cordon-ctl stop linux-a / linux-b (their ACPI power button):"
sed 's/^/    /' "$D/stop.txt" 2>/dev/null
if echo "$txt" | grep -q "cordon: powering off"; then echo "- all VMs ended; cordon powered the machine off"
else echo "- the run did not finish normally; see $log"; fi
echo "Full serial log: $log; attestation evidence: $D/evidence"
