// SPDX-License-Identifier: GPL-2.0
/// Find user mappings of DMA-coherent memory built from the buffer's kernel
/// virtual address or from its DMA handle, and rewrite them onto cohmap.
///
/// The kernel address returned by dma_alloc_coherent() and friends is not
/// in the linear map under an IOMMU, on non-coherent arm/arm64/riscv/ppc32/sh
/// (vmalloc remap), on mips (KSEG1), xtensa or parisc PCX-L, so
/// virt_to_phys(), __pa(), virt_to_pfn() and virt_to_page() of it give a
/// wrong or garbage pfn and user space sees other memory.  The DMA handle
/// is a bus address, not a physical one (IOMMU, dma-ranges, TCE).  Patterns
/// (see DESIGN.md): P1 .fault/.nopage returning virt_to_page(cpu_addr),
/// P2 remap_pfn_range() of virt_to_phys()/__pa()/virt_to_pfn(), P3 the DMA
/// handle used as a pfn or physical address, P4 vm_insert_page() or
/// page_to_pfn() of virt_to_page(), P5 remap_page_range(), P6
/// SetPageReserved()/ClearPageReserved() over the buffer.
///
/// Only memory that provably comes from dma_alloc_coherent(),
/// dmam_alloc_coherent(), dma_zalloc_coherent(), pci_alloc_consistent(),
/// dma_alloc_wc() or dma_alloc_writecombine() in the same file is flagged
/// (directly, through a struct field, an array element, an accessor macro,
/// a global, or a local copy); a field that is also filled from another
/// allocator is reported as ambiguous, never as a bug.
///
/// Patch mode replaces the unsafe remap/insert of an f_op->mmap (and what
/// follows it) by cohmap_mmap_coherent() with the device, buffer, handle
/// and size of the allocation, drops a now-dead .fault/.nopage handler, its
/// vm_operations_struct, and the SetPageReserved() loops over that buffer,
/// and adds #include "cohmap.h".  Where the arguments cannot be derived
/// (allocation in another file, several buffers, buffer selected through
/// vm_pgoff, device or size only known to the probe routine), nothing is
/// changed and report mode says what the author has to supply.
/// Run cohmap_cleanup.cocci afterwards to drop locals the rewrite orphaned.
///
// Confidence: High
// Comments: the P-numbers refer to the cohmap design brief
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report
virtual ambiguous

@initialize:python@
@@
import re

ALLOCS = ('dma_alloc_coherent', 'dmam_alloc_coherent', 'dma_zalloc_coherent',
	  'dma_alloc_wc', 'dma_alloc_writecombine', 'pci_alloc_consistent')
KEYWORDS = set(['sizeof', 'NULL', 'unsigned', 'long', 'int', 'char', 'void',
		'const', 'struct', 'u8', 'u16', 'u32', 'u64', 'size_t',
		'dma_addr_t', 'phys_addr_t', 'uintptr_t', 'typeof', 'short',
		'signed', 'volatile'])
CAST = re.compile(r'\((?:const |volatile )*(?:struct \w+|unsigned long|'
		  r'unsigned int|unsigned char|unsigned|long long|long|int|char|'
		  r'void|u8|u16|u32|u64|s8|uint8_t|uint32_t|uintptr_t|'
		  r'phys_addr_t|dma_addr_t|caddr_t|size_t|__u8|__u32)'
		  r'(?: ?\*)*\)')
CHAIN = re.compile(r'(?<![\w.>])([A-Za-z_]\w*)((?:(?:->|\.)[A-Za-z_]\w*'
		   r'|\[[^\[\]]*\])*)(?!\w)')

class F:
	pass

SHOW_AMBIG = [False]

files = {}

def norm(s):
	s = str(s)
	s = re.sub(r'\s*(->|\.)\s*', r'\1', s)
	s = re.sub(r'\s*\[\s*', '[', s)
	s = re.sub(r'\s*\]', ']', s)
	s = re.sub(r'\(\s+', '(', s)
	s = re.sub(r'\s+\)', ')', s)
	s = re.sub(r'(\w)\s+\(', r'\1(', s)
	s = re.sub(r'(^|[^\w)\]])&\s+', r'\1&', s)
	s = re.sub(r'(^|[(,=])\*\s+', r'\1*', s)
	return s.strip()

def uncast(s):
	prev = None
	while prev != s:
		prev = s
		s = CAST.sub('', s).strip()
	return s

CUR = [None]

