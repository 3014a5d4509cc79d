#!/bin/sh
# cordon integration: measured boot, remote attestation with cordon-attest, the sealed secret, and
# every tamper case (guest image, boot.cfg, policy, hypervisor, edited/truncated logs, old nonce,
# an AK from another TPM), plus hostile bytes on the management channel and boots without a TPM.
. tests/integration/lib.sh
A=$OUT/attest
rm -rf "$A"
mkdir -p "$A/stage/guests" "$A/extra"
cfg=tests/integration/cfg/attest.cfg
CA=$(tools/tpm-setup.sh --ca-bundle)
TOOLS=$B/tests

# Two TPMs certified by the same project CA; the secret is sealed in TPM A.
tools/tpm-setup.sh "$A/tpmA" >/dev/null && tools/tpm-setup.sh "$A/tpmB" >/dev/null || { echo "FAIL: attest: cannot make test TPMs"; exit 0; }
cp "$B/hypervisor.elf" "$A/stage/" && cp "$B"/guests/*.elf "$A/stage/guests/" && cp "$B/policy/demo.bin" "$A/stage/"
"$B/tools/cordon-ref" make --cfg "$cfg" --esp-dir "$A/stage" -o "$A/ref" >/dev/null
head -c 48 /dev/urandom >"$A/secret"
want=$(sha256sum "$A/secret" | cut -d' ' -f1)
tools/tpm-setup.sh --serve "$A/tpmA" "$A/raw.sock"
# shellcheck disable=SC2046 # predict prints "8=HEX 9=HEX", one --pcr each
"$B/tools/cordon-seal" --tpm "$A/raw.sock" $(printf -- '--pcr %s ' $("$B/tools/cordon-ref" predict "$A/ref")) \
	--in "$A/secret" --out "$A/extra/secret.seal"
tools/tpm-setup.sh --stop "$A/tpmA"
cp "$B/policy/demo.bin" "$A/extra/"

# attest NAME [cordon-attest options]: runs the verifier against the running boot; VRC, VOUT.
attest() {
	an=$1; shift
	"$B/tools/cordon-attest" --socket "$MGMT" --ca "$CA" --ref "$A/ref" --timeout 60 "$@" >"$A/$an.out" 2>&1
	echo $? >"$A/$an.rc"
	verdict "$an"
}
verdict() { VRC=$(cat "$A/$1.rc"); VOUT=$(cat "$A/$1.out"); }
vexpect() { # what rc regex
	if [ "$VRC" = "$2" ] && printf '%s\n' "$VOUT" | grep -Eq -- "$3"; then pass "$1"
	else fail "$1 (verifier exit $VRC, expected $2; no line /$3/)"; printf '%s\n' "$VOUT" | sed 's/^/  > /' | head -20; fi
}
up() { # NAME CFG EXTRA: background boot on TPM $BOOT_TPM_STATE, waits for the management channel
	boot_bg "$1" "$2" 240 "$3"
	wait_log "management channel ready" 120 && wait_log "staying up for attestation" 30 ||
		fail "cordon did not bring up its management channel and the vault VM"
}

# ---- 1. clean boot: TRUSTED, secret released to the vault VM only
N1=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
N2=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
BOOT_TPM_STATE=$A/tpmA up attest-clean "$cfg" "$A/extra"
attest clean --nonce "$N1" --save-evidence "$A/evidence"
vexpect "a clean boot is TRUSTED" 0 "^platform TRUSTED"
vexpect "the report names every guest" 0 "each guest \(vault, other\) match"
vexpect "the AK is certified by the EK" 0 "AK certified by the TPM's EK"
attest clean-json --json
vexpect "--json gives the verdict as JSON" 0 '"verdict":"trusted"'
attest pinned-other --ek-cert "$A/tpmB/ek-rsa2048.crt"
vexpect "a platform whose EK is not the pinned one (TPM B's) is rejected" 1 "EK public area does not match the EK certificate"
"$TOOLS/mgmt-poke" "$MGMT" >"$A/poke.out" 2>&1
for p in garbage:"no answer" oversized-length:"no answer" item-overrun:"error status 1" unknown-type:"error status 1" \
	short-nonce:"error status 1" activate-without-items:"error status 1"; do
	if grep -q "^probe ${p%%:*}: ${p#*:}" "$A/poke.out"; then pass "hostile channel input '${p%%:*}' gets: ${p#*:}"
	else fail "hostile channel input '${p%%:*}' (got: $(grep "^probe ${p%%:*}:" "$A/poke.out"))"; fi
done
attest after-poke
vexpect "after hostile input cordon still attests" 0 "^platform TRUSTED"
boot_end
expect "the loader measured every component" "cordon-loader: measured 7 events"
expect "the vault VM received the sealed secret" "^vault: secret received: 48 bytes, sha256 $want"
expect "a secret read one byte over CORDON_SECRET_MAX is refused" "^vault: secret read of 129 bytes: E_INVAL"
expect "another VM is refused the secret" "^other: no secret: E_PERM"
expect "cordon logged the VM start in PCR 10" "measured into PCR 10: cordon vm-start name=vault label=green"
expect "cordon logged the VM stop in PCR 10" "measured into PCR 10: cordon vm-stop name=other"
expect_clean_end

# ---- 2. offline checks on the saved evidence
offline() { "$B/tools/cordon-attest" --evidence "$1" --nonce "$2" --ca "$CA" --ref "$A/ref" >"$A/off.out" 2>&1; VRC=$?; VOUT=$(cat "$A/off.out"); }
offline "$A/evidence" "$N1"
vexpect "saved evidence re-verifies against its nonce" 0 "^platform TRUSTED"
offline "$A/evidence" "$N2"
vexpect "a quote replayed to a new nonce is rejected" 1 "not fresh"
for op in "drop-rt 1:truncated runtime log" "drop-fw 3:truncated firmware log"; do
	"$TOOLS/evidence-edit" "$A/evidence" "$A/evidence.bad" ${op%%:*}
	offline "$A/evidence.bad" "$N1"
	vexpect "a ${op#*:} is detected" 1 "event log does not match the quote"
done
# The edit keeps the event's digest (so the replay still matches the quote): its text no longer does.
"$TOOLS/evidence-edit" "$A/evidence" "$A/evidence.bad" edit-rt
offline "$A/evidence.bad" "$N1"
vexpect "an edited runtime event is detected" 1 "digest is not SHA-256 of the event 'cordon Started"

# ---- 3. tampered components with the old reference values: each is named, the secret stays sealed
tampered() { # NAME what finding-regex
	BOOT_TPM_STATE=$A/tpmA up "attest-$1" "${TCFG:-$cfg}" "${TEXTRA:-$A/extra}"
	attest "$1"
	boot_end
	unset GUESTS_DIR TCFG TEXTRA HV_ELF
	vexpect "a modified $2 is detected and named" 1 "$3"
	expect "a modified $2 keeps the secret sealed" "sealed secret NOT released.*TPM_RC_POLICY_FAIL"
	expect "a modified $2: the vault VM gets no secret" "^vault: no secret"
}
mkdir -p "$A/guests" && cp "$B"/guests/*.elf "$A/guests/" && printf x >>"$A/guests/sealed.elf"
GUESTS_DIR=$A/guests tampered guest "guest image" "guest image 'vault' \(sealed.elf\) differs"
{ cat "$cfg"; echo "# one more line"; } >"$A/tampered.cfg"
TCFG=$A/tampered.cfg tampered cfg "boot.cfg" "boot.cfg differs"
mkdir -p "$A/extra-pol" && cp "$A/extra/secret.seal" "$A/extra-pol/"
sed 's/^policy demo/policy demo-evil/' policy/demo.pol >"$A/evil.pol"
"$B/tools/cordon-policy" compile "$A/evil.pol" -o "$A/extra-pol/demo.bin" >/dev/null
TEXTRA=$A/extra-pol tampered policy "policy file" "policy differs"
cp "$B/hypervisor.elf" "$A/hv.elf" && printf x >>"$A/hv.elf"
HV_ELF=$A/hv.elf tampered hv "hypervisor image" "hypervisor image differs"

# ---- 4. the same ESP on TPM B: TRUSTED as itself; the secret sealed in TPM A stays sealed; and an
# AK of TPM B presented with TPM A's genuine EK (a relay rewrites the identity) fails activation.
BOOT_TPM_STATE=$A/tpmB up attest-tpmB "$cfg" "$A/extra"
attest tpmB
"$TOOLS/mgmt-mitm" "$A/evidence" "$A/mitm.sock" "$MGMT" >"$A/mitm.out" 2>&1 &
mitm=$!
wait_file() { for _ in $(seq 1 20); do [ -S "$1" ] && return 0; sleep 0.5; done; return 1; }
wait_file "$A/mitm.sock"
"$B/tools/cordon-attest" --socket "$A/mitm.sock" --ca "$CA" --ref "$A/ref" --timeout 60 >"$A/mitm-v.out" 2>&1
echo $? >"$A/mitm-v.rc"
kill "$mitm" 2>/dev/null
boot_end
verdict tpmB
vexpect "the same ESP on TPM B attests as TRUSTED (its own EK is certified by the CA)" 0 "AK certified by the TPM's EK"
verdict mitm-v
vexpect "an AK from another TPM, shown with a genuine EK, is rejected" 1 "AK is not certified by the EK"
expect "cordon's TPM could not activate a credential made for another TPM's EK" "management request refused: ActivateCredential"
expect "a secret sealed in TPM A is not released by TPM B" "sealed secret NOT released"

# ---- 5. no TPM
BOOT_TPM=none boot attest-notpm "$cfg" 90 "$A/extra"
expect "without a TPM the loader refuses a boot.cfg that requires one" "boot.cfg requires a TPM"
expect_not "without a TPM nothing starts" "^cordon microhypervisor"
{ echo "tpm = optional"; grep -v "^sealed\|^unseal\|^cmdline\|^timeout" "$cfg"; } >"$A/optional.cfg"
BOOT_TPM=none boot attest-optional "$A/optional.cfg" 90 "$A/extra"
expect "tpm = optional boots unmeasured and says so" "booting UNMEASURED because boot.cfg says 'tpm = optional'"
expect "an unmeasured boot still runs its VMs" "cordon: vm 'vault' ended: exited with code 0"
expect_clean_end
