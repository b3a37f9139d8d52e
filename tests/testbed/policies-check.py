#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""policies-check.py: docs/policies.md must not drift from the code.

For every row of the per-architecture table: each cited boot ("`arch
variant`") is a variant tests/testbed/boards.sh has, and the policy that boot
makes the KUnit suite expect (expect_policy=) is the row's policy; each
cited KUnit case (`name_test`) and end-to-end case (`e2e:name`) exists; and every arch/<name>/ folder has a row.
"""
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LETTER = {'remap': '(a)', 'fault': '(b)', 'colour': '(c)', 'dma': '(d)',
          'refuse': '(e)'}
# arch/ folder (kernel SRCARCH) -> the name the table and testbed use
FOLDER_ROW = {'x86': 'x86_64', 'arm64': 'arm64', 'riscv': 'riscv64',
              'arm': 'arm', 'powerpc': 'powerpc64', 'mips': 'mips',
              'parisc': 'parisc', 'generic': 'any other'}


def read(path):
    with open(os.path.join(TOP, path)) as f:
        return f.read()


def expected_policies(boards_sh):
    """arch-variant -> expect_policy, from boards.sh's case block."""
    default = re.search(r'^\s*expect="expect_policy=(\w+)', boards_sh, re.M).group(1)
    out, labels = {}, []
    for line in boards_sh.splitlines():
        m = re.match(r'^\s*([\w|-]+)\)\s*$', line)
        if m:
            labels = m.group(1).split('|')
            for lab in labels:
                out[lab] = default
        m = re.search(r'expect_policy=(\w+)', line)
        if m and labels:
            for lab in labels:
                out[lab] = m.group(1)
        if line.strip().endswith(';;'):
            labels = []
    return out


def main():
    doc = read('docs/policies.md')
    expect = expected_policies(read('tests/testbed/boards.sh'))
    kunit = read('tests/kunit/cohmap_kunit_test.c')
    e2e = read('tests/e2e/e2e.c')
    errors, rows = [], []
    table = doc.split('## Per architecture', 1)[1]
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if len(cells) == 7 and not cells[0].startswith(('arch', '---')):
            rows.append(cells)
    if not rows:
        errors.append('no per-architecture table found')
    for arch, _, _, policy, _, _, proof in rows:
        for boot in re.findall(r'`([a-z0-9_]+) ([a-z0-9]+)`', proof):
            key = '-'.join(boot)
            if key not in expect:
                errors.append('%s: cites boot "%s %s", which boards.sh does not have'
                              % (arch, *boot))
            elif LETTER[expect[key]] not in policy:
                errors.append('%s: row says %s, but boot %s expects %s %s'
                              % (arch, policy, key, expect[key],
                                 LETTER[expect[key]]))
        for case in re.findall(r'`(\w+_test)`', proof):
            if not re.search(r'(KUNIT|KT)_CASE(_PARAM)?\(%s\b' % case, kunit):
                errors.append('%s: cites %s, which is no KUnit case' % (arch, case))
        for case in re.findall(r'`e2e:(\w+)`', proof):
            if not re.search(r'\{ "%s",' % case, e2e):
                errors.append('%s: cites e2e:%s, which is no end-to-end case'
                              % (arch, case))
    names = ' '.join(r[0] for r in rows)
    for folder in sorted(os.listdir(os.path.join(TOP, 'arch'))):
        if FOLDER_ROW.get(folder, folder) not in names:
            errors.append('arch/%s/ has no row in docs/policies.md' % folder)
    for e in errors:
        print('policies.md: ' + e)
    print('policies.md: %d rows checked, %d problems' % (len(rows), len(errors)))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
