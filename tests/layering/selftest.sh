#!/bin/sh
# cordon: proves that each layering rule (check.sh) and the call-graph check (callgraph.sh) can fail.
# A small clean tree passes every rule; then each copy of it with one violation must fail exactly the
# rule that violation breaks. Prints "PASS: layering self-test: ..." / "FAIL: ..." lines.
set -u
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/cordon-layering.XXXXXX")
trap 'rm -rf "$work"' EXIT

put() { # put ROOT FILE LINE... : writes FILE under ROOT with a title and the given lines
	mkdir -p "$1/$(dirname "$2")"
	f=$1/$2; shift 2
	echo "/* test file */" >"$f"
	for l in "$@"; do echo "$l" >>"$f"; done
}
clean_tree() {
	put "$1" include/cordon/types.h
	put "$1" lib/str.h
	put "$1" lib/str.c '#include <lib/str.h>' '#include <cordon/types.h>'
	put "$1" acm/acm.h '#include <cordon/types.h>'
	put "$1" acm/policy.c '#include <acm/acm.h>' '#include <lib/str.h>'
	put "$1" kernel/console.h
	put "$1" kernel/vm.h '#include <kernel/console.h>'
	put "$1" kernel/vm.c '#include <kernel/vm.h>' '#include <acm/acm.h>' '#include <arch/x86_64/cpu.h>'
	put "$1" kernel/mem/pmm.h
	put "$1" arch/x86_64/cpu.h
	put "$1" arch/x86_64/idt.c '#include <kernel/console.h>' '#include <arch/x86_64/cpu.h>'
	put "$1" svm/svm.h '#include <kernel/vm.h>'
	put "$1" svm/svm_exit.c '#include <svm/svm.h>' '#include <sys/socket.h>' '#include <stdio.h>'
}
n=0
put_in() { put "$t" "$@"; } # into the tree expect is building
two_consoles() { put_in kernel/console.c && put_in arch/x86_64/console.c; }
# expect NAME RULE-TEXT LINES...: a clean tree plus one file must fail the rule whose text is given.
expect() {
	name=$1 rule=$2; shift 2
	n=$((n + 1)); t=$work/t$n
	clean_tree "$t"
	"$@"
	out=$(sh "$here/check.sh" "$t"); rc=$?
	fails=$(printf '%s\n' "$out" | grep -c '^FAIL')
	if [ $rc = 1 ] && [ "$fails" = 1 ] && printf '%s\n' "$out" | grep -qF "FAIL: layering: $rule"; then
		echo "PASS: layering self-test: $name fails \"$rule\" only"
	else
		echo "FAIL: layering self-test: $name: expected only \"$rule\" to fail (status $rc):"
		printf '%s\n' "$out" | sed 's/^/  | /'
	fi
}

clean_tree "$work/clean"
if out=$(sh "$here/check.sh" "$work/clean") && ! printf '%s\n' "$out" | grep -q '^FAIL'; then
	echo "PASS: layering self-test: a clean tree passes every rule"
else
	echo "FAIL: layering self-test: the clean tree fails:"; printf '%s\n' "$out" | sed 's/^/  | /'
fi
expect "kernel/ including svm/svm.h" "kernel/ includes no svm/ or vmx/ header" \
	put_in kernel/exit.c '#include <svm/svm.h>'
expect "lib/ including kernel/vm.h" "lib/ includes nothing from" \
	put_in lib/fmt.c '#include <kernel/vm.h>'
expect "lib/ including arch/x86_64/cpu.h" "lib/ includes nothing from" \
	put_in lib/fmt.c '#include <arch/x86_64/cpu.h>'
expect "acm/ including kernel/vm.h" "acm/ includes only acm/, lib/" \
	put_in acm/hooks.c '#include <acm/acm.h>' '#include <kernel/vm.h>'
expect "arch/ including kernel/mem/pmm.h" "arch/ includes from kernel/ only kernel/console.h" \
	put_in arch/x86_64/paging.c '#include <kernel/console.h>' '#include <kernel/mem/pmm.h>'
expect "a quoted same-folder include" "every include names its folder" \
	put_in kernel/sched.c '#include "vm.h"'
expect "our header without its folder" "every include names its folder" \
	put_in kernel/sched.c '#include <str.h>'
expect "a path to no file" "every include names its folder" \
	put_in kernel/sched.c '#include <lib/nothere.h>'
expect "two files called console.c" "no two source files share a base name" \
	two_consoles

# The call graph: two objects that call each other are a watched cycle; a chain is not.
cc=${CC:-cc}
mkdir -p "$work/obj/kernel/share" "$work/obj/acm"
printf 'int b(void);\nint a(void) { return b(); }\n' >"$work/a.c"
printf 'int c(void);\nint b(void) { return c(); }\n' >"$work/b.c"
printf 'int c(void) { return 0; }\n' >"$work/c.c"
$cc -c "$work/a.c" -o "$work/obj/kernel/vm.c.o" && $cc -c "$work/b.c" -o "$work/obj/kernel/share/grant.c.o" &&
	$cc -c "$work/c.c" -o "$work/obj/acm/hooks.c.o" || echo "FAIL: layering self-test: cannot compile the call-graph objects"
if sh "$here/callgraph.sh" "$work/obj" '^(kernel/|acm/)' >/dev/null; then
	echo "PASS: layering self-test: a call chain vm -> grant -> acm is no cycle"
else
	echo "FAIL: layering self-test: callgraph.sh reports a cycle in a chain"
fi
printf 'int a(void);\nint c(void) { return a(); }\n' >"$work/c.c"
$cc -c "$work/c.c" -o "$work/obj/acm/hooks.c.o"
out=$(sh "$here/callgraph.sh" "$work/obj" '^(kernel/|acm/)'); rc=$?
if [ $rc = 1 ] && printf '%s\n' "$out" | grep -q '^watched cycle:.*acm/hooks.c'; then
	echo "PASS: layering self-test: vm -> grant -> acm -> vm is a watched cycle"
else
	echo "FAIL: layering self-test: callgraph.sh missed vm -> grant -> acm -> vm (status $rc): $out"
fi