def st(p):
	fn = p[0].file if p is not None else CUR[0]
	CUR[0] = fn
	if fn not in files:
		f = F()
		f.allocs = []; f.others = []; f.asg = []; f.globals = set()
		f.vars = {}; f.mapcalls = {}; f.conv = {}; f.maps = {}
		f.resv = []; f.resvfns = set(); f.ops = {}; f.opsother = set()
		f.opsset = []; f.alloctype = {}; f.ops_pos = {}
		f.done = None
		files[fn] = f
	return files[fn]

def pkey(p):
	return (p[0].file, int(p[0].line), int(p[0].column))

def lkey(l):
	"""Key of an lvalue: ('id', name), ('ch', chain) or ('mac', NAME)."""
	l = uncast(norm(l))
	if l.startswith('*'):
		return None
	m = re.match(r'^([A-Z][A-Z0-9_]*)\((.*)\)$', l)
	if m:
		return ('mac', m.group(1))
	m = CHAIN.match(l)
	if not m or m.end() != len(l):
		return None
	root, ch = m.group(1), m.group(2)
	if ch == '':
		return ('id', root)
	return ('ch', re.sub(r'\[[^\[\]]*\]', '[]', ch))

def refs(e):
	"""Chains referenced by an expression: list of (root, gchain, index)."""
	e = norm(e)
	out = []
	for m in CHAIN.finditer(e):
		after = e[m.end():m.end() + 1]
		if after == '(' and m.group(2) == '':
			mm = re.match(r'([A-Z][A-Z0-9_]*)$', m.group(1))
			ma = re.match(r'\(([A-Za-z_]\w*)\)', e[m.end():])
			if mm and ma:
				out.append((ma.group(1), 'MAC:' + m.group(1), None))
			continue
		idx = re.findall(r'\[([^\[\]]*)\]', m.group(2))
		g = re.sub(r'\[[^\[\]]*\]', '[]', m.group(2))
		out.append((m.group(1), g, idx[-1] if idx else None))
	return out

def chain_match(key, g):
	kc = key[1]
	if g == kc:
		return True
	if g.startswith(kc + '[]') and '->' not in g[len(kc):] and \
	   '.' not in g[len(kc):]:
		return True
	for a, b in ((kc, g), (g, kc)):
		if a.endswith(b) and b and b[0] in '-.' and \
		   re.search(r'\w', b) and not b.startswith('[]'):
			return True
	return False

def addressish(r):
	r = uncast(norm(r))
	if re.search(r'\w\(', r.replace('sizeof(', '(')):
		return False
	if re.search(r'[?=!<>]=|&&|\|\||[?]', r):
		return False
	return True

class Rec:
	pass

def find(f, e, fn, kind):
	"""Records (coherent buffer or handle) referenced by expression e."""
	res = []
	for root, g, idx in refs(e):
		for (k, kfn, rec, rk) in f.keys:
			if rk != kind:
				continue
			if g.startswith('MAC:'):
				if k[0] == 'mac' and 'MAC:' + k[1] == g:
					res.append((rec, root, idx, 'mac'))
				continue
			if k[0] == 'id':
				if g not in ('',) and not g.startswith('[]'):
					continue
				if root != k[1]:
					continue
				if kfn is not None and kfn != fn:
					continue
				if kfn is None and root not in f.globals:
					continue
				res.append((rec, root, idx, 'id'))
			elif k[0] == 'ch' and g:
				if chain_match(k, g) and not othertype(f, rec, fn, root, g, k):
					res.append((rec, root, idx, 'ch'))
	return res

def othertype(f, rec, fn, root, g, k):
	"""True if root's declared type shows it is another struct."""
	if not rec.T or re.sub(r'\[\]', '', g).count('->') + re.sub(r'\[\]', '', g).count('.') != 1:
		return False
	if re.sub(r'\[\]', '', k[1]).count('->') + re.sub(r'\[\]', '', k[1]).count('.') != 1:
		return False
	t = f.vars.get(fn, {}).get(root)
	return t is not None and t != rec.T

