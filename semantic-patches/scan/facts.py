#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Phase 1 driver: facts.cocci over every candidate file, cached.

  facts.py SRC OUT_DIR DIR...

Candidates are the .c files under DIR... (relative to SRC) that name a
coherent allocator, a conversion, a remap call or a subsystem field the
model knows (model.tokens()).  Each file's facts are cached under
$COHMAP_SCAN_CACHE (default ~/.cache/cohmap/scan) by the content of the
file, of the local headers it includes and of facts.cocci, so a re-scan
runs spatch only on what changed.  Writes OUT_DIR/facts (all facts) and
prints one summary line on stderr.
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import model  # noqa: E402
import rawfacts  # noqa: E402

INCLUDE = re.compile(rb'^\s*#\s*include\s+"([^"]+)"', re.M)


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
	for inc in sorted(set(INCLUDE.findall(data))):
		path = os.path.join(src, os.path.dirname(rel), inc.decode())
		if os.path.isfile(path):
			with open(path, 'rb') as fh:
				h.update(fh.read())
	return h.hexdigest(), data


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


def raw_facts(src, rel):
	out = []
	for path in [rel] + sorted(local_headers(src, rel)):
		with open(os.path.join(src, path), 'rb') as fh:
			text = fh.read().decode('utf-8', 'replace')
		for macro, fn in rawfacts.forwarding_macros(text):
			out.append('M\t%s\t0\t-\t%s\t%s\n' % (rel, macro, fn))
		for struct, field, ftype in rawfacts.structs(text):
			out.append('S\t%s\t0\t-\t%s\t%s\t%s\n' %
				   (rel, struct, field, ftype))
		if path == rel:
			for line, struct, var, items in rawfacts.ops_tables(text):
				out.append('O\t%s\t%d\t-\t%s\t%s\t%s\n' %
					   (rel, line, struct, var, items))
	return out


def tree_facts(src):
	"""What the tree's own subsystems do when a driver supplies no mmap."""
	out = []
	fbmem = os.path.join(src, 'drivers/video/fbdev/core/fbmem.c')
	if os.path.isfile(fbmem):
		with open(fbmem, errors='replace') as fh:
			if 'vm_iomap_memory' in fh.read():
				out.append('T\t-\t0\t-\tfbdev-default-mmap\n')
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
	if not rels:
		return b''
	with tempfile.NamedTemporaryFile('w', delete=False) as lst:
		lst.write('\n\n'.join(rels) + '\n')
	cmd = ['nice', '-n', '10', os.environ.get('SPATCH', 'spatch'),
	       '--very-quiet', '--no-includes', '--tmp-dir', tmp + '/job',
	       '--timeout', '120', '--jobs', str(jobs), '--chunksize', '1',
	       '--sp-file', os.path.join(here, 'facts.cocci'),
	       '--file-groups', lst.name]
	res = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=log,
			     check=False)
	os.unlink(lst.name)
	return res.stdout


def main(argv):
	src, out, dirs = argv[1], argv[2], argv[3:]
	cache = os.environ.get('COHMAP_SCAN_CACHE',
			       os.path.expanduser('~/.cache/cohmap/scan'))
	jobs = int(os.environ.get('JOBS', '2'))
	os.makedirs(cache, exist_ok=True)
	os.makedirs(out, exist_ok=True)
	cocci = b''	# phase 1's own code is part of every cache key
	for name in ('facts.cocci', 'facts.py', 'rawfacts.py'):
		with open(os.path.join(here, name), 'rb') as fh:
			cocci += fh.read()

	rels = candidates(src, dirs)
	keys, todo, bad = {}, [], []
	for rel in rels:
		key, data = cache_key(src, rel, cocci)
		keys[rel] = key
		if not os.path.exists(os.path.join(cache, key)):
			(todo if is_utf8(data) else bad).append(rel)

	with open(os.path.join(out, 'spatch.log'), 'wb') as log:
		got = run_spatch(src, todo, jobs, log, out)
		if bad:
			root = tempfile.mkdtemp()
			sanitize(src, bad, root)
			got += run_spatch(root, bad, jobs, log, out)
			shutil.rmtree(root)

	per = {rel: [] for rel in todo + bad}
	for line in got.decode('utf-8', 'replace').splitlines(True):
		f = line.split('\t', 3)
		if len(f) > 2 and f[1] in per:
			per[f[1]].append(line)
	for rel, lines in per.items():
		if not lines:	# spatch failed or timed out: try again next time
			continue
		lines += raw_facts(src, rel)
		tmp = os.path.join(cache, keys[rel] + '.tmp')
		with open(tmp, 'w') as fh:
			fh.writelines(sorted(set(lines)))
		os.replace(tmp, os.path.join(cache, keys[rel]))

	missing = []
	with open(os.path.join(out, 'facts'), 'w') as dst:
		dst.writelines(tree_facts(src))
		for rel in rels:
			path = os.path.join(cache, keys[rel])
			if not os.path.exists(path):
				missing.append(rel)
				continue
			with open(path) as fh:
				shutil.copyfileobj(fh, dst)
	sys.stderr.write('facts: %d candidate files, %d parsed now (%d '
			 'non-UTF-8), %d from the cache\n' %
			 (len(rels), len(todo) + len(bad), len(bad),
			  len(rels) - len(todo) - len(bad)))
	for rel in missing:
		sys.stderr.write('facts: %s: spatch gave no facts (see %s)\n' %
				 (rel, os.path.join(out, 'spatch.log')))
	return 1 if missing else 0


if __name__ == '__main__':
	sys.exit(main(sys.argv))
