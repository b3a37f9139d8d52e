#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""results.py OUT ARCH VARIANT: turn one boot's console log into results.

Extracts the KTAP block that /init printed, checks it with the kernel's own
kunit.py parser, counts leaf cases, and fails the boot for any kernel splat
printed after our modules started loading (a WARN in a passing test is
still a bug). Writes OUT/results.ktap and OUT/counts ("passed failed
skipped"), prints a summary line, exits 1 if anything failed.
"""
import os
import re
import subprocess
import sys

SPLAT = re.compile(r'WARNING:|BUG:|Oops|KASAN|UBSAN|possible circular locking|'
                   r'DEADLOCK|DMA-API:|Call Trace:|general protection fault|'
                   r'Kernel panic|INFO: task|list_add corruption|refcount_t:|'
                   r'sleeping function called|Unable to handle kernel')
RESULT = re.compile(r'^(\s*)(ok|not ok) (\d+) (?:- )?(\S+)(.*)$')


def leaf_results(lines):
    """(name, ok, skipped, rest) of every leaf result line; suite lines
    skipped. KUnit before 6.3 prints each parameter of a skipped
    parameterised case as a plain "ok" and only the case line as "# SKIP":
    the parameters of a case whose line says SKIP are skips, not passes."""
    out, prev_indent, path, start = [], 0, {}, {}
    for line in lines:
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(' '))
        sub = re.match(r'\s*# Subtest: (\S+)', line)
        if sub:
            path[indent] = sub.group(1)
            start[indent] = len(out)
        if line.lstrip().startswith('#'):
            continue
        m = RESULT.match(line)
        if m:
            if prev_indent <= indent:
                parents = [path[i] for i in sorted(path) if i <= indent]
                name = '.'.join(parents + [m.group(4)])
                skipped = '# SKIP' in m.group(5)
                out.append((name, m.group(2) == 'ok', skipped, m.group(5)))
            elif '# SKIP' in m.group(5):
                inner = [i for i in start if i > indent]
                first = start[min(inner)] if inner else len(out)
                for k in range(first, len(out)):
                    name, ok, _, rest = out[k]
                    out[k] = (name, ok, True, rest + m.group(5))
            for i in [i for i in start if i > indent]:
                del start[i]
        prev_indent = indent
    return out


SKIP_MARK = re.compile(r'^\s*# (\S+): cohmap-kunit-skip: (.*)$')


def mark_skips(block):
    """Kernels before 5.14 have no skipped status: tests/kunit/kt_compat.h
    ends such a case with a "NAME: cohmap-kunit-skip: why" line, and the
    case then reports "ok". Give that result line the "# SKIP why" that
    newer kernels print, so a skip is never counted as a pass."""
    out, pending = [], {}
    for line in block:
        m = SKIP_MARK.match(line)
        if m:
            pending[m.group(1)] = m.group(2)
        r = RESULT.match(line)
        if r and r.group(4) in pending and '# SKIP' not in r.group(5):
            line = '%s%s %s - %s # SKIP %s' % (
                r.group(1), r.group(2), r.group(3), r.group(4),
                pending.pop(r.group(4)))
        out.append(line)
    return out


def main():
    out, arch, variant = sys.argv[1:4]
    log = open(os.path.join(out, 'console.log'), errors='replace').read()
    lines = log.splitlines()
    results, failures, skips = [], [], []

    try:
        begin = lines.index('COHMAP-RESULTS-BEGIN')
        end = lines.index('COHMAP-RESULTS-END')
        block = lines[begin + 1:end]
    except ValueError:
        begin, block = len(lines), []
        failures.append('boot: no results block (hang, panic or timeout); '
                        'see console.log')
    block = mark_skips(block)
    with open(os.path.join(out, 'results.ktap'), 'w') as f:
        f.write('\n'.join(block) + '\n')

    # make demo installs no kernel source (COHMAP_KTAP_PARSE=0): its block
    # is then only counted below.
    if block and os.environ.get('COHMAP_KTAP_PARSE') != '0':
        # 6.1's parser for every kernel version: it reads 5.10's TAP and
        # the KTAP of newer kernels alike.
        kunit = os.path.join(os.environ.get('COHMAP_CACHE', os.path.expanduser(
            '~/.cache/cohmap')), 'linux-source-6.1/tools/testing/kunit/kunit.py')
        p = subprocess.run([sys.executable, kunit, 'parse',
                            os.path.join(out, 'results.ktap')],
                           capture_output=True, text=True)
        with open(os.path.join(out, 'kunit-parse.txt'), 'w') as f:
            f.write(p.stdout + p.stderr)
        if 'Testing complete' not in p.stdout + p.stderr:
            failures.append('kunit.py parse could not read results.ktap')

    for name, ok, skipped, rest in leaf_results(block):
        if skipped:
            skips.append('%s%s' % (name, rest))
        elif ok:
            results.append(name)
        else:
            failures.append(name + rest)

    if block and not results and not failures:
        failures.append('boot: the results block holds no test at all')

    try:
        start = next(i for i, l in enumerate(lines)
                     if 'cohmap-init: modules loading' in l)
    except StopIteration:
        start = 0
    splats = [l for l in lines[start:begin] if SPLAT.search(l)]
    splat_ok = not splats
    if splat_ok:
        results.append('no_kernel_splat')
    else:
        failures.append('no_kernel_splat: ' + splats[0].strip())

    with open(os.path.join(out, 'counts'), 'w') as f:
        f.write('%d %d %d\n' % (len(results), len(failures), len(skips)))
    for s in skips:
        print('  skipped %s %s: %s' % (arch, variant, s))
    for fl in failures:
        print('  FAILED %s %s: %s' % (arch, variant, fl))
    print('%s %s: %d passed, %d failed, %d skipped' %
          (arch, variant, len(results), len(failures), len(skips)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
