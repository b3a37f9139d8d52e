# SPDX-License-Identifier: GPL-2.0
#
# cohmap.mk: vendor cohmap into a driver. Copy this repository's include/,
# core/, compat/, arch/ and cohmap.mk into a folder of your driver (say
# cohmap/), then in the driver's Kbuild:
#
#	COHMAP_PREFIX := mydrv_
#	include $(src)/cohmap/cohmap.mk
#	mydrv-y := main.o $(cohmap-y)
#
# COHMAP_PREFIX renames every cohmap symbol, so two drivers that each carry
# a copy never clash, even when both are built into one kernel image.
# COHMAP_PROBE_FORCE="NAME=0 NAME=1 ..." overrides feature probes (see
# compat/probe.sh), to compile fallback branches on a kernel that does not
# need them.

ifeq ($(COHMAP_PREFIX),)
$(error COHMAP_PREFIX is unset: set it to a prefix unique to your driver, e.g. mydrv_)
endif

# Where this file is, and that folder relative to the module's source
# folder (object names are relative to it), compared as absolute paths.
# External modules: until 6.12 Kbuild runs in the kernel's tree with an
# absolute $(src); from 6.13 it runs in the module's folder with a
# relative one, which make resolves against that folder. Inside a kernel
# tree (a driver merged upstream, or make kunit-tree) $(src) is relative
# to the source tree until 6.13, which is not where make runs with O=.
cohmap-here := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
cohmap-src := $(abspath $(if $(filter /%,$(src))$(KBUILD_EXTMOD),$(src),$(srctree)/$(src)))
cohmap-rel := $(patsubst $(cohmap-src)/%,%/,$(filter $(cohmap-src)/%,$(cohmap-here)))

# Kbuild picks the architecture's policy by folder, so the core never tests
# CONFIG_<ARCH>: a new architecture is one new arch/<name>/policy.c.
cohmap-arch := $(if $(wildcard $(cohmap-here)/arch/$(SRCARCH)/policy.c),$(SRCARCH),generic)

cohmap-y := $(addprefix $(cohmap-rel), \
	core/policy.o core/mmap.o core/buffer.o core/debugfs.o core/colour.o \
	core/pool.o \
	arch/$(cohmap-arch)/policy.o)

ccflags-y += -DCOHMAP_PREFIX=$(COHMAP_PREFIX) \
	-I$(cohmap-here)/include -I$(cohmap-here)/compat \
	-I$(obj)/$(cohmap-rel)compat

# Feature probes: compiled against the target kernel with its own flags.
cohmap-probed := $(obj)/$(cohmap-rel)compat/cohmap_probed.h
quiet_cmd_cohmap_probe = PROBE   $@
      cmd_cohmap_probe = $(CONFIG_SHELL) $(cohmap-here)/compat/probe.sh \
		'$(call escsq,$(CC) $(filter-out -Wp$(comma)-M%,$(c_flags)))' $(cohmap-here)/compat/probes $@ \
		"$(COHMAP_PROBE_FORCE)"

$(cohmap-probed): $(wildcard $(cohmap-here)/compat/probes/*.c) \
		  $(cohmap-here)/compat/probe.sh FORCE
	$(call if_changed,cohmap_probe)

targets += $(cohmap-rel)compat/cohmap_probed.h
$(addprefix $(obj)/,$(cohmap-y)): $(cohmap-probed)
