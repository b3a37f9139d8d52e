# SPDX-License-Identifier: GPL-2.0
"""What kernel APIs do to a coherent DMA buffer's values: the scan's model.

A value is described by the kinds it may have.  A kind says where the value
came from and what was done to it:

  CPU       kernel address returned by a coherent allocator
  CPU_OFF   CPU moved inside the buffer (p + n, p += n): converts as CPU
  HANDLE    DMA address the allocator wrote through its handle argument
  PHYS_CPU, PFN_CPU, PAGE_CPU    virt_to_phys()/virt_to_pfn()/virt_to_page()
            arithmetic on CPU: right only while CPU is in the linear map
  PFN_H, PAGE_H                  the DMA handle taken for a physical address
  CPU_RT, PHYS_RT, PFN_RT, PAGE_RT   a handle turned back into a kernel
            address (phys_to_virt(dma_to_phys(h))) and then into a page
  PAGE_VMC, PFN_VMC              vmalloc_to_page() of CPU: right only while
            CPU is a vmalloc address (an IOMMU remap), wrong in the linear map
  PAGE_VA   a lookup that copes with both (is_vmalloc_addr() ? ... : ...)
  PHYS_D, PFN_D, PAGE_D          dma_to_phys() of the handle: the right frame
            on a direct mapping, but a cacheable user view of it
  OTHER     anything else: another allocator, a BAR, a user pointer, a value
            the scan cannot follow
"""
import re

COHERENT_ALLOCATORS = {
	# name: index of the DMA handle out-argument
	'dma_alloc_coherent': 2,
	'dmam_alloc_coherent': 2,
	'dma_zalloc_coherent': 2,
	'dma_alloc_attrs': 2,
	'dmam_alloc_attrs': 2,
	'dma_alloc_wc': 2,
	'dma_alloc_writecombine': 2,
	'pci_alloc_consistent': 2,
	'pci_zalloc_consistent': 2,
	'dma_pool_alloc': 2,
	'dma_pool_zalloc': 2,
}

# The sound core's own allocators, for a driver's snd_dma_buffer: name ->
# index of the buffer argument; coherent with the PCM_DEV_TYPES.
SND_DMA_ALLOCATORS = {'snd_dma_alloc_pages': 3,
		      'snd_dma_alloc_pages_fallback': 3,
		      'snd_dma_alloc_dir_pages': 4}

# Kinds whose user mapping is wrong on every architecture family.
EVERYWHERE = {'CPU_AS_PHYS', 'PHYS_CPU', 'PFN_CPU', 'PAGE_CPU', 'PFN_H', 'PAGE_H',
	      'HANDLE', 'CPU_RT', 'PHYS_RT', 'PFN_RT', 'PAGE_RT',
	      'PAGE_VMC', 'PFN_VMC'}
# Kinds that are right in the common case, wrong where the allocator remaps
# (uncached segments, coherent pools without struct pages) or for a
# non-coherent device (a cacheable user view).
REMAPS = {'PAGE_VA', 'PFN_VA', 'PHYS_D', 'PFN_D', 'PAGE_D', 'MMAP_OFF'}
COHERENT = EVERYWHERE | REMAPS | {'CPU', 'CPU_OFF'}


def lookup(table, kind):
	"""What a conversion table turns a kind into: an address inside the
	buffer converts as its start does."""
	out = table.get(kind)
	if out is None and kind == 'CPU_OFF':
		out = table.get('CPU')
	return out

# Conversions: name -> (argument index, {kind in: kind out}).
_TO_PHYS = {'CPU': 'PHYS_CPU', 'CPU_RT': 'PHYS_RT', 'PAGE_CPU': 'PHYS_CPU'}
_TO_PAGE = {'CPU': 'PAGE_CPU', 'CPU_RT': 'PAGE_RT'}
_TO_PFN = {'CPU': 'PFN_CPU', 'CPU_RT': 'PFN_RT'}
_PHYS_TO_PFN = {'PHYS_CPU': 'PFN_CPU', 'PHYS_RT': 'PFN_RT', 'HANDLE': 'PFN_H',
		'PHYS_D': 'PFN_D'}
_PFN_TO_PHYS = {'PFN_CPU': 'PHYS_CPU', 'PFN_RT': 'PHYS_RT', 'PFN_H': 'HANDLE',
		'PFN_D': 'PHYS_D', 'PFN_VMC': 'PHYS_CPU'}
_PAGE_TO_PFN = {'PAGE_CPU': 'PFN_CPU', 'PAGE_RT': 'PFN_RT', 'PAGE_H': 'PFN_H',
		'PAGE_VMC': 'PFN_VMC', 'PAGE_VA': 'PFN_VA', 'PAGE_D': 'PFN_D'}
