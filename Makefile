# SPDX-License-Identifier: GPL-2.0
#
# cohmap's own commands. Kernel module builds go through each module's
# Kbuild (see cohmap.mk); this file drives the testbed around them.
#
#   make deps                  install what the rest needs (idempotent)
#   make demo [ARCH=arm64]     sample driver + edu DMA round trip in QEMU
#   make check                 the whole test matrix, ends "N passed, N failed"
#                              (a subset: make check MATRIX="arm64:smmuv3")
#   make kunit ARCH=x86_64     the KUnit suite alone, in QEMU
#   make lint                  checkpatch --strict, sparse (C=2), W=1
#   make vendor DEST=dir       copy cohmap into a driver tree
#   make modules KDIR=...      the KUnit suite for any kernel (ARCH=,
#                              CROSS_COMPILE=, LLVM=1 as for any module)
#   make convert DRIVER=path   rewrite a driver's unsafe mmap onto cohmap

ARCH ?= x86_64
TB := tests/testbed

DEB_PACKAGES := build-essential bc bison flex cpio kmod xz-utils rsync \
	libelf-dev libssl-dev python3 ccache sparse coccinelle \
	device-tree-compiler linux-source-6.1 qemu-system-x86 \
	qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
	qemu-system-misc gcc-riscv64-linux-gnu libc6-dev-riscv64-cross \
	gcc-arm-linux-gnueabihf libc6-dev-armhf-cross \
	qemu-system-ppc gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross \
	qemu-system-mips gcc-mips-linux-gnu libc6-dev-mips-cross \
	gcc-hppa-linux-gnu libc6-dev-hppa-cross \
	gcc-sh4-linux-gnu gcc-sparc64-linux-gnu gcc-m68k-linux-gnu

# The matrix: one real boot each, or a build for the architectures without
# a QEMU board here.
MATRIX := x86_64:plain x86_64:iommu x86_64:compat \
	arm64:plain arm64:smmuv3 arm64:noncoherent \
	riscv64:plain arm:plain arm:noncoherent armv5:plain ppc64le:plain \
	mips:plain mips:aliasing parisc:plain \
	sh4:build sparc64:build m68k:build

.PHONY: deps demo check kunit lint docs vendor convert modules clean

KDIR ?= /lib/modules/$(shell uname -r)/build

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -qE '^install ok (installed|triggers)' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "cohmap: installing:" $$missing; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get -o DPkg::Lock::Timeout=600 update -qq && \
		apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
			--no-install-recommends $$missing \
			>/dev/null || exit 1; \
	fi

demo: deps
	@$(TB)/run.sh $(ARCH) demo

check: deps
	@$(TB)/check.sh $(MATRIX)

kunit: deps
	@COHMAP_ONLY=kunit $(TB)/run.sh $(ARCH) plain

lint:
	@$(TB)/lint.sh

docs:
	@$(TB)/docs.sh

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
	$(RM) -r core/*.o arch/*/*.o tests/kunit/*.o compat/cohmap_probed.h \
		*.ko *.mod *.mod.c modules.order Module.symvers
