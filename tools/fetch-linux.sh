#!/bin/sh
# cordon: builds the Linux guest payload from Debian's cloud kernel and busybox-static (tests/linux/README.md).
# Usage: tools/fetch-linux.sh [BUILD_DIR]   (default build; the Makefile passes $(B))
# Downloads once with `apt-get download` into BUILD/third_party/linux, unpacks with dpkg-deb, and writes
# BUILD/linux/vmlinuz and BUILD/linux/initramfs.cpio.gz (busybox, tests/linux/init, the virtio-net modules,
# tpm2-tools with the dynamic loader and every shared library it needs, all from Debian's .debs).
# Needs apt lists (apt-get update), dpkg-deb, objcopy, readelf, cpio and gzip. Nothing made here is committed.
set -e
b=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
init=$top/tests/linux/init
tpmcheck=$top/tests/linux/tpm-check
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

# tpm2-tools 5.4 (one binary, /usr/bin/tpm2, and a tpm2_* symlink per subcommand) and the packages that
# hold its run-time closure: the TSS libraries it links, the device TCTI that libtss2-tctildr dlopens for
# TPM2TOOLS_TCTI=device:..., libcrypto, glibc and the loader, and libcurl-gnutls (linked for
# tpm2_getekcertificate) with its whole chain. Only the files the closure reaches are copied (stage_tpm2);
# a library none of these packages holds stops the build and is named.
TPM_PKGS="tpm2-tools libtss2-esys-3.0.2-0 libtss2-mu0 libtss2-sys1 libtss2-rc0 libtss2-tctildr0
libtss2-tcti-device0 libssl3 libc6 libcurl3-gnutls libbrotli1 libffi8 libgmp10 libgnutls30 libgssapi-krb5-2
libhogweed6 libidn2-0 libk5crypto3 libkrb5-3 libkrb5support0 libldap-2.5-0 libnettle8 libnghttp2-14
libp11-kit0 libpsl5 librtmp1 libsasl2-2 libssh2-1 libtasn1-6 libunistring2 libzstd1 libcom-err2
libkeyutils1 zlib1g"
# Loaded without a NEEDED entry naming them: the TCTI loader dlopens the device TCTI by name.
TPM_DLOPEN="libtss2-tcti-device.so.0"
tdl=$dl/tpm2
troot=$tdl/root
tstamp=$troot/.cordon-unpacked

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

