#!/bin/sh
# cordon: host tool `cordon-cfg check` reports the same errors as the loader, offline.
B=${B:-build}
dir=$B/itest/tooldir
rm -rf "$dir"
mkdir -p "$dir/bad"
cp -r "$B/guests" "$dir/guests" && cp -r "$B/esp.extra/linux" "$dir/linux"
mkdir -p "$dir/vtpm" && cp "$B/vtpm/vtpm.elf" "$dir/vtpm/" # the vTPM domains' image (vtpm = yes)
printf 'this is a text file, not an ELF image\n' >"$dir/bad/notelf.elf"
head -c 100 "$B/guests/hello.elf" >"$dir/bad/truncated.elf"
cp "$B/linux/vmlinuz" "$dir/bad/vmlinuz"
head -c 65536 "$B/linux/vmlinuz" >"$dir/bad/vmlinuz-truncated"
mkdir -p "$dir/hostile" && tests/guests/mkbzimage.sh "$B/guests/vnetflood.elf" "$dir/hostile/vnetflood.bz" # t_vnetflood's kernel
tool=$B/tools/cordon-cfg
check_one() { # name cfg want(regex|ok)
	out=$(cp "$2" "$dir/boot.cfg" && cd "$dir" && ../../tools/cordon-cfg check boot.cfg --images . 2>&1)
	rc=$?
	if [ "$3" = ok ]; then
		[ $rc = 0 ] && echo "PASS: cordon-cfg: $1 accepted" || echo "FAIL: cordon-cfg: $1 rejected: $out"
	elif [ $rc = 1 ] && printf '%s\n' "$out" | grep -Eq -- "$3"; then
		echo "PASS: cordon-cfg: $1 rejected with /$3/"
	else
		echo "FAIL: cordon-cfg: $1: exit $rc, output: $out (wanted /$3/)"
	fi
}
check_one "demo boot.cfg" boot.cfg ok
for f in tests/integration/cfg/*.cfg; do check_one "$(basename "$f")" "$f" ok; done
for f in tests/integration/bad/*.cfg; do check_one "bad/$(basename "$f")" "$f" "$(sed -n 's/^# host: //p' "$f")"; done
out=$($tool frobnicate 2>&1); rc=$?
[ $rc = 2 ] && echo "PASS: cordon-cfg: unknown command gives usage (exit 2)" || echo "FAIL: cordon-cfg: unknown command exit $rc"
out=$($tool check /nonexistent.cfg 2>&1); rc=$?
[ $rc = 1 ] && echo "PASS: cordon-cfg: unreadable file fails (exit 1)" || echo "FAIL: cordon-cfg: unreadable file exit $rc"
# `show` prints on_reboot for a VM that restarts, and nothing for the default (destroy)
out=$($tool show tests/integration/cfg/lifecycle.cfg 2>&1)
if printf '%s\n' "$out" | grep -q "^vm lxboot .*  on_reboot restart$" && ! printf '%s\n' "$out" | grep -q "^vm lxstop .*on_reboot"; then
	echo "PASS: cordon-cfg: show prints on_reboot = restart"
else
	echo "FAIL: cordon-cfg: show prints on_reboot = restart: $out"
fi
