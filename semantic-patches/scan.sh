#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scan.sh KERNEL_SRC [OUT_FILE] [DIR...]
#
# Whole-tree scan for user mappings of coherent DMA memory that are wrong:
#   phase 1  scan/facts.py runs scan/facts.cocci on every candidate .c file
#            of DIR... (default: drivers sound), cached per file content;
#   phase 2  scan/flow.py follows each coherent buffer across files, helpers
#            and struct fields to the remap call or subsystem field that maps
#            it, and prints one line per site:
#              ERROR: unsafe everywhere
#              WARNING: unsafe where the allocator remaps
#              WARNING: ambiguous (what else reaches the site is named)
# Prints the wall time of each phase.  Exits 1 if phase 1 lost a file.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
	echo "usage: $0 KERNEL_SRC [OUT_FILE] [DIR...]" >&2
	exit 2
fi
src=$(realpath "$1")
out=$(realpath -m "${2:-$PWD/cohmap-scan.txt}")
shift $(($# < 2 ? $# : 2))
dirs=(drivers sound)
[ $# -eq 0 ] || dirs=("$@")
work="$out.d"
rm -rf "$work"
mkdir -p "$work"

t0=$(date +%s.%N)
rc=0
python3 "$here/scan/facts.py" "$src" "$work" "${dirs[@]}" || rc=$?
t1=$(date +%s.%N)
python3 "$here/scan/flow.py" "$work/facts" > "$out"
t2=$(date +%s.%N)

printf 'scan: %d error(s), %d warning(s) in %d file(s); report in %s\n' \
	"$(grep -c ': ERROR: ' "$out" || true)" \
	"$(grep -c ': WARNING: ' "$out" || true)" \
	"$(cut -d: -f1 "$out" | sort -u | grep -c . || true)" "$out"
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
	printf "scan: wall time %.0f s (facts %.0f s, flow %.0f s)\n", c - a, b - a, c - b }'
exit $rc
