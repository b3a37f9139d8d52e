#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# probes.sh [--check]: what every feature probe (compat/probes/ for the
# library, tests/kunit/probes/ for the KUnit suite) answers on each cached
# test kernel tree (every version of env.sh's COHMAP_KVERS, x86_64 and
# arm64), as a table. With --check, compare it with the committed
# tests/testbed/probes.expected and fail on any difference: a probe that stops
# compiling for a reason of its own would otherwise pick a wrong fallback
# silently. Trees not built yet are listed, not guessed.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$COHMAP_TOP"

expected=tests/testbed/probes.expected
out=build/probes
mkdir -p "$out" "$COHMAP_CACHE/probes"
cols=() missing=()
# What a tree's answers depend on besides the tree: the probes and how
# they are compiled, not the rest of the library, so an unrelated change
# does not compile them all again.
probes_key=$(cat compat/probes/*.c tests/kunit/probes/*.c compat/probe.sh \
	cohmap.mk tests/kunit/kunit.mk | sha256sum | cut -c1-12)

for kver in $COHMAP_KVERS; do
	for arch in x86_64 arm64; do
		(
			kver_setup "$kver"
			COHMAP_KVER=$kver
			arch_setup "$arch"
			kdir=$(kernel_dir "$arch")
			[ -f "$kdir/.cohmap-built" ] || exit 3
			cached=$COHMAP_CACHE/probes/${kdir##*/}-$probes_key.txt
			if [ ! -f "$cached" ]; then
				# The boots' own module builds, when they ran
				# first; else only the module that carries both
				# probe headers.
				unset COHMAP_MODULES COHMAP_PROBE_FORCE
				[ -f "$(modules_dir "$arch" "$kdir")/.done" ] ||
					export COHMAP_MODULES=cohmap_kunit
				rm -rf "$out/$arch-$kver"
				modules_cached "$arch" "$kdir" "$out/$arch-$kver" \
					>/dev/null
				src=$out/$arch-$kver/src/cohmap_kunit
				cat "$src/cohmap/compat/cohmap_probed.h" \
				    "$src/kt_probed.h" |
					awk '$1 == "#define" { print $2, $3 }' \
					> "$cached.tmp"
				mv "$cached.tmp" "$cached"
			fi
			cp "$cached" "$out/$arch-$kver.txt"
		) && cols+=("$arch-$kver") || {
			rc=$?
			[ "$rc" = 3 ] || { echo "probes: building against $arch $kver failed" >&2; exit 1; }
			missing+=("$arch-$kver")
		}
	done
done

# The table: one row per probe, one column per tree.
{
	printf '%-40s' probe
	printf ' %s' "${cols[@]}"
	echo
	for c in "${cols[@]}"; do cut -d' ' -f1 "$out/$c.txt"; done |
		sort -u | while read -r name; do
		printf '%-40s' "$name"
		for c in "${cols[@]}"; do
			printf " %${#c}s" "$(awk -v n="$name" '$1 == n { print $2 }' "$out/$c.txt")"
		done
		echo
	done
} > "$out/table.txt"
cat "$out/table.txt"
[ ${#missing[@]} = 0 ] ||
	echo "probes: no cached tree yet for: ${missing[*]} (not checked)"

[ "${1:-}" = --check ] || exit 0
# Compare each measured column with the same column of the expected table.
bad=0
for c in "${cols[@]}"; do
	want=$(awk -v c="$c" '/^#/ { next }
		$1 == "probe" { for (i = 2; i <= NF; i++) if ($i == c) k = i; next }
		k { print $1, $k }' "$expected")
	got=$(cut -d' ' -f1,2 "$out/$c.txt" | sort)
	if [ -z "$want" ]; then
		echo "probes: $expected has no column $c" >&2
		bad=1
	elif ! diff <(echo "$want" | sort) <(echo "$got") > "$out/$c.diff"; then
		echo "probes: $c differs from $expected (< expected, > measured):" >&2
		cat "$out/$c.diff" >&2
		bad=1
	fi
done
[ "$bad" = 0 ] && echo "probes: ${#cols[@]} trees answer as $expected says"
exit $bad
