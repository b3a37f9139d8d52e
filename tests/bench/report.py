#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# report.py BOOT.txt...: docs/performance.md from the lines of benchmark
# boots (tests/bench/run.sh), on stdout. Every figure is computed within
# one boot: ratios of medians to dma_mmap_coherent() in that boot, and
# bandwidths next to the kernel's own through cpu_addr in that boot.
import os
import re
import sys

WAYS = ["dma_mmap_coherent", "stateless", "buffer_a", "buffer_b", "kernel"]
BAR = {"stateless": 1.02, "buffer_a": 1.0, "buffer_b": 1.3}
POLICY = ["remap", "fault", "colour", "dma", "refuse"]
HUGE_MIN = 64 << 20


def kv(line):
    return dict(re.findall(r'(\w+)=("[^"]*"|\S+)', line))


def load(path):
    boot = {"host": {}, "info": {}, "setup": {}, "data": {}, "skip": []}
    for line in open(path, encoding="utf-8", errors="replace"):
        tag, _, rest = line.strip().partition(" ")
        d = {k: v.strip('"') for k, v in kv(rest).items()}
        if tag == "bench-host:":
            boot["host"].update(d)
        elif tag == "bench-info:":
            boot["info"] = d
        elif tag == "bench-setup:":
            boot["setup"][int(d["size"])] = d
        elif tag == "bench-skip:":
            boot["skip"].append(rest)
        elif tag == "bench:":
            key = (int(d["size"]), d["way"], d["metric"])
            boot["data"][key] = tuple(int(d[k]) for k in
                                      ("median", "min", "max"))
    return boot


def size_name(n):
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return "%d %s" % (n >> shift, unit)
    return "%d B" % n


def us(ns):
    return "%.0f" % (ns / 1000.0) if ns >= 10000 else "%.1f" % (ns / 1000.0)


def ratio(boot, size, way, metric):
    d = boot["data"]
    ref = d.get((size, "dma_mmap_coherent", metric))
    got = d.get((size, way, metric))
    if not ref or not got or not ref[0]:
        return None
    return got[0] / ref[0]


def mbps(boot, size, way, metric):
    got = boot["data"].get((size, way, metric))
    if not got or not got[0]:
        return None
    return size / (got[0] / 1e9) / 1e6


def fmt_ratio(r, bar=None):
    if r is None:
        return "-"
    s = "%.2f" % r
    if bar is not None and r > bar:
        s += " ✗"
    return s


def sizes(boot):
    return sorted({k[0] for k in boot["data"]})


def name(boot):
    h = boot["host"]
    return "%s @ %s" % (h.get("board", "?"), h.get("kver", "?"))


def summary_row(boot):
    cells = [name(boot), boot["info"].get("release", "?"),
             "%s-%s" % (size_name(sizes(boot)[0]), size_name(sizes(boot)[-1]))]
    for way in ("stateless", "buffer_a", "buffer_b"):
        rs = [ratio(boot, s, way, "map_touch1") for s in sizes(boot)]
        rs = [r for r in rs if r is not None]
        worst = max(rs) if rs else None
        over = sum(1 for r in rs if r > BAR[way])
        cells.append("%s (%d/%d over)" % (fmt_ratio(worst), over, len(rs)))
    big = [s for s in sizes(boot) if s >= HUGE_MIN]
    speed = []
    for way in ("buffer_a", "buffer_b"):
        rs = [ratio(boot, s, way, "map_touch1") for s in big]
        rs = [r for r in rs if r]
        speed.append("%.1fx" % (1 / max(rs)) if rs else "-")
    cells.append(" / ".join(speed))
    bw = []
    for metric in ("copy_out", "copy_in"):
        rs = []
        for s in sizes(boot):
            k = mbps(boot, s, "kernel", metric)
            u = mbps(boot, s, "buffer_b", metric)
            if k and u and s >= 1 << 20:
                rs.append(u / k)
        bw.append("%.2f-%.2f" % (min(rs), max(rs)) if rs else "-")
    cells.append(" / ".join(bw))
    return "| " + " | ".join(cells) + " |"


