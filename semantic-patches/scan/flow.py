#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Phase 2 of the whole-tree scan: follow coherent DMA buffers through the
facts of every file and report where one reaches a user mapping unsafely.

  flow.py FACTS_FILE...        reads the facts facts.cocci printed

Values are followed through storage, identified as
  a local or parameter    (file, function, name)
  a struct field          (driver, struct type, field) for the driver's own
                          structs: the same field whatever the access path
                          that reaches it; (Kbuild unit, struct type, field)
                          for kernel structs, of which every module has its
                          own (a file in no composite object is its own unit)
  a global                (directory, name)
  a function's result     (file of its definition, function)
  what a pointer points to  ('through', the pointer's place): written by
                          *p = v or p[i] = v, and landing in q when p = q
and through calls into functions of the same driver, directly, through a
forwarding macro or through an ops table.  A pointer and what it points to
are otherwise one place (&a[i] reads as a[i]).  The analysis does not
follow control flow: a storage place written from a coherent allocation and
from anything else is "ambiguous", and the report names the other writes.
"""
import collections
import hashlib
import os
import pickle
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cexpr  # noqa: E402
import model  # noqa: E402

NEUTRAL = re.compile(r'^(NULL|0+[uUlL]*|0[xX]0+[uUlL]*|false|true)$')
OTHER = 'OTHER'
MAXORIG = 3


def strip(s):
	return re.sub(r'\s+', '', s)


def add(v, kind, orig):
	s = v.setdefault(kind, [])
	if orig not in s and len(s) < MAXORIG:
		s.append(orig)


def merge(dst, src):
	for k, origs in src.items():
		for o in origs:
			add(dst, k, o)


def convert(v, table):
	"""Apply a conversion table to a value; None passes it through."""
	if table is None:
		return v
	out = {}
	for k, o in v.items():
		if model.lookup(table, k):
			merge(out, {model.lookup(table, k): o})
		elif k == OTHER:
			merge(out, {OTHER: o})
	return out


class Ctx(collections.namedtuple('Ctx', 'file line func')):
	@property
	def dir(self):
		return os.path.dirname(self.file)


class Facts:
	def __init__(self):
		self.structs = collections.defaultdict(dict)	# struct -> field -> type
		self.vars = collections.defaultdict(dict)	# (file, func) -> name -> type
		self.locals = collections.defaultdict(set)	# (file, func)
		self.params = collections.defaultdict(list)	# F -> [(file, names)]
		self.assigns = []		# (ctx, lhs, rhs)
		self.returns = []		# (ctx, expr)
		self.calls = []			# (ctx, callee, args)
		self.inits = []			# (file, struct, field, value)
		self.ops = collections.defaultdict(list)	# file -> [(struct, items)]
		self.uio = {}			# (file, func, base) -> memtype
		self.tree = set()
		self.macros = {}		# NAME -> the function it calls
		self.units = {}			# file -> the Kbuild unit it links into

	def load(self, path):
		"""One file of facts."""
		for tag, ctx, a in parsed(path):
			self.fact(tag, Ctx(*ctx), a)

	def fact(self, tag, ctx, a):
		if tag == 'L':
			t = type_name(a[1])
			if ctx.func == a[0]:	# a file-scope declaration
				self.vars[(ctx.file, None)][a[0]] = t
			else:
				self.vars[(ctx.file, ctx.func)][a[0]] = t
				self.locals[(ctx.file, ctx.func)].add(a[0])
		elif tag == 'D':
			names = cexpr.param_names(a[1])
			self.params[a[0]].append((ctx.file, names))
			self.locals[(ctx.file, a[0])].update(n for n in names if n)
			for part, name in zip(cexpr.split_top(a[1]), names):
				if name:
					self.vars[(ctx.file, a[0])][name] = type_name(
						part.rsplit(name, 1)[0])
		elif tag == 'S':
			self.structs[a[0]].setdefault(a[1], a[2])
		elif tag == 'A':
			lhs, rhs = a
			self.assigns.append((ctx, lhs, rhs))
			if lhs[0] == 'mem' and lhs[3] == 'memtype':
				self.uio[(ctx.file, ctx.func, strip(lhs[1][-1]))] = \
					strip(rhs[-1])
		elif tag == 'R':
			self.returns.append((ctx, a))
		elif tag == 'C':
			self.calls.append((ctx, a[0], a[1]))
		elif tag == 'I':
			self.inits.append((ctx.file, a[0], a[2], strip(a[3])))
		elif tag == 'O':
			self.ops[ctx.file].append((a[0], a[2].split()))
		elif tag == 'T':
			self.tree.add(a[0])
		elif tag == 'M':
			self.macros[a[0]] = a[1]
		elif tag == 'K':
			for member in a[1].split():
				self.units.setdefault(member, ctx.file + ':' + a[0])


PARSE_VERSION = '1'	# bump when parse_fact() changes what it keeps
NUMBER = re.compile(r'^[-~(\s]*(0[xX][0-9a-fA-F]+|\d+)[uUlL)\s]*$')


def parse_fact(raw):
	"""(tag, (file, line, function), arguments) with expressions parsed;
	None for what phase 2 never reads (a constant assigned)."""
	f = raw.rstrip('\n').split('\t')
	if len(f) < 4:
		return None
	tag, ctx, a = f[0], (f[1], int(f[2] or 0), f[3]), f[4:]
	try:
		if tag == 'A':
			if NUMBER.match(a[1]):
				return None
			a = (cexpr.parse(a[0]), cexpr.parse(a[1]))
		elif tag == 'R':
			a = cexpr.parse(a[0])
		elif tag == 'C':
			if not a[1].strip():
				return None
			a = (cexpr.parse(a[0]), cexpr.parse_list(a[1]))
	except (IndexError, RecursionError):
		return None
	return tag, ctx, a


def parsed(path):
	"""The parsed facts of a file, kept in the scan cache under the hash of
	its content: parsing is most of phase 2, and a warm scan's facts are
	the same bytes as the last one's."""
	h = hashlib.sha256()
	with open(path, 'rb') as fh:
		for block in iter(lambda: fh.read(1 << 20), b''):
			h.update(block)
	h.update(PARSE_VERSION.encode())
	h.update(open(cexpr.__file__, 'rb').read())
	cache = os.path.join(os.environ.get('COHMAP_SCAN_CACHE', os.path.expanduser(
		'~/.cache/cohmap/scan')), 'parsed-' + h.hexdigest())
	try:
		with open(cache, 'rb') as fh:
			return pickle.load(fh)
	except (OSError, EOFError, pickle.UnpicklingError):
		pass
	with open(path, encoding='utf-8', errors='replace') as fh:
		out = [p for p in map(parse_fact, fh) if p]
	try:
		tmp = cache + '.%d' % os.getpid()
		with open(tmp, 'wb') as fh:
			pickle.dump(out, fh, protocol=pickle.HIGHEST_PROTOCOL)
		os.replace(tmp, cache)
	except OSError:
		pass
	return out


def type_name(decl):
	"""'struct foo *' -> 'foo'; 'u8 *' -> 'u8'."""
	m = re.search(r'\bstruct\s+(\w+)', decl)
	if m:
		return m.group(1)
	words = [w for w in re.findall(r'\w+', decl)
		 if w not in ('const', 'volatile', 'static', 'unsigned',
			      'signed', 'extern', 'register', '__iomem',
			      '__user', '__rcu')]
	return words[-1] if words else None


# Folders that group many drivers: a driver's scope is one level deeper.
GROUPS = {'hw', 'ethernet', 'wireless', 'drm', 'fbdev', 'media', 'soc',
	  'platform', 'host', 'misc', 'ulp', 'sw'}


def root(path):
	"""A driver's scope: drivers/X/Y (drivers/X/GROUP/Y) for files deeper
	down, else the file's folder."""
	parts = path.split('/')
	if len(parts) <= 4:
		return os.path.dirname(path)
	depth = 4 if parts[2] in GROUPS else 3
	return '/'.join(parts[:depth])


class Flow:
	def __init__(self, facts):
		self.f = facts
		self.defs = collections.defaultdict(list)
		self.memo = {}
		self.prev = {}
		self.busy = set()
		self.handle_outs = []
		self.shared = set()
		self.inits_by_field = collections.defaultdict(list)
		for i in facts.inits:
			self.inits_by_field[i[2]].append(i)
		self.calls_by_func = collections.defaultdict(set)
		for c, fn, _ in facts.calls:
			if fn[0] == 'id':
				self.calls_by_func[(c.file, c.func)].add(fn[1])
		self.pcm_dev_calls = {}
		for c, fn, args in facts.calls:
			if fn[0] == 'id' and fn[1] in model.PCM_MANAGED and any(
			   a[-1] in model.PCM_DEV_TYPES for a in args):
				self.pcm_dev_calls.setdefault(
					c.file, (fn[1], c.file, c.line))
		self.pcm_own_buffers = collections.defaultdict(list)
		for c, lhs, _ in facts.assigns:
			if lhs[0] == 'mem' and lhs[3] in model.PCM_BUFFER_FIELDS and \
			   self.type_of(lhs[1], c) == 'snd_dma_buffer':
				self.pcm_own_buffers[root(c.file)].append((c, lhs))
		self.ops_by_dir = collections.defaultdict(list)
		for f, ts in facts.ops.items():
			self.ops_by_dir[os.path.dirname(f)] += ts
		self.build()

	# Storage identity --------------------------------------------------

	def type_of(self, node, ctx):
		"""The struct (or typedef) name of an expression, if known."""
		kind = node[0]
		if kind == 'id':
			t = self.f.vars.get((ctx.file, ctx.func), {}).get(node[1])
			return t or self.f.vars.get((ctx.file, None), {}).get(node[1])
		if kind == 'cast':
			m = re.match(r'\(struct(\w+)\*', node[-1])
			return m.group(1) if m else self.type_of(node[1], ctx)
		if kind in ('paren', 'idx'):
			return self.type_of(node[1], ctx)
		if kind == 'un' and node[1] in ('*', '&'):
			return self.type_of(node[2], ctx)
		if kind == 'mem':
			t = self.type_of(node[1], ctx)
			if t is None:
				return None
			return (self.f.structs.get(t, {}).get(node[3]) or
				model.KERNEL_FIELDS.get(t, {}).get(node[3]))
		return None

	def key(self, node, ctx):
		kind = node[0]
		if kind in ('paren', 'cast', 'idx'):
			return self.key(node[1], ctx)
		if kind == 'id':
			name = node[1]
			if name in self.f.locals.get((ctx.file, ctx.func), ()):
				return ('local', ctx.file, ctx.func, name)
			return ('global', ctx.dir, name)
		if kind == 'mem':
			t = self.type_of(node[1], ctx)
			if t in self.f.structs:	# the driver's own struct
				return ('field', root(ctx.file), t, node[3])
			# a kernel struct, or one we cannot see: every driver has
			# its own instances, so per folder (a subsystem core's
			# files share theirs; single-file drivers sharing a
			# folder do not, hence not per driver scope)
			return ('field', self.instance_scope(ctx.file), t or '?',
				node[3])
		if kind == 'un' and node[1] == '*':
			inner = node[2]
			if inner[0] == 'id':
				idx = self.param_index(ctx, inner[1])
				if idx is not None:
					return ('out', ctx.file, ctx.func, idx)
			return self.key(inner, ctx)
		return None

	def instance_scope(self, file):
		"""Where one instance of a kernel struct lives: the Kbuild unit the
		file links into (a subsystem core's or a driver's files share
		theirs), else the file (single-file drivers of one folder do not)."""
		return self.f.units.get(file, file)

	def param_index(self, ctx, name):
		for file, names in self.f.params.get(ctx.func, ()):
			if file == ctx.file and name in names:
				return names.index(name)
		return None

	def definitions(self, ctx, callee):
		"""Where a function called from ctx is defined: the same file,
		else the same folder, else the same driver."""
		defs = self.f.params.get(callee, ())
		for near in (lambda f: f == ctx.file,
			     lambda f: os.path.dirname(f) == ctx.dir,
			     lambda f: root(f) == root(ctx.file)):
			found = [d for d in defs if near(d[0])]
			if found:
				return found
		return []

	def targets(self, ctx, fn):
		"""The functions a call may reach: a name, or an ops field whose
		tables (designated initialisers of the driver) name them."""
		if fn[0] == 'id':
			return [(fn[1], d) for d in self.definitions(ctx, fn[1])]
		if fn[0] in ('paren', 'un'):
			return self.targets(ctx, fn[1] if fn[0] == 'paren' else fn[2])
		if fn[0] != 'mem':
			return []
		t = self.type_of(fn[1], ctx)
		out = []
		for file, struct, field, value in self.inits_by_field.get(fn[3], ()):
			if (t is None or struct == t) and \
			   root(file) == root(ctx.file) and re.match(r'\w+$', value):
				c = Ctx(file, 0, None)
				out += [(value, d) for d in self.definitions(c, value)]
		return out

	# Where each storage place gets its values ----------------------------

	def build(self):
		copies = []
		for ctx, lhs, rhs in self.f.assigns:
			k = self.key(lhs, ctx)
			if not k:
				continue
			if rhs[0] == 'bin' and rhs[1] in ('+', '-') and \
			   self.key(rhs[2], ctx) == k:
				# p += n brings no new source; p's values move inside
				self.defs[k].append(('offset', None, ctx))
				continue
			self.defs[k].append(('expr', rhs, ctx))
			if is_deref(lhs):
				self.defs[('through', k)].append(('expr', rhs, ctx))
			else:
				copies.append((k, rhs, ctx))
		for ctx, expr in self.f.returns:
			self.defs[('ret', ctx.file, ctx.func)].append(('expr', expr, ctx))
		for ctx, fn, args in self.f.calls:
			callee = fn[1] if fn[0] == 'id' else None
			hidx = model.COHERENT_ALLOCATORS.get(callee)
			if hidx is not None and hidx < len(args):
				arg = args[hidx]
				while arg[0] in ('cast', 'paren'):
					arg = arg[1]
				orig = '%s() at %s:%d' % (callee, ctx.file, ctx.line)
				if arg[0] == 'un' and arg[1] == '&':
					self.handle_outs.append(
						(ctx, arg[2], {'HANDLE': [orig]}))
					k = self.key(arg[2], ctx)
				else:	# a dma_addr_t pointer: the handle goes to *arg
					k = self.key(('un', '*', arg, '*' + arg[-1]), ctx)
				if k:
					self.defs[k].append(('kinds', {'HANDLE': [orig]}, ctx))
				continue
			if self.snd_dma_alloc(ctx, callee, args):
				continue
			if callee in model.SG_SETTERS and len(args) > 1:
				self.defs[('sg', root(ctx.file))].append(
					('sg', args[1], ctx, model.SG_SETTERS[callee]))
				continue
			for name, (file, names) in self.targets(ctx, fn):
				for i, arg in enumerate(args[:len(names)]):
					if names[i]:
						self.defs[('local', file, name, names[i])].append(
							('expr', arg, ctx))
					if arg[0] == 'un' and arg[1] == '&':
						k = self.key(arg[2], ctx)
						if k:
							self.defs[k].append(
								('key', ('out', file, name, i), ctx))
					self.share_instance(arg, ctx, file)
		self.link_shared()
		self.link_through(copies)

	def snd_dma_alloc(self, ctx, callee, args):
		"""snd_dma_alloc_pages(SNDRV_DMA_TYPE_DEV, dev, size, &dmab):
		dmab.area gets the coherent kernel address, dmab.addr the
		handle."""
		idx = model.SND_DMA_ALLOCATORS.get(callee)
		if idx is None or idx >= len(args):
			return False
		if strip(args[0][-1]) not in model.PCM_DEV_TYPES:
			return True
		orig = '%s(%s) at %s:%d' % (callee, strip(args[0][-1]), ctx.file,
					    ctx.line)
		for field, kind in (('area', 'CPU'), ('addr', 'HANDLE')):
			k = self.key(member(args[idx], field), ctx)
			if k:
				self.defs[k].append(('kinds', {kind: [orig]}, ctx))
		return True

	def share_instance(self, arg, ctx, callee_file):
		"""A kernel struct handed to a function of another module of the
		driver (gntdev passes its gnttab_dma_alloc_args to grant-table.c):
		what the callee's module writes into that struct type's fields,
		the caller's reads."""
		t = self.type_of(arg, ctx)
		mine = self.instance_scope(ctx.file)
		theirs = self.instance_scope(callee_file)
		if not t or t in self.f.structs or mine == theirs:
			return
		self.shared.add((t, mine, theirs))

	def link_shared(self):
		fields = collections.defaultdict(set)
		for k in list(self.defs):
			inner = k[1] if k[0] == 'through' else k
			if inner[0] == 'field':
				fields[(inner[1], inner[2])].add(k)
		for t, mine, theirs in self.shared:
			for k in fields.get((theirs, t), ()):
				if k[0] == 'through':
					own = ('through', ('field', mine, t, k[1][3]))
				else:
					own = ('field', mine, t, k[3])
				self.defs[own].append(('key', k, None))

	def link_through(self, copies):
		"""p = q->pages; *p++ = page: what is written through a copy of a
		pointer lands in what it was copied from (one level, no control
		flow, as everywhere here)."""
		# f(&p) where f writes **p: the caller's p is written through too
		for k, defs in list(self.defs.items()):
			for d in defs:
				if d[0] == 'key' and ('through', d[1]) in self.defs:
					self.defs[('through', k)].append(
						('key', ('through', d[1]), d[2]))
		for k, rhs, ctx in copies:
			if ('through', k) in self.defs:
				src = self.key(strip_address(rhs), ctx)
				if src and src != k:
					self.defs[src].append(('key', ('through', k), ctx))

	# Values ---------------------------------------------------------------

	def value(self, k):
		if k in self.memo:
			return self.memo[k]
		if k in self.busy:
			return self.prev.get(k, {})
		self.busy.add(k)
		v = {}
		defs = self.defs.get(k)
		if not defs:
			add(v, OTHER, 'never written in the scanned files')
		for d in defs or ():
			if d[0] == 'offset':
				continue
			if d[0] == 'expr':
				merge(v, self.eval(d[1], d[2]))
			elif d[0] == 'kinds':
				merge(v, d[1])
			elif d[0] == 'sg':	# the page a scatterlist entry gets
				merge(v, convert(self.eval(d[1], d[2]), d[3]))
			else:
				merge(v, self.value(d[1]))
		if any(d[0] == 'offset' for d in defs or ()):
			merge(v, {'CPU_OFF': v['CPU']} if 'CPU' in v else {})
		self.busy.discard(k)
		self.memo[k] = v
		return v

	def other(self, node, ctx):
		return {OTHER: ['%s:%d %s' % (ctx.file, ctx.line, node[-1][:60])]}

	def eval(self, node, ctx):
		kind = node[0]
		if kind in ('num', 'none'):
			return {}
		if kind in ('id',) and NEUTRAL.match(node[1]):
			return {}
		if kind in ('paren', 'cast'):
			return self.eval(node[1], ctx)
		if kind == 'mem':
			managed = self.pcm_managed(node, ctx)
			if managed:
				return managed
		if kind == 'un' and node[1] == '&' and node[2][0] == 'idx':
			# &A[i] points into what A holds: a later *p reads it
			return self.eval(node[2], ctx)
		if kind in ('id', 'mem', 'idx') or kind == 'un' and node[1] == '*':
			k = self.key(node, ctx)
			if k is None:
				return self.other(node, ctx)
			v = self.value(k)
			if OTHER in v and v[OTHER] == ['never written in the scanned files']:
				v = dict(v)
				v[OTHER] = ['%s:%d %s (never written in the scanned files)'
					    % (ctx.file, ctx.line, node[-1][:60])]
			return v
		if kind == 'call':
			return self.eval_call(node, ctx)
		if kind == 'bin':
			return self.eval_bin(node, ctx)
		if kind == 'tern':
			v = {}
			merge(v, self.eval(node[2], ctx))
			merge(v, self.eval(node[3], ctx))
			if 'is_vmalloc_addr' in node[1][-1]:
				v = {model.VMALLOC_AWARE.get(k, k): o for k, o in v.items()}
			return v
		if kind == 'un' and node[1] in ('-', '~', '!'):
			return {}
		return self.other(node, ctx)

	def pcm_managed(self, node, ctx):
		"""A PCM buffer the sound core allocated for the driver with
		SNDRV_DMA_TYPE_DEV: its area is a coherent kernel address, its
		addr the DMA handle."""
		field = node[3]
		base = strip(node[1][-1])
		kind = model.PCM_BUFFER_FIELDS.get(field)
		if not kind or not (base.endswith('dma_buffer') or
				    base.endswith('runtime') or
				    base.endswith('dma_buffer_p')):
			return None
		site = self.pcm_dev_calls.get(ctx.file)
		if not site:
			return None
		v = {kind: ['%s(SNDRV_DMA_TYPE_DEV) at %s:%d' % site]}
		for c, lhs in self.pcm_own_buffers.get(root(ctx.file), ())[:MAXORIG]:
			add(v, OTHER, '%s:%d %s (a buffer of the driver\'s own)' %
			    (c.file, c.line, lhs[-1]))
		return v

	def eval_call(self, node, ctx):
		fn, args = node[1], node[2]
		name = fn[1] if fn[0] == 'id' else None
		if name in model.COHERENT_ALLOCATORS:
			return {'CPU': ['%s() at %s:%d' % (name, ctx.file, ctx.line)]}
		if name in model.NEUTRAL_CALLS:
			return {}
		if name in model.SG_GETTERS:
			return convert(self.value(('sg', root(ctx.file))),
				       model.SG_GETTERS[name])
		if name in model.CONVERSIONS:
			idx, table = model.CONVERSIONS[name]
			if idx >= len(args):
				return self.other(node, ctx)
			return convert(self.eval(args[idx], ctx), table)
		out = {}
		if name and name in self.f.macros and not self.f.params.get(name):
			fn = ('id', self.f.macros[name], self.f.macros[name])
		for callee, (file, _) in self.targets(ctx, fn):
			merge(out, self.value(('ret', file, callee)))
		return out or self.other(node, ctx)

	def eval_bin(self, node, ctx):
		op, a, b = node[1], node[2], node[3]
		if op in ('>>', '<<'):
			if 'PAGE_SHIFT' not in b[-1]:	# a tile or entry number
				return self.eval(a, ctx)
			table = model.CONVERSIONS['PHYS_PFN' if op == '>>' else
						  'PFN_PHYS'][1]
			return convert(self.eval(a, ctx), table)
		if op in ('+', '-', '|', '&', '^'):
			va, vb = self.eval(a, ctx), self.eval(b, ctx)
			ka = {k: o for k, o in va.items() if k != OTHER}
			kb = {k: o for k, o in vb.items() if k != OTHER}
			if ka or kb:
				out = {}
				merge(out, ka)
				merge(out, kb)
				# an offset is not a source: keep only the operand's OTHERs
				for v, kk in ((va, ka), (vb, kb)):
					if kk and OTHER in v:
						merge(out, {OTHER: v[OTHER]})
				if op in ('+', '-'):	# now inside the buffer
					out = {'CPU_OFF' if k == 'CPU' else k: o
					       for k, o in out.items()}
				return out
			if OTHER in va or OTHER in vb:
				return self.other(node, ctx)
			return {}
		if op in ('==', '!=', '<', '>', '<=', '>=', '&&', '||'):
			return {}
		return self.other(node, ctx)

	def settle(self, rounds=3):
		"""The findings, re-computed until values that flow around a cycle
		stop changing; only what the sinks read is ever evaluated."""
		out = []
		for _ in range(rounds):
			self.prev, self.memo = self.memo, {}
			out = self.findings()
			if self.memo == self.prev:
				break
		return out

	# Sinks ---------------------------------------------------------------

	def findings(self):
		out = []
		for ctx, fn, args in self.f.calls:
			callee = fn[1] if fn[0] == 'id' else None
			sink = model.REMAP_CALLS.get(callee)
			if sink and sink[0] < len(args):
				v = self.eval(args[sink[0]], ctx)
				out += judge(ctx, v, sink[1], '%s()' % callee,
					     model.FIX, args[sink[0]][-1])
			idx = model.DMA_MMAP_CALLS.get(callee)
			if idx is not None and idx < len(args):
				v = self.eval(args[idx], ctx)
				out += judge(ctx, v, 'dma-mmap', '%s()' % callee,
					     model.FIX_SINK['dma-mmap'], args[idx][-1])
			idx = model.PCM_RUNTIME_SETTERS.get(callee)
			if idx is not None and idx < len(args) and \
			   not self.pcm_mmaps_itself(ctx):
				v = self.eval(member(args[idx], 'area'), ctx)
				out += judge(ctx, v, 'dma-mmap', 'the PCM runtime '
					     'buffer (%s(): the sound core maps its '
					     'area with dma_mmap_coherent())' % callee,
					     model.FIX_SINK['dma-mmap'], args[idx][-1])
		stores = [(ctx, lhs, self.eval, rhs) for ctx, lhs, rhs in self.f.assigns]
		for ctx, target, kinds in self.handle_outs:
			stores.append((ctx, target, lambda v, c: v, kinds))
		for ctx, lhs, evaluate, rhs in stores:
			sink = self.field_sink(ctx, lhs)
			if not sink:
				continue
			conv, what, fix = sink
			v = evaluate(rhs, ctx)
			out += judge(ctx, v, conv, what, fix,
				     rhs[-1] if isinstance(rhs, tuple) else lhs[-1])
		return out + self.pgoff_keys()

	def pgoff_keys(self):
		"""Drivers that remap the pfn user space passes as the mmap offset
		(checked against keys they handed out): the keys that are
		virt_to_phys() or the handle of a coherent buffer are the bug."""
		roots = {}
		for ctx, fn, args in self.f.calls:
			sink = model.REMAP_CALLS.get(fn[1] if fn[0] == 'id' else None)
			if sink and sink[0] < len(args) and \
			   'vm_pgoff' in self.origin_text(args[sink[0]], ctx):
				roots.setdefault(root(ctx.file), (ctx, fn[1]))
		to_user = set()
		for ctx, fn, args in self.f.calls:
			if fn[0] == 'id' and model.TO_USER.search(fn[1]):
				for a in args:
					to_user.add((ctx.file, ctx.func, leftmost(a)))
		out = []
		for ctx, lhs, rhs in self.f.assigns:
			r = roots.get(root(ctx.file))
			if not r or lhs[0] not in ('mem', 'idx') or \
			   (ctx.file, ctx.func, leftmost(lhs)) not in to_user:
				continue
			v = self.eval(rhs, ctx)
			keys = {k: o for k, o in v.items() if k in model.KEY_KINDS}
			if keys:
				what = 'an mmap offset copied to user space (%s() at '\
				       '%s:%d maps the pfn user space passes in '\
				       'vm_pgoff)' % (r[1], r[0].file, r[0].line)
				out.append((ctx, 'ambiguous', what, keys, [],
					    model.FIX, rhs[-1],
					    'if the mmap handler accepts it'))
		return out

	def origin_text(self, node, ctx):
		"""The text of node with locals replaced by what they are set to,
		one level deep: enough to see 'pfn = vma->vm_pgoff'."""
		text = node[-1]
		for d in self.defs.get(self.key(node, ctx) or (), ())[:4]:
			if d[0] == 'expr':
				text += ' ' + d[1][-1]
		return text

	def tables(self, ctx, structs):
		"""The ops tables of the storing file, else of its folder."""
		mine = [t for t in self.f.ops.get(ctx.file, ()) if t[0] in structs]
		if mine:
			return mine
		return [t for t in self.ops_by_dir.get(ctx.dir, ()) if t[0] in structs]

	def calls_in(self, file, func):
		return self.calls_by_func.get((file, func), set())

	def fb_mmap(self, ctx):
		"""How fbdev maps this driver's smem_start: 'iomem', 'defio',
		'own' (the driver's fb_mmap), 'none' or None (no fb_ops found)."""
		tables = self.tables(ctx, ('fb_ops',))
		if not tables:
			return 'iomem' if 'fbdev-default-mmap' in self.f.tree else None
		modes = set()
		for _, items in tables:
			mode = None
			for item in items:
				name = item.split('(')[0]
				if name in model.FB_MMAP_MACROS:
					mode = model.FB_MMAP_MACROS[name]
				elif item.startswith('.fb_mmap='):
					fn = item.split('=', 1)[1]
					mode = model.FB_MMAP_FUNCS.get(fn)
					if mode is None:
						used = self.calls_in(ctx.file, fn)
						mode = next((model.FB_MMAP_FUNCS[c] for c in used
							     if c in model.FB_MMAP_FUNCS), 'own')
			if mode is None:
				mode = 'iomem' if 'fbdev-default-mmap' in self.f.tree \
					else 'none'
			modes.add(mode)
		for m in ('iomem', 'defio', 'own'):
			if m in modes:
				return m
		return 'none'

	def pcm_mmaps_itself(self, ctx):
		for _, items in self.tables(ctx, model.PCM_OPS):
			for item in items:
				f, _, v = item.partition('=')
				if f in ('.mmap', '.page') and v not in model.PCM_DEFAULT:
					return True
		return False

	def field_sink(self, ctx, lhs):
		if lhs[0] == 'idx':
			lhs = lhs[1]
		if lhs[0] != 'mem':
			return None
		field = lhs[3]
		base = strip(lhs[1][-1])
		t = self.type_of(lhs[1], ctx)
		if field == 'page' and t == 'vm_fault':
			conv, what = model.FIELD_SINKS['vm_fault.page']
			return conv, what, model.FIX
		if field == 'smem_start':
			mode = self.fb_mmap(ctx)
			if mode in ('own', 'none'):
				return None
			conv, what = model.FIELD_SINKS['smem_start.' + (mode or '?')]
			return conv, what, model.FIX_SINK['smem_start']
		if field == 'dma_area' and (t == 'snd_pcm_runtime' or
					    t is None and base.endswith('runtime')):
			if self.pcm_mmaps_itself(ctx):
				return None
			conv, what = model.FIELD_SINKS['dma_area']
			return conv, what, model.FIX_SINK['dma_area']
		if field == 'addr':
			memtype = self.f.uio.get((ctx.file, ctx.func, base))
			if memtype is None and t == 'uio_mem':
				types = {m for (f, _, _), m in self.f.uio.items()
					 if f == ctx.file}
				memtype = types.pop() if len(types) == 1 else None
			if memtype in model.UIO_MEMTYPES:
				conv, what = model.UIO_MEMTYPES[memtype]
				return conv, what, model.FIX_SINK['uio']
			if memtype is None and t == 'uio_mem':
				return 'uio?', 'UIO: a region whose memtype is set '\
					'elsewhere', model.FIX_SINK['uio']
		return None


def is_deref(node):
	"""*p = v or p[i] = v: a write to what p points to."""
	while node[0] in ('paren', 'cast'):
		node = node[1]
	return node[0] == 'idx' or node[0] == 'un' and node[1] == '*'


def member(ptr, field):
	"""The node of ptr->field (X.field for ptr = &X)."""
	while ptr[0] in ('paren', 'cast'):
		ptr = ptr[1]
	if ptr[0] == 'un' and ptr[1] == '&':
		return ('mem', ptr[2], '.', field, ptr[2][-1] + '.' + field)
	return ('mem', ptr, '->', field, ptr[-1] + '->' + field)


def strip_address(node):
	"""The storage a pointer copy starts from: q of q, (T *)q, &q[i]."""
	while node[0] in ('paren', 'cast'):
		node = node[1]
	if node[0] == 'un' and node[1] == '&' and node[2][0] == 'idx':
		return node[2][1]
	return node


def leftmost(node):
	"""The variable an access path starts from: 'resp' of &resp.a[0]."""
	while node[0] in ('mem', 'idx', 'un', 'cast', 'paren'):
		node = node[2] if node[0] == 'un' else node[1]
	return node[1] if node[0] == 'id' else None


def judge(ctx, v, conv, what, fix, arg):
	"""The findings for value v reaching a sink that takes a 'conv'."""
	coherent = {k: o for k, o in v.items() if k in model.COHERENT}
	if not coherent:
		return []
	table = model.SINK_CONVERT.get(conv)
	if table is None:	# how the subsystem maps it is not known here
		return [(ctx, 'ambiguous', what, coherent, v.get(OTHER, []), fix, arg,
			 'how it is mapped is decided elsewhere')]
	bad = {}
	for k, o in coherent.items():
		if model.lookup(table, k):
			merge(bad, {model.lookup(table, k): o})
	if not bad:
		return []
	every = {k: o for k, o in bad.items() if k in model.EVERYWHERE}
	sev = 'everywhere' if every else 'remaps'
	chosen = every or bad
	if OTHER in v:
		return [(ctx, 'ambiguous', what, chosen, v[OTHER], fix, arg,
			 'also written from')]
	return [(ctx, sev, what, chosen, [], fix, arg, '')]


LABEL = {
	'everywhere': 'ERROR: unsafe everywhere',
	'remaps': 'WARNING: unsafe where the allocator remaps',
	'ambiguous': 'WARNING: ambiguous',
}


def render(f):
	ctx, sev, what, bad, others, fix, arg, note = f
	kind = sorted(bad)[0]
	origins = sorted({o for os_ in bad.values() for o in os_})
	msg = '%s:%d: %s: %s gets %s %s' % (
		ctx.file, ctx.line, LABEL[sev], what, model.WHY.get(kind, kind),
		', '.join(origins))
	msg += ' [%s]' % arg
	if sev == 'ambiguous':
		msg += '; %s %s' % (note, '; '.join(others)) if others else \
			'; %s' % note
		msg += '; if only the coherent buffer reaches here: %s' % fix
	else:
		msg += '; %s' % fix
	return msg


def main(argv):
	facts = Facts()
	for path in argv[1:]:
		facts.load(path)
	flow = Flow(facts)
	seen = set()
	lines = []
	for f in flow.settle():
		line = render(f)
		key = line.split(' [', 1)[0]
		if key not in seen:
			seen.add(key)
			lines.append(line)
	for line in sorted(lines, key=lambda s: (s.split(':')[0],
						   int(s.split(':')[1]))):
		print(line)
	return 0


if __name__ == '__main__':
	sys.setrecursionlimit(10000)
	sys.exit(main(sys.argv))
