#!/bin/sh
# cordon benchmark: the management plane. A signed policy change with N live event channels (N = 1, 16,
# 256) that the new policy revokes, as timed by cordon itself (TSC, the whole update); the same change
# with none revoked; and cordon-ctl stop and start of a tiny and a Linux VM (cordon's TSC for the stop,
# the console's order of lines for the start). Writes OUT/ctl.txt.
set -u
out=${1:-build/bench}
B=${B:-build}
OUT=$out/ctl
. tests/integration/lib.sh
mkdir -p "$OUT"
X=$B/tools/cordon-ctl
rm -f "$OUT/op.key" "$OUT/op.pub"
"$X" keygen "$OUT/op" >/dev/null
mkdir -p "$OUT/extra/keys" && cp "$OUT/op.pub" "$OUT/extra/keys/"
# bench0: a and b share; bench1: b no longer does (every channel revoked); bench1b: a new name, nothing revoked
printf 'policy bench0\nste s t\nlabel a ste=s\nlabel b ste=s\n' >"$OUT/bench0.pol"
printf 'policy bench1\nste s t\nlabel a ste=s\nlabel b ste=t\n' >"$OUT/bench1.pol"
printf 'policy bench1b\nste s t\nlabel a ste=s\nlabel b ste=s\n' >"$OUT/bench1b.pol"
for p in bench0 bench1 bench1b; do "$B/tools/cordon-policy" compile "$OUT/$p.pol" -o "$OUT/$p.bin" >/dev/null; done
cp "$OUT/bench0.bin" "$OUT/extra/"
"$X" policy sign --key "$OUT/op.key" --serial 1 "$OUT/bench1.bin" >/dev/null
"$X" policy sign --key "$OUT/op.key" --serial 1 "$OUT/bench1b.bin" >/dev/null

# config PAIRS K G: PAIRS pairs of VMs, K channels and 2 G grant mappings each (QEMU's SVM gives 15 ASIDs:
# at most 15 VMs, so 256 bindings are 4 pairs of 32 channels and 2 x 16 grants)
config() {
	echo "policy = bench0.bin"
	echo "operator_key = keys/op.pub"
	for i in $(seq 0 $(($1 - 1))); do
		printf '[vm]\nname = o%s\nimage = guests/ctlpair.elf\nmemory = 2M\nlabel = a\ncmdline = "offer %s %s b%s"\n' "$i" "$2" "$3" "$i"
		printf '[vm]\nname = b%s\nimage = guests/ctlpair.elf\nmemory = 2M\nlabel = b\ncmdline = "bind %s %s o%s"\n' "$i" "$2" "$3" "$i"
	done
}

# update N PAIRS K G POLICY: boots, waits for every pair to be bound, loads POLICY; prints cordon's line.
update() {
	config "$2" "$3" "$4" >"$OUT/n$1.cfg"
	boot_bg "n$1-$5" "$OUT/n$1.cfg" 300 "$OUT/extra"
	wait_log "management channel ready" 120
	for _ in $(seq 1 120); do
		[ "$(grep -c "bound $3 channel(s), mapped $4 grant" "$LOG")" -ge "$2" ] &&
			[ "$(grep -c "offered $3 port(s), mapped $4 grant" "$LOG")" -ge "$2" ] && break
		sleep 1
	done
	line=$("$X" --socket "$MGMT" --key "$OUT/op.key" policy load "$OUT/$5.bin" 2>&1 | tr '\n' ' ')
	us=$(echo "$line" | sed -n 's/.*revoked in \([0-9]*\) us.*/\1/p')
	rv=$(echo "$line" | sed -n 's/.*, \([0-9]*\) binding(s) revoked.*/\1/p')
	echo "policy-update N=$1 policy=$5 revoked=${rv:-?} us=${us:-?}"
	boot_end
}

{
	echo "# policy update: cordon's own TSC from the request's arrival to its answer (validation, Chinese Wall check, commit, revocation, PCR 10 extend)"
	update 1 1 1 0 bench1
	update 16 1 16 0 bench1
	update 256 4 32 16 bench1
	update 256 4 32 16 bench1b
} >"$OUT/updates.txt" 2>&1

# Stop and start: one tiny VM (stop event) and one Linux VM (power button), the Linux one manual at first.
{
	echo "policy = bench0.bin"
	echo "operator_key = keys/op.pub"
	printf '[vm]\nname = tiny\nimage = guests/ctlpair.elf\nmemory = 2M\nlabel = a\ncmdline = "idle"\n'
	printf '[vm]\nname = lx\nkernel = linux/vmlinuz\ninitrd = linux/initramfs.cpio.gz\nmemory = 160M\nlabel = a\nvtpm = no\n'
	printf 'cmdline = "console=ttyS0 cordon.name=lx"\n'
} >"$OUT/life.cfg"
mkdir -p "$OUT/extra/linux" && cp "$B/linux/vmlinuz" "$B/linux/initramfs.cpio.gz" "$OUT/extra/linux/"
ctl() { "$X" --socket "$MGMT" --key "$OUT/op.key" "$@" >/dev/null 2>&1; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
{
	echo "# stop: cordon's TSC from the request to the VM's end; start: wall clock from the request to the VM's first line"
	boot_bg life "$OUT/life.cfg" 400 "$OUT/extra"
	wait_log "lx: cordon-linux: init reached" 180
	sleep 3 # acpid must be up before the power button means anything
	for vm in tiny lx; do
		ctl stop "$vm"
		wait_log "vm '$vm' ended [0-9]+ ms after the stop request" 60
		sed -n "s/^cordon: vm '$vm' ended \([0-9]*\) ms after the stop request.*/stop $vm: \1 ms from the request to its end/p" "$LOG" | tr -d '\r' | head -1
		wait_log "vm '$vm': [0-9]+ MiB scrubbed" 60
		t0=$(ms)
		ctl start "$vm"
		if [ "$vm" = lx ]; then wait_log "lx: cordon-linux: init reached.*" 180; n=$(grep -c "lx: cordon-linux: init reached" "$LOG")
			while [ "$n" -lt 2 ] && [ $(( $(ms) - t0 )) -lt 180000 ]; do sleep 0.2; n=$(grep -c "lx: cordon-linux: init reached" "$LOG"); done
		else n=$(grep -c "^tiny: tiny (label" "$LOG")
			while [ "$n" -lt 2 ] && [ $(( $(ms) - t0 )) -lt 60000 ]; do sleep 0.05; n=$(grep -c "^tiny: tiny (label" "$LOG"); done
		fi
		echo "start $vm: $(( $(ms) - t0 )) ms to its first line again (wall clock, host)"
	done
	for vm in tiny lx; do ctl destroy "$vm"; done
	boot_end
} >"$OUT/life.txt" 2>&1
cat "$OUT/updates.txt" "$OUT/life.txt" | grep -E "^(#|policy-update|stop|start)" >"$out/ctl.txt"
cat "$out/ctl.txt"
