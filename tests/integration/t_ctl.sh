#!/bin/sh
# cordon integration: the management plane through cordon-ctl: every subcommand, signed requests and what
# is refused (unsigned, wrong key, replayed, malformed), VM lifecycle, a signed policy change that revokes a
# grant and a channel while the peer reads (and one refused for a Chinese Wall conflict, a wrong key, a
# corrupt policy, a downgrade), attestation before and after it, and the audit stream across a ring wrap.
. tests/integration/lib.sh
C=$OUT/ctl
rm -rf "$C"
mkdir -p "$C/extra/keys" "$C/stage/guests" "$C/stage/keys"
cfg=tests/integration/cfg/ctl.cfg
CA=$(tools/tpm-setup.sh --ca-bundle)
# a TPM with an EK certificate from the project CA, so cordon-attest can reach TRUSTED
tools/tpm-setup.sh "$C/tpm" >/dev/null || { echo "FAIL: ctl: cannot make a test TPM"; exit 0; }
BOOT_TPM_STATE=$C/tpm
# expect* read $LOG.txt, which boot_bg's log becomes only at the end: refresh it for mid-run checks
now() { clean_log; }
X=$B/tools/cordon-ctl

# ---- keys and policies, made here as an operator would
for k in operator authority intruder; do "$X" keygen "$C/$k" >"$C/keygen-$k.out" 2>&1 || { echo "FAIL: ctl: keygen $k"; cat "$C/keygen-$k.out"; exit 0; }; done
cp "$C/operator.pub" "$C/authority.pub" "$C/extra/keys/"
for p in ctl0 ctl1; do "$B/tools/cordon-policy" compile "tests/integration/cfg/$p.pol" -o "$C/$p.bin" >/dev/null; done
cp "$C/ctl0.bin" "$C/extra/"
"$X" policy sign --key "$C/authority.key" --serial 1 "$C/ctl1.bin" >/dev/null
mkdir -p "$C/wrong" "$C/corrupt"
cp "$C/ctl1.bin" "$C/wrong/ctl1.bin" && "$X" policy sign --key "$C/intruder.key" --serial 1 "$C/wrong/ctl1.bin" >/dev/null
# a corrupt policy the authority did sign: a byte of its header changed, so the policy's own digest fails
cp "$C/ctl1.bin" "$C/corrupt/ctl1.bin" && printf 'X' | dd of="$C/corrupt/ctl1.bin" bs=1 seek=60 conv=notrunc 2>/dev/null
"$X" policy sign --key "$C/authority.key" --serial 2 "$C/corrupt/ctl1.bin" >/dev/null
# reference values: one file accepting only the boot policy, one accepting ctl1 as well
cp "$B/hypervisor.elf" "$C/stage/" && cp "$B"/guests/*.elf "$C/stage/guests/" && cp "$C/ctl0.bin" "$C/stage/"
cp "$C/operator.pub" "$C/authority.pub" "$C/stage/keys/"
"$B/tools/cordon-ref" make --cfg "$cfg" --esp-dir "$C/stage" -o "$C/ref" >/dev/null
"$B/tools/cordon-ref" make --cfg "$cfg" --esp-dir "$C/stage" --accept-policy "$C/ctl1.bin" -o "$C/ref2" >/dev/null

# ctl NAME [options and subcommand]: runs cordon-ctl against the running boot; RC and OUTF.
ctl() {
	cn=$1; shift
	"$X" --socket "$MGMT" --timeout 60 "$@" >"$C/$cn.out" 2>&1
	RC=$?; OUTF=$C/$cn.out
}
cexpect() { # DESCRIPTION RC REGEX
	if [ "$RC" = "$2" ] && grep -Eq -- "$3" "$OUTF"; then pass "$1"
	else fail "$1 (cordon-ctl exit $RC, expected $2; no line /$3/)"; sed 's/^/  > /' "$OUTF" | head -20; fi
}
signed() { cn=$1; shift; ctl "$cn" --key "$C/operator.key" "$@"; }
attest() { # NAME REF
	"$B/tools/cordon-attest" --socket "$MGMT" --ca "$CA" --ref "$2" --timeout 60 >"$C/$1.out" 2>&1
	RC=$?; OUTF=$C/$1.out
}

boot_bg ctl "$cfg" 600 "$C/extra"
wait_log "management channel ready" 120 && wait_log "reader: reading the granted page" 60 ||
	fail "cordon did not start the VMs and its management channel"
now
expect "the loader measured the operator and policy keys" "operator_key 'keys/operator.pub': RSA-3072"
expect "management control is on" "management control enabled"

# ---- read-only requests: no key needed
ctl list list
cexpect "list names every VM with its label and state" 0 "^ga +ga +(running|blocked)"
cexpect "list shows the manual VM as stopped" 0 "^spare +idle +stopped"
ctl list-json --json list
if [ "$RC" = 0 ] && python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert {x["name"] for x in v} == {"ga","gb","lone","rival","spare"}' "$OUTF"; then
	pass "list --json is a JSON array of the five VMs"; else fail "list --json (exit $RC)"; sed 's/^/  > /' "$OUTF" | head; fi
ctl show0 policy show
cexpect "policy show names the boot policy" 0 "^name: +ctl0"
grep -Eq "^serial: +0$" "$OUTF" && pass "the boot policy's serial is 0" || fail "policy show: serial"

# ---- refused requests change nothing
ctl unsigned stop ga
cexpect "cordon-ctl will not send a stop without the operator's key" 2 "give --key"
ctl wrongkey --key "$C/intruder.key" stop ga
cexpect "a stop signed by another key is refused" 1 "unauthenticated|bad signature"
signed unknown stop nosuchvm
cexpect "an unknown VM name is named" 1 "no VM is called 'nosuchvm'"
signed startrunning start ga
cexpect "starting a running VM is refused" 1 "wrong-state|is running"
"$B/tests/ctl-poke" "$MGMT" "$C/operator.key" >"$C/poke.out" 2>&1
for p in unsigned:unauthenticated first:no-such-vm replay:stale no-challenge:stale old-challenge:stale flipped-byte:unauthenticated sig-not-last:bad-request \
	truncated:bad-request unknown-op:bad-request garbage:"no answer"; do
	if grep -q "^probe ${p%%:*}: ${p#*:}" "$C/poke.out"; then pass "hostile request '${p%%:*}' gets: ${p#*:}"
	else fail "hostile request '${p%%:*}' (got: $(grep "^probe ${p%%:*}:" "$C/poke.out"))"; fi
done
ctl list-after list
cexpect "after the refusals every VM still runs" 0 "^ga +ga +(running|blocked)"

# ---- lifecycle of the manual VM
signed start start spare
cexpect "start of a stopped VM" 0 "start 'spare'"
wait_log "vm [0-9]+ 'spare' started" 30 && pass "spare started" || fail "spare did not start"
signed stop stop spare
cexpect "orderly stop of a tiny guest" 0 "stop 'spare'"
wait_log "vm 'spare' ended" 60 && pass "spare ended after its stop event" || fail "spare did not stop"
signed start2 start spare
cexpect "a stopped VM starts again" 0 "start 'spare'"
wait_log "vm [0-9]+ 'spare' started.*" 30
signed restart restart spare
cexpect "restart" 0 "restart 'spare'"
signed destroy destroy spare
cexpect "destroy" 0 "destroy 'spare'"
now
expect_count "spare was measured at each of its three starts" "measured into PCR 10: cordon vm-start name=spare" 3

# ---- attestation before the policy change
attest attest-before "$C/ref"
cexpect "before the change the platform is TRUSTED" 0 "^platform TRUSTED"

# ---- policy changes that are refused change nothing
signed load-cw policy load "$C/ctl1.bin"
cexpect "a policy under which two running VMs conflict is refused, naming them" 1 "lone.*rival|rival.*lone"
signed load-wrong policy load "$C/wrong/ctl1.bin"
cexpect "a policy signed by another key is refused" 1 "not signed by the policy authority"
signed load-corrupt policy load "$C/corrupt/ctl1.bin"
cexpect "a corrupt policy is refused" 1 "bad-policy|invalid|digest"
# a signed request pairing ctl0's bytes (a valid policy) with the envelope the authority signed for ctl1
"$B/tests/ctl-poke" "$MGMT" "$C/operator.key" swap "$C/ctl0.bin" "$C/ctl1.bin.sig" >"$C/swap.out" 2>&1
grep -q "^probe swapped-envelope: bad-policy" "$C/swap.out" && pass "an envelope signed for another policy is refused" ||
	fail "swapped envelope (got: $(cat "$C/swap.out"))"
ctl show1 policy show
cexpect "after the refusals the boot policy is still in force" 0 "^name: +ctl0"
now
expect_not "the reader never saw zeros before the change" "after the policy change the page reads zeros"

# ---- the change: rival stops, gb's grant and channel are revoked while it reads
signed load policy load --stop-conflicting rival "$C/ctl1.bin"
cexpect "the signed policy loads, stopping the conflicting VM named" 0 "ctl1"
wait_log "ctlpair reader: [0-9]+ failure" 60
now
expect "the reader then reads zeros" "ok: after the policy change the page reads zeros"
expect "its event channel is closed" "ok: the event channel is closed"
wait_log "ctlpair granter: [0-9]+ failure" 30
now
expect "the granter's page is intact" "ok: my page is intact after the revoke"
expect_not "no check in the pair failed" "FAIL: "
expect "rival was stopped for the change" "vm 'rival' ended"
ctl show2 policy show
cexpect "policy show names the new policy" 0 "^name: +ctl1"
grep -Eq "^serial: +1$" "$OUTF" && pass "its serial is 1" || fail "policy show: serial after the change"
signed reload policy load "$C/ctl1.bin"
cexpect "loading the same serial again is a downgrade" 1 "downgrade|serial"

# ---- attestation after it
attest attest-after "$C/ref"
cexpect "a policy the reference values do not list makes the platform untrusted" 1 "ctl1"
attest attest-after2 "$C/ref2"
cexpect "with ctl1 accepted the platform is TRUSTED again" 0 "^platform TRUSTED"

# ---- the audit trail: a follower streams while more than a ring's worth of records is made
"$X" --socket "$MGMT" audit --from 0 --follow >"$C/follow.out" 2>&1 &
FOLLOW=$!
# 6 x 50 signed requests for VMs that do not exist, each its own record; the follower reads between batches
for b in 0 1 2 3 4 5; do
	"$B/tests/ctl-poke" "$MGMT" "$C/operator.key" flood 50 $((b * 50)) signed >>"$C/flood.out" 2>&1
	sleep 2
done
# and 200 unsigned ones naming 200 VMs: counted as repeats of one record, so they cannot flush the ring
"$B/tests/ctl-poke" "$MGMT" "$C/operator.key" flood 200 1000 unsigned >>"$C/flood.out" 2>&1
sleep 2
kill "$FOLLOW" 2>/dev/null; wait "$FOLLOW" 2>/dev/null
[ "$(grep -c "flood: 50 of 50 answered no-such-vm" "$C/flood.out")" = 6 ] && pass "300 signed requests for unknown VMs were each answered" ||
	fail "the signed flood: $(tr '\n' ' ' <"$C/flood.out")"
grep -q "flood: 200 of 200 answered unauthenticated" "$C/flood.out" && pass "200 unsigned requests were each refused" ||
	fail "the unsigned flood: $(tr '\n' ' ' <"$C/flood.out")"
u=$(sed -n '/obj=vm:wrap299\//,$p' "$C/follow.out" | grep -c "op=ctl subj=anyone/- obj=-/stop decision=unauthenticated")
[ "$u" -ge 1 ] && [ "$u" -le 4 ] && pass "the unsigned flood left $u audit record(s), its repeats counted" ||
	fail "the unsigned flood left $u audit records"
grep -Eq "obj=vm:wrap1[0-9]{3}/" "$C/follow.out" && fail "an unsigned request's VM name reached the audit trail" ||
	pass "no unsigned request's VM name is in the audit trail"
n=$(grep -c "^cordon: audit " "$C/follow.out")
[ "$n" -gt 300 ] && pass "the follower streamed $n records across the ring's wrap" || fail "the follower streamed only $n records"
"$B/tools/cordon-audit" "$C/follow.out" >"$C/audit-check.out" 2>&1
RC=$?; OUTF=$C/audit-check.out
cexpect "cordon-audit verifies the whole stream" 0 "chain OK"
grep -q "op=revoke" "$C/follow.out" && pass "the revocations are in the stream" || fail "no revoke record in the stream"
grep -q "op=policy-load" "$C/follow.out" && pass "the policy change is in the stream" || fail "no policy-load record"
sed '/obj=vm:wrap17\//d' "$C/follow.out" >"$C/follow-gap.out"
"$B/tools/cordon-audit" "$C/follow-gap.out" >"$C/audit-gap.out" 2>&1
RC=$?; OUTF=$C/audit-gap.out
cexpect "cordon-audit names a record taken out" 1 "gap"
ctl late audit --from 0
cexpect "a late reader is told what the ring no longer holds" 0 "audit gap: records 0\.\."

boot_end
expect_not "no hypervisor panic" "PANIC"
