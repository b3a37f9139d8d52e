# SPDX-License-Identifier: GPL-2.0
"""Parse the C expressions phase 1 prints back into trees.

Only what the flow analysis needs: names, field accesses, indexing, calls,
casts, unary and binary operators, the conditional operator.  A tree is a
tuple whose first item names the node; every node keeps the text it was
parsed from (without blanks) as its last item, which is what reports quote
and what sinks look into (a base path ending in "runtime").
"""
import re

TOKEN = re.compile(r'\s*(?:(0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*)|'
		   r'("(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\')|'
		   r'([A-Za-z_]\w*)|'
		   r'(->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^~!<>?:.,()\[\]{}=#]))')

TYPE_WORDS = {'struct', 'union', 'enum', 'const', 'volatile', 'unsigned',
	      'signed', 'long', 'int', 'short', 'char', 'void', 'bool',
	      '__iomem', '__user', '__force', '__le32', '__le64', '__be32',
	      'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', '__u8',
	      '__u16', '__u32', '__u64', 'size_t', 'ssize_t', 'uintptr_t',
	      'phys_addr_t', 'dma_addr_t', 'resource_size_t', 'pgoff_t',
	      'uint8_t', 'uint16_t', 'uint32_t', 'uint64_t', 'caddr_t',
	      'pfn_t', 'gfp_t', 'float', 'double', 'ulong', 'uint'}

BINARY = {'||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6,
	  '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9,
	  '*': 10, '/': 10, '%': 10}


def tokens(text):
	out = []
	pos = 0
	text = text.strip()
	while pos < len(text):
		m = TOKEN.match(text, pos)
		if not m or m.end() == pos:
			break
		out.append(m.group(m.lastindex))
		pos = m.end()
	return out


class Parser:
	def __init__(self, toks):
		self.t = toks
		self.i = 0

	def peek(self, k=0):
		j = self.i + k
		return self.t[j] if j < len(self.t) else None

	def take(self):
		tok = self.peek()
		self.i += 1
		return tok

	def text(self, start):
		return ''.join(self.t[start:self.i])

	def expr(self, prec=0):
		start = self.i
		left = self.unary()
		while True:
			op = self.peek()
			if op == '?' and prec == 0:
				self.take()
				a = self.expr(0)
				if self.peek() == ':':
					self.take()
				b = self.expr(0)
				left = ('tern', left, a, b, self.text(start))
				continue
			p = BINARY.get(op)
			if p is None or p <= prec:
				return left
			self.take()
			right = self.expr(p)
			left = ('bin', op, left, right, self.text(start))

	def is_cast(self):
		# '(' type-name ')' followed by an operand
		j = self.i + 1
		words = []
		while j < len(self.t) and self.t[j] != ')':
			tok = self.t[j]
			if tok != '*' and not re.match(r'[A-Za-z_]\w*$', tok):
				return False
			words.append(tok)
			j += 1
		if not words or j + 1 >= len(self.t):
			return False
		nxt = self.t[j + 1]
		if nxt in (')', ',', ';', ']', ':', '?') or nxt in BINARY and \
		   nxt not in ('*', '&', '-', '+'):
			return False
		return (words[0] in TYPE_WORDS or words[-1] == '*' or
			words[0].endswith('_t'))

	def unary(self):
		start = self.i
		tok = self.peek()
		if tok is None:
			return ('none', '')
		if tok == '(' and self.is_cast():
			self.take()
			while self.peek() not in (')', None):
				self.take()
			self.take()
			inner = self.unary()
			return ('cast', inner, self.text(start))
		if tok in ('&', '*', '-', '+', '!', '~', '++', '--'):
			self.take()
			inner = self.unary()
			return ('un', tok, inner, self.text(start))
		if tok == 'sizeof':
			self.take()
			if self.peek() == '(':
				self.skip_group()
			else:
				self.unary()
			return ('num', self.text(start))
		return self.postfix(self.primary(), start)

	def skip_group(self):
		depth = 0
		while self.peek() is not None:
			tok = self.take()
			if tok in ('(', '[', '{'):
				depth += 1
			elif tok in (')', ']', '}'):
				depth -= 1
				if depth == 0:
					return

	def primary(self):
		start = self.i
		tok = self.take()
		if tok == '(':
			inner = self.expr(0)
			if self.peek() == ')':
				self.take()
			return ('paren', inner, self.text(start))
		if tok is None:
			return ('none', '')
		if re.match(r'\d', tok):
			return ('num', tok)
		if tok[0] in '"\'':
			return ('str', tok)
		if re.match(r'[A-Za-z_]', tok):
			return ('id', tok, tok)
		if tok == '{':
			self.i -= 1
			self.skip_group()
			return ('other', self.text(start))
		return ('other', tok)

	def postfix(self, node, start):
		while True:
			tok = self.peek()
			if tok == '(':
				self.take()
				args = []
				while self.peek() not in (')', None):
					args.append(self.expr(0))
					if self.peek() == ',':
						self.take()
					elif self.peek() != ')':
						self.take()
				self.take()
				node = ('call', node, args, self.text(start))
			elif tok == '[':
				self.take()
				idx = self.expr(0)
				if self.peek() == ']':
					self.take()
				node = ('idx', node, idx, self.text(start))
			elif tok in ('->', '.'):
				self.take()
				field = self.take() or ''
				node = ('mem', node, tok, field, self.text(start))
			elif tok in ('++', '--'):
				self.take()
			else:
				return node


def parse(text):
	"""One expression."""
	p = Parser(tokens(text))
	return p.expr(0)


def parse_list(text):
	"""A comma-separated argument list."""
	p = Parser(tokens(text))
	out = []
	while p.peek() is not None:
		out.append(p.expr(0))
		if p.peek() == ',':
			p.take()
		elif p.peek() is not None:
			p.take()
	return out


def param_names(text):
	"""Names of a parameter list 'struct foo *f, int i' -> ['f', 'i']."""
	names = []
	for part in split_top(text):
		ids = re.findall(r'[A-Za-z_]\w*', re.sub(r'\(.*', '', part) or part)
		m = re.search(r'\(\s*\*\s*([A-Za-z_]\w*)', part)
		if m:
			names.append(m.group(1))
		elif ids and ids[-1] not in TYPE_WORDS:
			names.append(ids[-1])
		else:
			names.append(None)
	return names


def split_top(text):
	parts, depth, cur = [], 0, ''
	for ch in text:
		if ch in '([{':
			depth += 1
		elif ch in ')]}':
			depth -= 1
		if ch == ',' and depth == 0:
			parts.append(cur)
			cur = ''
		else:
			cur += ch
	if cur.strip():
		parts.append(cur)
	return parts
