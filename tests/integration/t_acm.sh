#!/bin/sh
# cordon integration: the reference monitor over grants, event channels, NICs and VM start (sHype STE + CW),
# and the hash-chained audit trail checked by tools/cordon-audit.
. tests/integration/lib.sh
files=$OUT/acmfiles
mkdir -p "$files"
cp "$B/policy/demo.bin" "$files/demo.bin"
boot acm tests/integration/cfg/acm.cfg 150 "$files"
expect "the policy is loaded and validated" "cordon: policy 'demo' loaded: 7 labels"
expect "green VMs share a granted page" "^green-b: ok: page holds green-a's message"
expect "the granter sees the peer's write through the grant" "^green-a: ok: green-b wrote its reply into the granted page"
expect "an event-channel send arrives as an interrupt" "^green-a: ok: green-b's event arrived as an interrupt"
expect "green VMs exchange frames on their segment" "^green-a: ok: pong came back over the NIC"
expect "the switch refuses a spoofed source MAC" "^green-a: ok: spoofed source MAC refused"
expect "a revoke replaces the peer's view with zeros" "^green-b: ok: after the revoke the page reads zeros"
expect "the peer writes after the revoke into a page of its own" "^green-b: ok: a write after the revoke lands in a page of my own"
expect "the granter's page never sees the peer's writes after the revoke" "^green-a: ok: my page kept green-b's last write"
expect "the peer survives the revoke and exits 0" "cordon: vm 'green-b' ended: exited with code 0"
expect "the granter ends; its peer reads zeros" "^green-d: ok: after the granter's end the page reads zeros"
expect "... and writes into a page of its own" "^green-d: ok: and my writes there are kept in a page of my own"
expect "the peer survives its granter's end and exits 0" "cordon: vm 'green-d' ended: exited with code 0"
expect_not "no sharing VM dies of a nested page fault" "ended: nested page fault"
expect "red's grant map is denied" "^red: ok: map green-a's grant: refused \(E_PERM\)"
expect "... and audited" "cordon: audit seq=[0-9]+ .* op=grant-map subj=red/red obj=grant:green-a#1/green decision=deny"
expect "red's event-channel bind is denied and audited" "op=evtchn-bind subj=red/red obj=evtchn:green-a#1/green decision=deny"
expect "red's NIC is refused at attach and audited" "op=nic-attach subj=red/red obj=segment/green-seg decision=deny"
expect "red has no NIC afterwards" "^red: ok: sending a frame fails cleanly"
expect "blue is refused while red runs (Chinese Wall), audited" "op=vm-start subj=blue/blue obj=vm:red/red decision=deny"
expect_before "blue starts only after red has ended" "cordon: vm 'red' ended" "cordon: vm [0-9]+ 'blue' started"
expect_count "no sharing guest reported a failure" "share (a|b|red|endgranter|endpeer): 0 failure\(s\)" 5
expect_not "no guest check failed" ": FAIL: "
expect "an unprivileged VM cannot read the audit trail" "^red: ok: reading the audit trail needs privilege"
expect "a privileged VM reads the audit trail by hypercall and checks its chain" \
	"^auditor: audit trail read by hypercall: ([0-9]+) record\(s\), \1 chained correctly"
# 300 identical denials are 4 records (the first, then counts of 64, 128 and the 107 left when red ends).
expect "red's 300 denied maps are counted in 4 records" "^auditor: 'op=grant-map subj=red/': 300 decision\(s\) in 4 record\(s\)"
expect "the repeats did not push the first record out of the ring" "^auditor: the first record is still in the ring"
expect "a count record carries the repeat count" "op=grant-map subj=red/red obj=grant:green-a#1/green decision=deny repeats=64 hash="
expect "the auditor exited 0" "cordon: vm 'auditor' ended: exited with code 0"
expect_clean_end
NAME=audit
if out=$("$B/tools/cordon-audit" "$LOG.txt"); then
	# 303 decisions at least: red's attach, map (1 + 299 counted) and bind, blue's first refusal.
	echo "$out" | grep -Eq "audit chain OK: ([7-9]|[1-9][0-9]) record\(s\), 30[3-9] decision\(s\)" &&
		pass "cordon-audit verifies the chain and counts the decisions the count records stand for" ||
		fail "cordon-audit: unexpected output: $out"
else
	fail "cordon-audit rejected an untouched log: $out"
fi
awk '/op=grant-map/ && !d {sub("decision=deny", "decision=permit"); d=1} {print}' "$LOG.txt" >"$OUT/audit-edited.txt"
if "$B/tools/cordon-audit" "$OUT/audit-edited.txt" | grep -q "BROKEN: seq"; then pass "cordon-audit detects an edited record"
else fail "cordon-audit accepted an edited record"; fi
grep -v "op=grant-map" "$LOG.txt" >"$OUT/audit-gap.txt"
if "$B/tools/cordon-audit" "$OUT/audit-gap.txt" | grep -q "record missing"; then pass "cordon-audit detects a removed record"
else fail "cordon-audit accepted a log with a record removed"; fi

# Adverse grant use: never made, revoked, someone else's, outside the granter's memory: all refused, VM lives.
NAME=acm
expect "mapping a revoked grant is refused" "^green-b: ok: map a revoked grant: E_NOENT"
expect "mapping a grant never made is refused" "^green-b: ok: map a grant never made: E_NOENT"
expect "mapping another VM's grant is refused" "^green-b: ok: map a grant made for another VM: E_NOENT"
expect "granting memory one does not own is refused" "^green-b: ok: grant a page outside my memory: E_FAULT"

# A flood of frames and events does not starve others; the flooder ending mid-stream leaves its peer working.
boot flood tests/integration/cfg/flood.cfg 150 "$files"
expect "the flooder sent its frames" "^flood: sent [0-9]+ frames; ending mid-stream"
expect_count "the bystander completed all 20 counts" "^counter: count [0-9]+ of 20$" 20
expect "the sink received frames" "^sink: received [1-9][0-9]* frames"
expect "broadcast frames reach the other NIC on the segment" "^sink: received [0-9]+ frames \([1-9][0-9]* broadcast\)"
expect "a NIC on another segment receives nothing, broadcasts included" "^listener: ok: no frame crossed from another segment"
expect "after the flooder ended, its channel fails cleanly at the sink" "^sink: ok: after the flooder ended, sends on its channel fail cleanly"
expect "the sink's NIC still works" "^sink: ok: and the NIC still answers"
expect_count "no failures" "share (flood|sink): 0 failure\(s\)" 2
expect_clean_end
