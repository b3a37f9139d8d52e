#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""kunitpy-results.py OUT ARCH RC: a kunit.py run (kunitpy.sh) as a
matrix entry of make check.

Counts the leaf cases of the KTAP in OUT/test.log (kunit.py's copy of the
console) with the testbed's own counter (results.py), which knows that
6.1's KUnit prints the parameters of a skipped case as plain "ok": the
kunit.py of 6.1 counts those as passes. kunit.py's --json (OUT/results.json)
must hold the same cases, or the two parsers disagree and that fails.
Adds what results.py checks of any testbed boot: no kernel splat once the
suite starts, and, since a suite without its device only skips, that it
bound one. RC is kunit.py's exit status: non-zero with no failed case is
a failure of its own (a build, a boot or a parse that went wrong). Writes
OUT/counts ("passed failed skipped"), prints the summary line.
"""
import json
import os
import sys

from results import SPLAT, leaf_results


def json_leaves(group, path):
    """Dotted names of every leaf case under a kunit.py JSON group."""
    for sub in group.get('sub_groups', []):
        yield from json_leaves(sub, path + [sub['name']])
    for case in group.get('test_cases', []):
        yield '.'.join(path + [case['name']])


def is_ktap(line):
    """A KTAP line, as /init picks them out of the kernel log."""
    return line.lstrip(' ').startswith(('KTAP version', '# ', 'ok ',
                                        'not ok ', '1..'))


def main():
    out, arch, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
    passed, failed, skipped = [], [], []
    try:
        log = open(os.path.join(out, 'test.log'), errors='replace').read()
    except OSError:
        log = ''
        failed.append('kunit.py: no test.log (the kernel did not run)')
    try:
        with open(os.path.join(out, 'results.json')) as f:
            from_json = set(json_leaves(json.load(f), []))
    except (OSError, ValueError) as e:
        from_json = None
        failed.append('kunit.py: no results.json (%s); see kunit.log' % e)

    start = log.find('# Subtest: cohmap\n')
    lines = log[start:].splitlines() if start >= 0 else []
    leaves = leaf_results([l for l in lines if is_ktap(l)])
    for name, ok, skip, rest in leaves:
        if skip:
            skipped.append(name + rest)
        elif ok:
            passed.append(name)
        else:
            failed.append(name + rest)
    mine = set(name for name, _, _, _ in leaves)
    if from_json is not None and mine != from_json:
        failed.append('parsers: kunit.py\'s JSON and test.log differ in %s'
                      % ', '.join(sorted(mine ^ from_json)[:3]))

    if start < 0:
        if log:
            failed.append('suite_ran: no "# Subtest: cohmap" in test.log')
    else:
        if not leaves:
            failed.append('suite_ran: no case reported')
        if 'cohmap_kunit: no device' in log:
            failed.append('device_bound: the suite found no device, so its '
                          'cases only skipped; see test.log')
        else:
            passed.append('device_bound')
        splats = [l for l in lines if SPLAT.search(l)]
        if splats:
            failed.append('no_kernel_splat: ' + splats[0].strip())
        else:
            passed.append('no_kernel_splat')
    if rc and not failed:
        failed.append('kunit.py exited with %d; see kunit.log' % rc)

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