def build(f):
	"""Resolve allocations, aliases and sites of one file (once)."""
	if f.done is not None:
		return
	f.done = True
	f.keys = []
	for a in f.allocs:
		k = lkey(a.L)
		if k is None:
			continue
		kfn = a.fn if (k[0] == 'id' and k[1] not in f.globals) else None
		f.keys.append((k, kfn, a, 'buf'))
		if a.H.startswith('&'):
			hk = lkey(a.H[1:])
			if hk:
				hfn = a.fn if (hk[0] == 'id' and hk[1] not in f.globals) else None
				f.keys.append((hk, hfn, a, 'dma'))
	# propagate through plain copies, twice is enough in practice
	for _ in range(3):
		added = False
		for (fn, L, R, line) in f.asg:
			if not addressish(R):
				continue
			k = lkey(L)
			if k is None:
				continue
			for kind in ('buf', 'dma'):
				hits = find(f, R, fn, kind)
				if not hits:
					continue
				kfn = fn if (k[0] == 'id' and k[1] not in f.globals) else None
				for h in hits:
					ent = (k, kfn, h[0], kind)
					if ent not in f.keys and \
					   not any(x[0] == k and x[1] == kfn and x[3] == kind for x in f.keys):
						f.keys.append(ent)
						added = True
		if not added:
			break
	# lvalues also filled from another allocator: ambiguous
	f.ambig = set()
	for (fn, L, name) in f.others:
		k = lkey(L)
		if k is None:
			continue
		for (kk, kfn, rec, kind) in f.keys:
			if kind == 'buf' and (kk == k or (k[0] == 'ch' and kk[0] == 'ch' and chain_match(kk, k[1]))):
				if kk[0] == 'id' and kfn is not None and kfn != fn:
					continue
				mr = re.match(r'^([A-Za-z_]\w*)', L)
				if k[0] == 'ch' and mr and othertype(f, rec, fn, mr.group(1), k[1], kk):
					continue
				f.ambig.add(id(rec))
	# a field (or global) also set from something that is neither a
	# coherent allocation nor a copy of one: ambiguous as well
	for (fn, L, R, line) in f.asg:
		k = lkey(L)
		if k is None or (k[0] == 'id' and k[1] not in f.globals) or k[0] == 'mac':
			continue
		r = uncast(norm(R))
		if r in ('NULL', '0') or re.match(r'^(%s)\(' % '|'.join(ALLOCS), r):
			continue
		if addressish(R) and (find(f, R, fn, 'buf') or find(f, R, fn, 'dma')):
			continue
		for (kk, kfn, rec, kind) in f.keys:
			if kk[0] != k[0]:
				continue
			if kk == k or (k[0] == 'ch' and chain_match(kk, k[1])):
				mr = re.match(r'^([A-Za-z_]\w*)', norm(L))
				if k[0] == 'ch' and mr and othertype(f, rec, fn, mr.group(1), k[1], kk):
					continue
				f.ambig.add(id(rec))
	classify(f)
	plan(f)

def fault_fns(f):
	h = set()
	for ops, hs in f.ops.items():
		h |= hs
	return h

def classify(f):
	f.sites = []
	faults = fault_fns(f)
	for q, (fn, conv, E, p) in sorted(f.conv.items()):
		hits = find(f, E, fn, 'buf')
		if not hits:
			continue
		inresv = any(r[0] == fn and r[1] <= q[1] <= r[2] for r in f.resv)
		calls = f.mapcalls.get(fn, set())
		if conv == 'virt_to_page' and (inresv or (fn in f.resvfns and not calls and fn not in faults)):
			pat = 'P6'
		elif fn in faults or re.search(r'nopage|fault', fn):
			pat = 'P1'
		elif calls:
			if calls & set(['remap_page_range', 'io_remap_page_range']):
				pat = 'P5'
			elif conv == 'virt_to_page':
				pat = 'P4'
			else:
				pat = 'P2'
		else:
			continue
		f.sites.append((q, fn, pat, conv, E, hits, p))
	for q, (fn, call, arg, p) in sorted(f.maps.items()):
		hits = find(f, arg, fn, 'dma')
		if not hits:
			continue
		if call in ('remap_page_range', 'io_remap_page_range'):
			pat = 'P5'
		elif call in ('pfn_to_page', 'phys_to_page', 'phys_to_virt') and \
		     not f.mapcalls.get(fn):
			continue
		else:
			pat = 'P3'
		f.sites.append((q, fn, pat, call, arg, hits, p))
	f.sites.sort(key=lambda s: (s[0][1], s[0][2]))

WHY = {
 'P1': 'a fault/nopage handler returns the page of a coherent buffer; its kernel address is not in the linear map everywhere (IOMMU, non-coherent remap, KSEG1) and tail pages have no refcount',
 'P2': 'the pfn is computed from the kernel address of a coherent buffer; it is not a linear-map address under an IOMMU or on non-coherent arches',
 'P3': 'the DMA handle is used as a physical address/pfn; it is a bus address (IOMMU, dma-ranges, TCE)',
 'P4': 'virt_to_page() of a coherent buffer is inserted into the user mapping; the address is not in the linear map everywhere',
 'P5': 'remap_page_range() of a coherent buffer; the API is gone and the address is wrong as in P2/P3',
 'P6': 'SetPageReserved()/ClearPageReserved() on virt_to_page() of a coherent buffer; garbage struct page under an IOMMU or remap, and never needed',
}

