#!/bin/sh
# cordon: make prove: Frama-C Eva over each harness tests/prove/h_*.c and WP over the lines of tests/prove/wp.list.
# Prints one PASS or FAIL line per harness and per WP target, and for a failure one line per alarm or warning
# as "  | file:line: text". Any alarm, any warning, an unreached function or an unproved goal fails.
#   tests/prove/run.sh [NAME...]     only those harnesses (h_NAME.c) and no WP unless NAME is "wp"
# PROVE_DIR (default tests/prove) is where harnesses and wp.list are read: tests/prove/selftest.sh uses it.
# PROVE_JOBS (default: the number of CPUs) harnesses run at once.
# A harness names what it analyses on two comment lines (paths from the top of the tree, or absolute):
#   /* sources: acm/policy.c lib/str.c */           the files Eva analyses with it
#   /* reaches: policy_load check_header ... */     functions the analysis must enter (else the proof is void)
# and may add Eva options on a third:  /* eva: -eva-precision 2 */
set -u
B=${B:-build}
DIR=${PROVE_DIR:-tests/prove}
OUT=$B/prove
mkdir -p "$OUT"

# Every harness: C11 as the hypervisor is written, x86_64 sizes, includes from the top of the tree.
FC_FLAGS="-c11 -machdep x86_64"
CPP="-Iinclude -I."
# Eva: precision 1 is enough once loops index their arrays (docs/PROOF.md); return states stay split by
# value so a validator's "NULL = valid" path keeps what its checks learnt; c_memcpy/c_memset are Eva's
# own built-ins (exact copies, pointers included) while WP proves ours against the same contract.
EVA_FLAGS="-eva -eva-precision 1 -eva-split-return auto"
# (only with lib/str.c among a harness's sources: Eva refuses a built-in for a function it does not have)
STR_BUILTINS="-eva-builtin c_memcpy:Frama_C_memcpy,c_memset:Frama_C_memset -eva-warn-key builtins:override=inactive"
# WP: the typed memory model with casts (void * to char *), Qed then CVC4 through Why3.
WP_FLAGS="-wp -wp-rte -wp-model Typed+cast -wp-prover qed,cvc4 -wp-timeout 20"

meta() { sed -n "s|.*/\* $1: *\(.*\) \*/.*|\1|p" "$2" | head -n 1; }

# Alarms and warnings of a Frama-C log, one per line: "file:line: text" (the text is the next lines joined).
findings() {
	awk '
	/^\[[a-z:-]+\] / {
		if (f != "") print f; f = ""
		if ($0 ~ /Warning:/ || $1 ~ /alarm/) {
			loc = $2; sub(/:$/, "", loc)
			if (loc !~ /:[0-9]+$/) loc = "(no location)"
			t = $0; sub(/^.*Warning: */, "", t)
			f = loc ": " t
		}
		next
	}
	/^  / && f != "" { t = $0; sub(/^ +/, "", t); f = f " " t; next }
	{ if (f != "") print f; f = "" }
	END { if (f != "") print f }' "$1" | sed 's/  */ /g; s/ stack: .*//; s/: $//'
}

run_eva() {
	h=$1 name=$(basename "$1" .c); name=${name#h_}
	log=$OUT/$name.log
	srcs=$(meta sources "$h") reach=$(meta reaches "$h") extra=$(meta eva "$h")
	builtins=""
	case " $srcs " in *" lib/str.c "*) builtins=$STR_BUILTINS ;; esac
	# shellcheck disable=SC2086 # word lists
	frama-c $FC_FLAGS -cpp-extra-args="$CPP" "$h" $srcs $EVA_FLAGS $builtins -eva-flamegraph "$log.flame" $extra >"$log" 2>&1
	rc=$?
	bad=$(findings "$log")
	grep -q 'ANALYSIS SUMMARY' "$log" || bad="$bad${bad:+
}(no location): Eva did not finish (exit status $rc): $(tail -n 3 "$log" | tr '\n' ' ')"
	missing=""
	for f in $reach; do
		grep -q "\(^\|;\)$f[; ]" "$log.flame" 2>/dev/null || missing="$missing $f"
	done
	[ -z "$missing" ] || bad="$bad${bad:+
}(no location): the analysis never entered:$missing"
	if [ -z "$bad" ]; then
		n=$(printf '%s\n' $reach | grep -c .)
		stmts=$(sed -n 's/^ *In these functions, \([0-9]*\) statements reached (out of \([0-9]*\)).*/\1 of \2/p' "$log")
		echo "PASS: prove $name: Eva, 0 alarms; all $n named functions entered, $stmts statements reached"
	else
		echo "FAIL: prove $name: $(printf '%s\n' "$bad" | grep -c .) alarms or warnings (log: $log)"
		printf '%s\n' "$bad" | sed 's/^/  | /'
	fi
}

run_wp() {
	file=$1 fcts=$2 log=$OUT/wp_$(echo "$1" | tr '/.' '__').log
	# why3 finds CVC4 once per build tree, in its own configuration file
	export WHY3CONFIG="$OUT/why3.conf"
	[ -s "$WHY3CONFIG" ] || why3 config detect >"$OUT/why3-detect.log" 2>&1
	# shellcheck disable=SC2086
	frama-c $FC_FLAGS -cpp-extra-args="$CPP" "$file" $WP_FLAGS -wp-fct "$fcts" >"$log" 2>&1
	proved=$(sed -n 's/^\[wp\] Proved goals: *\([0-9]*\) \/ \([0-9]*\)$/\1 \2/p' "$log")
	bad=$(findings "$log")
	set -- $proved
	if [ $# = 2 ] && [ "$1" = "$2" ] && [ "$1" != 0 ] && [ -z "$bad" ]; then
		echo "PASS: prove wp $file: $1/$2 goals proved ($fcts)"
	else
		echo "FAIL: prove wp $file: ${1:-?}/${2:-?} goals proved ($fcts; log: $log)"
		grep -E 'Goal .*: (Unknown|Timeout|Failed)' "$log" | sed 's/^/  | /'
		printf '%s\n' "$bad" | grep . | sed 's/^/  | /'
	fi
}

# Internal: one harness, its PASS/FAIL lines into $OUT/NAME.result (the main loop runs these in parallel).
if [ "${1:-}" = --one ]; then
	name=$(basename "$2" .c); name=${name#h_}
	run_eva "$2" >"$OUT/$name.result"
	exit 0
fi

# Harnesses run PROVE_JOBS at a time (default: one per CPU; Eva is single-threaded), reported in name order.
only="$*"
list=""
for h in "$DIR"/h_*.c; do
	[ -f "$h" ] || continue
	name=$(basename "$h" .c); name=${name#h_}
	if [ -n "$only" ] && ! echo " $only " | grep -q " $name "; then continue; fi
	rm -f "$OUT/$name.result"
	list="$list $h"
done
if [ -n "$list" ]; then
	# shellcheck disable=SC2086
	printf '%s\n' $list | PROVE_DIR="$DIR" B="$B" xargs -P "${PROVE_JOBS:-$(nproc)}" -n 1 sh "$0" --one
	for h in $list; do
		name=$(basename "$h" .c); name=${name#h_}
		cat "$OUT/$name.result" 2>/dev/null || echo "FAIL: prove $name: the harness run left no result"
	done
fi
if [ -f "$DIR/wp.list" ] && { [ -z "$only" ] || echo " $only " | grep -q ' wp '; }; then
	grep -v '^#' "$DIR/wp.list" | while read -r file fcts; do
		[ -n "$file" ] && run_wp "$file" "$fcts"
	done
fi
