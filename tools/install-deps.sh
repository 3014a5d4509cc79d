#!/bin/sh
# cordon: installs the Debian 12 packages the build, the demo and the tests need and enables deb-src (as root).
set -e
# libtomcrypt/libtommath: host crypto; dpkg-dev: `apt-get source libtomcrypt` for the freestanding builds.
PKGS="gcc make binutils gnu-efi mtools qemu-system-x86 ovmf swtpm swtpm-tools libcmocka-dev clang libclang-rt-14-dev"
PKGS="$PKGS libtomcrypt-dev libtommath-dev dpkg-dev"
# libtpms-dev and libssl-dev: the static libtpms.a and libcrypto.a the vTPM engine links (vtpm/engine/)
PKGS="$PKGS libtpms-dev libssl-dev"
# cpio: the Linux guests' initramfs (tools/fetch-linux.sh)
PKGS="$PKGS cpio"
# bochs: the VT-x suite (tools/run-bochs.sh); bochs-term satisfies its display dependency without X or
# GTK front ends; seabios holds the VGA ROM the runner names.
PKGS="$PKGS bochs bochs-term seabios"
# frama-c-base: make prove (Eva and WP); why3 and cvc4: the prover WP calls (tests/prove/run.sh)
PKGS="$PKGS frama-c-base why3 cvc4"
LIST=/etc/apt/sources.list
LIST_D=/etc/apt/sources.list.d

# True when some apt source already has source-package entries (deb822 Types line or a one-line deb-src).
has_deb_src() {
	grep -qs '^Types:.*deb-src' "$LIST_D"/*.sources && return 0
	grep -qs '^[[:space:]]*deb-src[[:space:]]' "$LIST" "$LIST_D"/*.list
}

# Debian 12 keeps deb822 stanzas in debian.sources: "Types: deb" becomes "Types: deb deb-src".
enable_deb822() {
	for f in "$LIST_D"/*.sources; do
		[ -f "$f" ] && sed -i 's/^Types:[[:space:]]*deb[[:space:]]*$/Types: deb deb-src/' "$f"
	done
	return 0
}

# A classic sources.list gets a deb-src twin after the file for each active "deb http..." line lacking one.
enable_one_line() {
	[ -f "$LIST" ] || return 0
	twins=$(sed -n '/cdrom:/d; s/^[[:space:]]*deb[[:space:]]\{1,\}/deb-src /p' "$LIST")
	printf '%s\n' "$twins" | while IFS= read -r line; do
		[ -z "$line" ] || grep -qxF "$line" "$LIST" || printf '%s\n' "$line" >>"$LIST"
	done
}

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
src=""
has_deb_src || src=yes
if [ -z "$missing" ] && [ -z "$src" ]; then
	echo "deps: all build and test packages are installed (deb-src enabled)"
	exit 0
fi
[ -z "$missing" ] || echo "deps: installing:$missing"
[ -z "$src" ] || echo "deps: enabling deb-src in the apt sources (the freestanding builds run apt-get source)"
if [ "$(id -u)" != 0 ]; then
	echo "deps: need root for apt; run as root, or install:$missing${src:+ (and enable deb-src)}" >&2
	exit 1
fi
if [ -n "$src" ]; then
	enable_deb822
	enable_one_line
	has_deb_src || { echo "deps: found no Debian apt source to add deb-src to" >&2; exit 1; }
fi
apt-get update -q
# shellcheck disable=SC2086 # missing is a word list
[ -z "$missing" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
