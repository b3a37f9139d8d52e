#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Join a whole-tree scan report with the verdicts a reviewer wrote for it.

  review.py REPORT VERDICTS [TIMING]   markdown on stdout; exit 1 if an
                                       ERROR has no verdict or is judged
                                       safe, or a site judged unsafe is not
                                       reported

VERDICTS is tab-separated: file:line, verdict, why.  Verdicts:
  unsafe          unsafe everywhere, on reading
  remaps          unsafe where the coherent allocator remaps
  latent          the unsafe pattern, on platforms where it happens to work
  ambiguous       needs context the code does not give (say which)
  safe            not a bug (a false positive if the scan said ERROR)
A verdict line whose site the scan does not report is a miss.
"""
import sys

LABELS = ('ERROR: unsafe everywhere', 'WARNING: unsafe where the allocator '
	  'remaps', 'WARNING: ambiguous')
UNSAFE = ('unsafe', 'remaps', 'latent')


def load_report(path):
	sites = []
	for line in open(path, encoding='utf-8', errors='replace'):
		parts = line.rstrip('\n').split(': ', 2)
		if len(parts) < 3:
			continue
		site = parts[0]
		label = next((l for l in LABELS if parts[1].startswith(l.split(':')[0])
			      and (parts[1] + ': ' + parts[2]).startswith(l)), None)
		if label is None:
			continue
		rest = (parts[1] + ': ' + parts[2])[len(label) + 2:]
		sites.append((site, label, rest.split(' [', 1)[0]))
	return sites


def load_verdicts(path):
	out = {}
	for line in open(path, encoding='utf-8'):
		if not line.strip() or line.startswith('#'):
			continue
		site, verdict, why = (line.rstrip('\n').split('\t') + ['', ''])[:3]
		out[site] = (verdict, why)
	return out


def main(argv):
	report, verdicts = load_report(argv[1]), load_verdicts(argv[2])
	bad = []
	print('| site | scan says | verdict on reading | why |')
	print('|---|---|---|---|')
	seen = set()
	for site, label, what in report:
		seen.add(site)
		verdict, why = verdicts.get(site, ('(none)', ''))
		short = label.split(': ', 1)[1]
		print('| `%s` | %s: %s | %s | %s |' % (site, short, what, verdict, why))
		if label.startswith('ERROR') and verdict not in UNSAFE:
			bad.append('%s: ERROR judged %s' % (site, verdict))
	missed = [(s, v) for s, v in verdicts.items()
		  if s not in seen and v[0] in UNSAFE]
	print()
	print('Sites judged unsafe on reading that the scan does not report: %d'
	      % len(missed))
	if missed:
		print()
		print('| site | verdict | why |')
		print('|---|---|---|')
		for site, (verdict, why) in sorted(missed):
			print('| `%s` | %s | %s |' % (site, verdict, why))
			bad.append('%s: judged %s, not reported' % (site, verdict))
	print()
	counts = {l: sum(1 for r in report if r[1] == l) for l in LABELS}
	errors = [r for r in report if r[1] == LABELS[0]]
	fp = [r for r in errors if verdicts.get(r[0], ('',))[0] not in UNSAFE]
	print('Summary: %d ERROR (unsafe everywhere), %d WARNING (remaps), '
	      '%d WARNING (ambiguous); ERRORs judged safe or unjudged: %d; '
	      'misses: %d.' % (counts[LABELS[0]], counts[LABELS[1]],
			       counts[LABELS[2]], len(fp), len(missed)))
	for b in bad:
		sys.stderr.write('review: %s\n' % b)
	return 1 if bad else 0


if __name__ == '__main__':
	sys.exit(main(sys.argv))
