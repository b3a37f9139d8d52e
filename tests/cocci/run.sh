#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the cohmap semantic patches on every test case in this directory:
#   NAME.c       input
#   NAME.report  expected output of cohmap_mmap.cocci -D report
#   NAME.res     expected file after convert.sh's patch chain
#                (cohmap_mmap.cocci then cohmap_cleanup.cocci, -D patch)
# Prints "ok N - NAME" or "not ok N - NAME" plus a diff per case and
# "cocci: N passed, N failed" at the end (with the cases of scan/run.sh,
# the whole-tree scan); exits non-zero on any failure.
# --bless rewrites the expectations from the current output (review them!).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
sp=$(cd "$here/../../semantic-patches" && pwd)
spatch=${SPATCH:-spatch}
bless=0
[ "${1:-}" = "--bless" ] && bless=1

opts=(--very-quiet --no-includes --include-headers)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

n=0
pass=0
fail=0
for c in "$here"/*.c; do
	name=$(basename "$c" .c)
	n=$((n + 1))
	d="$work/$name"
	mkdir -p "$d"
	cp "$c" "$d/$name.c"
	(cd "$d" && "$spatch" "${opts[@]}" -D report -D ambiguous \
		--sp-file "$sp/cohmap_mmap.cocci" "$name.c" > report.out 2> report.err) || true
	export COHMAP_TOUCHED="$d/touched"
	: > "$COHMAP_TOUCHED"
	(cd "$d" && "$spatch" "${opts[@]}" -D patch --in-place \
		--sp-file "$sp/cohmap_mmap.cocci" "$name.c" > patch.log 2>&1 &&
	 "$spatch" "${opts[@]}" -D patch --in-place \
		--sp-file "$sp/cohmap_cleanup.cocci" "$name.c" >> patch.log 2>&1) || true
	if [ $bless = 1 ]; then
		cp "$d/report.out" "$here/$name.report"
		cp "$d/$name.c" "$here/$name.res"
	fi
	out=""
	if ! out+=$(diff -u "$here/$name.report" "$d/report.out" 2>&1); then
		out+=$'\n'
	fi
	if ! out+=$(diff -u "$here/$name.res" "$d/$name.c" 2>&1); then
		out+=$'\n'
	fi
	if [ -s "$d/report.err" ]; then
		out+=$(cat "$d/report.err")
	fi
	if [ -z "$out" ]; then
		echo "ok $n - $name"
		pass=$((pass + 1))
	else
		echo "not ok $n - $name"
		echo "$out" | sed 's/^/# /'
		fail=$((fail + 1))
	fi
done

# The whole-tree scan's multi-file cases count here too.
if [ $bless = 0 ]; then
	"$here/scan/run.sh" | tee "$work/scan.log" | sed 's/^ok [0-9]*/ok scan/; s/^not ok [0-9]*/not ok scan/' || true
	pass=$((pass + $(grep -c '^ok ' "$work/scan.log" || true)))
	fail=$((fail + $(grep -c '^not ok ' "$work/scan.log" || true)))
fi
echo "cocci: $pass passed, $fail failed"
[ $fail -eq 0 ]
