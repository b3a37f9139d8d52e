#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Phase 1 driver: facts.cocci over every candidate file, cached.

  facts.py SRC OUT_DIR DIR...

Candidates are the .c files under DIR... (relative to SRC) that name a
coherent allocator, a conversion, a remap call or a subsystem field the
model knows (model.tokens()), then, round by round, the files of the same
driver that call a wrapper of an allocator (a function returning what one
returns, a macro forwarding to it, an ops field set to it) found in the
round before.  Each file's facts are cached under $COHMAP_SCAN_CACHE
(default ~/.cache/cohmap/scan) by the content of the file, of the local
headers it includes, of facts.cocci and of rawfacts.py, so a re-scan runs
spatch only on what changed.  Writes OUT_DIR/facts (all facts, with the
Kbuild units of their folders) and prints one summary line on stderr.
"""
import collections
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import flow  # noqa: E402
import model  # noqa: E402
import rawfacts  # noqa: E402

def candidates(src, dirs):
	pattern = model.tokens()
	cmd = ['grep', '-rlE', '--include=*.c', pattern] + dirs
	res = subprocess.run(cmd, cwd=src, stdout=subprocess.PIPE, check=False)
	return sorted(res.stdout.decode().split())


def cache_key(src, rel, cocci):
	h = hashlib.sha256(cocci)
	h.update(rel.encode())
	with open(os.path.join(src, rel), 'rb') as fh:
		data = fh.read()
	h.update(data)
	for inc in sorted(set(rawfacts.INCLUDE.findall(data))):
		path = os.path.join(src, os.path.dirname(rel), inc.decode())
		if os.path.isfile(path):
			with open(path, 'rb') as fh:
				h.update(fh.read())
	return h.hexdigest(), data


def tree_facts(src):
	"""What the tree's own subsystems do when a driver supplies no mmap."""
	out = []
	fbmem = os.path.join(src, 'drivers/video/fbdev/core/fbmem.c')
	if os.path.isfile(fbmem):
		with open(fbmem, errors='replace') as fh:
			if 'vm_iomap_memory' in fh.read():
				out.append('T\t-\t0\t-\tfbdev-default-mmap\n')
	return out


def unit_facts(src, rels):
	"""The Kbuild units (composite objects) of the folders holding rels and
	of the folders above them: which files link into one module."""
	folders = set()
	for rel in rels:
		d = os.path.dirname(rel)
		while d and d not in folders:
			folders.add(d)
			d = os.path.dirname(d)
	out = []
	for d in sorted(folders):
		for name in ('Makefile', 'Kbuild'):
			path = os.path.join(src, d, name)
			if not os.path.isfile(path):
				continue
			with open(path, errors='replace') as fh:
				text = fh.read()
			for unit, objs in rawfacts.kbuild_units(text):
				files = [os.path.normpath(os.path.join(d, o[:-2] + '.c'))
					 for o in objs]
				out.append('K\t%s/%s\t0\t-\t%s\t%s\n' %
					   (d, name, unit, ' '.join(files)))
	return out


def is_utf8(data):
	try:
		data.decode('utf-8')
		return True
	except UnicodeDecodeError:
		return False


def sanitize(src, rels, root):
	"""Copies of non-UTF-8 files (and their directory's headers) with every
	byte above 0x7f replaced by '?': spatch's Python cannot take them, and
	one-byte replacements keep every line and column where it was."""
	for rel in rels:
		d = os.path.dirname(rel)
		os.makedirs(os.path.join(root, d), exist_ok=True)
		names = [os.path.basename(rel)] + [
			n for n in os.listdir(os.path.join(src, d)) if n.endswith('.h')]
		for n in names:
			with open(os.path.join(src, d, n), 'rb') as fh:
				data = fh.read()
			data = bytes(b if b < 0x80 else 0x3f for b in data)
			with open(os.path.join(root, d, n), 'wb') as fh:
				fh.write(data)


