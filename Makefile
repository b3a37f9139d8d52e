# SPDX-License-Identifier: GPL-2.0
#
# cohmap's own commands. Kernel module builds go through each module's
# Kbuild (see cohmap.mk); this file drives the testbed around them.
#
#   make deps                  install what the rest needs (idempotent)
#   make demo [ARCH=arm64]     sample driver + edu DMA round trip in QEMU
#   make check                 the whole test matrix, ends "N passed, N failed"
#                              (a subset: make check MATRIX="arm64:smmuv3",
#                              on another kernel: KVER=7.2)
#   make deps-verify           per matrix entry, each tool and its package
#   make kunit ARCH=x86_64     the KUnit suite alone, in QEMU
#   make lint                  checkpatch --strict, sparse (C=2), W=1
#   make vendor DEST=dir       copy cohmap into a driver tree
#   make modules KDIR=...      the KUnit suite for any kernel (ARCH=,
#                              CROSS_COMPILE=, LLVM=1 as for any module)
#   make convert DRIVER=path   rewrite a driver's unsafe mmap onto cohmap

ARCH ?= x86_64
TB := tests/testbed

# The matrix: one real boot each, or a build for the architectures without
# a QEMU board here.
# ARCH:VARIANT runs on 6.1, ARCH:VARIANT@KVER on that kernel version; with
# KVER=..., every entry runs on that version. What each entry installs
# comes from the architecture table in tests/testbed/env.sh.
KVER_BOARDS := x86_64:plain x86_64:iommu \
	arm64:plain arm64:smmuv3 arm64:noncoherent
MATRIX := x86_64:plain x86_64:iommu x86_64:compat \
	arm64:plain arm64:smmuv3 arm64:noncoherent \
	riscv64:plain arm:plain arm:noncoherent armv5:plain ppc64le:plain \
	mips:plain mips:aliasing parisc:plain \
	sh4:build sparc64:build m68k:build \
	$(foreach v,5.10 6.12 7.2,$(addsuffix @$(v),$(KVER_BOARDS)))
ifneq ($(KVER),)
override MATRIX := $(addsuffix @$(KVER),$(foreach e,$(MATRIX),$(firstword $(subst @, ,$(e)))))
override MATRIX := $(shell printf '%s\n' $(MATRIX) | awk '!seen[$$0]++')
endif

.PHONY: deps deps-verify demo check kunit lint docs kernels-doc vendor convert \
	modules clean

KDIR ?= /lib/modules/$(shell uname -r)/build

deps:
	@$(TB)/deps.sh install --check $(MATRIX)

# Per matrix entry: each command, library and firmware file it uses, the
# package it comes from, and whether it is there.
deps-verify:
	@$(TB)/deps.sh verify --check $(MATRIX)

# The demo needs one architecture's toolchain and QEMU, nothing else.
demo:
	@$(TB)/deps.sh install $(ARCH)
	@$(TB)/run.sh $(ARCH) demo

# A MATRIX or KVER given on the command line runs just those boots; the
# whole matrix adds lint, the semantic patches and the legacy drivers.
check: deps
	@COHMAP_STATIC=$(if $(filter command line,$(origin MATRIX) $(origin KVER)),0,1) \
		$(TB)/check.sh $(MATRIX)

kunit:
	@$(TB)/deps.sh install $(ARCH)
	@COHMAP_ONLY=kunit $(TB)/run.sh $(ARCH) plain

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

convert:
	@test -n "$(DRIVER)" || { echo "usage: make convert DRIVER=path"; exit 1; }
	semantic-patches/convert.sh $(DRIVER)

# Plain Kbuild: ARCH, CROSS_COMPILE, LLVM and the rest pass straight through.
modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	rm -rf build
	$(RM) -r core/*.o arch/*/*.o tests/kunit/*.o compat/cohmap_probed.h tests/kunit/kt_probed.h \
		*.ko *.mod *.mod.c modules.order Module.symvers
