#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh [ARCH:VARIANT@KVER...]: make bench. One benchmark boot per
# entry (tests/bench/run.sh), one at a time unless COHMAP_PARALLEL says
# otherwise (boots beside each other disturb each other's timings), then
# docs/performance.md from every entry that finished.
set -uo pipefail
. "$(dirname "$0")/../testbed/env.sh"
cd "$COHMAP_TOP"
mkdir -p build/bench
parallel=${COHMAP_PARALLEL:-1}

# Kernels first, one build at a time, as make check does.
for e in "$@"; do
	k=${e#*@} av=${e%@*}
	tests/testbed/kernel.sh "${av%%:*}" "$k" >/dev/null || exit 1
done

rc=0 done=()
for e in "$@"; do
	while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do
		wait -n
	done
	k=${e#*@} av=${e%@*}
	tests/bench/run.sh "${av%%:*}" "${av#*:}" "$k" \
		>"build/bench/${av/:/-}@$k.log" 2>&1 &
done
wait
for e in "$@"; do
	k=${e#*@} av=${e%@*} f=build/bench/${av/:/-}@$k.txt
	if [ -f "$f" ] && grep -q '^bench-done' "$f"; then
		done+=("$f")
		echo "bench $e: done"
	else
		echo "bench $e: FAILED (build/bench/${av/:/-}@$k.log)"
		rc=1
	fi
done
[ "${#done[@]}" = 0 ] ||
	tests/bench/report.py "${done[@]}" > docs/performance.md
echo "docs/performance.md: ${#done[@]} boot(s)"
exit $rc