def run_spatch(cwd, rels, jobs, log, tmp):
	"""facts.cocci over rels: (stdout, return code, stderr)."""
	if not rels:
		return b'', 0, b''
	with tempfile.NamedTemporaryFile('w', delete=False) as lst:
		lst.write('\n\n'.join(rels) + '\n')
	cmd = ['nice', '-n', '10', os.environ.get('SPATCH', 'spatch'),
	       '--very-quiet', '--no-includes', '--tmp-dir', tmp + '/job',
	       '--timeout', '120', '--jobs', str(jobs), '--chunksize', '1',
	       '--sp-file', os.path.join(here, 'facts.cocci'),
	       '--file-groups', lst.name]
	res = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
			     stderr=subprocess.PIPE, check=False)
	os.unlink(lst.name)
	log.write(res.stderr)
	return res.stdout, res.returncode, res.stderr


FAILED = re.compile(rb'^EXN: .* in (\S+)$', re.M)


def facts_of(cwd, rels, jobs, log, tmp):
	"""Each file's fact lines; None for a file spatch gave up on.  What a
	file that timed out printed is kept, with a P fact that says its facts
	are partial (a second try costs minutes and seldom ends otherwise).  A
	file that printed nothing is tried again alone: a data-only file has no
	facts, and that is worth caching too."""
	out, _, err = run_spatch(cwd, rels, jobs, log, tmp)
	per = split(out, rels)
	failed = set(f.decode() for f in FAILED.findall(err))
	for rel in sorted(failed & set(rels)):
		if per[rel]:
			per[rel].append('P\t%s\t0\t-\tspatch timed out\n' % rel)
	for rel in sorted(r for r, lines in per.items() if not lines):
		out, rc, err = run_spatch(cwd, [rel], 1, log, tmp)
		lines = split(out, [rel])[rel]
		per[rel] = None if rc or FAILED.search(err) else lines
	return per


def split(out, rels):
	per = {rel: [] for rel in rels}
	for line in out.decode('utf-8', 'replace').splitlines(True):
		f = line.split('\t', 3)
		if len(f) > 2 and f[1] in per:
			per[f[1]].append(line)
	return per


def parse(src, rels, cache, cocci, out):
	"""Run facts.cocci on the files of rels not in the cache; return each
	file's cache key."""
	keys, todo, bad = {}, [], []
	for rel in rels:
		key, data = cache_key(src, rel, cocci)
		keys[rel] = key
		if not os.path.exists(os.path.join(cache, key)):
			(todo if is_utf8(data) else bad).append(rel)

	jobs = int(os.environ.get('JOBS', '2'))
	with open(os.path.join(out, 'spatch.log'), 'ab') as log:
		per = facts_of(src, todo, jobs, log, out)
		if bad:
			tmp = tempfile.mkdtemp()
			sanitize(src, bad, tmp)
			per.update(facts_of(tmp, bad, jobs, log, out))
			shutil.rmtree(tmp)

	for rel, lines in per.items():
		if lines is None:	# spatch gave up: try again next time
			continue
		lines += rawfacts.file_facts(src, rel)
		tmp = os.path.join(cache, keys[rel] + '.tmp')
		with open(tmp, 'w') as fh:
			fh.writelines(sorted(set(lines)))
		os.replace(tmp, os.path.join(cache, keys[rel]))
	return keys, len(todo) + len(bad), len(bad)


CALLED = re.compile(r'(\w+)\s*\(')
NAME = re.compile(r'^\w+$')