_PFN_TO_PAGE = {v: k for k, v in _PAGE_TO_PFN.items()}
_PHYS_TO_PAGE = {'PHYS_CPU': 'PAGE_CPU', 'PHYS_RT': 'PAGE_RT',
		 'HANDLE': 'PAGE_H', 'PHYS_D': 'PAGE_D'}
_PHYS_TO_VIRT = {'PHYS_D': 'CPU_RT', 'HANDLE': 'CPU_RT', 'PHYS_CPU': 'CPU',
		 'PHYS_RT': 'CPU_RT'}

CONVERSIONS = {
	'virt_to_phys': (0, _TO_PHYS), '__pa': (0, _TO_PHYS),
	'__virt_to_phys': (0, _TO_PHYS), 'virt_to_bus': (0, _TO_PHYS),
	'isa_virt_to_bus': (0, _TO_PHYS), '__pa_nodebug': (0, _TO_PHYS),
	'virt_to_page': (0, _TO_PAGE), 'virt_to_head_page': (0, _TO_PAGE),
	'virt_to_pfn': (0, _TO_PFN), '__pa_to_pfn': (0, _TO_PFN),
	'vmalloc_to_page': (0, {'CPU': 'PAGE_VMC'}),
	'vmalloc_to_pfn': (0, {'CPU': 'PFN_VMC'}),
	'PHYS_PFN': (0, _PHYS_TO_PFN), 'PFN_DOWN': (0, _PHYS_TO_PFN),
	'__phys_to_pfn': (0, _PHYS_TO_PFN), 'phys_to_pfn': (0, _PHYS_TO_PFN),
	'PFN_PHYS': (0, _PFN_TO_PHYS), '__pfn_to_phys': (0, _PFN_TO_PHYS),
	'page_to_pfn': (0, _PAGE_TO_PFN),
	'page_to_phys': (0, {k: _PFN_TO_PHYS[v] for k, v in _PAGE_TO_PFN.items()
			     if v in _PFN_TO_PHYS}),
	'pfn_to_page': (0, _PFN_TO_PAGE),
	'phys_to_page': (0, _PHYS_TO_PAGE),
	'phys_to_virt': (0, _PHYS_TO_VIRT), '__va': (0, _PHYS_TO_VIRT),
	'bus_to_virt': (0, _PHYS_TO_VIRT),
	'dma_to_phys': (1, {'HANDLE': 'PHYS_D'}),
	'dma_to_pfn': (1, {'HANDLE': 'PFN_D'}),
	'__pfn_to_pfn_t': (0, None), 'pfn_to_pfn_t': (0, None),
	'phys_to_pfn_t': (0, {k: _PHYS_TO_PFN[k] for k in _PHYS_TO_PFN}),
}
# Turn a page lookup that checks is_vmalloc_addr() into PAGE_VA.
VMALLOC_AWARE = {'PAGE_CPU': 'PAGE_VA', 'PAGE_VMC': 'PAGE_VA',
		 'PFN_CPU': 'PFN_VA', 'PFN_VMC': 'PFN_VA'}

# Calls that map a frame into a user vma: name -> (argument index, what the
# argument is).  The driver's own remap; reported at the call.
REMAP_CALLS = {
	'remap_pfn_range': (2, 'pfn'), 'io_remap_pfn_range': (2, 'pfn'),
	'remap_pfn_range_notrack': (2, 'pfn'),
	'vmf_insert_pfn': (2, 'pfn'), 'vmf_insert_pfn_prot': (2, 'pfn'),
	'vm_insert_pfn': (2, 'pfn'), 'vm_insert_pfn_prot': (2, 'pfn'),
	'vmf_insert_mixed': (2, 'pfn'), 'vmf_insert_mixed_prot': (2, 'pfn'),
	'vm_insert_mixed': (2, 'pfn'), 'vmf_insert_mixed_mkwrite': (2, 'pfn'),
	'rdma_user_mmap_io': (2, 'pfn'),
	'remap_page_range': (2, 'phys'), 'io_remap_page_range': (2, 'phys'),
	'vm_iomap_memory': (1, 'phys'),
	'vm_insert_page': (2, 'page'), 'vmf_insert_page': (2, 'page'),
	'vm_insert_pages': (2, 'page'),
	'vm_map_pages': (1, 'page'), 'vm_map_pages_zero': (1, 'page'),
}

# The DMA layer's own mmap: right for the allocation's cpu_addr, wrong for
# an address inside it wherever the allocator remaps (iommu_dma_mmap() and
# dma_common_find_pages() find the pages from the allocation's start).
DMA_MMAP_CALLS = {'dma_mmap_coherent': 2, 'dma_mmap_wc': 2,
		  'dma_mmap_writecombine': 2, 'dma_mmap_attrs': 2}
# The PCM runtime buffer a driver sets: the sound core's default mmap maps
# its area with snd_dma_buffer_mmap(), dma_mmap_coherent() for DEV buffers.
PCM_RUNTIME_SETTERS = {'snd_pcm_set_runtime_buffer': 1}