IDRE = re.compile(r'(?<![\w.>])([A-Za-z_]\w*)(?!\w)')

def translate(f, a, e, root, y, m, idxmap):
	"""Rewrite expression e of allocation a into function m (root var y)."""
	e = norm(e)
	if a.fn == m:
		return e, None
	# whole expression stored somewhere reachable
	for (fn, L, R, line) in f.asg:
		if fn == a.fn and norm(R) == e and norm(L) != e:
			k = lkey(L)
			if k and ((root and norm(L).startswith(root + '->')) or
				  (root and norm(L).startswith(root + '.')) or
				  (k[0] == 'id' and k[1] in f.globals)):
				return translate(f, a, L, root, y, m, idxmap)
	out = []
	pos = 0
	for mt in IDRE.finditer(e):
		name = mt.group(1)
		s = mt.start()
		out.append(e[pos:s])
		pos = mt.end()
		nxt = e[pos:pos + 1]
		if name in idxmap:
			out.append(idxmap[name])
		elif root and name == root:
			if y is None:
				return None, 'no variable of type %s in %s()' % (a.T or '?', m)
			out.append(y)
		elif nxt == '(' or re.match(r'^[A-Z][A-Z0-9_]*$', name) or \
		     name in KEYWORDS or name in f.globals:
			out.append(name)
		else:
			sub = None
			for (fn, L, R, line) in f.asg:
				if fn == a.fn and norm(R) == name:
					nl = norm(L)
					k = lkey(nl)
					if k and ((root and (nl.startswith(root + '->') or nl.startswith(root + '.'))) or
						  (k[0] == 'id' and k[1] in f.globals)):
						sub, why = translate(f, a, nl, root, y, m, {})
						if sub:
							break
			if not sub:
				return None, "'%s' is local to %s()" % (name, a.fn)
			out.append(sub)
	out.append(e[pos:])
	return ''.join(out), None

def pgoff_index(f, m, idx):
	if idx is None:
		return False
	if 'vm_pgoff' in idx:
		return True
	for (fn, L, R, line) in f.asg:
		if fn == m and norm(L) == norm(idx) and 'vm_pgoff' in R:
			return True
	return False

def cond_after(path, line):
	"""A preprocessor conditional between @line and the end of its function?"""
	try:
		with open(path) as fd:
			lines = fd.read().split('\n')
	except (IOError, OSError):
		return False
	for l in lines[line - 1:]:
		if l.startswith('}'):
			break
		if re.match(r'\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b', l):
			return True
	return False

