#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh ARCH:VARIANT...: the whole of `make check`. Builds the kernels,
# then boots every matrix entry (a failure in one does not stop the others)
# and runs the checks that need no boot, COHMAP_PARALLEL at a time (default:
# one per CPU; each QEMU runs one vCPU), prints a table and ends with
# "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/env.sh"
cd "$COHMAP_TOP"
mkdir -p build
rm -f build/lint.rc build/cocci.log build/legacy.log
rows=() total_p=0 total_f=0 total_s=0 rc=0
parallel=${COHMAP_PARALLEL:-$(nproc)}

row() {	# name passed failed skipped
	rows+=("$(printf '%-10s %-12s %6s %6s %7s' $1 $2 $3 $4 $5)")
	total_p=$((total_p + $3)) total_f=$((total_f + $4))
	total_s=$((total_s + $5))
	[ "$4" = 0 ] || rc=1
}

# Start "$@" in the background once fewer than $parallel jobs run.
spawn() {
	while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do
		wait -n
	done
	"$@" &
}

boot() {	# arch variant
	"$COHMAP_TOP/tests/testbed/run.sh" "$1" "$2" >"build/$1-$2.log" 2>&1
}

start=$(date +%s)

# Kernels one at a time: each build already uses every CPU, and two variants
# of one arch must not build the same cached tree at once. A failed build is
# reported by the boots that need it.
for arch in $(printf '%s\n' "$@" | cut -d: -f1 | awk '!seen[$0]++'); do
	echo "== $arch kernel" >&2
	"$COHMAP_TOP/tests/testbed/kernel.sh" "$arch" >/dev/null || true
done

# The longest job first, then the boots, then what needs no boot.
[ -x tests/legacy/check.sh ] &&
	echo "== legacy drivers: unsafe before, converted after" >&2 &&
	spawn sh -c 'tests/legacy/check.sh >build/legacy.log 2>&1'
for entry in "$@"; do
	echo "== $entry" >&2
	spawn boot "${entry%%:*}" "${entry#*:}"
done
[ -x tests/cocci/run.sh ] && echo "== semantic patches" >&2 &&
	spawn sh -c 'tests/cocci/run.sh >build/cocci.log 2>&1'
echo "== lint: checkpatch --strict, sparse C=2, W=1" >&2
spawn sh -c 'tests/testbed/lint.sh >build/lint.log 2>&1; echo $? >build/lint.rc'
wait

for entry in "$@"; do
	arch=${entry%%:*} variant=${entry#*:}
	log="build/$arch-$variant.log"
	echo "-- $arch $variant" >&2
	grep -E "^  (FAILED|skipped)|: [0-9]+ passed" "$log" >&2
	counts="build/$arch-$variant/counts"
	if [ -f "$counts" ]; then
		read -r p f s < "$counts"
		row "$arch" "$variant" "$p" "$f" "$s"
	else
		echo "   did not boot; last lines of $log:" >&2
		tail -n 15 "$log" | sed 's/^/   /' >&2
		row "$arch" "$variant" 0 1 0
	fi
done

# Two vendored copies in one kernel image must not share a global symbol:
# compare what each copy's cohmap objects define.
echo "-- vendoring: symbol clash check" >&2
a=build/x86_64-plain/modules/src/cohmap_edu/cohmap
b=build/x86_64-plain/modules/src/cohmap_edu_b/cohmap
syms() {
	find "$1" -name '*.o' -exec nm --defined-only {} + |
		awk '$2 ~ /^[TDBR]$/ {print $3}' | sort -u
}
if [ -d "$a" ] && [ -d "$b" ]; then
	clash=$(comm -12 <(syms "$a") <(syms "$b"))
	na=$(syms "$a" | wc -l)
	if [ -z "$clash" ] && [ "$na" -gt 5 ]; then
		row static vendor-syms 1 0 0
	else
		echo "   shared symbols: $clash (globals in copy a: $na)" >&2
		row static vendor-syms 0 1 0
	fi
else
	echo "   no x86_64 modules to compare (the plain boot did not build)" >&2
	row static vendor-syms 0 1 0
fi

echo "-- lint" >&2
if [ "$(cat build/lint.rc 2>/dev/null)" = 0 ]; then
	row static lint 1 0 0
else
	tail -n 30 build/lint.log | sed 's/^/   /' >&2
	row static lint 0 1 0
fi

if [ -x tests/cocci/run.sh ]; then
	echo "-- semantic patches" >&2
	line=$(grep -E '^cocci: [0-9]+ passed, [0-9]+ failed' build/cocci.log | tail -n 1)
	if [ -n "$line" ]; then
		p=$(echo "$line" | sed -E 's/^cocci: ([0-9]+) passed.*/\1/')
		f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
		grep '^not ok' build/cocci.log | sed 's/^/   /' >&2
	else
		tail -n 15 build/cocci.log | sed 's/^/   /' >&2
		p=0 f=1
	fi
	row static cocci "$p" "$f" 0
fi

if [ -x tests/legacy/check.sh ]; then
	echo "-- legacy drivers" >&2
	grep -E '^legacy (before|after)' build/legacy.log | sed 's/^/   /' >&2
	line=$(grep -E '^legacy: [0-9]+ passed, [0-9]+ failed' build/legacy.log)
	if [ -n "$line" ]; then
		p=$(echo "$line" | sed -E 's/^legacy: ([0-9]+) passed.*/\1/')
		f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	else
		tail -n 15 build/legacy.log | sed 's/^/   /' >&2
		p=0 f=1
	fi
	row static legacy "$p" "$f" 0
fi

echo
printf '%-10s %-12s %6s %6s %7s\n' arch variant passed failed skipped
printf '%s\n' "${rows[@]}"
echo "(took $(( $(date +%s) - start ))s)"
if [ "$total_s" -gt 0 ]; then
	echo "skips are listed above with their reasons; a skip is not a pass"
	echo "$total_p passed, $total_f failed, $total_s skipped"
else
	echo "$total_p passed, $total_f failed"
fi
exit $rc
