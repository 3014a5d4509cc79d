#!/bin/sh
# cordon: the layering rules of docs/ARCHITECTURE.md, checked over the C and assembly sources of a tree.
# Usage: tests/layering/check.sh [ROOT]   (default: the current directory)
# Prints one "PASS: layering: RULE" or "FAIL: layering: RULE" line per rule, the offending lines under a
# failure, and exits 1 if any rule failed. tests/layering/selftest.sh proves each rule can fail.
set -u
root=${1:-.}
cd "$root" || exit 2
fail=0

# Every C/assembly source of the project; lib/ltc/include holds stand-ins for libc headers that
# libtomcrypt includes by their libc names, so it is neither checked nor counted.
sources() {
	find . -path ./build -prune -o -path ./.git -prune -o -path ./lib/ltc/include -prune -o \
		-type f \( -name '*.c' -o -name '*.h' -o -name '*.S' \) -print | sed 's|^\./||' | sort
}
# "file:line:target" for every #include in the files under $1 (a folder; "" = every source).
includes() {
	sources | grep "^$1" | while read -r f; do
		sed -n 's/^[ \t]*#[ \t]*include[ \t]*[<"]\([^>"]*\)[>"].*/\1/p;' "$f" | sed "s|^|$f:|"
	done
}
report() { # report RULE OFFENDERS
	if [ -z "$2" ]; then
		echo "PASS: layering: $1"
	else
		echo "FAIL: layering: $1:"
		printf '%s\n' "$2" | sed 's/^/  | /'
		fail=1
	fi
}

report "kernel/ includes no svm/ or vmx/ header" "$(includes kernel/ | grep -E ':(svm|vmx)/' || true)"
report "lib/ includes nothing from kernel/, acm/, arch/, boot/, svm/ or vmx/" \
	"$(includes lib/ | grep -E ':(kernel|acm|arch|boot|svm|vmx)/' || true)"
report "acm/ includes only acm/, lib/ and the public ABI (cordon/)" \
	"$(includes acm/ | grep -vE ':(acm|lib|cordon)/' || true)"
report "arch/ includes from kernel/ only kernel/console.h" \
	"$(includes arch/ | grep -E ':kernel/' | grep -v ':kernel/console\.h$' || true)"

# Every project header is named by its path from the top of the tree (or from include/ for the public
# ABI, <cordon/...>), so a reader knows where it lives: no "x.h" relative to the including file, and no
# <x.h> that is one of our own headers found through an -I folder.
basenames=$(sources | sed 's|.*/||' | sort -u)
bad=$(sources | while read -r f; do
	grep -n '^[ \t]*#[ \t]*include[ \t]*"' "$f" | sed "s|^|$f:|"
	sed -n 's/^[ \t]*#[ \t]*include[ \t]*<\([^>]*\)>.*/\1/p' "$f" | while read -r t; do
		case $t in
		*/*) # a path into one of our folders must name an existing file; <sys/un.h> and such are the system's
			top=${t%%/*}
			if { [ -d "$top" ] || [ -d "include/$top" ]; } && [ ! -f "$t" ] && [ ! -f "include/$t" ]; then
				echo "$f: <$t> is not a path from the top of the tree"
			fi ;;
		*) if printf '%s\n' "$basenames" | grep -qxF "$t"; then echo "$f: <$t> names our header without its folder"; fi ;;
		esac
	done
done)
report "every include names its folder from the top of the tree" "$bad"

report "no two source files share a base name" \
	"$(sources | sed 's|.*/||' | sort | uniq -d | while read -r b; do
		echo "$b: $(sources | grep -E "(^|/)$(printf '%s' "$b" | sed 's/\./\\./g')\$" | tr '\n' ' ')"
	done)"
exit $fail
