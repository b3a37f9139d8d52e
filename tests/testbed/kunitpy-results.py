#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""kunitpy-results.py OUT ARCH RC: a kunit.py run (kunitpy.sh) as a
matrix entry of make check.

Counts leaf cases from kunit.py's own --json (OUT/results.json: what
kunit.py parsed), lists each skip with the reason the kernel printed
(OUT/test.log, kunit.py's copy of the console), and adds what results.py
checks of a testbed boot: no kernel splat after the suite starts, and,
since a suite that found no device would only skip, that it bound one.
RC is kunit.py's exit status: non-zero with no failed case is a failure
of its own (a build, a boot or a parse that went wrong). Writes
OUT/counts ("passed failed skipped"), prints the summary line.
"""
import json
import os
import re
import sys

from results import SPLAT


def leaves(group, path):
    """(dotted name, status) of every leaf case under a kunit.py group."""
    for sub in group.get('sub_groups', []):
        yield from leaves(sub, path + [sub['name']])
    for case in group.get('test_cases', []):
        yield '.'.join(path + [case['name']]), case['status']


def main():
    out, arch, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
    passed, failed, skipped = [], [], []
    try:
        with open(os.path.join(out, 'results.json')) as f:
            top = json.load(f)
    except (OSError, ValueError) as e:
        top = {}
        failed.append('kunit.py: no results.json (%s); see kunit.log' % e)
    try:
        log = open(os.path.join(out, 'test.log'), errors='replace').read()
    except OSError:
        log = ''
        failed.append('kunit.py: no test.log (the kernel did not run)')

    reasons = {}
    for m in re.finditer(r'(?:ok|not ok) \d+ (?:- )?(\S+) # SKIP (.*)', log):
        reasons.setdefault(m.group(1), m.group(2).strip())
    for name, status in leaves(top, []):
        if status == 'PASS':
            passed.append(name)
        elif status == 'SKIP':
            skipped.append('%s # SKIP %s' % (
                name, reasons.get(name.split('.')[-1], '(no reason printed)')))
        else:
            failed.append('%s: %s' % (name, status))

    if top and not passed and not failed and not skipped:
        failed.append('kunit.py: the run holds no test at all')
    if rc and not failed:
        failed.append('kunit.py exited with %d; see kunit.log' % rc)

    start = log.find('# Subtest: cohmap')
    if start < 0:
        if log:
            failed.append('suite_ran: no "# Subtest: cohmap" in test.log')
    else:
        if 'cohmap_kunit: no device' in log:
            failed.append('device_bound: the suite found no device and '
                          'skipped; see test.log')
        else:
            passed.append('device_bound')
        splats = [l for l in log[start:].splitlines() if SPLAT.search(l)]
        if splats:
            failed.append('no_kernel_splat: ' + splats[0].strip())
        else:
            passed.append('no_kernel_splat')

    with open(os.path.join(out, 'counts'), 'w') as f:
        f.write('%d %d %d\n' % (len(passed), len(failed), len(skipped)))
    for s in skipped:
        print('  skipped kunitpy %s: %s' % (arch, s))
    for s in failed:
        print('  FAILED kunitpy %s: %s' % (arch, s))
    print('kunitpy %s: %d passed, %d failed, %d skipped' %
          (arch, len(passed), len(failed), len(skipped)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
