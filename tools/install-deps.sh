#!/bin/sh
# cordon: installs the Debian 12 packages the build, the demo and the tests need (apt-get, as root).
set -e
PKGS="gcc make binutils gnu-efi mtools qemu-system-x86 ovmf swtpm swtpm-tools libcmocka-dev clang libclang-rt-14-dev"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && { echo "deps: all build and test packages are installed"; exit 0; }
echo "deps: installing:$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: need root to run apt-get; run as root or install:$missing" >&2
	exit 1
fi
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
