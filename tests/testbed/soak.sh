#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# soak.sh ARCH:VARIANT SECONDS [KVER]: one board, the adversary and the
# lifetime races each for SECONDS (make check gives them a fixed budget
# of operations and iterations instead), then its row of
# docs/reliability.md. ADV_SEED=N replays a seed. The boot's files go to
# build/soak-ARCH-VARIANT[@KVER], beside make check's.
set -euo pipefail
. "$(dirname "$0")/env.sh"

board=${1:?usage: soak.sh ARCH:VARIANT SECONDS [KVER]}
secs=${2:?usage: soak.sh ARCH:VARIANT SECONDS [KVER]}
kver=${3:-$COHMAP_KVER_DEFAULT}
arch=${board%%:*} variant=${board#*:}
name=$arch-$variant
[ "$kver" = "$COHMAP_KVER_DEFAULT" ] || name=$name@$kver

# No operation or iteration bound, only time; still at least make
# check's 10,000 operations. The boot itself, KUnit and e2e take minutes
# at most on the slowest board.
export ADV_OPS=0 ADV_SECONDS=$secs ADV_RACE_ITERS=0 ADV_RACE_SECONDS=$secs
export COHMAP_BOOT_TIMEOUT=$((2 * secs + 900))
rc=0
"$COHMAP_TOP/tests/testbed/run.sh" "$arch" "$variant" "$kver" \
	2>&1 | tee "$COHMAP_TOP/build/soak-$name.log" || rc=1
# Moved, not copied: build/$name is make check's, and must not pass a
# soak off as a make check boot (reliability-doc.py reads both).
rm -rf "$COHMAP_TOP/build/soak-$name"
mv "$COHMAP_TOP/build/$name" "$COHMAP_TOP/build/soak-$name"
cp "$COHMAP_TOP/build/soak-$name.log" "$COHMAP_TOP/build/soak-$name/run.log"
grep -h -E "# (adversary|races)-summary" \
	"$COHMAP_TOP/build/soak-$name/results.ktap" | sed 's/^ *//'
exit $rc
