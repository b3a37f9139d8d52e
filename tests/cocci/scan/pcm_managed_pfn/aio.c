// SPDX-License-Identifier: GPL-2.0
/*
 * The sound core allocates the buffer (SNDRV_DMA_TYPE_DEV: coherent), and
 * the component's own .mmap takes its DMA handle for a pfn.
 */
#include <sound/soc.h>

static int aio_mmap(struct snd_soc_component *component,
		    struct snd_pcm_substream *substream,
		    struct vm_area_struct *vma)
{
	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start,
			       substream->runtime->dma_addr >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int aio_new(struct snd_soc_component *component,
		   struct snd_soc_pcm_runtime *rtd)
{
	snd_pcm_set_managed_buffer_all(rtd->pcm, SNDRV_DMA_TYPE_DEV,
				       component->dev, 0, 65536);
	return 0;
}

static const struct snd_soc_component_driver aio_component = {
	.pcm_construct = aio_new,
	.mmap = aio_mmap,
};
