# SPDX-License-Identifier: GPL-2.0
"""Facts read from a file's text rather than through spatch.

  S file 0 - struct field type        a member of a struct definition
                                      (type: the struct or typedef name)
  M file 0 - macro function           a macro that only calls a function
  O file line - struct variable members   an ops table's members, including
                                      the macros that expand to members
                                      (FB_DEFAULT_IOMEM_OPS): C that spatch
                                      does not see through

Struct layouts come from here so that phase 1 can run spatch without
parsing headers (--no-includes), which costs more than the whole match.
"""
import os
import re

INCLUDE = re.compile(rb'^\s*#\s*include\s+"([^"]+)"', re.M)
COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')
STRUCT_HEAD = re.compile(r'\b(typedef\s+)?struct\s+(\w+)?\s*\{')
OPS_HEAD = re.compile(r'\bstruct\s+(fb_ops|snd_pcm_ops|snd_soc_component_driver)'
		      r'\s+(\w+)\s*=\s*\{')
ATTR = re.compile(r'__\w+\s*\((?:[^()]|\([^()]*\))*\)|\b__\w+\b')
QUALIFIERS = {'const', 'volatile', 'unsigned', 'signed', 'struct', 'union',
	      'enum', 'static', 'extern', 'register'}


def clean(text):
	text = COMMENT.sub(lambda m: re.sub(r'[^\n]', ' ', m.group(0)), text)
	text = STRING.sub('""', text)
	return re.sub(r'^\s*#.*$', '', text, flags=re.M)


def block(text, start):
	"""Index just past the brace that closes the one at text[start]."""
	depth = 0
	for i in range(start, len(text)):
		if text[i] == '{':
			depth += 1
		elif text[i] == '}':
			depth -= 1
			if depth == 0:
				return i + 1
	return len(text)


def members(body):
	"""(field, type) for each member; anonymous unions/structs flattened."""
	out = []
	i, cur = 0, ''
	while i < len(body):
		ch = body[i]
		if ch == '{':
			end = block(body, i)
			inner = body[i + 1:end - 1]
			tail = body[end:body.find(';', end) + 1 or len(body)]
			name = re.match(r'\s*(\w+)', tail)
			head = re.search(r'struct\s+(\w+)\s*$', cur)
			if name and head:
				out.append((name.group(1), head.group(1)))
			elif not name:
				out += members(inner)
			i = end + len(tail)
			cur = ''
			continue
		if ch == ';':
			out += declarators(cur)
			cur = ''
		else:
			cur += ch
		i += 1
	return out


def declarators(decl):
	decl = ATTR.sub(' ', decl)
	decl = re.sub(r'\[[^\]]*\]|:\s*\w+', ' ', decl).strip()
	if not decl or '(' in decl:
		m = re.search(r'\(\s*\*\s*(\w+)\s*\)', decl)	# function pointer
		return [(m.group(1), 'fnptr')] if m else []
	parts = decl.split(',')
	words = re.findall(r'\w+', parts[0])
	if len(words) < 2:
		return []
	m = re.search(r'\bstruct\s+(\w+)', parts[0])
	base = m.group(1) if m else [w for w in words[:-1]
				     if w not in QUALIFIERS][-1:] or ['?']
	if isinstance(base, list):
		base = base[0]
	out = [(words[-1], base)]
	for p in parts[1:]:
		w = re.findall(r'\w+', p)
		if w:
			out.append((w[-1], base))
	return out


def structs(text):
	"""Yield (struct, field, type) for every struct defined in text."""
	text = clean(text)
	for m in STRUCT_HEAD.finditer(text):
		end = block(text, m.end() - 1)
		body = text[m.end():end - 1]
		name = m.group(2)
		if m.group(1):	# typedef struct [tag] { } name;
			tn = re.match(r'\s*(\w+)', text[end:])
			names = [n for n in (name, tn and tn.group(1)) if n]
		else:
			names = [name] if name else []
		for n in names:
			for field, ftype in members(body):
				yield n, field, ftype


FORWARD = re.compile(r'^\s*#\s*define\s+(\w+)\([^)]*\)\s*\\?\s*(\w+)\(', re.M)


def forwarding_macros(text):
	"""Yield (macro, function) for '#define m(args) function(...)'."""
	for m in FORWARD.finditer(text):
		if m.group(1) != m.group(2):
			yield m.group(1), m.group(2)


def ops_tables(text):
	"""Yield (line, struct, variable, members) of ops tables; members are
	'.field=value' for designated members and bare macro names."""
	text = clean(text)
	for m in OPS_HEAD.finditer(text):
		end = block(text, m.end() - 1)
		body = text[m.end():end - 1]
		items = []
		for part in re.split(r',(?![^()]*\))', body):
			part = re.sub(r'\s+', '', part)
			d = re.match(r'\.(\w+)=(.+)', part)
			if d:
				items.append('.%s=%s' % (d.group(1), d.group(2)))
			elif re.match(r'[A-Z_][A-Z0-9_]*(\(.*\))?$', part):
				items.append(part)
		line = text.count('\n', 0, m.start()) + 1
		yield line, m.group(1), m.group(2), ' '.join(items)


KBUILD_LIST = re.compile(r'^\s*([\w.-]+?)-(y|objs|\$\(CONFIG_\w+\))\s*[:+]?=(.*)$',
			 re.M)
NOT_UNITS = {'obj', 'lib', 'subdir', 'ccflags', 'asflags', 'ldflags',
	     'always', 'extra', 'targets', 'hostprogs', 'userprogs', 'clean'}


def kbuild_units(text):
	"""Yield (unit, member objects) of a Makefile or Kbuild file: the
	files 'name-y := a.o b.o' links into one module or object.  Files of
	one unit share their instances of kernel structs; files of one folder
	that are separate modules (single-file drivers) do not."""
	text = re.sub(r'\\\n', ' ', re.sub(r'#[^\n]*', '', text))
	units = {}
	for m in KBUILD_LIST.finditer(text):
		if m.group(1) in NOT_UNITS or m.group(1).startswith('CFLAGS'):
			continue
		objs = [o for o in m.group(3).split() if o.endswith('.o')]
		units.setdefault(m.group(1), []).extend(objs)
	for unit, objs in units.items():
		if len(objs) > 1:
			yield unit, objs


def local_headers(src, rel, seen=None):
	"""The quoted includes of rel that exist in the tree, recursively."""
	seen = set() if seen is None else seen
	try:
		with open(os.path.join(src, rel), 'rb') as fh:
			data = fh.read()
	except OSError:
		return seen
	for inc in INCLUDE.findall(data):
		path = os.path.normpath(os.path.join(os.path.dirname(rel),
						     inc.decode()))
		if path not in seen and os.path.isfile(os.path.join(src, path)):
			seen.add(path)
			local_headers(src, path, seen)
	return seen


def file_facts(src, rel):
	"""The facts above for rel and the local headers it includes."""
	out = []
	for path in [rel] + sorted(local_headers(src, rel)):
		with open(os.path.join(src, path), 'rb') as fh:
			text = fh.read().decode('utf-8', 'replace')
		for macro, fn in forwarding_macros(text):
			out.append('M\t%s\t0\t-\t%s\t%s\n' % (rel, macro, fn))
		for struct, field, ftype in structs(text):
			out.append('S\t%s\t0\t-\t%s\t%s\t%s\n' %
				   (rel, struct, field, ftype))
		if path == rel:
			for line, struct, var, items in ops_tables(text):
				out.append('O\t%s\t%d\t-\t%s\t%s\t%s\n' %
					   (rel, line, struct, var, items))
	return out
