#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh ARCH:VARIANT[@KVER]...: the whole of `make check` (KVER: the
# kernel version, default 6.1). Builds the kernels,
# then boots every matrix entry (a failure in one does not stop the others)
# and runs the checks that need no boot, COHMAP_PARALLEL at a time (default:
# one per CPU; each QEMU runs one vCPU), prints a table and ends with
# "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/env.sh"
cd "$COHMAP_TOP"
mkdir -p build
rm -f build/lint.rc build/cocci.log build/legacy.log
rows=() failures=() total_p=0 total_f=0 total_s=0 rc=0
parallel=${COHMAP_PARALLEL:-$(nproc)}

row() {	# arch variant kernel passed failed skipped
	rows+=("$(printf '%-10s %-12s %-6s %6s %6s %7s' $1 $2 $3 $4 $5 $6)")
	total_p=$((total_p + $4)) total_f=$((total_f + $5))
	total_s=$((total_s + $6))
	[ "$5" = 0 ] || rc=1
}

# entry ENTRY: sets e_arch, e_variant, e_kver and e_name (the name of the
# entry's log and build folder: ARCH-VARIANT, plus @KVER off 6.1).
entry() {
	local av=${1%%@*}
	e_arch=${av%%:*} e_variant=${av#*:} e_kver=$COHMAP_KVER_DEFAULT
	case "$1" in *@*) e_kver=${1#*@} ;; esac
	e_name=$e_arch-$e_variant
	[ "$e_kver" = "$COHMAP_KVER_DEFAULT" ] || e_name=$e_name@$e_kver
	[ "$e_arch" != distro ] || e_name=distro-$e_kver-$e_variant
}

# Start "$@" in the background once fewer than $parallel jobs run.
spawn() {
	while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do
		wait -n
	done
	"$@" &
}

# distro:VARIANT@KVER boots Debian's own kernel (distro.sh); kunitpy:ARCH
# runs the KUnit suite inside a kernel tree with kunit.py (kunitpy.sh).
boot() {	# entry
	entry "$1"
	case "$e_arch" in
	distro) "$COHMAP_TOP/tests/testbed/distro.sh" "$e_kver" "$e_variant" ;;
	kunitpy) "$COHMAP_TOP/tests/testbed/kunitpy.sh" "$e_kver" "$e_variant" ;;
	*) "$COHMAP_TOP/tests/testbed/run.sh" "$e_arch" "$e_variant" "$e_kver" ;;
	esac >"build/$e_name.log" 2>&1
}

start=$(date +%s)

# Every compiler, linker, QEMU and firmware file first, with the package
# that provides what is missing, rather than a failure deep in Kconfig.
if ! "$COHMAP_TOP/tests/testbed/deps.sh" verify --check "$@" >build/deps.log 2>&1; then
	grep -E 'MISSING|cohmap:' build/deps.log >&2
	echo "0 passed, 1 failed"
	exit 1
fi

# Kernels one at a time: each build already uses every CPU, and two variants
# of one arch must not build the same cached tree at once. A failed build is
# reported by the boots that need it.
# kunit.py builds its own kernel, in the same phase.
for k in $(for e in "$@"; do
		entry "$e"
		case "$e_arch" in
		distro) ;;
		kunitpy) echo "kunitpy:$e_variant@$e_kver" ;;
		*) echo "$e_arch@$e_kver@$([ "$e_variant" != kasan ] || echo kasan)" ;;
		esac
	   done | awk '!seen[$0]++'); do
	case "$k" in
	kunitpy:*)
		k=${k#kunitpy:}
		echo "== kunit.py ${k%@*} ${k#*@} kernel" >&2
		"$COHMAP_TOP/tests/testbed/kunitpy.sh" --build "${k#*@}" "${k%@*}" \
			>"build/kunitpy-build.log" 2>&1 || true ;;
	*)
		# ARCH@KVER@CONFIG: CONFIG is a board's own kernel (kasan) or empty.
		IFS=@ read -r k_arch k_kver k_cfg <<<"$k"
		echo "== $k_arch $k_kver ${k_cfg:+$k_cfg }kernel" >&2
		COHMAP_KCONFIG=$k_cfg "$COHMAP_TOP/tests/testbed/kernel.sh" \
			"$k_arch" "$k_kver" >/dev/null || true ;;
	esac
done