def wrappers(paths, known):
	"""Functions, forwarding macros and ops fields that hand out what a
	known allocator returns, found in the facts in paths; grows known."""
	rets = collections.defaultdict(list)
	sets = collections.defaultdict(list)
	links = []	# (name, what it stands for)
	for path in paths:
		with open(path, errors='replace') as fh:
			for line in fh:
				f = line.rstrip('\n').split('\t')
				if f[0] == 'R' and len(f) > 4:
					rets[(f[1], f[3])].append(f[4])
				elif f[0] == 'A' and len(f) > 5:
					sets[(f[1], f[3])].append((f[4], f[5]))
				elif f[0] == 'M' and len(f) > 5:
					links.append((f[4], f[5]))
				elif f[0] == 'I' and len(f) > 7 and NAME.match(f[7]):
					links.append((f[6], f[7]))
	found = {}
	grew = True
	while grew:
		grew = False
		for (file, func), exprs in rets.items():
			if func in known:
				continue
			for e in exprs:
				rhs = [r for l, r in sets[(file, func)] if l == e] \
					if NAME.match(e) else [e]
				if any(known & set(CALLED.findall(r)) for r in rhs):
					known.add(func)
					found[func] = file
					grew = True
					break
		for name, target in links:
			if target in known and name not in known:
				known.add(name)
				found[name] = found.get(target, '')
				grew = True
	return found


def callers(src, found, seen):
	"""The .c files of each wrapper's driver (flow.root()) that name it."""
	by_root = collections.defaultdict(set)
	for name, file in found.items():
		if file:
			by_root[flow.root(file)].add(name)
	out = set()
	for d, names in sorted(by_root.items()):
		pattern = r'\b(' + '|'.join(sorted(names)) + r')\b'
		res = subprocess.run(['grep', '-rlE', '--include=*.c', pattern, d],
				     cwd=src, stdout=subprocess.PIPE, check=False)
		out.update(res.stdout.decode().split())
	return sorted(out - seen)


ROUNDS = 6	# a bound on cost: deep wrapper chains (nouveau) go on further


def main(argv):
	src, out, dirs = argv[1], argv[2], argv[3:]
	cache = os.environ.get('COHMAP_SCAN_CACHE',
			       os.path.expanduser('~/.cache/cohmap/scan'))
	os.makedirs(cache, exist_ok=True)
	os.makedirs(out, exist_ok=True)
	open(os.path.join(out, 'spatch.log'), 'w').close()
	cocci = b''	# what makes a file's facts is part of its cache key
	for name in ('facts.cocci', 'rawfacts.py'):
		with open(os.path.join(here, name), 'rb') as fh:
			cocci += fh.read()

	# Round 1 reads the files naming the model's allocators, conversions
	# and sinks; each further round the files of the same driver that call
	# a wrapper of an allocator the rounds before found.
	keys, parsed, nonutf8 = {}, 0, 0
	known = set(model.COHERENT_ALLOCATORS)
	todo, rounds = candidates(src, dirs), 0
	while todo and rounds < ROUNDS:
		rounds += 1
		got, n, b = parse(src, todo, cache, cocci, out)
		keys.update(got)
		parsed, nonutf8 = parsed + n, nonutf8 + b
		paths = [os.path.join(cache, got[r]) for r in todo
			 if os.path.exists(os.path.join(cache, got[r]))]
		todo = callers(src, wrappers(paths, known), set(keys))
	rels = sorted(keys)

	missing, partial = [], []
	with open(os.path.join(out, 'facts'), 'w') as dst:
		dst.writelines(tree_facts(src))
		dst.writelines(unit_facts(src, rels))
		for rel in rels:
			path = os.path.join(cache, keys[rel])
			if not os.path.exists(path):
				missing.append(rel)
				continue
			with open(path) as fh:
				text = fh.read()
			dst.write(text)
			if text.startswith('P\t') or '\nP\t' in text:
				partial.append(rel)
	sys.stderr.write('facts: %d candidate files in %d round(s), %d parsed '
			 'now (%d non-UTF-8), %d from the cache\n' %
			 (len(rels), rounds, parsed, nonutf8, len(rels) - parsed))
	for rel in partial:
		sys.stderr.write('facts: %s: spatch timed out; its facts '
				 'are partial\n' % rel)
	for rel in missing:
		sys.stderr.write('facts: %s: spatch gave no facts (see %s)\n' %
				 (rel, os.path.join(out, 'spatch.log')))
	return 1 if missing else 0


if __name__ == '__main__':
	sys.exit(main(sys.argv))
