#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole-tree scan (semantic-patches/scan.sh) on small drivers made for
# it, one folder each: a driver split over files, a subsystem sink, an
# access path through an alias, a helper-computed pfn, a handle turned back
# into a page; and neg_* traps of the same shapes on memory that is not
# coherent DMA memory, or mapped by the DMA layer.  Each folder's
# `expected` holds the report lines up to " gets " (file, line, severity,
# sink); a trap expects nothing.  A folder's tree/ is copied to the
# tree's root: the parts of a kernel's own code the scan reads.  Prints "ok N - NAME" or "not ok" with a
# diff, and "scan: N passed, N failed"; --bless rewrites the expectations.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
scan=$(cd "$here/../../../semantic-patches" && pwd)/scan.sh
bless=0
[ "${1:-}" = "--bless" ] && bless=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export COHMAP_SCAN_CACHE="$work/cache"

n=0 pass=0 fail=0
for c in "$here"/*/; do
	name=$(basename "$c")
	n=$((n + 1))
	tree="$work/$name"
	mkdir -p "$tree/drivers/$name"
	(cd "$c" && find . \( -name '*.[ch]' -o -name Makefile -o -name Kbuild \) ! -path './tree/*' -print0 |
		xargs -0 cp --parents -t "$tree/drivers/$name")
	[ -d "$c/tree" ] && cp -r "$c/tree/." "$tree/"
	"$scan" "$tree" "$tree/report" drivers > "$tree/log" 2>&1 || true
	sed 's/ gets .*//' "$tree/report" > "$tree/got"
	[ $bless = 1 ] && cp "$tree/got" "$c/expected"
	if diff -u "$c/expected" "$tree/got" > "$tree/diff" &&
	   ! grep -q 'spatch gave no facts' "$tree/log"; then
		echo "ok $n - $name"
		pass=$((pass + 1))
	else
		echo "not ok $n - $name"
		sed 's/^/# /' "$tree/diff" "$tree/log"
		fail=$((fail + 1))
	fi
done
echo "scan: $pass passed, $fail failed"
[ $fail = 0 ]
