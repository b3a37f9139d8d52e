// SPDX-License-Identifier: GPL-2.0
/// Second step of the cohmap conversion: in functions that now call
/// cohmap_mmap_coherent(), or that cohmap_mmap.cocci changed (listed one
/// per line in the file named by $COHMAP_TOUCHED), drop local variables
/// left without a use, and drop pgprot_noncached()/pgprot_writecombine()
/// tweaks of vma->vm_page_prot before the cohmap call: cohmap picks the
/// protection from the DMA layer, and a forced uncached user mapping of
/// memory the kernel maps cacheable is an attribute mismatch on arm64.
///
// Confidence: High
// Comments: run after cohmap_mmap.cocci in patch mode (see convert.sh)
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import os
import re

TOUCHED = set()
t = os.environ.get('COHMAP_TOUCHED')
if t and os.path.exists(t):
	with open(t) as fd:
		TOUCHED = set(l.strip() for l in fd if l.strip())

def pure(e):
	e = re.sub(r'\b(sizeof|virt_to_phys|__pa|virt_to_pfn|virt_to_page|'
		   r'page_to_pfn|PAGE_ALIGN|PFN_DOWN|vma_pages)\s*\(', '(', str(e))
	return re.search(r'\w\s*\(', e) is None

@callers depends on patch@
identifier fn;
@@
fn(...)
{
  <+... cohmap_mmap_coherent(...) ...+>
}

@script:python depends on patch@
fn << callers.fn;
@@
TOUCHED.add(fn)

@prot depends on patch@
identifier callers.fn;
expression V;
identifier pp = {pgprot_noncached, pgprot_writecombine, pgprot_dmacoherent,
		 pgprot_uncached};
@@
fn(...)
{
  <...
- V->vm_page_prot = pp(...);
  ...>
}


@unused depends on patch@
identifier fn : script:python() { fn in TOUCHED };
type T;
identifier v;
expression E : script:python() { pure(E) };
@@
fn(...)
{
  ... when any
(
- T v;
|
- T v = E;
)
  ... when != v
}
