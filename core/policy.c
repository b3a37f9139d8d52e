// SPDX-License-Identifier: GPL-2.0
/*
 * Which of the five ways to map coherent memory applies, and why.
 *
 * The order of the questions is the order in which each one can rule the
 * later ones out: no DMA-layer mmap support means no coherent mapping at
 * all; memory encryption means only the DMA layer knows whether a buffer
 * is shared with the host; otherwise the architecture names the pgprot and
 * cohmap maps the DMA layer's pfns itself, which is what makes revocation
 * and lazy faulting possible; where the data cache aliases, only at user
 * addresses congruent with the kernel's (policy c).
 */
#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include "internal.h"

static const char * const cohmap_policy_names[] = {
	[COHMAP_POLICY_REMAP]	= "remap",
	[COHMAP_POLICY_FAULT]	= "fault",
	[COHMAP_POLICY_COLOUR]	= "colour",
	[COHMAP_POLICY_DMA]	= "dma",
	[COHMAP_POLICY_REFUSE]	= "refuse",
};

/**
 * cohmap_policy_name() - short name of a policy, for logs and debugfs
 * @policy: the policy
 *
 * Return: "remap", "fault", "colour", "dma", "refuse", or "invalid".
 */
const char *cohmap_policy_name(enum cohmap_policy policy)
{
	if ((unsigned int)policy >= ARRAY_SIZE(cohmap_policy_names))
		return "invalid";
	return cohmap_policy_names[policy];
}

/*
 * dma_pgprot()'s rule (kernel/dma/mapping.c, the same from 5.10 to 7.2):
 * a coherent device's memory keeps the vma's pgprot; other memory gets the
 * type the DMA layer remapped it with. Its third case, memory encryption,
 * never reaches here: cohmap_choose_policy() delegates it. Memory from a
 * per-device pool is write-combined whatever the device, as the kernel
 * maps the pool (core/pool.c).
 */
static enum cohmap_memtype cohmap_dma_memtype(struct device *dev,
					      unsigned long attrs)
{
	if (cohmap_dev_coherent_pool(dev))
		return COHMAP_MEMTYPE_WC;
	if (dev_is_dma_coherent(dev))
		return COHMAP_MEMTYPE_VMA;
	if (IS_ENABLED(CONFIG_ARCH_HAS_DMA_WRITE_COMBINE) &&
	    (attrs & DMA_ATTR_WRITE_COMBINE))
		return COHMAP_MEMTYPE_WC;
	return COHMAP_MEMTYPE_DMACOHERENT;
}

/**
 * cohmap_user_memtype() - the memory type of user mappings of a device's memory
 * @dev: device the coherent memory was allocated for
 * @attrs: DMA_ATTR_* used for the allocation
 * @mt: set to the memory type, the one the kernel's own mapping has
 * @why: if not NULL, set to a static string saying why
 *
 * Decided once per buffer (at allocation) and applied to every vma with
 * cohmap_memtype_prot().
 *
 * Return: 0, or nonzero where only the DMA layer can name it.
 */
int cohmap_user_memtype(struct device *dev, unsigned long attrs,
			enum cohmap_memtype *mt, const char **why)
{
	int ret = cohmap_arch_maps(dev, why);

	if (ret)
		return ret;
	*mt = cohmap_dma_memtype(dev, attrs);
	if (why && cohmap_dev_coherent_pool(dev))
		*why = "per-device pool: user pages are write-combined like the kernel's";
	return 0;
}

/**
 * cohmap_memtype_prot() - a vma's pgprot with a memory type
 * @mt: from cohmap_user_memtype()
 * @prot: the vma's pgprot, changed in place
 */
void cohmap_memtype_prot(enum cohmap_memtype mt, pgprot_t *prot)
{
	if (mt == COHMAP_MEMTYPE_WC)
		*prot = pgprot_writecombine(*prot);
	else if (mt == COHMAP_MEMTYPE_DMACOHERENT)
		*prot = pgprot_dmacoherent(*prot);
}

/**
 * cohmap_choose_policy() - the policy cohmap uses for a mapping
 * @dev: device the coherent memory was allocated for
 * @attrs: DMA_ATTR_* used for the allocation
 * @flags: COHMAP_* flags; COHMAP_STATELESS asks for cohmap_mmap_coherent()
 * @why: if not NULL, set to a static string saying why
 *
 * Stateless mappings are the DMA layer's (policy d) behind cohmap's
 * checks: with no buffer object there is nothing to revoke, so nothing is
 * gained by mapping the pfns ourselves. Buffer objects are mapped by
 * cohmap from the DMA layer's pfns (a, or b by default) whenever the
 * architecture can name the pgprot; where the data cache aliases that is
 * (c), faulted in as (b) at colour-congruent addresses only.
 *
 * Return: the policy. Never fails; COHMAP_POLICY_REFUSE is an answer.
 */
enum cohmap_policy cohmap_choose_policy(struct device *dev,
					unsigned long attrs,
					unsigned int flags, const char **why)
{
	const char *reason;
	enum cohmap_policy policy;
	enum cohmap_memtype mt;

	if (!cohmap_dma_can_mmap(dev)) {
		policy = COHMAP_POLICY_REFUSE;
		reason = "dma_can_mmap() is false: no coherent user mapping exists";
	} else if (flags & COHMAP_STATELESS) {
		policy = COHMAP_POLICY_DMA;
		reason = "stateless call: dma_mmap_attrs() behind cohmap's checks";
	} else if (cohmap_mem_encrypt_active()) {
		policy = COHMAP_POLICY_DMA;
		reason = "memory encryption: only the DMA layer knows if the buffer is shared";
	} else if (cohmap_dev_coherent_pool(dev) &&
		   !cohmap_kernel_map_readable()) {
		policy = COHMAP_POLICY_DMA;
		reason = "per-device pool: only the DMA layer can read its pfns here";
	} else if (cohmap_user_memtype(dev, attrs, &mt, &reason)) {
		policy = COHMAP_POLICY_DMA;
	} else if (cohmap_colour_span(dev)) {
		policy = COHMAP_POLICY_COLOUR;
		cohmap_arch_colour(dev, &reason);
	} else {
		policy = (flags & COHMAP_POPULATE) ? COHMAP_POLICY_REMAP :
						     COHMAP_POLICY_FAULT;
	}
	if (why)
		*why = reason;
	return policy;
}
