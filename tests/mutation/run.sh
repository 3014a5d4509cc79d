#!/bin/sh
# cordon: mutation run: applies each one-line mutant of tests/mutation/mutants.txt in a scratch copy of the
# tree, rebuilds what the covering tests need, runs them, and reports killed / survived / build-failed /
# stale per mutant and the score (killed / (killed + survived)). `make mutation` runs it; never the working
# tree is edited. Usage: tests/mutation/run.sh [-u] [-m WORDS] [MUTANTS_FILE]
#   -u       unit tests only: integration tests (t_NAME) are left out; a mutant with no test left is "untested"
#   -m WORDS only mutants whose file or id contains one of the (space-separated) WORDS
# A mutant names its file, a unique substring of one line ("from"), its replacement and its tests. The text is
# matched, never a line number, so mutants survive edits elsewhere in the file; a "from" that is not found
# exactly once is reported "stale" (the code changed: the mutant needs updating), not applied.
set -u
unit_only=0 match=
while getopts um: o; do
	case $o in
	u) unit_only=1 ;;
	m) match=$OPTARG ;;
	*) echo "usage: $0 [-u] [-m WORDS] [MUTANTS_FILE]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
list=$(cd "$(dirname "${1:-tests/mutation/mutants.txt}")" && pwd)/$(basename "${1:-tests/mutation/mutants.txt}")
top=$(pwd)
M=$top/build/mutation
tree=$M/tree
report=$M/report.txt
timeout=${CORDON_MUTATION_TIMEOUT:-300}
mkdir -p "$M"

# The scratch tree: every tracked or new file of the working tree, as it is now, plus the built objects
# (mtimes kept) so that only what a mutant touches is rebuilt.
echo "== copying the tree to $tree"
rm -rf "$tree" && mkdir -p "$tree/build"
# (a file deleted but not yet committed is skipped by --ignore-failed-read)
git ls-files -co --exclude-standard -z | tar -c --null -T - --ignore-failed-read -f - 2>/dev/null | tar -x -C "$tree" -f -
dirs="unit host tools tests policy"
[ $unit_only = 1 ] || dirs=$(ls build | grep -vx mutation) # integration tests need all of it
for d in $dirs; do
	[ -e "build/$d" ] && cp -a "build/$d" "$tree/build/"
done
cd "$tree" || exit 2
echo "== baseline build"
if ! make -s unit >"$M/baseline.log" 2>&1; then
	echo "the unmutated tree does not build: see $M/baseline.log" >&2
	exit 2
fi

# run_tests TESTS: 0 when every test passes (the mutant survived), 1 when one fails, 2 when none could run.
run_tests() {
	ran=0
	for t in $1; do
		case $t in
		t_*)
			[ $unit_only = 1 ] && continue
			make -s all >>"$M/build.log" 2>&1 || return 3
			ran=1
			# integration tests report FAIL lines and exit 0: either kills the mutant
			timeout "$timeout" sh "tests/integration/$t.sh" >"$M/itest.log" 2>&1
			rc=$?
			cat "$M/itest.log" >>"$M/test.log"
			[ $rc = 0 ] && ! grep -q '^FAIL' "$M/itest.log" || return 1 ;;
		*)
			[ -f "tests/unit/$t.c" ] || continue # a test another branch adds: run after the merge
			make -s "build/unit/$t" >>"$M/build.log" 2>&1 || return 3
			ran=1
			timeout "$timeout" "build/unit/$t" >>"$M/test.log" 2>&1 || return 1 ;;
		esac
	done
	[ $ran = 1 ] && return 0 || return 2
}

# apply FILE FROM TO: replaces FROM (once, on the one line holding it) by TO; 0 applied, 1 not found
# exactly once. awk's index() matches plain text, so FROM needs no escaping.
apply() {
	awk -v from="$2" -v to="$3" '
		BEGIN { n = 0 }
		{ lines[NR] = $0; if (index($0, from)) { n++; at = NR } }
		END {
			if (n != 1) exit 1
			for (i = 1; i <= NR; i++) {
				l = lines[i]
				if (i == at) { k = index(l, from); l = substr(l, 1, k - 1) to substr(l, k + length(from)) }
				print l
			}
		}' "$1" >"$M/mutated" || return 1
	cp "$M/mutated" "$1"
}

: >"$report" && : >"$M/build.log" && : >"$M/test.log"
killed=0 survived=0 failed=0 stale=0 untested=0
record() { # id state file line from to
	printf '%-14s %-12s %s\n' "$2" "$1" "$3: $4 -> $5" | tee -a "$report"
}
one() { # id file from to tests
	id=$1 file=$2 from=$3 to=$4 tests=$5
	if [ -n "$match" ]; then
		hit=0
		for w in $match; do echo "$id $file" | grep -qF -- "$w" && hit=1; done
		[ $hit = 1 ] || return
	fi
	if [ ! -f "$file" ]; then record "$id" stale "$file" "$from" "$to (file not found)"; stale=$((stale + 1)); return; fi
	cp -p "$file" "$M/original"
	if ! apply "$file" "$from" "$to"; then
		record "$id" stale "$file" "$from" "$to (not found exactly once)"
		stale=$((stale + 1))
		return
	fi
	run_tests "$tests"
	rc=$?
	cp "$M/original" "$file" && touch "$file" # newer than the mutated object: rebuilt when next needed
	case $rc in
	0) record "$id" SURVIVED "$file" "$from" "$to"; survived=$((survived + 1)) ;;
	1) record "$id" killed "$file" "$from" "$to"; killed=$((killed + 1)) ;;
	2) record "$id" untested "$file" "$from" "$to"; untested=$((untested + 1)) ;;
	*) record "$id" build-failed "$file" "$from" "$to"; failed=$((failed + 1)) ;;
	esac
}

# Records: "id:", "file:", "from:", "to:", "tests:" lines (and "why:" notes), a blank line between records.
id= file= from= to= tests=
flush() { [ -n "$id" ] && one "$id" "$file" "$from" "$to" "$tests"; id= file= from= to= tests=; }
while IFS= read -r line || [ -n "$line" ]; do
	case $line in
	'#'*) ;;
	'') flush ;;
	id:*) id=${line#id:} id=${id# } ;;
	file:*) file=${line#file:} file=${file# } ;;
	from:*) from=${line#from:} from=${from# } ;;
	to:*) to=${line#to:} to=${to# } ;;
	tests:*) tests=${line#tests:} tests=${tests# } ;;
	why:*) ;;
	*) echo "$list: cannot read: $line" >&2; exit 2 ;;
	esac
done <"$list"
flush

total=$((killed + survived))
echo
echo "mutants: $killed killed, $survived survived, $failed build-failed, $stale stale, $untested untested" | tee -a "$report"
if [ $total -gt 0 ]; then
	echo "score: $killed/$total = $((100 * killed / total))% of the behaviour-changing mutants killed" | tee -a "$report"
fi
echo "report: $report"
