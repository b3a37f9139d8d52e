#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""reliability-doc.py [OUT]: docs/reliability.md from the last boots.

Reads every build/<board>/console.log that ran the adversary and the
lifetime races (tests/adversary/; make check, make soak, or run.sh alone)
and writes, per board and kernel: operations tried, violations, race
iterations, the SIGBUS rate after revoke, kernel splats, time, seed; with
the machine and the date. A board whose log has no summary (it did not
boot, or ran no adversary) is listed as such, never counted as clean.
"""
import datetime
import glob
import importlib.util
import os
import platform
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(TOP, 'build')

# The splat rule is results.py's, so the doc and make check agree.
_spec = importlib.util.spec_from_file_location(
    'results', os.path.join(TOP, 'tests/testbed/results.py'))
results = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(results)

ADV = re.compile(r'# adversary-summary: seed=(\d+) ops=(\d+) violations=(\d+) '
                 r'sigbus=(\d+) sigsegv=(\d+) seconds=([\d.]+)')
RACES = re.compile(r'# races-summary: seed=(\d+) iterations=(\d+) after=(\d+) '
                   r'sigbus=(\d+)/(\d+) rate=[\d.]+% violations=(\d+) '
                   r'seconds=([\d.]+)')
SCEN = re.compile(r'^\s*(ok|not ok) \d+ (race_\w+) # (.*)$')
SCEN_NUM = re.compile(r'(\d+) iterations, (\d+) accesses, (\d+) after the '
                      r'action, SIGBUS (\d+) of (\d+) required')
OPROW = re.compile(r'^\s*(ok|not ok) \d+ (\w+) # (\d+) tried, (\d+) done, '
                   r'(\d+) refused, (\d+) violations')
SKIPROW = re.compile(r'^\s*ok \d+ (\w+) # SKIP (.*)$')
BOOT = re.compile(r'cohmap: boot took (\d+)s')


def splats(lines):
    try:
        start = next(i for i, l in enumerate(lines)
                     if 'cohmap-init: modules loading' in l)
    except StopIteration:
        start = 0
    try:
        end = lines.index('COHMAP-RESULTS-BEGIN')
    except ValueError:
        end = len(lines)
    return [l.strip() for l in lines[start:end] if results.SPLAT.search(l)]


def board_name(d):
    """ARCH VARIANT and kernel of a build folder (ARCH-VARIANT[@KVER])."""
    name = os.path.basename(d)
    kind = 'check'
    if name.startswith('soak-'):
        kind, name = 'soak', name[len('soak-'):]
    kver = '6.1'
    if '@' in name:
        name, kver = name.split('@', 1)
    arch, _, variant = name.partition('-')
    if kind == 'check' and variant == 'kasan':
        kind = 'check-debug'
    return kind, arch, variant, kver


def boot_seconds(d):
    """Wall time of the boot, from check.sh's log of it, if there is one."""
    kind, arch, variant, kver = board_name(d)
    name = os.path.basename(d)
    for log in (os.path.join(BUILD, name + '.log'),
                os.path.join(d, 'run.log')):
        if os.path.exists(log):
            m = BOOT.search(open(log, errors='replace').read())
            if m:
                return int(m.group(1))
    return None


def parse(d):
    log = os.path.join(d, 'console.log')
    lines = open(log, errors='replace').read().splitlines()
    text = '\n'.join(lines)
    adv = ADV.findall(text)
    races = RACES.findall(text)
    if not adv and not races:
        return None
    row = {'dir': d, 'splats': splats(lines), 'boot': boot_seconds(d),
           'mtime': datetime.datetime.utcfromtimestamp(os.path.getmtime(log)),
           'scen': {}, 'oprows': {}, 'skips': {}}
    if adv:
        a = adv[-1]
        row.update(seed=int(a[0]), ops=int(a[1]), adv_viol=int(a[2]),
                   adv_bus=int(a[3]), adv_secs=float(a[5]))
    if races:
        r = races[-1]
        row.update(race_seed=int(r[0]), iters=int(r[1]), after=int(r[2]),
                   bus=int(r[3]), want=int(r[4]), race_viol=int(r[5]),
                   race_secs=float(r[6]))
    # Per-scenario and per-operation rows, from the KTAP block only.
    try:
        block = lines[lines.index('COHMAP-RESULTS-BEGIN'):]
    except ValueError:
        block = []
    prog = None
    for l in block:
        sub = re.match(r'\s*# Subtest: (\S+)', l)
        if sub:
            prog = sub.group(1)
        m = SCEN.match(l)
        if m:
            n = SCEN_NUM.search(m.group(3))
            skip = m.group(3).startswith('SKIP')
            row['scen'][m.group(2)] = (m.group(1), n.groups() if n else None,
                                       m.group(3) if skip else '')
            continue
        m = OPROW.match(l)
        if m:
            row['oprows'][m.group(2)] = m.groups()
            continue
        m = SKIPROW.match(l)
        if m and prog == 'cohmap_adversary':
            row['skips'][m.group(1)] = m.group(2)
    return row


