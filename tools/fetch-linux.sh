#!/bin/sh
# cordon: builds the Linux guest payload from Debian's cloud kernel and busybox-static (tests/linux/README.md).
# Usage: tools/fetch-linux.sh [BUILD_DIR]   (default build; the Makefile passes $(B))
# Downloads once with `apt-get download` into BUILD/third_party/linux, unpacks with dpkg-deb, and writes
# BUILD/linux/vmlinuz and BUILD/linux/initramfs.cpio.gz (busybox, tests/linux/init, the virtio-net modules).
# Needs apt lists (apt-get update), dpkg-deb, objcopy, cpio and gzip. Nothing made here is committed.
set -e
b=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
init=$top/tests/linux/init
hcall=$top/tests/linux/hcall.c
dl=$b/third_party/linux
root=$dl/root
stamp=$root/.cordon-unpacked
out=$b/linux
log=$dl/fetch-linux.log

# What the initramfs needs for legacy virtio-pci networking and the ACPI power button (button: the
# PNP0C0C device; evdev: the /dev/input node busybox acpid reads), in load order (paths under kernel/, no .ko).
# Each module's "depends=" (its .modinfo section) must name only modules listed before it; checked below.
MODS="drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_pci_legacy_dev
drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci net/core/failover drivers/net/net_failover
drivers/net/virtio_net drivers/acpi/button drivers/input/evdev"

die() { echo "fetch-linux: $*" >&2; exit 1; }

# The first existing file among the arguments (a glob's matches), or nothing.
first() {
	for f in "$@"; do [ -f "$f" ] && { echo "$f"; return 0; }; done
	return 0
}

# The versioned kernel package the metapackage points at, e.g. linux-image-6.1.0-56-cloud-amd64.
kernel_pkg() {
	apt-cache depends linux-image-cloud-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-cloud-amd64\)$/\1/p' | head -n 1
}

