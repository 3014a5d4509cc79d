#!/bin/sh
# cordon: the file-level call graph of the hypervisor, from its object files, and the cycles in it.
# Usage: tests/layering/callgraph.sh OBJDIR [WATCH_REGEX]
#   OBJDIR holds one OBJ per source, at OBJDIR/<source path>.o (build/hv does).
#   A file calls another when its object needs a symbol the other defines (nm: U against T/D/B/R).
#   Prints "cycle: a.c b.c ..." for every strongly connected set of two or more files, and
#   "watched cycle: ..." for one that holds two or more files matching WATCH_REGEX (grep -E);
#   exits 1 if there is a watched cycle. With no WATCH_REGEX every cycle counts.
set -u
objdir=${1:?usage: callgraph.sh OBJDIR [WATCH_REGEX]}
watch=${2:-.}
[ -d "$objdir" ] || { echo "callgraph: no directory $objdir" >&2; exit 2; }
find "$objdir" -name '*.o' -path '*.[cS].o' | sort | while read -r o; do
	src=${o#"$objdir"/}; src=${src%.o}
	nm "$o" | awk -v f="$src" '$1 == "U" { print "U", f, $2 } NF == 3 && $2 ~ /^[TDBRW]$/ { print "D", f, $3 }'
done | awk -v watch="$watch" '
	$1 == "D" { def[$3] = $2; next }
	{ use[++nu] = $2 " " $3 }
	END {
		for (i = 1; i <= nu; i++) {
			split(use[i], p, " ")
			to = def[p[2]]
			if (to != "" && to != p[1] && !((p[1], to) in edge)) {
				edge[p[1], to] = 1; out[p[1]] = out[p[1]] " " to
			}
			nodes[p[1]] = 1
			if (to != "") nodes[to] = 1
		}
		# Tarjan, iteratively unrolled by recursion (awk functions recurse; the graph is ~100 files).
		idx = 0; sp = 0; bad = 0
		for (n in nodes) if (!(n in index_)) strong(n)
		exit bad
	}
	function strong(v,   ws, k, w, members, count) {
		index_[v] = idx; low[v] = idx; idx++
		stack[++sp] = v; onstack[v] = 1
		k = split(out[v], ws, " ")
		for (; k > 0; k--) {
			w = ws[k]
			if (!(w in index_)) { strong(w); if (low[w] < low[v]) low[v] = low[w] }
			else if (onstack[w] && index_[w] < low[v]) low[v] = index_[w]
		}
		if (low[v] == index_[v]) {
			members = ""; count = 0; nw = 0
			do { w = stack[sp--]; onstack[w] = 0; members = members " " w; count++; if (w ~ watch) nw++ } while (w != v)
			if (count > 1) {
				print "cycle:" members
				if (nw > 1) { print "watched cycle:" members; bad = 1 }
			}
		}
	}'