def plan(f):
	"""Per mmap function: convertible (with arguments) or why not."""
	f.plans = {}
	f.notes = {}
	faults = fault_fns(f)
	bym = {}
	for s in f.sites:
		q, fn, pat = s[0], s[1], s[2]
		if pat == 'P6':
			continue
		if fn in faults:
			for (mfn, V, ops, line) in f.opsset:
				if fn in f.ops.get(ops, set()):
					bym.setdefault((mfn, 'fault', ops), []).append(s)
			if not any(fn in f.ops.get(o, set()) for (_, _, o, _) in f.opsset):
				f.notes[q] = "cannot convert: no mmap in this file installs the vm_operations_struct of %s(); convert that f_op->mmap by hand" % fn
			continue
		if pat == 'P1':
			f.notes[q] = "cannot convert: %s() is not registered as .fault/.nopage in this file" % fn
			continue
		bym.setdefault((fn, 'map', None), []).append(s)
	for (m, kind, ops), ss in bym.items():
		recs = set()
		for s in ss:
			for h in s[5]:
				recs.add(id(h[0]))
		reason = None
		if len(recs) != 1:
			reason = 'ambiguous buffer: %d coherent allocations reach %s(); the author must say which buffer (dev, cpu_addr, dma_addr, size) is mapped' % (len(recs), m)
		a = ss[0][5][0][0]
		if reason is None and id(a) in f.ambig:
			reason = 'ambiguous buffer: %s or its DMA handle is also set from another allocator or source; the author must supply dev, cpu_addr, dma_addr and size' % a.L
		if reason is None and not a.H.startswith('&'):
			reason = 'DMA handle is returned through pointer %s; the author must supply the dma_addr_t' % a.H
		if reason is None and a.D == 'NULL':
			reason = 'allocated without a device (NULL); the author must supply the struct device'
		if reason is None and kind == 'map' and \
		   any(cond_after(s[0][0], s[0][1]) for s in ss):
			reason = 'the unsafe code in %s() is inside #if/#else/#endif, which the rewrite cannot cross; the author must keep one branch (or move the version guard out of the function) and rerun' % m
		plan_ = None
		if reason is None:
			Lk = lkey(a.L)
			cpu = a.L
			if Lk and Lk[0] == 'id' and Lk[1] not in f.globals and a.fn != m:
				# local pointer stored into a struct in the allocating function
				for (fn, L2, R2, line) in f.asg:
					k2 = lkey(L2)
					if fn == a.fn and norm(R2) == a.L and k2 and k2[0] == 'ch':
						cpu = norm(L2)
						Lk = k2
						r2 = re.match(r'^([A-Za-z_]\w*)', cpu).group(1)
						a.T = a.T or f.vars.get(a.fn, {}).get(r2)
						break
			mroot = re.match(r'^([A-Za-z_]\w*)', uncast(norm(cpu)))
			root = mroot.group(1) if (mroot and Lk and Lk[0] in ('ch', 'mac')) else None
			if Lk and Lk[0] == 'mac':
				mm = re.match(r'^[A-Z][A-Z0-9_]*\(([A-Za-z_]\w*)\)$', norm(a.L))
				root = mm.group(1) if mm else None
			y = None
			useidx = None
			if kind == 'map':
				for s in ss:
					for (rec, r, idx, hk) in s[5]:
						if r and root is not None and hk != 'id':
							y = r
							useidx = idx
			if root is not None and y is None or (y is not None and a.T and
			     m in f.vars and y in f.vars[m] and f.vars[m][y] != a.T):
				cands = [v for v, t in f.vars.get(m, {}).items() if t == a.T]
				y = cands[0] if len(cands) == 1 else None
			idxmap = {}
			allocidx = re.findall(r'\[([^\[\]]*)\]', norm(a.L))
			if allocidx:
				ai = allocidx[-1]
				if useidx is None:
					reason = 'buffer array index unknown in %s(); the author must pick the element of %s' % (m, a.L)
				elif pgoff_index(f, m, useidx):
					reason = 'buffer selected through vm_pgoff in %s(); cohmap_mmap_coherent() takes vm_pgoff as the offset into one buffer: the author must pick the buffer and clear vm_pgoff (or use cohmap_mmap_coherent_at())' % m
				elif re.match(r'^[A-Za-z_]\w*$', ai):
					idxmap[ai] = useidx
				elif ai != useidx:
					reason = 'buffer array index differs between the allocation and %s()' % m
			if reason is None:
				args = []
				for what, e in (('device', a.D), ('cpu_addr', cpu), ('dma_addr', a.H[1:]), ('size', a.S)):
					if allocidx and what == 'cpu_addr':
						e = re.sub(r'\[[^\[\]]*\]$', '[' + ai + ']', norm(e))
					t, why = translate(f, a, e, root, y, m, idxmap)
					if t is None:
						reason = 'cannot derive the %s of %s (allocated at line %s) in %s(): %s; the author must supply it' % (what, a.L, a.line, m, why)
						break
					args.append(t)
				if reason is None:
					plan_ = args
		first = ss[0][0]
		if reason:
			for s in ss:
				f.notes[s[0]] = 'cannot convert: ' + reason
			continue
		f.plans[(m, kind, ops)] = (plan_, first, a, [s[0] for s in ss])
	f.converted = set(id(p[2]) for p in f.plans.values())

def touch(fn):
	import os
	t = os.environ.get('COHMAP_TOUCHED')
	if t:
		with open(t, 'a') as fd:
			fd.write(fn + '\n')

def msg(f, s):
	q, fn, pat, call, E, hits, p = s
	a = hits[0][0]
	m = '%s: %s(%s) in %s(): %s (%s at line %s); use cohmap_mmap_coherent()' % (
		pat, call, norm(E), fn, WHY[pat], a.alloc, a.line)
	if id(a) in f.ambig:
		m = 'ambiguous: %s(%s) in %s() may be coherent memory (%s at line %s) but %s or its DMA handle is also set from another allocator or source' % (call, norm(E), fn, a.alloc, a.line, a.L)
	return m

def emit_all(f, org):
	for s in f.sites:
		q, p = s[0], s[6]
		if id(s[5][0][0]) in f.ambig and not SHOW_AMBIG[0]:
			continue
		m = msg(f, s)
		lvl = 'WARNING' if id(s[5][0][0]) in f.ambig else 'ERROR'
		text = '%s: %s' % (lvl, m)
		if q in f.notes:
			text += '; ' + f.notes[q]
		elif s[2] != 'P6' and not any(q in pl[3] for pl in f.plans.values()):
			pass
		if org:
			coccilib.org.print_todo(p[0], text.replace('[', '@(').replace(']', ')'))
		else:
			coccilib.report.print_report(p[0], text)

