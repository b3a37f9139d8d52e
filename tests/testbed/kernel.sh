#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel.sh ARCH: build (or reuse) the test kernel for ARCH from Debian's
# linux-source-6.1 and the fragments in configs/, and print its build dir.
# The tree is cached outside the repo, keyed by a hash of the fragments, so
# an unchanged config is never rebuilt.
set -euo pipefail
. "$(dirname "$0")/env.sh"

arch=${1:?usage: kernel.sh ARCH}
arch_setup "$arch"

# Unpack first: the cache key hashes the source's Makefile (its version).
if [ ! -f "$COHMAP_SRC/Makefile" ]; then
	mkdir -p "$COHMAP_CACHE"
	tar -C "$COHMAP_CACHE" -xf /usr/src/linux-source-6.1.tar.xz
fi
out=$(kernel_dir "$arch")

if [ -f "$out/.cohmap-built" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$out"
frag="$out/fragment.config"
cat "$COHMAP_TOP/tests/testbed/configs/common.config" \
    "$COHMAP_TOP/tests/testbed/configs/$arch.config" > "$frag"

kmake() {
	make -C "$COHMAP_SRC" O="$out" ARCH="$KARCH" CROSS_COMPILE="$CROSS" \
		CC="ccache ${CROSS}gcc" -j"$COHMAP_JOBS" "$@"
}

echo "cohmap: building $arch kernel in $out (log: $out/build.log)" >&2
{
	KCONFIG_ALLCONFIG="$frag" kmake allnoconfig
	# Catch fragment options that Kconfig silently dropped (unmet deps).
	# An arch fragment may override common.config (CONFIG_64BIT=n on
	# 32-bit arches): as in Kconfig, the last assignment counts.
	missing=0
	while IFS= read -r line; do
		if ! grep -qx "$line" "$out/.config"; then
			echo "cohmap: $line did not stick in $arch .config" >&2
			missing=1
		fi
	done < <(awk -F= '/^CONFIG_[A-Za-z0-9_]+=/ { v[$1] = $0; o[$1] = NR }
		END { for (k in v) print o[k], v[k] }' "$frag" | sort -n |
		cut -d' ' -f2- | grep '=y$')
	[ "$missing" = 0 ] || exit 1
	# Build-only architectures need no image: external modules build
	# against a prepared tree (modpost then cannot check symbols).
	[ -z "$KIMAGE" ] || kmake
	kmake modules_prepare
} > "$out/build.log" 2>&1 || {
	echo "cohmap: $arch kernel build failed; last lines of $out/build.log:" >&2
	tail -n 30 "$out/build.log" >&2
	exit 1
}
touch "$out/.cohmap-built"
echo "$out"
