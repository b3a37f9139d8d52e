#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# matrix.sh [--table-only]: the full before/after matrix of the legacy
# drivers behind docs/legacy.md: every pattern "before" on its own boot on
# each of the five configurations, then all six converted drivers "after"
# on each, and a markdown table of what each boot showed. About 7 minutes
# warm on 2 cores. --table-only reprints the table from the last run.
set -uo pipefail
. "$(dirname "$0")/../testbed/env.sh"
cd "$COHMAP_TOP" || exit 1

cfgs=("x86_64 plain" "x86_64 iommu" "arm64 plain" "arm64 smmuv3"
      "arm64 noncoherent")
pats="p1 p2 p3 p4 p5 p6"
declare -A drv=([p1]=p1_fault.c [p2]=p2_virt_to_phys.c [p3]=p3_dma_handle.c
		[p4]=p4_insert_page.c [p5]=p5_remap_page_range.c
		[p6]=p6_reserved.c)
eval "$(sed -n '/^observe()/,/^}/p' tests/legacy/check.sh)"

if [ "${1:-}" != --table-only ]; then
	for c in "${cfgs[@]}"; do
		read -r arch variant <<<"$c"
		for p in $pats; do
			tests/legacy/run.sh "$arch" "$variant" before "$p" \
				>"build/legacy-$arch-$variant-before-$p.log" 2>&1
			echo "before $p $arch $variant: $(tail -n 1 \
				"build/legacy-$arch-$variant-before-$p.log")" >&2
		done
		tests/legacy/run.sh "$arch" "$variant" after \
			>"build/legacy-$arch-$variant-after.log" 2>&1
		echo "after $arch $variant: $(tail -n 1 \
			"build/legacy-$arch-$variant-after.log")" >&2
	done
fi

# after_of OUT P: the converted driver P's cases in the "after" boot OUT.
after_of() {
	local out=$1 p=$2 ok=0 n=0 load splat
	[ -f "$out/results.ktap" ] || { echo "no boot"; return; }
	load=$(grep -cE "^ok [0-9]+ load_cohmap_legacy_$p\$" "$out/results.ktap")
	ok=$(grep -cE "^ +ok [0-9]+ legacy_${p}_" "$out/results.ktap")
	n=$(grep -cE "^ +(not )?ok [0-9]+ legacy_${p}_" "$out/results.ktap")
	splat=$(grep -c 'no_kernel_splat:' "$out/summary")
	echo "$( [ "$load" = 1 ] && echo loaded || echo "NOT loaded"), $ok/$n pass$( [ "$splat" = 0 ] && echo ", no splat" || echo ", SPLAT")"
}

echo "| pattern | driver | configuration | before: what happens | after (convert.sh + cohmap) |"
echo "|---|---|---|---|---|"
for p in $pats; do
	for c in "${cfgs[@]}"; do
		read -r arch variant <<<"$c"
		b="build/legacy-$arch-$variant-before-$p"
		read -r _ nf _ < "$b/counts" 2>/dev/null || nf='?'
		obs=$(observe "$b" | sed 's/|/\\|/g')
		[ "$nf" = 0 ] && obs="passes (3/3, no splat)"
		[ "$nf" != 0 ] && obs="**fails**: $obs"
		echo "| ${p^^} | \`${drv[$p]}\` | $arch $variant | $obs | $(after_of "build/legacy-$arch-$variant-after" "$p") |"
	done
done