// ---------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------

@alloc@
expression L, D, S, H, G;
type T;
position p;
identifier fa = {dma_alloc_coherent, dmam_alloc_coherent,
		 dma_zalloc_coherent, dma_alloc_wc, dma_alloc_writecombine};
@@
(
 L = fa@p(D, S, H, G)
|
 L = (T)fa@p(D, S, H, G)
)

@script:python@
L << alloc.L;
D << alloc.D;
S << alloc.S;
H << alloc.H;
p << alloc.p;
fa << alloc.fa;
@@
f = st(p)
a = Rec()
a.fn = p[0].current_element; a.L = norm(L); a.D = norm(D); a.S = norm(S)
a.H = norm(H); a.line = p[0].line; a.alloc = fa + '()'; a.T = None
a.pos = (p[0].line, p[0].column)
f.allocs.append(a)

@allocp@
expression L, PD, S, H;
type T;
position p;
@@
(
 L = pci_alloc_consistent@p(PD, S, H)
|
 L = (T)pci_alloc_consistent@p(PD, S, H)
)

@script:python@
L << allocp.L;
PD << allocp.PD;
S << allocp.S;
H << allocp.H;
p << allocp.p;
@@
f = st(p)
a = Rec()
a.fn = p[0].current_element; a.L = norm(L)
pd = norm(PD)
a.D = 'NULL' if pd == 'NULL' else ('&' + pd + '->dev' if re.match(r'^[\w>.-]+$', pd) else '&(' + pd + ')->dev')
a.S = norm(S); a.H = norm(H); a.line = p[0].line
a.alloc = 'pci_alloc_consistent()'; a.T = None
a.pos = (p[0].line, p[0].column)
f.allocs.append(a)

@alloct@
type T;
T *x;
identifier F, fa;
expression I;
type T2;
position p;
@@
(
 x->F = fa@p(...)
|
 x->F[I] = fa@p(...)
|
 x->F = (T2)fa@p(...)
|
 x->F[I] = (T2)fa@p(...)
)

@script:python@
T << alloct.T;
x << alloct.x;
p << alloct.p;
@@
f = st(p)
for a in f.allocs:
	if a.pos == (p[0].line, p[0].column) and a.fn == p[0].current_element:
		a.T = norm(T)

@other@
expression L;
type T;
position p;
identifier fo = {kmalloc, kzalloc, kcalloc, kmalloc_array, devm_kzalloc,
		 devm_kmalloc, vmalloc, vzalloc, vmalloc_user, vmalloc_32,
		 vmalloc_32_user, kvmalloc, kvzalloc, __get_free_pages,
		 __get_free_page, get_zeroed_page, alloc_pages, alloc_page,
		 alloc_pages_exact, page_address, dma_alloc_noncoherent,
		 dma_alloc_pages, dma_pool_alloc, dma_pool_zalloc, ioremap,
		 ioremap_wc, ioremap_nocache, pci_iomap, devm_ioremap,
		 memremap, kmemdup};
@@
(
 L = fo@p(...)
|
 L = (T)fo@p(...)
)

@script:python@
L << other.L;
p << other.p;
fo << other.fo;
@@
st(p).others.append((p[0].current_element, norm(L), fo))

@glob@
type T;
identifier I;
position p;
@@
T I@p;

@script:python@
I << glob.I;
p << glob.p;
@@
if p[0].current_element == I:
	st(p).globals.add(I)

@asg@
expression L, R;
position p;
@@
L@p = R

@script:python@
L << asg.L;
R << asg.R;
p << asg.p;
@@
st(p).asg.append((p[0].current_element, norm(L), norm(R), p[0].line))

@vars@
type T;
identifier v;
position p;
@@
(
 T *v@p;
|
 T *v@p = ...;
)

@script:python@
T << vars.T;
v << vars.v;
p << vars.p;
@@
st(p).vars.setdefault(p[0].current_element, {})[v] = norm(T)

@pars@
type T;
identifier v, fn;
position p;
@@
fn(..., T *v@p, ...) { ... }

@script:python@
T << pars.T;
v << pars.v;
fn << pars.fn;
p << pars.p;
@@
st(p).vars.setdefault(fn, {})[v] = norm(T)

@calls@
identifier mf = {remap_pfn_range, io_remap_pfn_range, remap_page_range,
		 io_remap_page_range, vm_iomap_memory, vm_insert_page,
		 vm_insert_pfn, vmf_insert_pfn, vmf_insert_pfn_prot,
		 vmf_insert_mixed, vm_map_pages};
position p;
@@
mf@p(...)

@script:python@
mf << calls.mf;
p << calls.p;
@@
st(p).mapcalls.setdefault(p[0].current_element, set()).add(mf)