# The longest job first, then the boots, then what needs no boot (only
# for the whole matrix: COHMAP_STATIC=0 boots just the entries given).
static=${COHMAP_STATIC:-1}
[ "$static" = 1 ] && [ -x tests/legacy/check.sh ] &&
	echo "== legacy drivers: unsafe before, converted after" >&2 &&
	spawn sh -c 'tests/legacy/check.sh >build/legacy.log 2>&1'
for e in "$@"; do
	echo "== $e" >&2
	spawn boot "$e"
done
if [ "$static" = 1 ]; then
	[ -x tests/cocci/run.sh ] && echo "== semantic patches" >&2 &&
		spawn sh -c 'tests/cocci/run.sh >build/cocci.log 2>&1'
	echo "== lint: checkpatch --strict, sparse C=2, W=1, probe table" >&2
	spawn sh -c 'tests/testbed/lint.sh >build/lint.log 2>&1; echo $? >build/lint.rc'
fi
wait

for e in "$@"; do
	entry "$e"
	log="build/$e_name.log"
	echo "-- $e_arch $e_variant $e_kver" >&2
	grep -E "^  (FAILED|skipped)|: [0-9]+ passed" "$log" >&2
	counts="build/$e_name/counts"
	if [ -f "$counts" ]; then
		read -r p f s < "$counts"
		row "$e_arch" "$e_variant" "$e_kver" "$p" "$f" "$s"
	else
		echo "   did not boot; last lines of $log:" >&2
		tail -n 15 "$log" | sed 's/^/   /' >&2
		row "$e_arch" "$e_variant" "$e_kver" 0 1 0
	fi
done

if [ "$static" = 1 ]; then
	# Two vendored copies in one kernel image must not share a global symbol:
	# compare what each copy's cohmap objects define, in the first entry
	# that built both.
	echo "-- vendoring: symbol clash check" >&2
	syms() {
		find "$1" -name '*.o' -exec nm --defined-only {} + |
			awk '$2 ~ /^[TDBR]$/ {print $3}' | sort -u
	}
	a= b=
	for e in "$@"; do
		entry "$e"
		a=build/$e_name/modules/src/cohmap_edu/cohmap
		b=build/$e_name/modules/src/cohmap_edu_b/cohmap
		[ -d "$a" ] && [ -d "$b" ] && break
		a= b=
	done
	if [ -n "$a" ]; then
		clash=$(comm -12 <(syms "$a") <(syms "$b"))
		na=$(syms "$a" | wc -l)
		if [ -z "$clash" ] && [ "$na" -gt 5 ]; then
			row static vendor-syms - 1 0 0
		else
			echo "   shared symbols: $clash (globals in copy a: $na)" >&2
			row static vendor-syms - 0 1 0
		fi
	else
		echo "   no entry built both copies of the sample" >&2
		row static vendor-syms - 0 1 0
	fi

	echo "-- lint" >&2
	if [ "$(cat build/lint.rc 2>/dev/null)" = 0 ]; then
		row static lint - 1 0 0
	else
		tail -n 30 build/lint.log | sed 's/^/   /' >&2
		row static lint - 0 1 0
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
		row static cocci - "$p" "$f" 0
	fi

	if [ -x tests/legacy/check.sh ]; then
		echo "-- legacy drivers" >&2
		grep -E '^legacy (before|after)' build/legacy.log | sed 's/^/   /' >&2
		line=$(grep -E '^legacy: [0-9]+ passed, [0-9]+ failed' build/legacy.log)
		if [ -n "$line" ]; then
			p=$(echo "$line" | sed -E 's/^legacy: ([0-9]+) passed.*/\1/')
			f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
			mapfile -t -O "${#failures[@]}" failures < <(grep -A5 'NOT OK' build/legacy.log)
		else
			tail -n 15 build/legacy.log | sed 's/^/   /' >&2
			p=0 f=1
		fi
		row static legacy - "$p" "$f" 0
	fi
fi

echo
{
	printf '%-10s %-12s %-6s %6s %6s %7s\n' arch variant kernel passed failed skipped
	printf '%s\n' "${rows[@]}"
} | tee build/check-table.txt
echo "(took $(( $(date +%s) - start ))s)"
# The table's last lines are what a CI log keeps: repeat why here.
[ "${#failures[@]}" = 0 ] || printf 'failed: %s\n' "${failures[@]}"
if [ "$total_s" -gt 0 ]; then
	echo "skips are listed above with their reasons; a skip is not a pass"
	echo "$total_p passed, $total_f failed, $total_s skipped"
else
	echo "$total_p passed, $total_f failed"
fi
exit $rc