def fmt_rate(bus, want):
    if not want:
        return 'n/a (no access had to fault)'
    return '%.2f%% (%d/%d)' % (100.0 * bus / want, bus, want)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(TOP, 'docs',
                                                             'reliability.md')
    rows = []
    for d in sorted(glob.glob(os.path.join(BUILD, '*'))):
        if os.path.exists(os.path.join(d, 'console.log')):
            r = parse(d)
            if r:
                rows.append(r)
    if not rows:
        print('reliability-doc: no boot ran the adversary; run make check '
              'or tests/testbed/run.sh first', file=sys.stderr)
        return 1

    cpu = ''
    try:
        for l in open('/proc/cpuinfo'):
            if l.startswith('model name'):
                cpu = l.split(':', 1)[1].strip()
                break
    except OSError:
        pass
    now = datetime.datetime.utcnow().strftime('%Y-%m-%d %H:%M UTC')
    w = []
    w.append('<!-- SPDX-License-Identifier: GPL-2.0 -->')
    w.append('# Reliability: the adversary and the lifetime races')
    w.append('')
    w.append('Generated by `make reliability-doc` '
             '(`tests/testbed/reliability-doc.py`) on %s, from the console '
             'logs of the last boots under `build/`; machine: %s, %d CPUs, '
             '%s (the guests run under QEMU TCG, one vCPU each).' %
             (now, platform.machine(), os.cpu_count(), cpu or 'unknown CPU'))
    w.append('')
    w.append('What runs, on every board that `make check` boots (after the '
             'KUnit suite and the end-to-end suite), and longer with '
             '`make soak SECONDS=N [BOARD=arch:variant] [KVER=...]`: '
             '`tests/adversary/adversary.c` (seeded random mmap, mremap, '
             'mprotect, munmap, madvise, mlock, MAP_FIXED, fork, '
             '/proc/self/mem, ptrace, process_vm_readv and O_DIRECT against '
             'the sample driver, every mapping checked byte for byte against '
             'a shadow of its buffer) and `tests/adversary/races.c` (threads '
             'and a child process accessing mappings while the buffer is '
             'freed, the file closed and unmapped, the device unbound, the '
             'module removed). See docs/testbed.md, "Reliability".')
    w.append('')
    w.append('| kind | board | kernel | adversary ops | violations | race '
             'iterations | accesses after the action | SIGBUS rate after revoke '
             '| race violations | splats | adversary s | races s | boot s | '
             'seed | log time |')
    w.append('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    for r in rows:
        kind, arch, variant, kver = board_name(r['dir'])
        w.append('| %s | %s %s | %s | %s | %s | %s | %s | %s | %s | %d | %s '
                 '| %s | %s | %s | %s |' % (
                     kind, arch, variant, kver, r.get('ops', '-'),
                     r.get('adv_viol', '-'), r.get('iters', '-'),
                     r.get('after', '-'),
                     fmt_rate(r.get('bus', 0), r.get('want', 0))
                     if 'want' in r else '-',
                     r.get('race_viol', '-'), len(r['splats']),
                     r.get('adv_secs', '-'), r.get('race_secs', '-'),
                     r['boot'] if r['boot'] is not None else '-',
                     r.get('seed', '-'), r['mtime'].strftime('%m-%d %H:%M')))
    w.append('')
    w.append('"Accesses after the action" are the loads and stores, by '
             'the threads and the child, that started after the main '
             "thread's action (free, close, unbind, rmmod) had returned. "
             'The SIGBUS rate counts those of them on revoked memory '
             '(`COHMAP_EDU_FREE`: the buffer; unbind: the buffer and the '
             'static buffer): each must raise SIGBUS. The close and rmmod '
             'scenarios take nothing away while mapped (the mappings hold '
             'the file, the file holds the module): there every access must '
             'return the pattern, and a close followed by munmap must give '
             'SIGSEGV; their counts are below.')
    w.append('')
    w.append('## Races per scenario')
    w.append('')
    w.append('| kind | board | kernel | scenario | result | iterations | '
             'accesses | after the action | SIGBUS required / got |')
    w.append('|---|---|---|---|---|---|---|---|---|')
    for r in rows:
        kind, arch, variant, kver = board_name(r['dir'])
        for name, (res, n, skip) in sorted(r['scen'].items()):
            if n:
                w.append('| %s | %s %s | %s | %s | %s | %s | %s | %s | %s / %s |' % (
                    kind, arch, variant, kver, name, res, n[0], n[1], n[2],
                    n[4], n[3]))
            else:
                w.append('| %s | %s %s | %s | %s | %s | skipped: %s | | | |' % (
                    kind, arch, variant, kver, name, res, skip))
    w.append('')
    w.append('## Adversary operations per board')
    w.append('')
    opnames = []
    for r in rows:
        for k in r['oprows']:
            if k not in opnames:
                opnames.append(k)
    w.append('Tried / refused (a refusal is checked against the errno '
             'documented for its reason); violations are in the first '
             'table.')
    w.append('')
    w.append('| board | kernel | ' + ' | '.join(opnames) + ' |')
    w.append('|---|---|' + '---|' * len(opnames))
    for r in rows:
        kind, arch, variant, kver = board_name(r['dir'])
        cells = []
        for k in opnames:
            o = r['oprows'].get(k)
            cells.append('%s / %s' % (o[2], o[4]) if o else
                         'skip' if k in r['skips'] else '-')
        w.append('| %s %s%s | %s | %s |' % (
            arch, variant, ' (soak)' if kind == 'soak' else '', kver,
            ' | '.join(cells)))
    skips = sorted({(k, v) for r in rows for k, v in r['skips'].items()})
    if skips:
        w.append('')
        w.append('Skipped operations, with the reason the guest printed:')
        w.append('')
        for k, v in skips:
            w.append('- `%s`: %s' % (k, v))
    bad = [r for r in rows if r['splats']]
    if bad:
        w.append('')
        w.append('## Splats')
        w.append('')
        for r in bad:
            w.append('- %s: `%s`' % (os.path.basename(r['dir']),
                                     r['splats'][0]))
    w.append('')
    open(out, 'w').write('\n'.join(w))
    print('reliability-doc: %d boards into %s' % (len(rows), out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