@resv@
identifier rf = {SetPageReserved, ClearPageReserved, mem_map_reserve,
		 mem_map_unreserve};
expression X;
position p;
@@
rf(X@p)

@script:python@
p << resv.p;
@@
f = st(p)
f.resv.append((p[0].current_element, int(p[0].line), int(p[0].line_end)))
f.resvfns.add(p[0].current_element)

@ops@
identifier o, h;
identifier fld = {fault, nopage};
position p;
@@
struct vm_operations_struct o@p = { ..., .fld = h, ... };

@script:python@
o << ops.o;
h << ops.h;
p << ops.p;
@@
st(p).ops.setdefault(o, set()).add(h)

@opsother@
identifier ops.o, g;
identifier fld != {fault, nopage};
position p;
@@
struct vm_operations_struct o@p = { ..., .fld = g, ... };

@script:python@
o << ops.o;
p << opsother.p;
@@
st(p).opsother.add(o)

@opsset@
expression V;
identifier ops.o;
position p;
@@
V->vm_ops@p = &o

@script:python@
V << opsset.V;
o << ops.o;
p << opsset.p;
@@
st(p).opsset.append((p[0].current_element, norm(V), o, p[0].line))

@conv@
identifier cv = {virt_to_phys, __pa, virt_to_pfn, virt_to_page, virt_to_bus};
expression E;
position q;
@@
cv@q(E)

@script:python@
cv << conv.cv;
E << conv.E;
q << conv.q;
@@
st(q).conv[pkey(q)] = (q[0].current_element, cv, norm(E), q)

@maps@
identifier mf = {remap_pfn_range, io_remap_pfn_range, remap_page_range,
		 io_remap_page_range};
identifier mv = {vm_insert_pfn, vmf_insert_pfn, vmf_insert_pfn_prot,
		 vmf_insert_mixed};
identifier mi = {vm_iomap_memory};
identifier mp = {pfn_to_page, phys_to_page, phys_to_virt};
expression V, A, X, SZ, PR;
position q;
@@
(
 mf@q(V, A, X, SZ, PR)
|
 remap_page_range@q(A, X, SZ, PR)
|
 mv@q(V, A, X, ...)
|
 mi@q(V, X, SZ)
|
 mp@q(X)
)

@script:python@
X << maps.X;
q << maps.q;
mf << maps.mf = "";
mv << maps.mv = "";
mi << maps.mi = "";
mp << maps.mp = "";
@@
call = mf or mv or mi or mp or 'remap_page_range'
st(q).maps[pkey(q)] = (q[0].current_element, str(call), norm(X), q)

// ---------------------------------------------------------------------
// Sites: one binding per unsafe expression, filtered by the analysis
// ---------------------------------------------------------------------

@script:python depends on ambiguous@
@@
SHOW_AMBIG[0] = True

@site@
identifier cv = {virt_to_phys, __pa, virt_to_pfn, virt_to_page, virt_to_bus};
identifier mf = {remap_pfn_range, io_remap_pfn_range, remap_page_range,
		 io_remap_page_range, vm_insert_pfn, vmf_insert_pfn,
		 vmf_insert_pfn_prot, vmf_insert_mixed, vm_iomap_memory,
		 pfn_to_page, phys_to_page, phys_to_virt};
position q;
@@
(
 cv@q(...)
|
 mf@q(...)
)

@script:python depends on report@
q << site.q;
@@
f = st(q)
build(f)
if not getattr(f, 'printed', False):
	f.printed = True
	emit_all(f, False)

@script:python depends on org@
q << site.q;
@@
f = st(q)
build(f)
if not getattr(f, 'printed', False):
	f.printed = True
	emit_all(f, True)

@script:python flt depends on context@
q << site.q;
ok;
@@
f = st(q)
build(f)
if not any(s[0] == pkey(q) for s in f.sites):
	cocci.include_match(False)
else:
	coccinelle.ok = "ok"

@depends on context@
position site.q;
identifier flt.ok;
identifier Fq;
@@
* Fq@q(...)

// ---------------------------------------------------------------------
// Patch mode: the f_op->mmap doing the remap/insert itself
// ---------------------------------------------------------------------

@script:python emit depends on patch@
q << site.q;
D;
C;
H;
S;
@@
f = st(q)
build(f)
hit = None
for k, pl in f.plans.items():
	if k[1] == 'map' and pl[1] == pkey(q):
		hit = pl
if hit is None:
	cocci.include_match(False)