# Fields of kernel structs that a subsystem's generic mmap maps for the
# driver: what the subsystem does with the stored value and how to say it.
# Reported at the driver's store.
FIELD_SINKS = {
	'smem_start.iomem': ('phys', 'fbdev: fb_mmap()/fb_io_mmap() maps '
			     'fix.smem_start with vm_iomap_memory()'),
	'smem_start.defio': ('defio', 'fbdev deferred I/O maps pfn_to_page('
			     'fix.smem_start) unless screen_buffer is vmalloc'),
	'smem_start.?': (None, 'fbdev: fix.smem_start, with fb_ops not found '
			 'in this folder'),
	'dma_area': ('cpu-page', 'sound: the PCM core maps runtime->dma_area '
		     'through virt_to_page() in its fault handler'),
	'vm_fault.page': ('page', 'mm: a .fault handler returns this page in '
			  'vmf->page'),
}
# How an fb_ops table maps: by its .fb_mmap, or by the macro that fills it.
FB_MMAP_FUNCS = {'fb_io_mmap': 'iomem', 'fb_deferred_io_mmap': 'defio'}
FB_MMAP_MACROS = {
	'FB_DEFAULT_IOMEM_OPS': 'iomem', '__FB_DEFAULT_IOMEM_OPS_MMAP': 'iomem',
	'FB_DEFAULT_DEFERRED_OPS': 'defio',
	'__FB_DEFAULT_DEFERRED_OPS_MMAP': 'defio',
	'FB_GEN_DEFAULT_DEFERRED_IOMEM_OPS': 'defio',
	'FB_GEN_DEFAULT_DEFERRED_SYSMEM_OPS': 'defio',
	'FB_GEN_DEFAULT_DEFERRED_DMAMEM_OPS': 'defio',
}
# PCM ops tables; an .mmap or .page other than the default takes over.
PCM_OPS = ('snd_pcm_ops', 'snd_soc_component_driver')
PCM_DEFAULT = ('snd_pcm_lib_default_mmap', 'NULL')

# Buffers the sound core allocates for a driver: coherent with these types.
PCM_MANAGED = {'snd_pcm_set_managed_buffer', 'snd_pcm_set_managed_buffer_all',
	       'snd_pcm_set_fixed_buffer', 'snd_pcm_set_fixed_buffer_all',
	       'snd_pcm_lib_preallocate_pages',
	       'snd_pcm_lib_preallocate_pages_for_all'}
PCM_DEV_TYPES = {'SNDRV_DMA_TYPE_DEV', 'SNDRV_DMA_TYPE_DEV_WC'}
PCM_BUFFER_FIELDS = {'area': 'CPU', 'dma_area': 'CPU', 'addr': 'HANDLE',
		     'dma_addr': 'HANDLE'}

# Members of kernel structs on the way to the fields above (the scan reads
# no kernel headers).
KERNEL_FIELDS = {
	'fb_info': {'fix': 'fb_fix_screeninfo', 'var': 'fb_var_screeninfo'},
	'snd_pcm_substream': {'runtime': 'snd_pcm_runtime',
			      'dma_buffer': 'snd_dma_buffer'},
	'snd_pcm_runtime': {'dma_buffer_p': 'snd_dma_buffer'},
	'uio_info': {'mem': 'uio_mem'},
	'vm_fault': {'vma': 'vm_area_struct'},
}

# What a driver may hand to user space as an mmap offset that it remaps.
KEY_KINDS = {'PHYS_CPU', 'PFN_CPU', 'HANDLE', 'PFN_H', 'PHYS_RT', 'PFN_RT'}

TO_USER = re.compile(r'copy_to_user|copy_to_udata|respond_udata|put_user')

# Calls whose result is no address at all.
NEUTRAL_CALLS = {'ERR_PTR', 'ERR_CAST', 'PTR_ERR', 'IS_ERR', 'IS_ERR_OR_NULL',
		 'PAGE_ALIGN', 'ALIGN', 'min', 'max', 'min_t', 'max_t',
		 'offset_in_page', 'sizeof', 'get_order'}

# A scatterlist entry's page, per driver: set from a kernel address or a
# page, read back as a page or as a kernel address.
SG_SETTERS = {'sg_set_buf': _TO_PAGE, 'sg_init_one': _TO_PAGE,
	      'sg_set_page': None}
SG_GETTERS = {'sg_page': None, 'sg_virt': {v: k for k, v in _TO_PAGE.items()}}

