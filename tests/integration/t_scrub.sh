#!/bin/sh
# cordon integration: ending a large VM does not freeze the VMs beside it. A 2 GiB VM ends at once; its
# memory is zeroed in pieces of about 2 ms between scheduler passes, so a bystander's longest gap between
# two of its work chunks (in TSC time) stays below MAX_GAP_MS: its own wait for the other VM's slices
# (10 ms ticks) plus scrub pieces, with room for a noisy shared machine. Byte-wise scrubbing with nothing
# else running stalled it for seconds.
. tests/integration/lib.sh
MAX_GAP_MS=300
export QEMU_MEM=6G
boot scrub tests/integration/cfg/scrub.cfg 200
expect "the large VM starts" "cordon: vm 1 'big' started: label [a-z]+, 2048 MiB"
expect "the large VM ends" "cordon: vm 'big' ended: exited with code 0"
expect "its memory is scrubbed and returned" "cordon: vm 'big': 2048 MiB scrubbed and returned"
expect_before "scrubbing finishes while the bystander still runs" "cordon: vm 'big': 2048 MiB scrubbed" \
	"^bystander: progress: longest gap"
expect "the bystander ends normally" "cordon: vm 'bystander' ended: exited with code 0"
gap=$(sed -n 's/^bystander: progress: longest gap \([0-9]*\) us.*/\1/p' "$LOG.txt")
echo "scrub: the bystander's longest gap: ${gap:-none} us (bound ${MAX_GAP_MS} ms)"
if [ -n "$gap" ] && [ "$gap" -le $((MAX_GAP_MS * 1000)) ]; then
	pass "the bystander never stalled more than ${MAX_GAP_MS} ms ($gap us)"
else
	fail "the bystander never stalled more than ${MAX_GAP_MS} ms (${gap:-no figure} us)"
fi
expect_clean_end
