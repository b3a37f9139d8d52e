#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scan.sh KERNEL_SRC [OUT_FILE]
#
# Runs cohmap_mmap.cocci in report mode over drivers/ and sound/ (which
# includes drivers/staging) of a kernel tree.  Files are pre-filtered by
# token: they must name a coherent allocator AND one of the unsafe calls.
# Runs at the lowest CPU priority with two spatch jobs and prints the wall
# time.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
spatch=${SPATCH:-spatch}
jobs=${JOBS:-2}

if [ $# -lt 1 ] || [ ! -d "$1/drivers" ]; then
	echo "usage: $0 KERNEL_SRC [OUT_FILE]" >&2
	exit 2
fi
src=$(realpath "$1")
out=$(realpath -m "${2:-$PWD/cohmap-scan.txt}")
list=$(mktemp)
trap 'rm -f "$list"' EXIT

start=$(date +%s)
cd "$src"
grep -rlE --include='*.c' --include='*.h' \
	'\b(dma_alloc_coherent|dmam_alloc_coherent|dma_zalloc_coherent|pci_alloc_consistent|dma_alloc_wc|dma_alloc_writecombine)\b' \
	drivers sound |
	xargs -r grep -lE \
	'\b(virt_to_phys|__pa|virt_to_pfn|virt_to_page|virt_to_bus|remap_pfn_range|io_remap_pfn_range|remap_page_range|vm_iomap_memory|vmf_insert_pfn|vm_insert_pfn|pfn_to_page|phys_to_page)\b' |
	sort | sed 's/$/\n/' > "$list"
nfiles=$(grep -c . "$list" || true)
echo "scan: $nfiles candidate files (of $(find drivers sound -name '*.c' | wc -l))" >&2

nice -n 19 "$spatch" --very-quiet -D report --no-includes --include-headers \
	--timeout 120 --jobs "$jobs" --chunksize 1 \
	--sp-file "$here/cohmap_mmap.cocci" --file-groups "$list" \
	2> "$out.log" | sort -t: -k1,1 -k2,2n > "$out" || true

end=$(date +%s)
echo "scan: $(grep -c ': ERROR: \|: WARNING: ' "$out" || true) site(s) in $(cut -d: -f1 "$out" | sort -u | wc -l) file(s), report in $out"
echo "scan: wall time $((end - start)) s"