# UIO regions: uio_mem.addr is mapped according to uio_mem.memtype.
UIO_MEMTYPES = {
	'UIO_MEM_PHYS': ('phys', 'UIO: uio_mmap_physical() remaps mem.addr as '
			 'a physical address'),
	'UIO_MEM_IOVA': ('phys', 'UIO: uio_mmap_physical() remaps mem.addr as '
			 'a physical address'),
	'UIO_MEM_LOGICAL': ('cpu-page', 'UIO: uio_vma_fault() maps mem.addr '
			    'through virt_to_page()'),
	'UIO_MEM_VIRTUAL': ('cpu-vmalloc', 'UIO: uio_vma_fault() maps mem.addr '
			    'through vmalloc_to_page()'),
}

# What a sink turns the stored value into before mapping it.
SINK_CONVERT = {
	'phys': dict({k: k for k in ('PHYS_CPU', 'PHYS_RT', 'HANDLE', 'PHYS_D')},
		     CPU='CPU_AS_PHYS'),
	'pfn': {k: k for k in ('PFN_CPU', 'PFN_RT', 'PFN_H', 'PFN_VMC',
				 'PFN_VA', 'PFN_D')},
	'page': {k: k for k in ('PAGE_CPU', 'PAGE_RT', 'PAGE_H', 'PAGE_VMC',
				  'PAGE_VA', 'PAGE_D')},
	'cpu-page': {'CPU': 'PAGE_CPU', 'CPU_RT': 'PAGE_RT'},
	'cpu-vmalloc': {'CPU': 'PAGE_VMC'},
	# deferred I/O: the vmalloc page of screen_buffer, else the frame of
	# smem_start: right while the handle equals the physical address
	'defio': {'HANDLE': 'PAGE_D', 'PHYS_CPU': 'PAGE_VA', 'PHYS_D': 'PAGE_D'},
	'dma-mmap': {'CPU_OFF': 'MMAP_OFF'},
}
# A handle given straight to a pfn or page argument is still a handle.
SINK_CONVERT['pfn']['HANDLE'] = 'PFN_H'

WHY = {
	'CPU_AS_PHYS': 'the kernel address itself, taken for a physical one, of',
	'PHYS_CPU': 'virt_to_phys()/__pa() of the kernel address of',
	'PFN_CPU': 'virt_to_pfn()/virt_to_phys() of the kernel address of',
	'PAGE_CPU': 'virt_to_page() of the kernel address of',
	'PFN_H': 'the DMA handle, taken for a physical address, of',
	'PAGE_H': 'the DMA handle, taken for a physical address, of',
	'HANDLE': 'the DMA handle, taken for a physical address, of',
	'CPU_RT': 'the DMA handle turned back into a kernel address, of',
	'PHYS_RT': 'the DMA handle turned back into a kernel address, of',
	'PFN_RT': 'the DMA handle turned back into a kernel address, of',
	'PAGE_RT': 'the DMA handle turned back into a page, of',
	'PAGE_VMC': 'vmalloc_to_page() of the kernel address of',
	'PFN_VMC': 'vmalloc_to_pfn() of the kernel address of',
	'PAGE_VA': 'a vmalloc-or-linear page lookup of the kernel address of',
	'PFN_VA': 'a vmalloc-or-linear page lookup of the kernel address of',
	'PHYS_D': 'dma_to_phys() of the handle of',
	'PFN_D': 'dma_to_phys() of the handle of',
	'PAGE_D': 'dma_to_phys() of the handle of',
	'MMAP_OFF': 'an address inside (not the start of) the allocation of',
}

FIX = ('map it with dma_mmap_coherent()/dma_mmap_wc()/dma_mmap_attrs() '
       '(or cohmap_mmap_coherent() out of tree)')
FIX_SINK = {
	'smem_start': 'give the fb_ops an .fb_mmap that calls dma_mmap_wc()/'
		      'dma_mmap_coherent()',
	'dma_area': 'allocate with snd_pcm_set_managed_buffer*() '
		    '(SNDRV_DMA_TYPE_DEV) or give the pcm ops an .mmap that '
		    'calls dma_mmap_coherent()',
	'dma-mmap': 'give the DMA layer the allocation\'s own cpu_addr and '
		    'handle and the chunk\'s offset in vm_pgoff, or give each '
		    'chunk an allocation of its own',
	'uio': 'declare the region UIO_MEM_DMA_COHERENT (6.8+) with its '
	       'dma_addr and device',
}


def tokens():
	"""An extended regular expression naming everything the model knows:
	a file without any of these cannot hold a fact phase 2 uses."""
	names = (list(COHERENT_ALLOCATORS) + list(CONVERSIONS) +
		 list(REMAP_CALLS) + list(SG_SETTERS) + list(PCM_MANAGED) +
		 list(SND_DMA_ALLOCATORS) + list(DMA_MMAP_CALLS) +
		 list(PCM_RUNTIME_SETTERS) +
		 ['smem_start', 'dma_area', 'memtype', 'vm_fault'])
	return r'\b(' + '|'.join(sorted(names)) + r')\b'
