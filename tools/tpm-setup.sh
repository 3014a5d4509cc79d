#!/bin/sh
# cordon: test TPMs (swtpm) whose EK certificates are signed by a project-local CA in build/tpm-ca.
#   tools/tpm-setup.sh STATE_DIR             fresh TPM 2.0 state: EKs, EK certificates (RSA one in NV
#                                            0x01c00002, also as STATE_DIR/ek-rsa2048.crt in DER), platform
#                                            certificate; replaces any old state
#   tools/tpm-setup.sh --ca-bundle           prints the path of a PEM file with the CA certificates a
#                                            verifier trusts (root, then intermediate); makes the CA if needed
#   tools/tpm-setup.sh --serve STATE_DIR SOCK  runs swtpm in the background on STATE_DIR, raw TPM commands
#                                            on the UNIX socket SOCK (control channel SOCK.ctrl), startup done
#   tools/tpm-setup.sh --stop STATE_DIR      stops the swtpm that --serve started there
# swtpm_localca creates the root CA and the intermediate (signing) CA on first use; nothing is written
# to /var/lib/swtpm-localca or /etc. Each STATE_DIR is its own TPM with its own endorsement seed.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-build}
case $B in /*) ;; *) B=$root/$B ;; esac
ca=$B/tpm-ca

die() { echo "tpm-setup: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found (Debian packages swtpm, swtpm-tools)"; }
# swtpm and swtpm_setup need absolute paths.
absdir() { mkdir -p "$1" && (cd "$1" && pwd); }

# Writes a file atomically, so concurrent runs never see half a config.
put() { cat >"$1.$$" && mv -f "$1.$$" "$1"; }

# Configuration for swtpm_setup and swtpm_localca pointing at $ca (rewritten each time: the tree may move).
ca_config() {
	mkdir -p "$ca"
	put "$ca/swtpm-localca.conf" <<-CONF
		statedir = $ca
		signingkey = $ca/signkey.pem
		issuercert = $ca/issuercert.pem
		certserial = $ca/certserial
	CONF
	put "$ca/swtpm-localca.options" <<-CONF
		--platform-manufacturer cordon
		--platform-version 2.1
		--platform-model swtpm
	CONF
	put "$ca/swtpm_setup.conf" <<-CONF
		create_certs_tool = $(command -v swtpm_localca)
		create_certs_tool_config = $ca/swtpm-localca.conf
		create_certs_tool_options = $ca/swtpm-localca.options
		active_pcr_banks = sha256
	CONF
}

setup_state() {
	need swtpm_setup
	need swtpm_localca
	dir=$(absdir "$1")
	ca_config
	rm -f "$dir/setup.log"
	swtpm_setup --tpm2 --create-ek-cert --create-platform-cert --tpmstate "$dir" --overwrite \
		--write-ek-cert-files "$dir" \
		--config "$ca/swtpm_setup.conf" --logfile "$dir/setup.log" >/dev/null ||
		die "swtpm_setup failed for $dir: $(tail -n 3 "$dir/setup.log" 2>/dev/null | tr '\n' ' ')"
	[ -f "$ca/issuercert.pem" ] || die "swtpm_localca made no CA in $ca"
}

ca_bundle() {
	if [ ! -f "$ca/issuercert.pem" ] || [ ! -f "$ca/swtpm-localca-rootca-cert.pem" ]; then
		tmp=$(mktemp -d)
		setup_state "$tmp" >/dev/null
		rm -rf "$tmp"
	fi
	cat "$ca/swtpm-localca-rootca-cert.pem" "$ca/issuercert.pem" | put "$ca/ca-bundle.pem"
	echo "$ca/ca-bundle.pem"
}

# The pid in STATE_DIR/swtpm.pid if that process is still a swtpm (pids get reused).
running_pid() {
	[ -f "$1/swtpm.pid" ] || return 1
	pid=$(cat "$1/swtpm.pid")
	[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = swtpm ] && echo "$pid"
}

stop() {
	dir=$(absdir "$1")
	if pid=$(running_pid "$dir"); then
		kill "$pid"
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		kill -0 "$pid" 2>/dev/null && die "swtpm $pid did not stop"
	fi
	rm -f "$dir/swtpm.pid"
}

serve() {
	need swtpm
	dir=$(absdir "$1")
	sock=$(absdir "$(dirname "$2")")/$(basename "$2")
	[ -f "$dir/tpm2-00.permall" ] || die "no TPM state in $dir (run tools/tpm-setup.sh $dir first)"
	stop "$dir"
	rm -f "$sock" "$sock.ctrl"
	swtpm socket --tpm2 --tpmstate dir="$dir" --server type=unixio,path="$sock" \
		--ctrl type=unixio,path="$sock.ctrl" --flags not-need-init,startup-clear \
		--daemon --pid file="$dir/swtpm.pid" --log file="$dir/swtpm.log" ||
		die "swtpm did not start on $sock (see $dir/swtpm.log)"
	i=0
	while [ ! -S "$sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -S "$sock" ] || die "swtpm started but $sock did not appear"
}

case ${1:-} in
--ca-bundle) [ $# = 1 ] || die "usage: tools/tpm-setup.sh --ca-bundle"; ca_bundle ;;
--serve) [ $# = 3 ] || die "usage: tools/tpm-setup.sh --serve STATE_DIR SOCK"; serve "$2" "$3" ;;
--stop) [ $# = 2 ] || die "usage: tools/tpm-setup.sh --stop STATE_DIR"; stop "$2" ;;
'' | -*) die "usage: tools/tpm-setup.sh STATE_DIR | --ca-bundle | --serve STATE_DIR SOCK | --stop STATE_DIR" ;;
*) [ $# = 1 ] || die "usage: tools/tpm-setup.sh STATE_DIR"; setup_state "$1" ;;
esac
