#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Phase 2 of the whole-tree scan: follow coherent DMA buffers through the
facts of every file and report where one reaches a user mapping unsafely.

  flow.py FACTS_FILE...        reads the facts facts.cocci printed

Values are followed through storage, identified as
  a local or parameter    (file, function, name)
  a struct field          (directory, struct type, field): the same field
                          whatever the access path that reaches it
  a global                (directory, name)
  a function's result     (directory, function)
and through calls into functions defined in the same directory.  The
analysis does not follow control flow: a storage place written from a
coherent allocation and from anything else is "ambiguous", and the report
names the other writes.
"""
import collections
import os
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


class Ctx(collections.namedtuple('Ctx', 'file line func')):
	@property
	def dir(self):
		return os.path.dirname(self.file)


class Facts:
	def __init__(self):
		self.types = {}			# (file, func, base, field) -> struct
		self.locals = collections.defaultdict(set)	# (file, func)
		self.params = collections.defaultdict(list)	# (dir, F) -> [(file, names)]
		self.assigns = []		# (ctx, lhs, rhs)
		self.returns = []		# (ctx, expr)
		self.calls = []			# (ctx, callee, args)
		self.inits = collections.defaultdict(set)	# file -> {(struct, field)}
		self.uio = {}			# (file, func, base) -> memtype

	def load(self, path):
		with open(path, encoding='utf-8', errors='replace') as fh:
			for raw in fh:
				f = raw.rstrip('\n').split('\t')
				if len(f) < 4:
					continue
				tag, ctx = f[0], Ctx(f[1], int(f[2] or 0), f[3])
				try:
					self.fact(tag, ctx, f[4:])
				except (IndexError, RecursionError):
					pass

	def fact(self, tag, ctx, a):
		if tag == 'K':
			t = re.sub(r'\b(struct|union|const|volatile)\b|\*', '', a[2])
			self.types[(ctx.file, ctx.func, strip(a[0]), a[1])] = t.strip()
		elif tag == 'L':
			self.locals[(ctx.file, ctx.func)].add(a[0])
		elif tag == 'D':
			names = cexpr.param_names(a[1])
			self.params[(ctx.dir, a[0])].append((ctx.file, names))
			self.locals[(ctx.file, a[0])].update(n for n in names if n)
		elif tag == 'A':
			lhs, rhs = cexpr.parse(a[0]), cexpr.parse(a[1])
			self.assigns.append((ctx, lhs, rhs))
			if lhs[0] == 'mem' and lhs[3] == 'memtype':
				self.uio[(ctx.file, ctx.func, strip(lhs[1][-1]))] = \
					strip(a[1])
		elif tag == 'R':
			self.returns.append((ctx, cexpr.parse(a[0])))
		elif tag == 'C':
			self.calls.append((ctx, a[0], cexpr.parse_list(a[1])))
		elif tag == 'I':
			self.inits[ctx.file].add((a[0], a[2]))


class Flow:
	def __init__(self, facts):
		self.f = facts
		self.defs = collections.defaultdict(list)
		self.memo = {}
		self.prev = {}
		self.busy = set()
		self.build()

	# Storage identity --------------------------------------------------

	def key(self, node, ctx):
		kind = node[0]
		if kind in ('paren', 'cast'):
			return self.key(node[1], ctx)
		if kind == 'idx':
			return self.key(node[1], ctx)
		if kind == 'id':
			name = node[1]
			if name in self.f.locals.get((ctx.file, ctx.func), ()):
				return ('local', ctx.file, ctx.func, name)
			return ('global', ctx.dir, name)
		if kind == 'mem':
			base, field = strip(node[1][-1]), node[3]
			t = self.f.types.get((ctx.file, ctx.func, base, field))
			return ('field', ctx.dir, t or '?', field)
		if kind == 'un' and node[1] == '*':
			inner = node[2]
			if inner[0] == 'id':
				idx = self.param_index(ctx, inner[1])
				if idx is not None:
					return ('out', ctx.file, ctx.func, idx)
			return self.key(inner, ctx)
		return None

	def param_index(self, ctx, name):
		for file, names in self.f.params.get((ctx.dir, ctx.func), ()):
			if file == ctx.file and name in names:
				return names.index(name)
		return None

	def definitions(self, ctx, callee):
		defs = self.f.params.get((ctx.dir, callee), ())
		same = [d for d in defs if d[0] == ctx.file]
		return same or defs

	# Where each storage place gets its values ----------------------------

	def build(self):
		for ctx, lhs, rhs in self.f.assigns:
			k = self.key(lhs, ctx)
			if k:
				self.defs[k].append(('expr', rhs, ctx))
		for ctx, expr in self.f.returns:
			self.defs[('ret', ctx.dir, ctx.func)].append(('expr', expr, ctx))
		for ctx, callee, args in self.f.calls:
			hidx = model.COHERENT_ALLOCATORS.get(callee)
			if hidx is not None and hidx < len(args):
				arg = args[hidx]
				if arg[0] == 'un' and arg[1] == '&':
					k = self.key(arg[2], ctx)
				else:	# a dma_addr_t pointer: the handle goes to *arg
					k = self.key(('un', '*', arg, '*' + arg[-1]), ctx)
				if k:
					orig = '%s() at %s:%d' % (callee, ctx.file, ctx.line)
					self.defs[k].append(('kinds', {'HANDLE': [orig]}, ctx))
				continue
			for file, names in self.definitions(ctx, callee):
				for i, arg in enumerate(args[:len(names)]):
					if names[i]:
						self.defs[('local', file, callee, names[i])].append(
							('expr', arg, ctx))
					if arg[0] == 'un' and arg[1] == '&':
						k = self.key(arg[2], ctx)
						if k:
							self.defs[k].append(
								('key', ('out', file, callee, i), ctx))

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
			if d[0] == 'expr':
				merge(v, self.eval(d[1], d[2]))
			elif d[0] == 'kinds':
				merge(v, d[1])
			else:
				merge(v, self.value(d[1]))
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
		if kind in ('id', 'mem', 'idx'):
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

	def eval_call(self, node, ctx):
		fn, args = node[1], node[2]
		name = fn[1] if fn[0] == 'id' else None
		if name in model.COHERENT_ALLOCATORS:
			return {'CPU': ['%s() at %s:%d' % (name, ctx.file, ctx.line)]}
		if name in model.CONVERSIONS:
			idx, table = model.CONVERSIONS[name]
			if idx >= len(args):
				return self.other(node, ctx)
			v = self.eval(args[idx], ctx)
			if table is None:
				return v
			out = {}
			for k, o in v.items():
				if k in table:
					merge(out, {table[k]: o})
				elif k == OTHER:
					merge(out, {OTHER: o})
			return out
		if name and ('ret', ctx.dir, name) in self.defs:
			return self.value(('ret', ctx.dir, name))
		return self.other(node, ctx)

	def eval_bin(self, node, ctx):
		op, a, b = node[1], node[2], node[3]
		if op in ('>>', '<<'):
			if 'PAGE_SHIFT' not in b[-1]:
				return self.other(node, ctx)
			table = model.CONVERSIONS['PHYS_PFN' if op == '>>' else
						  'PFN_PHYS'][1]
			out = {}
			for k, o in self.eval(a, ctx).items():
				if k in table:
					merge(out, {table[k]: o})
				elif k == OTHER:
					merge(out, {OTHER: o})
			return out
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
				return out
			if OTHER in va or OTHER in vb:
				return self.other(node, ctx)
			return {}
		if op in ('==', '!=', '<', '>', '<=', '>=', '&&', '||'):
			return {}
		return self.other(node, ctx)

	def settle(self, rounds=3):
		"""Re-run until values through cycles stop changing."""
		for _ in range(rounds):
			self.prev, self.memo = self.memo, {}
			self.run()
			if self.memo == self.prev:
				break

	def run(self):
		for k in list(self.defs):
			self.value(k)

	# Sinks ---------------------------------------------------------------

	def findings(self):
		out = []
		for ctx, callee, args in self.f.calls:
			sink = model.REMAP_CALLS.get(callee)
			if not sink or sink[0] >= len(args):
				continue
			v = self.eval(args[sink[0]], ctx)
			what = '%s()' % callee
			out += judge(ctx, v, sink[1], what, model.FIX, args[sink[0]][-1])
		for ctx, lhs, rhs in self.f.assigns:
			sink = self.field_sink(ctx, lhs)
			if not sink:
				continue
			conv, what, fix = sink
			v = self.eval(rhs, ctx)
			out += judge(ctx, v, conv, what, fix, rhs[-1])
		return out

	def overridden(self, ctx, ops):
		"""Does the driver give the subsystem its own mmap for this store?"""
		struct, fields = ops[0], ops[1:]
		mine = self.f.inits.get(ctx.file, set())
		here = [s for s in mine if s[0] == struct]
		if not here:
			here = [s for f, inits in self.f.inits.items()
				if os.path.dirname(f) == ctx.dir
				for s in inits if s[0] == struct]
		return any(s[1] in fields for s in here)

	def field_sink(self, ctx, lhs):
		if lhs[0] == 'idx':
			lhs = lhs[1]
		if lhs[0] != 'mem':
			return None
		field = lhs[3]
		base = strip(lhs[1][-1])
		t = self.f.types.get((ctx.file, ctx.func, base, field))
		if t == 'vm_fault' and field == 'page':
			conv, what, _ = model.FIELD_SINKS['vm_fault.page']
			return conv, what, model.FIX_SINK['vm_fault.page']
		if field in model.FIELD_SINKS:
			conv, what, ops = model.FIELD_SINKS[field]
			if ops and self.overridden(ctx, ops):
				return None
			return conv, what, model.FIX_SINK[field]
		if field == 'addr':
			memtype = self.f.uio.get((ctx.file, ctx.func, base))
			if memtype in model.UIO_MEMTYPES:
				conv, what = model.UIO_MEMTYPES[memtype]
				return conv, what, model.FIX_SINK['uio']
			if memtype is None and t == 'uio_mem':
				return 'uio?', 'UIO: a region whose memtype is set '\
					'elsewhere', model.FIX_SINK['uio']
		return None


def judge(ctx, v, conv, what, fix, arg):
	"""The findings for value v reaching a sink that takes a 'conv'."""
	coherent = {k: o for k, o in v.items() if k in model.COHERENT}
	if not coherent:
		return []
	table = model.SINK_CONVERT.get(conv)
	if table is None:	# the sink's memtype is not known here
		bad = {k: o for k, o in coherent.items()}
		return [(ctx, 'ambiguous', what, bad, v.get(OTHER, []), fix, arg,
			 'the region type is set elsewhere')]
	bad = {}
	for k, o in coherent.items():
		if k in table:
			merge(bad, {table[k]: o})
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
	flow.settle()
	seen = set()
	lines = []
	for f in flow.findings():
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
