#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# convert.sh DRIVER_DIR_OR_FILE [OUT_DIR]
#
# Runs the cohmap semantic patches in order on a copy of a driver:
#   1. cohmap_mmap.cocci    -D report  -> OUT_DIR/cohmap-report.txt
#   2. cohmap_mmap.cocci    -D patch   (rewrite onto cohmap_mmap_coherent())
#   3. cohmap_cleanup.cocci -D patch   (orphaned locals, pgprot tweaks)
# and leaves the difference as a reviewable unified diff in
# OUT_DIR/cohmap.patch (apply with: patch -p1 -d DRIVER_DIR < cohmap.patch).
# The driver itself is never modified.  The converted driver still needs
# cohmap vendored into it (cohmap.h and its sources on the include path).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
spatch=${SPATCH:-spatch}

if [ $# -lt 1 ] || [ ! -e "$1" ]; then
	echo "usage: $0 DRIVER_DIR_OR_FILE [OUT_DIR]" >&2
	exit 2
fi

src=$(realpath "$1")
out=$(realpath -m "${2:-$PWD/cohmap-convert-$(basename "$src")}")
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/a" "$work/b"
if [ -d "$src" ]; then
	cp -a "$src/." "$work/a/"
	cp -a "$src/." "$work/b/"
	target=(--dir "$work/b")
	rtarget=(--dir .)
	rdir=$src
else
	cp -a "$src" "$work/a/"
	cp -a "$src" "$work/b/"
	target=("$work/b/$(basename "$src")")
	rtarget=("$(basename "$src")")
	rdir=$(dirname "$src")
fi

opts=(--very-quiet --no-includes --include-headers --timeout 120)
export COHMAP_TOUCHED="$work/touched"
: > "$COHMAP_TOUCHED"

# 1. report, with paths relative to the driver
(cd "$rdir" && "$spatch" "${opts[@]}" -D report -D ambiguous \
	--sp-file "$here/cohmap_mmap.cocci" "${rtarget[@]}") \
	> "$out/cohmap-report.txt" 2> "$out/spatch.log" || true

# 2. + 3. rewrite, then clean up
"$spatch" "${opts[@]}" -D patch --in-place \
	--sp-file "$here/cohmap_mmap.cocci" "${target[@]}" \
	>> "$out/spatch.log" 2>&1
"$spatch" "${opts[@]}" -D patch --in-place \
	--sp-file "$here/cohmap_cleanup.cocci" "${target[@]}" \
	>> "$out/spatch.log" 2>&1

(cd "$work" && diff -ruN a b) > "$out/cohmap.patch" || true

nsites=$(grep -c ': ERROR: \|: WARNING: ' "$out/cohmap-report.txt" || true)
nmanual=$(grep -c 'cannot convert' "$out/cohmap-report.txt" || true)
nfiles=$(grep -c '^+++ ' "$out/cohmap.patch" || true)
echo "cohmap: $nsites unsafe site(s), $nmanual need the author, $nfiles file(s) changed"
echo "report: $out/cohmap-report.txt"
echo "patch:  $out/cohmap.patch"