# The tpm2-tools packages, once, into their own directory (the kernel's download is left as it was).
download_tpm2() {
	n=$(find "$tdl" -maxdepth 1 -name '*.deb' 2>/dev/null | wc -l)
	[ "$n" -eq "$(echo "$TPM_PKGS" | wc -w)" ] && return 0
	echo "fetch-linux: apt-get download tpm2-tools and its run-time libraries -> $tdl"
	rm -rf "$tdl"
	mkdir -p "$tdl/dl.tmp"
	# shellcheck disable=SC2086 # a word list of package names
	if ! (cd "$tdl/dl.tmp" && apt-get download -q $TPM_PKGS) >"$log" 2>&1; then
		cat "$log" >&2
		die "apt-get download of the tpm2-tools packages failed (see above)"
	fi
	mv "$tdl"/dl.tmp/*.deb "$tdl"/
	rmdir "$tdl/dl.tmp"
}

unpack_tpm2() {
	want=$(find "$tdl" -maxdepth 1 -name '*.deb' | LC_ALL=C sort | sed 's|.*/||' | tr '\n' ' ')
	[ -f "$tstamp" ] && [ "$(cat "$tstamp")" = "$want" ] && return 0
	echo "fetch-linux: dpkg-deb -x the tpm2-tools packages -> $troot"
	rm -rf "$troot" "$troot.tmp"
	mkdir -p "$troot.tmp"
	for deb in "$tdl"/*.deb; do dpkg-deb -x "$deb" "$troot.tmp"; done
	# Only the closure is staged from here, so whatever else the packages hold may go; *.d names must
	# (glibc's gconv-modules.d), since the Makefile reads every *.d under build/ as a dependency file.
	rm -rf "$troot.tmp/usr/share" "$troot.tmp/etc"
	find "$troot.tmp" -name '*.d' -prune -exec rm -rf {} +
	mv "$troot.tmp" "$troot"
	echo "$want" >"$tstamp"
}

# The file that provides shared object $1 in the unpacked packages (bookworm puts glibc and zlib in
# /lib/..., the rest in /usr/lib/...), or nothing.
tpm2_find_lib() {
	for d in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu; do
		[ -e "$troot/$d/$1" ] && { echo "$troot/$d/$1"; return 0; }
	done
	return 0
}

# The sonames an ELF file's dynamic section lists as NEEDED.
needed() {
	readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'
}

# tpm2 and its tpm2_* links; it must ask for the loader the staging tree will have.
stage_tpm2_tools() {
	cp "$troot/usr/bin/tpm2" "$stage/usr/bin/tpm2"
	for l in "$troot"/usr/bin/tpm2_*; do
		[ -L "$l" ] || die "$(basename "$l") in tpm2-tools is not a link to tpm2"
		ln -sf tpm2 "$stage/usr/bin/$(basename "$l")"
	done
	interp=$(readelf -l "$troot/usr/bin/tpm2" | sed -n 's/.*\[Requesting program interpreter: \(.*\)\]$/\1/p')
	[ "$interp" = /lib64/ld-linux-x86-64.so.2 ] || die "tpm2 asks for the loader '$interp'"
}

# Copies shared object $1 into the staged library directory; $2 says who needs it, for the error.
stage_lib() {
	src=$(tpm2_find_lib "$1")
	[ -n "$src" ] || die "$1, needed by $2, is in none of TPM_PKGS: add its package"
	cp -L "$src" "$lib/$1"
}

# The NEEDED closure of tpm2 and of the dlopened TCTI, breadth first over the files copied.
stage_closure() {
	todo="$troot/usr/bin/tpm2"
	for so in $TPM_DLOPEN; do
		stage_lib "$so" "libtss2-tctildr (dlopen)"
		todo="$todo $lib/$so"
	done
	while [ -n "$todo" ]; do
		# shellcheck disable=SC2086 # a word list of paths under build/, without blanks
		set -- $todo
		f=$1
		shift
		todo="$*"
		for so in $(needed "$f"); do
			[ -e "$lib/$so" ] && continue
			stage_lib "$so" "$(basename "$f")"
			todo="$todo $lib/$so"
		done
	done
}

# The staged loader must resolve every library of tpm2 and of the TCTI from the staged ones alone (it
# runs on this x86-64 host; --inhibit-cache keeps the host's ld.so.cache out of it).
check_closure() {
	for f in "$stage/usr/bin/tpm2" "$lib/libtss2-tcti-device.so.0"; do
		if ! listing=$("$lib/ld-linux-x86-64.so.2" --inhibit-cache --library-path "$lib" --list "$f" 2>&1); then
			die "the staged loader cannot load $(basename "$f"): $listing"
		fi
		case $listing in *"not found"*) die "$(basename "$f") has unresolved libraries in the staged tree: $listing" ;; esac
	done
}

# tpm2, its links, the loader its PT_INTERP names and the closure, in /usr/lib/x86_64-linux-gnu (a
# directory glibc's loader searches by default, so no ld.so.cache or LD_LIBRARY_PATH is needed).
stage_tpm2() {
	lib=$stage/usr/lib/x86_64-linux-gnu
	mkdir -p "$lib" "$stage/lib64"
	stage_tpm2_tools
	stage_closure
	# libtss2-rc names the loader, so the closure holds it already; /lib64 is where PT_INTERP looks
	[ -e "$lib/ld-linux-x86-64.so.2" ] || stage_lib ld-linux-x86-64.so.2 "tpm2 (PT_INTERP)"
	ln -sf ../usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$stage/lib64/ld-linux-x86-64.so.2"
	check_closure
	echo "fetch-linux: tpm2-tools: $(find "$lib" -type f | wc -l) shared objects, $(du -sk "$lib" | cut -f1) KiB unpacked"
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
	cp "$tpmcheck" "$stage/bin/cordon-tpm-check"
	chmod 755 "$stage/bin/cordon-tpm-check"
	# a user process that tries hypercalls (cordon.hcall): static, no libc, built for this initramfs
	${CC:-cc} -static -nostdlib -ffreestanding -fno-pie -no-pie -O2 -I"$top/include" -o "$stage/bin/cordon-hcall" \
		"$hcall" || die "could not build $hcall"
	stage_modules
	stage_tpm2
}

command -v cpio >/dev/null || die "cpio is not installed; run tools/install-deps.sh (as root)"
mkdir -p "$dl" "$out"
download
unpack
download_tpm2
unpack_tpm2
# the kernel package holds one lib/modules/<version> directory
order=$(first "$root"/lib/modules/*/modules.order)
[ -n "$order" ] || die "no lib/modules/<version> in $(basename "$kdeb")"
ver=$(basename "$(dirname "$order")")
[ -f "$root/boot/vmlinuz-$ver" ] || die "no boot/vmlinuz-$ver in $(basename "$kdeb")"

# Nothing to do when both outputs are newer than the unpacked packages, /init and this script.
# (-nt is not POSIX, but dash, bash and busybox ash all have it.)
up_to_date=yes
for f in "$out/vmlinuz" "$out/initramfs.cpio.gz"; do
	for src in "$stamp" "$tstamp" "$init" "$tpmcheck" "$hcall" "$0"; do
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
