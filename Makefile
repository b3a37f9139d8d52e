# SPDX-License-Identifier: GPL-2.0
#
# cohmap's own commands. Kernel module builds go through each module's
# Kbuild (see cohmap.mk); this file drives the testbed around them.
#
#   make deps                  install what the rest needs (idempotent)
#   make demo [ARCH=arm64]     sample driver + edu DMA round trip in QEMU
#                              (x86_64: on Debian's prebuilt kernel)
#   make check                 x86_64 and arm64 on 5.10, 6.1, 6.12, 7.2, Debian's
#                              own kernels (and dkms on them), KUnit through
#                              kunit.py, lint, semantic patches, legacy
#                              drivers; ends "N passed, N failed" (a subset:
#                              make check MATRIX="arm64:smmuv3", on another
#                              kernel: KVER=7.2)
#   make check-all             and every other architecture, on 6.1
#   make deps-verify           per matrix entry, each tool and its package
#   make kunit ARCH=x86_64     the KUnit suite alone, in QEMU
#   make kunit-tree KDIR=src   put the KUnit suite into a kernel source tree
#                              (drivers/misc/cohmap, Kconfig, .kunitconfig)
#                              for tools/testing/kunit/kunit.py run
#   make lint                  checkpatch --strict, sparse (C=2), W=1
#   make bench [KVER=7.2] [BENCH="x86_64:plain@7.2 ..."]
#                              time cohmap's mappings against
#                              dma_mmap_coherent() in QEMU; writes
#                              docs/performance.md
#   make soak SECONDS=600      the adversary and the lifetime races for that
#                              long on one board (BOARD=x86_64:plain, KVER=)
#   make reliability-doc       docs/reliability.md from the last boots
#   make vendor DEST=dir       copy cohmap into a driver tree
#   make dkms                  the sample as a DKMS package: staged into
#                              /usr/src, dkms add (docs/dkms.md)
#   make modules KDIR=...      the KUnit suite for any kernel (ARCH=,
#                              CROSS_COMPILE=, LLVM=1 as for any module)
#   make convert DRIVER=path   rewrite a driver's unsafe mmap onto cohmap
#   make scan [KVER=7.2|SRC=dir]  whole-tree scan (drivers/, sound/) for user
#                              mappings of coherent DMA memory that are wrong
#   make scan-doc KVER=7.2     the scan of Debian's source, joined with our
#                              verdicts, into docs/scan-KVER.md

ARCH ?= x86_64
TB := tests/testbed

# The matrix: one real boot each, or a build for the architectures without
# a QEMU board here.
# ARCH:VARIANT runs on 6.1, ARCH:VARIANT@KVER on that kernel version
# (distro:VARIANT@KVER: Debian's prebuilt x86_64 kernel of that version); with
# KVER=..., every entry runs on that version. What each entry installs
# comes from the architecture table in tests/testbed/env.sh.
KVER_BOARDS := x86_64:plain x86_64:iommu \
	arm64:plain arm64:smmuv3 arm64:noncoherent
# Debian's own prebuilt kernels (bookworm's 6.1, bookworm-backports' 6.12),
# the sample built against their headers as DKMS would (distro.sh), and
# built and installed by the real dkms tool (dkms).
DISTRO := distro:plain@6.1 distro:iommu@6.1 distro:dkms@6.1 \
	distro:plain@6.12 distro:iommu@6.12 distro:dkms@6.12
# The other architectures, on 6.1: make check-all. Each is a kernel build
# of its own (10-20 min cold on this project's 2-core machines), which
# does not fit make check's cold budget with the four kernel versions.
OTHER_ARCHES := riscv64:plain arm:plain arm:noncoherent armv5:plain \
	ppc64le:plain mips:plain mips:aliasing parisc:plain \
	sh4:build sparc64:build m68k:build
# The KUnit suite inside a copy of linux-source-6.1 (make kunit-tree), run
# by the kernel's own kunit.py (tests/testbed/kunitpy.sh).
KUNITPY := kunitpy:x86_64
# arm64:pool: a per-device coherent pool (no struct pages), on the kernel
# without (5.10) and with (6.1, 7.2) a readable kernel mapping of it.
POOL := arm64:pool arm64:pool@5.10 arm64:pool@7.2
MATRIX := x86_64:plain x86_64:iommu x86_64:compat \
	arm64:plain arm64:smmuv3 arm64:noncoherent $(POOL) \
	$(foreach v,5.10 6.12 7.2,$(addsuffix @$(v),$(KVER_BOARDS))) \
	$(DISTRO) $(KUNITPY)
ifeq ($(MAKECMDGOALS),check-all)
MATRIX += $(OTHER_ARCHES)
endif
ifneq ($(KVER),)
override MATRIX := $(addsuffix @$(KVER),$(foreach e,$(filter-out distro:% kunitpy:%,$(MATRIX)),$(firstword $(subst @, ,$(e)))))
override MATRIX := $(shell printf '%s\n' $(MATRIX) | awk '!seen[$$0]++')
endif

# make check-debug: KASAN kernels (on top of the lockdep, DEBUG_VM and
# DMA_API_DEBUG every test kernel has) for the boards whose make check
# kernel lacks it; x86_64 6.1 has it in make check. Three more kernel
# builds do not fit make check's cold budget (docs/testbed.md).
DEBUG_BOARDS := x86_64:kasan@7.2 arm64:kasan arm64:kasan@7.2