# The .deb files, once: a scratch directory keeps an interrupted download from looking complete.
download() {
	kdeb=$(first "$dl"/linux-image-*-cloud-amd64_*.deb)
	bdeb=$(first "$dl"/busybox-static_*.deb)
	[ -n "$kdeb" ] && [ -n "$bdeb" ] && return 0
	pkg=$(kernel_pkg)
	[ -n "$pkg" ] || die "apt-cache finds no linux-image-cloud-amd64 dependency; run apt-get update"
	echo "fetch-linux: apt-get download $pkg busybox-static -> $dl"
	rm -rf "$dl/dl.tmp"
	mkdir -p "$dl/dl.tmp"
	# As root apt warns that _apt cannot write here and downloads unsandboxed; that is harmless.
	if ! (cd "$dl/dl.tmp" && apt-get download -q "$pkg" busybox-static) >"$log" 2>&1; then
		cat "$log" >&2
		die "apt-get download failed (see above)"
	fi
	mv "$dl"/dl.tmp/*.deb "$dl"/
	rmdir "$dl/dl.tmp"
	kdeb=$(first "$dl"/linux-image-*-cloud-amd64_*.deb)
	bdeb=$(first "$dl"/busybox-static_*.deb)
}

# Both packages unpacked into one tree; the stamp names the .deb files it was made from.
unpack() {
	want="$(basename "$kdeb") $(basename "$bdeb")"
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
	echo "fetch-linux: dpkg-deb -x $(basename "$kdeb") $(basename "$bdeb") -> $root"
	rm -rf "$root" "$root.tmp"
	mkdir -p "$root.tmp"
	dpkg-deb -x "$kdeb" "$root.tmp"
	dpkg-deb -x "$bdeb" "$root.tmp"
	# Docs and initramfs-tools hooks are not needed; and the Makefile reads every *.d under build/ as a
	# dependency file, so a directory such as busybox's conf-hooks.d must not stay.
	rm -rf "$root.tmp/usr/share"
	[ -z "$(find "$root.tmp" -name '*.d')" ] || die "unpacked packages hold *.d names: $(find "$root.tmp" -name '*.d')"
	mv "$root.tmp" "$root"
	echo "$want" >"$stamp"
}

# The value of KEY in a module's .modinfo section (NUL-separated key=value strings).
modinfo_field() {
	objcopy -O binary -j .modinfo "$1" /dev/stdout | tr '\0' '\n' | sed -n "s/^$2=//p" | head -n 1
}

# Copies MODS into the staging tree in load order, checking each dependency is already loaded.
stage_modules() {
	kdir=$root/lib/modules/$ver/kernel
	loaded=" "
	for m in $MODS; do
		name=$(basename "$m")
		dst=$stage/lib/modules/$name.ko
		if [ -f "$kdir/$m.ko" ]; then
			cp "$kdir/$m.ko" "$dst"
		elif [ -f "$kdir/$m.ko.xz" ]; then
			# busybox insmod may lack xz support: hand it plain ELF objects
			echo "fetch-linux: decompressing $m.ko.xz (xz -d) for busybox insmod"
			xz -dc "$kdir/$m.ko.xz" >"$dst"
		else
			die "$kdir/$m.ko is missing from the kernel package"
		fi
		for d in $(modinfo_field "$dst" depends | tr ',' ' '); do
			case $loaded in *" $d "*) ;; *) die "$name needs $d, which MODS does not load before it";; esac
		done
		loaded="$loaded$name "
		echo "$name.ko" >>"$stage/etc/cordon/modules"
	done
}

# The initramfs tree: busybox with a symlink per applet, /init, the modules and their load order.
stage_tree() {
	rm -rf "$stage"
	mkdir -p "$stage"
	for d in bin sbin usr/bin usr/sbin dev proc sys tmp root etc/cordon lib/modules; do
		mkdir -p "$stage/$d"
	done
	cp "$root/bin/busybox" "$stage/bin/busybox"
	# busybox-static runs on the build host too: it lists where each applet belongs
	"$root/bin/busybox" --list-full | while IFS= read -r a; do
		[ "$a" = bin/busybox ] || ln -sf /bin/busybox "$stage/$a"
	done
	cp "$init" "$stage/init"
	chmod 755 "$stage/init"
	# a user process that tries hypercalls (cordon.hcall): static, no libc, built for this initramfs
	${CC:-cc} -static -nostdlib -ffreestanding -fno-pie -no-pie -O2 -I"$top/include" -o "$stage/bin/cordon-hcall" \
		"$hcall" || die "could not build $hcall"
	stage_modules
}

command -v cpio >/dev/null || die "cpio is not installed; run tools/install-deps.sh (as root)"
mkdir -p "$dl" "$out"
download
unpack
# the kernel package holds one lib/modules/<version> directory
order=$(first "$root"/lib/modules/*/modules.order)
[ -n "$order" ] || die "no lib/modules/<version> in $(basename "$kdeb")"
ver=$(basename "$(dirname "$order")")
[ -f "$root/boot/vmlinuz-$ver" ] || die "no boot/vmlinuz-$ver in $(basename "$kdeb")"

# Nothing to do when both outputs are newer than the unpacked packages, /init and this script.
# (-nt is not POSIX, but dash, bash and busybox ash all have it.)
up_to_date=yes
for f in "$out/vmlinuz" "$out/initramfs.cpio.gz"; do
	for src in "$stamp" "$init" "$hcall" "$0"; do
		# shellcheck disable=SC3013
		[ "$f" -nt "$src" ] || up_to_date=
	done
done
if [ -n "$up_to_date" ]; then
	echo "fetch-linux: $out is up to date (kernel $ver)"
	exit 0
fi

stage=$out/initramfs.root
stage_tree
# newc is the format the kernel unpacks; -R 0:0 makes every file root's even when built by a user
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -9 -n >"$out/initramfs.cpio.gz.tmp"
cp "$root/boot/vmlinuz-$ver" "$out/vmlinuz.tmp"
mv "$out/vmlinuz.tmp" "$out/vmlinuz"
mv "$out/initramfs.cpio.gz.tmp" "$out/initramfs.cpio.gz"
size=$(( $(wc -c <"$out/initramfs.cpio.gz") / 1024 ))
echo "fetch-linux: built $out/vmlinuz ($ver) and $out/initramfs.cpio.gz (${size} KiB," \
	"$(wc -l <"$stage/etc/cordon/modules") modules)"