def boot_section(boot):
    out = []
    h, info = boot["host"], boot["info"]
    out.append("### %s (guest kernel %s)\n" % (name(boot), info.get("release", "?")))
    out.append("Measured %s; QEMU machine `%s`; host load at the end %s; "
               "%s repetitions per way and size, interleaved.\n" %
               (h.get("date", "?"), h.get("machine", "?"), h.get("load", "?"),
                info.get("reps", "?")))
    pol = {}
    for s, d in sorted(boot["setup"].items()):
        pol.setdefault((d["policy_a"], d["policy_b"], d["why_b"]), []).append(s)
    for (a, b, why), ss in pol.items():
        out.append("Buffers: (a) policy %s, (b) policy %s (%s).\n" %
                   (POLICY[int(a)], POLICY[int(b)], why))
    out.append("Physically contiguous runs per buffer (a/b): " +
               ", ".join("%s %s/%s" % (size_name(s), d["runs_a"], d["runs_b"])
                         for s, d in sorted(boot["setup"].items())) + ".\n")
    for line in boot["skip"]:
        out.append("Stopped: `%s`.\n" % line)

    out.append("mmap() plus first touch (one word per page): median of "
               "`dma_mmap_coherent()` in µs (min-max), then each way's "
               "median as a ratio to it (✗: over the bar), and the page "
               "faults the first touch took.\n")
    out.append("| size | dma_mmap_coherent µs | stateless (≤1.02) | "
               "buffer (a) (≤1.0) | buffer (b) (≤1.3) | faults (a)/(b) | "
               "kernel touch via cpu_addr |")
    out.append("|---|---|---|---|---|---|---|")
    for s in sizes(boot):
        ref = boot["data"].get((s, "dma_mmap_coherent", "map_touch1"))
        fa = boot["data"].get((s, "buffer_a", "faults1"), (0,))[0]
        fb = boot["data"].get((s, "buffer_b", "faults1"), (0,))[0]
        out.append("| %s | %s (%s-%s) | %s | %s | %s | %d/%d | %s |" % (
            size_name(s), us(ref[0]), us(ref[1]), us(ref[2]),
            fmt_ratio(ratio(boot, s, "stateless", "map_touch1"), BAR["stateless"]),
            fmt_ratio(ratio(boot, s, "buffer_a", "map_touch1"), BAR["buffer_a"]),
            fmt_ratio(ratio(boot, s, "buffer_b", "map_touch1"), BAR["buffer_b"]),
            fa, fb, fmt_ratio(ratio(boot, s, "kernel", "map_touch1"))))
    out.append("")
    out.append("The other steps, as ratios to `dma_mmap_coherent()` "
               "(mmap / second touch / munmap):\n")
    out.append("| size | dma µs (mmap / touch2 / munmap) | stateless | "
               "buffer (a) | buffer (b) |")
    out.append("|---|---|---|---|---|")
    for s in sizes(boot):
        d = boot["data"]
        ref = [d.get((s, "dma_mmap_coherent", m), (0,))[0]
               for m in ("mmap", "touch2", "munmap")]
        cells = [size_name(s), " / ".join(us(x) for x in ref)]
        for way in ("stateless", "buffer_a", "buffer_b"):
            cells.append(" / ".join(fmt_ratio(ratio(boot, s, way, m))
                                    for m in ("mmap", "touch2", "munmap")))
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    out.append("memcpy() bandwidth, MB/s, out of / into the buffer: the "
               "kernel through cpu_addr, user space through each mapping "
               "(in brackets: the ratio to the kernel's).\n")
    out.append("| size | kernel (cpu_addr) | dma_mmap_coherent | stateless | "
               "buffer (a) | buffer (b) |")
    out.append("|---|---|---|---|---|---|")
    for s in sizes(boot):
        cells = [size_name(s)]
        for way in WAYS[-1:] + WAYS[:-1]:
            parts = []
            for m in ("copy_out", "copy_in"):
                v = mbps(boot, s, way, m)
                k = mbps(boot, s, "kernel", m)
                if v is None:
                    parts.append("-")
                elif way == "kernel" or not k:
                    parts.append("%.0f" % v)
                else:
                    parts.append("%.0f (%.2f)" % (v, v / k))
            cells.append(" / ".join(parts))
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return "\n".join(out)


def main(paths):
    boots = [load(p) for p in paths]
    boots = [b for b in boots if b["data"]]
    h = boots[0]["host"] if boots else {}
    kvm = "present" if os.path.exists("/dev/kvm") else "absent"
    virt = "no"
    try:
        flags = open("/proc/cpuinfo").read()
        virt = "yes" if re.search(r"\b(vmx|svm)\b", flags) else "no"
    except OSError:
        pass
    print("<!-- SPDX-License-Identifier: GPL-2.0 -->")
    print("<!-- Generated by make bench (tests/bench/report.py): do not edit. -->")
    print("# Performance: cohmap against dma_mmap_coherent()\n")
    print("Host: %s, %s CPUs, %s, TCG (no KVM: `/dev/kvm` %s on this machine, "
          "CPU virtualisation flags: %s). Boots: %s.\n" %
          (h.get("cpu", "?"), h.get("cpus", "?"), h.get("qemu", "?"), kvm,
           virt, ", ".join("%s (%s)" % (name(b), b["host"].get("date", "?"))
                           for b in boots)))
    print(open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "report-head.md")).read())
    print("## Summary\n")
    print("Worst median ratio over all sizes of mmap() plus first touch, "
          "with how many sizes are over the bar; the speed-up over "
          "`dma_mmap_coherent()` at 64 MiB and above (worst size); and "
          "user memcpy bandwidth through buffer (b) over the kernel's "
          "through cpu_addr (out / in, range over sizes of 1 MiB and up).\n")
    print("| board @ kernel | release | sizes | stateless (≤1.02) | "
          "buffer (a) (≤1.0) | buffer (b) (≤1.3) | ≥64 MiB speed-up (a) / (b) | "
          "user/kernel memcpy out / in |")
    print("|---|---|---|---|---|---|---|---|")
    for b in boots:
        print(summary_row(b))
    print("\n## Per board\n")
    for b in boots:
        print(boot_section(b))


if __name__ == "__main__":
    main(sys.argv[1:])
