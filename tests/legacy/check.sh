#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: the legacy drivers' proof, for `make check` (about 2 minutes
# warm). Each pattern's driver as it is ("before") boots on one
# configuration where it is known to fail, and counts as passed when the
# expected failure is observed; then all six converted drivers ("after")
# boot together on x86_64 plain and iommu, arm64 plain and smmuv3, and pass
# when every end-to-end case passes with no kernel splat. One line per
# boot, then "legacy: N passed, N failed". See docs/legacy.md.
set -uo pipefail
. "$(dirname "$0")/../testbed/env.sh"
cd "$COHMAP_TOP" || exit 1
mkdir -p build

# pattern arch variant: what must be observed (ERE on the observation)
before=(
	"p1 x86_64 plain	VM_BUG_ON_FOLIO"
	"p2 arm64 smmuv3	virt_to_phys used for non-linear.*failed: kernel_to_user"
	"p3 x86_64 iommu	failed: kernel_to_user.*user reads what the kernel wrote: byte"
	"p4 x86_64 plain	mmap of .*Resource temporarily unavailable"
	"p5 x86_64 iommu	kernel BUG at arch/x86/mm/physaddr.c"
	"p6 arm64 noncoherent	virt_to_phys used for non-linear.*failed: kernel_to_user"
)
# and on every kernel version: the conversion must hold where the
# library's compat branches differ.
after=("x86_64 plain" "x86_64 iommu" "arm64 plain" "arm64 smmuv3"
       "x86_64 iommu 5.10" "arm64 smmuv3 5.10" "x86_64 iommu 6.12"
       "arm64 smmuv3 6.12" "x86_64 iommu 7.2" "arm64 smmuv3 7.2")

# observe OUT: one line saying what the boot in OUT showed: the first
# kernel splat after the modules loaded, the failed cases, the first
# diagnostic of the end-to-end program.
observe() {
	local out=$1 log splat fatal fails diag
	log=$(sed -n '/cohmap-init: modules loading/,/COHMAP-RESULTS-BEGIN/p' \
		"$out/console.log" 2>/dev/null | tr -d '\r')
	splat=$(grep -m1 -oE '(kernel BUG at|WARNING: CPU|Unable to handle|general protection|BUG: ).*|page dumped because: .*|virt_to_phys used for non-linear address.*' <<<"$log" |
		sed -E 's/ \(____ptrval____\)//; s/\(\(\(unsigned int\) (folio_ref_count\(folio\))/(\1/; s/\)\)$/)/')
	fatal=$(grep -m1 -oE '(kernel BUG at|Unable to handle kernel|general protection fault)[^,]*' <<<"$log")
	[ -n "$fatal" ] && [ "${splat#"$fatal"}" = "$splat" ] &&
		splat="$splat, then $fatal"
	fails=$(grep -oE 'legacy_p[0-9]_[a-z_]+$' "$out/summary" 2>/dev/null |
		sed 's/^legacy_p[0-9]_//' | paste -sd, -)
	grep -q 'no results block' "$out/summary" 2>/dev/null &&
		fails="${fails:+$fails, }no results (kernel died)"
	diag=$(grep -E '^# ' <<<"$log" | grep -v 'legacy device' | head -n 1 |
		sed 's/^# //')
	echo "${splat:+splat: $splat; }${fails:+failed: $fails; }${diag:+first: $diag}" |
		sed 's/; $//'
}

passed=0 failed=0 start=$(date +%s)
for b in "${before[@]}"; do
	read -r p arch variant <<<"${b%%	*}"
	want=${b#*	}
	out="build/legacy-$arch-$variant-before-$p"
	t0=$(date +%s)
	tests/legacy/run.sh "$arch" "$variant" before "$p" \
		>"build/legacy-$arch-$variant-before-$p.log" 2>&1
	obs=$(observe "$out")
	nf=0
	read -r np nf _ < "$out/counts" 2>/dev/null ||
		obs="did not boot: $(tail -n 1 "$out.log")"
	if [ "${nf:-0}" -gt 0 ] && grep -qE "$want" <<<"$obs"; then
		passed=$((passed + 1)) verdict="ok, fails as expected"
	else
		failed=$((failed + 1)) verdict="NOT OK, expected /$want/"
	fi
	printf 'legacy before %s %-6s %-11s %3ss  %s: %s\n' "$p" "$arch" \
		"$variant" $(( $(date +%s) - t0 )) "$verdict" "${obs:-all passed}"
done

for a in "${after[@]}"; do
	read -r arch variant kver <<<"$a"
	kver=${kver:-$COHMAP_KVER_DEFAULT}
	sfx=
	[ "$kver" = "$COHMAP_KVER_DEFAULT" ] || sfx=@$kver
	out="build/legacy-$arch-$variant-after$sfx"
	t0=$(date +%s)
	COHMAP_KVER=$kver tests/legacy/run.sh "$arch" "$variant" after \
		>"$out.log" 2>&1
	rc=$?
	np=0 nf=0
	read -r np nf _ < "$out/counts" 2>/dev/null
	if [ $rc = 0 ] && [ "${nf:-1}" = 0 ] && [ "${np:-0}" -ge 26 ]; then
		passed=$((passed + 1))
		printf 'legacy after  p1-p6 %-6s %-11s %-4s %3ss  ok: %s passed (6 converted drivers loaded, 19 end-to-end cases, no splat)\n' \
			"$arch" "$variant" "$kver" $(( $(date +%s) - t0 )) "$np"
	else
		failed=$((failed + 1))
		printf 'legacy after  p1-p6 %-6s %-11s %-4s %3ss  NOT OK: %s passed, %s failed: %s\n' \
			"$arch" "$variant" "$kver" $(( $(date +%s) - t0 )) "$np" "$nf" \
			"$(observe "$out")"
		tail -n 5 "$out.log" | sed 's/^/   /'
	fi
done
echo "(took $(( $(date +%s) - start ))s)"
echo "legacy: $passed passed, $failed failed"
[ "$failed" = 0 ]