# make bench: the boards of the kernel-version axis, on 6.1 and 7.2 (or
# on KVER), one boot each (tests/bench/).
BENCH_KVERS := $(or $(KVER),6.1 7.2)
BENCH ?= $(foreach v,$(BENCH_KVERS),$(addsuffix @$(v),$(KVER_BOARDS)))

.PHONY: bench deps deps-verify demo check check-all check-debug kunit kunit-tree lint docs \
	soak reliability-doc kernels-doc vendor dkms convert scan scan-doc modules clean

KDIR ?= /lib/modules/$(shell uname -r)/build

# Everything any entry of check-all uses.
deps:
	@$(TB)/deps.sh install --check $(MATRIX) $(OTHER_ARCHES)

# Per matrix entry: each command, library and firmware file it uses, the
# package it comes from, and whether it is there.
deps-verify:
	@$(TB)/deps.sh verify --check $(MATRIX) $(OTHER_ARCHES)

# x86_64 boots Debian's own prebuilt kernel (demo.sh: minutes on a fresh
# machine); other architectures build the testbed's kernel for ARCH first.
demo:
ifeq ($(ARCH),x86_64)
	@$(TB)/demo.sh
else
	@$(TB)/deps.sh install $(ARCH)
	@$(TB)/run.sh $(ARCH) demo
endif

# KASAN runs the adversary about 3x slower (arm64 6.1: 3,762 operations in
# 60 s): its time budget grows so the 10,000-operation floor still holds.
check-debug: deps
	@COHMAP_STATIC=0 ADV_SECONDS=$${ADV_SECONDS:-400} \
		COHMAP_BOOT_TIMEOUT=$${COHMAP_BOOT_TIMEOUT:-1800} \
		$(TB)/check.sh $(DEBUG_BOARDS)

# A MATRIX or KVER given on the command line runs just those boots; the
# whole matrix adds lint, the semantic patches and the legacy drivers.
check check-all: deps
	@COHMAP_STATIC=$(if $(filter command line,$(origin MATRIX) $(origin KVER)),0,1) \
		$(TB)/check.sh $(MATRIX)

bench:
	@$(TB)/deps.sh install --check $(BENCH)
	@tests/bench/bench.sh $(BENCH)

# The adversary and the lifetime races (tests/adversary/) run in every
# boot of make check with a fixed budget; here, for SECONDS each, on one
# board (ADV_SEED=N replays a run).
SECONDS ?= 600
BOARD ?= x86_64:plain
soak:
	@$(TB)/deps.sh install $(firstword $(subst :, ,$(BOARD)))
	@$(TB)/soak.sh $(BOARD) $(SECONDS) $(KVER)
	@$(TB)/reliability-doc.py

reliability-doc:
	@$(TB)/reliability-doc.py

kunit:
	@$(TB)/deps.sh install $(ARCH)
	@COHMAP_ONLY=kunit $(TB)/run.sh $(ARCH) plain

# KDIR here is a kernel source tree, and must be given.
kunit-tree:
	@test "$(origin KDIR)" = "command line" || \
		{ echo "usage: make kunit-tree KDIR=path/to/linux (a kernel source tree)"; exit 1; }
	@tests/kunit/kunit-tree.sh $(KDIR)

lint: deps-verify
	@$(TB)/lint.sh

docs:
	@$(TB)/docs.sh

# docs/kernels.md from the last make check and the probe table.
kernels-doc:
	@$(TB)/kernels-doc.sh

vendor:
	@test -n "$(DEST)" || { echo "usage: make vendor DEST=driver/cohmap"; exit 1; }
	mkdir -p $(DEST)
	rsync -a --exclude='*.o' --exclude='.*' --exclude='*.cmd' \
		--exclude=cohmap_probed.h include core compat arch cohmap.mk $(DEST)/
	@echo "cohmap: now add to your Kbuild: COHMAP_PREFIX := yourdrv_ and" \
		"include \$$(src)/$(notdir $(DEST))/cohmap.mk"

# The edu sample shipped as a driver that vendors cohmap ships with DKMS.
DKMS_SOURCETREE ?= /usr/src
dkms:
	@$(TB)/deps.sh pkgs dkms
	@samples/edu/mkdkms.sh --add $(DKMS_SOURCETREE)

convert:
	@test -n "$(DRIVER)" || { echo "usage: make convert DRIVER=path"; exit 1; }
	semantic-patches/convert.sh $(DRIVER)

# Plain Kbuild: ARCH, CROSS_COMPILE, LLVM and the rest pass straight through.
# Debian's linux-source of KVER (6.1 by default) unless SRC names a tree.
SCAN_KVER := $(or $(KVER),6.1)
scan:
	@$(if $(SRC),,$(TB)/deps.sh source $(SCAN_KVER) &&) mkdir -p build && \
	semantic-patches/scan.sh $(or $(SRC),$(HOME)/.cache/cohmap/linux-source-$(SCAN_KVER)) \
		build/scan-$(if $(SRC),$(notdir $(SRC)),$(SCAN_KVER)).txt

scan-doc:
	@tests/scan/doc.sh $(SCAN_KVER)

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	rm -rf build
	$(RM) -r core/*.o arch/*/*.o tests/kunit/*.o compat/cohmap_probed.h tests/kunit/kt_probed.h \
		*.ko *.mod *.mod.c modules.order Module.symvers
