#!/bin/sh
# cordon: builds lib/sig exactly as the hypervisor configures it (HV_CFLAGS minus the kernel code model, LTC_RSA_CFLAGS,
# LTM_CFLAGS, the sig_heap arena, the refusing stand-ins) with ASan and UBSan as a host program, and runs
# tests/tools/sig-fs.c: OpenSSL's 2048- and 4096-bit vectors, adverse edits, no block left in the arena, its peak.
# Usage (repo root, after `make build/hypervisor.elf`): sh tests/sig/freestanding.sh   Prints PASS/FAIL lines.
set -eu
B=${B:-build}
var() { make -pn 2>/dev/null | sed -n "s/^$1 := //p" | head -n 1; }
hv=$(var HV_CFLAGS | sed 's/-mcmodel=kernel//; s/-fno-pic -fno-pie//')
ltc="$(var LTC_CFLAGS) $(var LTC_RSA_CFLAGS)"
ltm=$(var LTM_CFLAGS)
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -O1"
o=$B/sig-fs
rm -rf "$o" && mkdir -p "$o/ltm"
for f in "$B"/third_party/libtommath/bn_*.c; do
	case $f in */bn_mp_get_double.c) continue ;; esac
	# shellcheck disable=SC2086 # flag lists
	gcc $hv $san $ltm -c "$f" -o "$o/ltm/$(basename "$f" .c).o"
done
for f in $(var LTC_RSA_SRC) src/hashes/sha2/sha256.c; do
	# shellcheck disable=SC2086
	gcc $hv $san $ltc -DLTC_SOURCE -Wno-deprecated-declarations -Wno-error -c "$B/third_party/libtomcrypt/$f" \
		-o "$o/$(basename "$f" .c).ltc.o" 2>/dev/null
done
for f in lib/sig/sig_pub.c lib/sig/sig_heap.c lib/str.c lib/memfns.c tests/tools/sig-fs.c; do
	# shellcheck disable=SC2086
	gcc $hv $san -c "$f" -o "$o/$(basename "$f" .c).o"
done
for f in lib/sig/sig_verify.c lib/sig/sig_ltc_unused.c; do
	# shellcheck disable=SC2086
	gcc $hv $san $ltc -c "$f" -o "$o/$(basename "$f" .c).o"
done
# shellcheck disable=SC2086
gcc $san -o "$o/sig-fs" "$o"/*.o "$o"/ltm/*.o
"$o/sig-fs"
