# SPDX-License-Identifier: GPL-2.0
#
# The KUnit suite's own feature probes (tests/kunit/probes/, results in
# kt_probed.h), for whichever Kbuild builds the suite: tests/kunit/Kbuild
# in the testbed, the top-level Kbuild for `make modules KDIR=...`.
# Include after cohmap.mk, whose probe script it reuses.

kt-here := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
# $(cohmap-src): the module's source folder as cohmap.mk found it.
kt-rel := $(patsubst $(cohmap-src)/%,%/,$(filter $(cohmap-src)/%,$(kt-here)))
kt-probed := $(obj)/$(kt-rel)kt_probed.h

ccflags-y += -I$(obj)/$(kt-rel)

quiet_cmd_kt_probe = PROBE   $@
      cmd_kt_probe = $(CONFIG_SHELL) $(cohmap-here)/compat/probe.sh \
		'$(call escsq,$(CC) $(filter-out -Wp$(comma)-M%,$(c_flags)))' \
		$(kt-here)/probes $@ "" KT_HAVE_

$(kt-probed): $(wildcard $(kt-here)/probes/*.c) \
	      $(cohmap-here)/compat/probe.sh FORCE
	$(call if_changed,kt_probe)

targets += $(kt-rel)kt_probed.h
$(obj)/$(kt-rel)cohmap_kunit_test.o: $(kt-probed) $(cohmap-probed)
