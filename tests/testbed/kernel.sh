#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel.sh ARCH [KVER]: build (or reuse) the test kernel for ARCH from
# Debian's linux-source-KVER (default 6.1) and the fragments in configs/,
# and print its build dir. The tree is cached outside the repo, keyed by a
# hash of the fragments and the source's version, so an unchanged config
# is never rebuilt; a tree whose build did not finish is rebuilt cleanly.
set -euo pipefail
COHMAP_KVER=${2:-${COHMAP_KVER:-}}
. "$(dirname "$0")/env.sh"

arch=${1:?usage: kernel.sh ARCH [KVER]}
arch_setup "$arch"

# Unpack first: the cache key hashes the source's Makefile (its version).
"$COHMAP_TOP/tests/testbed/deps.sh" source "$COHMAP_KVER"
out=$(kernel_dir "$arch")
mkdir -p "$COHMAP_CACHE"

# One build of a tree at a time (check.sh and the legacy runner may ask
# for the same one).
exec 9>"$out.lock"
flock 9

# complete: the marker is there and so is what the marker promises.
complete() {
	[ -f "$out/.cohmap-built" ] &&
		{ [ -z "$KIMAGE" ] || [ -f "$out/$KIMAGE" ]; } &&
		{ [ -z "$KIMAGE" ] || [ -f "$out/Module.symvers" ]; }
}

if complete; then
	echo "$out"
	exit 0
fi
if [ -e "$out" ]; then
	echo "cohmap: $out is incomplete (a build failed or was interrupted); rebuilding it from scratch" >&2
	rm -rf "$out"
fi

mkdir -p "$out"
frag="$out/fragment.config"
# shellcheck disable=SC2046
cat $(fragments "$arch") > "$frag"

kmake() {
	make -C "$COHMAP_SRC" O="$out" ARCH="$KARCH" CROSS_COMPILE="$CROSS" \
		CC="ccache ${CROSS}gcc" -j"$COHMAP_JOBS" "$@"
}

echo "cohmap: building $arch $COHMAP_KVER kernel in $out (log: $out/build.log)" >&2
{
	KCONFIG_ALLCONFIG="$frag" kmake allnoconfig
	# Catch fragment options that Kconfig silently dropped (unmet deps).
	# A later fragment may override an earlier one (CONFIG_64BIT=n on
	# 32-bit arches, an option a kernel version lacks): as in Kconfig,
	# the last assignment counts.
	missing=0
	while IFS= read -r line; do
		if ! grep -qx "$line" "$out/.config"; then
			echo "cohmap: $line did not stick in $arch $COHMAP_KVER .config" >&2
			missing=1
		fi
	done < <(awk -F= '/^CONFIG_[A-Za-z0-9_]+=/ { v[$1] = $0; o[$1] = NR }
		END { for (k in v) print o[k], v[k] }' "$frag" | sort -n |
		cut -d' ' -f2- | grep '=y$')
	[ "$missing" = 0 ] || exit 1
	# Build-only architectures need no image: external modules build
	# against a prepared tree (modpost then cannot check symbols, and
	# only 6.1 builds them: from 6.12 modpost needs Module.symvers).
	[ -z "$KIMAGE" ] || kmake
	kmake modules_prepare
} > "$out/build.log" 2>&1 || {
	echo "cohmap: $arch $COHMAP_KVER kernel build failed; last lines of $out/build.log:" >&2
	tail -n 30 "$out/build.log" >&2
	exit 1
}
touch "$out/.cohmap-built"
echo "$out"
