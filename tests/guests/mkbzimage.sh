#!/bin/sh
# cordon test guests: wraps a test guest ELF linked at 1 MiB (its _start at +0x200) into a minimal
# bzImage, so it boots through cordon's Linux path (boot protocol 2.12, 64-bit entry at load + 0x200;
# Documentation/arch/x86/boot.rst, "The Real-Mode Kernel Header"). usage: mkbzimage.sh GUEST.elf OUT
set -eu
elf=$1; out=$2
entry=$(nm "$elf" | awk '$3 == "_start" { print $1 }')
[ "$((0x$entry))" = "$((0x100200))" ] || { echo "mkbzimage: $elf: _start is at 0x$entry, not 0x100200" >&2; exit 1; }
# bytes from 1 MiB to the end of the last segment in memory (bss included): the kernel's init_size
end=0
for seg in $(readelf -lW "$elf" | awk '$1 == "LOAD" { print $3 "+" $6 }'); do
	[ $(( $seg )) -gt "$end" ] && end=$(( $seg ))
done
init_size=$(( (end - 0x100000 + 4095) / 4096 * 4096 ))
objcopy -O binary "$elf" "$out.pm"
pm=$(wc -c <"$out.pm")
paras=$(( (pm + 15) / 16 ))

# put OFFSET WIDTH VALUE: little-endian field in the setup sectors
put() {
	bytes=; v=$3
	for _ in $(seq 1 "$2"); do bytes="$bytes$(printf '\\%03o' $((v & 255)))"; v=$((v >> 8)); done
	printf "$bytes" | dd of="$out" bs=1 seek=$(($1)) conv=notrunc status=none
}
dd if=/dev/zero of="$out" bs=512 count=5 status=none
put 0x1F1 1 4			# setup_sects: boot sector + 4
put 0x1F4 4 "$paras"		# syssize, 16-byte paragraphs
put 0x1FE 2 0xAA55		# boot_flag
put 0x200 2 0x66EB		# jump EB 66: the header ends at 0x268
printf 'HdrS' | dd of="$out" bs=1 seek=$((0x202)) conv=notrunc status=none
put 0x206 2 0x020C		# protocol 2.12
put 0x211 1 0x01		# loadflags: LOADED_HIGH
put 0x22C 4 0x7FFFFFFF		# initrd_addr_max
put 0x230 4 0x200000		# kernel_alignment
put 0x234 1 0		# not relocatable: it runs at pref_address
put 0x236 2 0x0001		# xloadflags: KERNEL_64
put 0x238 4 255			# cmdline_size
put 0x258 8 0x100000		# pref_address: where it is linked
put 0x260 4 "$init_size"	# init_size
cat "$out.pm" >>"$out"
head -c $((paras * 16 - pm)) /dev/zero >>"$out"
rm -f "$out.pm"
