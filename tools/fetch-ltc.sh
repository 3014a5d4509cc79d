#!/bin/sh
# cordon: unpacks Debian's libtomcrypt and libtommath source packages into DIR/ for the freestanding builds.
# Usage: tools/fetch-ltc.sh DIR   (the Makefile passes build/third_party)
# Needs deb-src entries in the apt sources (tools/install-deps.sh enables them) and dpkg-dev.
# Nothing fetched here is committed: DIR lives under build/.
# libtommath is the big-number library under libtomcrypt's RSA (lib/sig/sig_verify.c in the hypervisor).
set -e
dir=${1:?usage: tools/fetch-ltc.sh DIR}

# fetch PACKAGE HEADER: unpack PACKAGE's source into DIR/PACKAGE unless HEADER (a path inside it) exists.
fetch() {
	pkg=$1
	dest=$dir/$pkg
	if [ -f "$dest/$2" ]; then
		echo "fetch-ltc: $dest is already unpacked"
		return 0
	fi
	echo "fetch-ltc: apt-get source $pkg -> $dest"
	# Unpack in a scratch directory first, so an interrupted run never leaves a half tree at $dest.
	work=$dir/$pkg.tmp
	rm -rf "$work"
	mkdir -p "$work"
	log=$dir/fetch-$pkg.log
	# As root apt warns that _apt cannot write here and downloads unsandboxed; that is harmless.
	if ! (cd "$work" && apt-get source -q "$pkg") >"$log" 2>&1; then
		cat "$log" >&2
		echo "fetch-ltc: apt-get source $pkg failed; run tools/install-deps.sh (as root) to enable deb-src" >&2
		exit 1
	fi
	# The tree is named after the upstream version (libtomcrypt-1.18.2); the Makefile wants a fixed name.
	src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name "$pkg-*" | head -n 1)
	[ -n "$src" ] || { echo "fetch-ltc: no $pkg-* tree in $work (see $log)" >&2; exit 1; }
	rm -rf "$dest"
	mv "$src" "$dest"
	rm -rf "$work"
}

fetch libtomcrypt src/headers/tomcrypt.h
fetch libtommath tommath.h