else:
	touch(q[0].current_element)
	coccinelle.D = cocci.make_expr(hit[0][0])
	coccinelle.C = cocci.make_expr(hit[0][1])
	coccinelle.H = cocci.make_expr(hit[0][2])
	coccinelle.S = cocci.make_expr(hit[0][3])

@rw depends on patch@
position site.q;
expression emit.D, emit.C, emit.H, emit.S;
identifier fn, vma, Fq, v;
expression E;
type T;
statement S1, S2;
@@
fn(..., struct vm_area_struct *vma, ...)
{
  ... when any
(
- for (...;...;...) { <+... Fq@q(...) ...+> }
|
- while (...) { <+... Fq@q(...) ...+> }
|
- if (<+... Fq@q(...) ...+>) S1 else S2
|
- if (<+... Fq@q(...) ...+>) S1
|
- return <+... Fq@q(...) ...+>;
|
- E = <+... Fq@q(...) ...+>;
|
- Fq@q(...);
|
- T v = <+... Fq@q(...) ...+>;
)
- ...
+ return cohmap_mmap_coherent(D, vma, C, H, S);
}

// ---------------------------------------------------------------------
// Patch mode: an f_op->mmap that installs a .fault/.nopage handler (P1)
// ---------------------------------------------------------------------

@opsid depends on patch@
identifier o, h;
identifier fld = {fault, nopage};
@@
struct vm_operations_struct o = { ..., .fld = h, ... };

@script:python emitf depends on patch@
o << opsid.o;
h << opsid.h;
M;
D;
C;
H;
S;
@@
f = st(None)
build(f)
pl = None
for k, v in f.plans.items():
	if k[1] == 'fault' and k[2] == o:
		m = k[0]
		pl = v
if pl is None or h not in f.ops.get(o, set()):
	cocci.include_match(False)
else:
	touch(m)
	coccinelle.M = m
	coccinelle.D = cocci.make_expr(pl[0][0])
	coccinelle.C = cocci.make_expr(pl[0][1])
	coccinelle.H = cocci.make_expr(pl[0][2])
	coccinelle.S = cocci.make_expr(pl[0][3])

@rwf depends on patch@
identifier emitf.M, opsid.o;
expression emitf.D, emitf.C, emitf.H, emitf.S;
identifier vma;
expression V;
@@
M(..., struct vm_area_struct *vma, ...)
{
  ... when any
  V->vm_ops = &o;
  ... when any
- return 0;
+ return cohmap_mmap_coherent(D, vma, C, H, S);
}

@rmh depends on rwf@
identifier opsid.h;
@@
- h(...) { ... }

@rmhp depends on rwf@
identifier opsid.h;
type T;
@@
- T h(...);

@rmfld depends on rwf@
identifier opsid.o, opsid.h, opsid.fld;
@@
struct vm_operations_struct o = {
  ...,
- .fld = h,
  ...
};

// ---------------------------------------------------------------------
// Patch mode: the header
// ---------------------------------------------------------------------

@hasinc depends on patch@
@@
#include "cohmap.h"

@depends on patch && !hasinc && (rw || rwf)@
@@
#include <...>
+ #include "cohmap.h"

@script:python emitops depends on rwf@
o << opsid.o;
o2;
@@
# never drop the environment here: later rules must still run
if o in st(None).opsother:
	coccinelle.o2 = 'cohmap_keep_' + o
else:
	coccinelle.o2 = o

@rmops depends on patch@
identifier emitops.o2;
@@
- struct vm_operations_struct o2 = { ... };

@depends on rmops@
identifier emitops.o2;
expression V;
@@
- V->vm_ops = &o2;

// ---------------------------------------------------------------------
// Patch mode: SetPageReserved()/ClearPageReserved() over a converted buffer
// ---------------------------------------------------------------------

@site2 depends on patch@
identifier cv = virt_to_page;
position q;
@@
 cv@q(...)

@script:python emitr depends on patch@
q << site2.q;
ok;
@@
f = st(q)
build(f)
s = [x for x in f.sites if x[0] == pkey(q) and x[2] == 'P6']
if not s or id(s[0][5][0][0]) not in f.converted:
	cocci.include_match(False)
else:
	touch(s[0][1])
	coccinelle.ok = "ok"

@rmres depends on patch@
position site2.q;
identifier emitr.ok;
identifier rf = {SetPageReserved, ClearPageReserved, mem_map_reserve,
		 mem_map_unreserve};
identifier Fq;
@@
(
- for (...;...;...) { <+... Fq@q(...) ...+> }
|
- for (...;...;...) rf(<+... Fq@q(...) ...+>);
|
- for (<+... Fq@q(...) ...+>;...;...) rf(...);
|
- while (...) { <+... Fq@q(...) ...+> }
)

