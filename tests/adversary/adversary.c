// SPDX-License-Identifier: GPL-2.0
/*
 * cohmap adversary: a seeded random user process against the cohmap_edu
 * sample driver, run by the test kernel's /init after the end-to-end suite.
 *
 * It keeps a model of what it asked for: a few open files, each with at
 * most one buffer of random size and flags, the device's static buffer,
 * and every mapping it holds (address, length, buffer offset, prot, and
 * which allocation of the buffer it maps). Each buffer has a shadow copy:
 * the kernel fills it through its own mapping (COHMAP_EDU_KRW) with an
 * offset-keyed pattern, and the shadow follows every write that succeeds
 * (user stores, kernel writes, O_DIRECT reads into a mapping).
 *
 * The oracle, checked after every operation that can disturb it:
 *  - a mapping that was made shows exactly its buffer's shadow bytes at
 *    the right offsets; bytes past the buffer's size but inside its last
 *    page read as the DMA layer left them (zero) or as this program wrote
 *    them; the kernel's view (KRW read) equals the shadow;
 *  - an mmap() that asks for anything beyond a buffer, MAP_PRIVATE, a
 *    writable view of a read-only buffer, or an impossible length/offset
 *    fails, with an errno that mmap(2) or cohmap_check_map() /
 *    cohmap_buffer_mmap() document for that reason (docs/api.rst), and a
 *    valid request succeeds;
 *  - once a buffer is freed, every access through its old mappings is a
 *    SIGBUS, and no side door (fork, /proc/self/mem, ptrace,
 *    process_vm_readv, O_DIRECT) shows its bytes.
 *
 * Each violation is printed with the operation number and its exact
 * parameters; the seed is printed first, so ADV_SEED=... replays the run.
 * Budget: ADV_OPS operations or ADV_SECONDS seconds, whichever ends
 * first (/cohmap-adv.conf, or the environment). Output is KTAP: one result
 * per kind of operation, failed if that kind saw a violation.
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include "adv.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE	0x03
#endif
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP	4
#endif

#define NFILES		3	/* file 2 is opened read-only */
#define NBUFS		(NFILES + 1)
#define STATIC_B	NFILES	/* bufs[] index of the static buffer */
#define NMAPS		32
#define MAX_PRINTED	60	/* violations printed; all are counted */
#define WIN		(2 * PG)	/* bytes checked per verification */

enum op {
	OP_ALLOC, OP_FREE, OP_MMAP, OP_VERIFY, OP_UWRITE, OP_KWRITE,
	OP_KREAD, OP_MREMAP, OP_MPROTECT, OP_MUNMAP, OP_MADVISE, OP_MLOCK,
	OP_FIXED, OP_FORK, OP_PVM, OP_PROCMEM, OP_PTRACE, OP_ODIRECT,
	NR_OPS
};

static const struct {
	const char *name;
	int weight;
} ops[NR_OPS] = {
	[OP_ALLOC] = { "alloc", 6 },
	[OP_FREE] = { "free", 3 },
	[OP_MMAP] = { "mmap", 30 },
	[OP_VERIFY] = { "verify", 14 },
	[OP_UWRITE] = { "user_write", 8 },
	[OP_KWRITE] = { "kernel_write", 4 },
	[OP_KREAD] = { "kernel_read", 4 },
	[OP_MREMAP] = { "mremap", 5 },
	[OP_MPROTECT] = { "mprotect", 5 },
	[OP_MUNMAP] = { "munmap", 5 },
	[OP_MADVISE] = { "madvise", 4 },
	[OP_MLOCK] = { "mlock", 3 },
	[OP_FIXED] = { "map_fixed", 4 },
	[OP_FORK] = { "fork", 1 },
	[OP_PVM] = { "process_vm_readv", 2 },
	[OP_PROCMEM] = { "proc_self_mem", 2 },
	[OP_PTRACE] = { "ptrace_peekdata", 1 },
	[OP_ODIRECT] = { "o_direct", 2 },
};

struct stat_ops {
	unsigned long tried, done, refused, violations;
	char skip[128];
};

struct vbuf {
	int live;
	u64 size;
	u32 flags;
	u32 gen;		/* bumped by every ALLOC and FREE */
	u8 *shadow;		/* PAGE_UP(size) bytes */
};

struct vmap {
	int used;
	u8 *addr;
	u64 len;		/* a page multiple */
	u64 boff;		/* buffer offset of the first byte */
	int b;			/* bufs[] index */
	int f;			/* the file it was mapped through */
	u32 gen;		/* the allocation it maps: stale means revoked */
	int prot;
	int nofork;		/* MADV_DONTFORK, or an exclusive buffer */
	int ro;			/* VM_MAYWRITE is off: never writable */
	int zapped;		/* MADV_DONTNEED emptied it for good */
};

static int fds[NFILES];
static struct vbuf bufs[NBUFS];
static struct vmap maps[NMAPS];
static struct stat_ops st[NR_OPS];
static u64 rs;
static unsigned long opno, printed, total_viol, sigbus_seen, sigsegv_seen;
static enum op cur;
static int mem_fd = -1, odirect_fd = -1;
static u8 tmp[64 * 1024], tmp2[64 * 1024];
static int in_child;

static u64 rnd(u64 n)
{
	return n ? rng_next(&rs) % n : 0;
}

static int chance(int pct)
{
	return (int)rnd(100) < pct;
}

static void viol(const char *fmt, ...)
{
	va_list ap;

	st[cur].violations++;
	total_viol++;
	if (printed++ >= MAX_PRINTED)
		return;
	printf("# VIOLATION op#%lu %s%s: ", opno, ops[cur].name,
	       in_child ? " (child)" : "");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static const char *bname(int b)
{
	static char s[4][80];
	static int k;
	char *p = s[k++ & 3];

	if (b == STATIC_B)
		snprintf(p, 80, "static(%llu)", (unsigned long long)STATIC_SIZE);
	else
		snprintf(p, 80, "file%d:buf(size=%llu,flags=%#x,gen=%u%s)", b,
			 (unsigned long long)bufs[b].size, bufs[b].flags,
			 bufs[b].gen, bufs[b].live ? "" : ",none");
	return p;
}

static const char *mname(const struct vmap *m)
{
	static char s[4][200];
	static int k;
	char *p = s[k++ & 3];

	snprintf(p, 200, "map[%p+%#llx boff=%#llx prot=%#x gen=%u of %s]",
		 m->addr, (unsigned long long)m->len,
		 (unsigned long long)m->boff, m->prot, m->gen, bname(m->b));
	return p;
}

static int revoked(const struct vmap *m)
{
	return m->b != STATIC_B && m->gen != bufs[m->b].gen;
}

/* Can never be written: a read-only buffer, or an O_RDONLY file. */
static int map_ro(const struct vmap *m)
{
	return m->ro;
}

static struct vmap *pick_map(void)
{
	int i, n = 0, k;

	for (i = 0; i < NMAPS; i++)
		n += maps[i].used;
	if (!n)
		return NULL;
	k = rnd(n);
	for (i = 0; i < NMAPS; i++)
		if (maps[i].used && !k--)
			return &maps[i];
	return NULL;
}

static struct vmap *free_slot(void)
{
	int i;

	for (i = 0; i < NMAPS; i++)
		if (!maps[i].used)
			return &maps[i];
	return NULL;
}

/* ---- the oracle for one window of a mapping ---- */

/*
 * Check [@off, @off + @len) of @m by reading it: revoked mappings must
 * SIGBUS on the first byte, PROT_NONE ones SIGSEGV, live ones show the
 * shadow. @what says who asked, for the violation line.
 */
static void check_window(const struct vmap *m, u64 off, u64 len,
			 const char *what)
{
	const struct vbuf *b = &bufs[m->b];
	int sig;
	u64 i;

	if (len > sizeof(tmp))
		len = sizeof(tmp);
	memset(tmp, 0, len);
	sig = acc_copy(tmp, m->addr + off, len);
	if (sig == SIGBUS)
		sigbus_seen++;
	else if (sig == SIGSEGV)
		sigsegv_seen++;

	if (!(m->prot & (PROT_READ | PROT_WRITE | PROT_EXEC))) {
		if (sig != SIGSEGV)
			viol("%s: PROT_NONE %s at +%#llx: signal %d, expected SIGSEGV",
			     what, mname(m), (unsigned long long)off, sig);
		return;
	}
	if (revoked(m)) {
		if (sig == SIGSEGV)
			viol("%s: freed buffer's %s at +%#llx: SIGSEGV, expected SIGBUS",
			     what, mname(m), (unsigned long long)off);
		else if (sig != SIGBUS)
			viol("%s: freed buffer's %s still readable at +%#llx (byte %#x)",
			     what, mname(m), (unsigned long long)off, tmp[0]);
		return;
	}
	/*
	 * Where the DMA layer mapped the static buffer page by page (a
	 * VM_MIXEDMAP vma, under an IOMMU) nothing refaults what
	 * MADV_DONTNEED dropped: SIGBUS, never other bytes.
	 */
	if (sig == SIGBUS && m->zapped)
		return;
	if (sig && (m->prot & PROT_READ)) {
		viol("%s: %s at +%#llx len %#llx: signal %d on a live mapping",
		     what, mname(m), (unsigned long long)off,
		     (unsigned long long)len, sig);
		return;
	}
	if (sig)	/* write- or exec-only: the arch may refuse reads */
		return;
	for (i = 0; i < len; i++) {
		u64 bo = m->boff + off + i;

		if (tmp[i] != b->shadow[bo]) {
			int poison = tmp[i] == (u8)POISON;

			viol("%s: %s byte +%#llx (buffer offset %#llx%s) is %#x, expected %#x%s",
			     what, mname(m), (unsigned long long)(off + i),
			     (unsigned long long)bo,
			     bo >= b->size ? ", past size" : "", tmp[i],
			     b->shadow[bo],
			     poison ? " (the driver's free poison)" : "");
			return;
		}
	}
}

static void check_map(const struct vmap *m, const char *what)
{
	u64 off = 0, len = m->len;

	if (len > WIN) {
		off = rnd(m->len / PG) * PG;
		len = m->len - off < WIN ? m->len - off : WIN;
	}
	check_window(m, off, len, what);
	/* The last byte, where a bounds mistake would show first. */
	if (off + len < m->len)
		check_window(m, m->len - 1, 1, what);
}

/* ---- what mmap() must do, from the model ---- */

#define MAX_ERRNO	160
#define UNKNOWN_FLAGS	0x3c80000	/* see unknown[] */

struct expect {
	int must_fail;		/* some reason to refuse applies */
	u8 allowed[MAX_ERRNO];	/* errnos a refusal may give */
	const char *why;
	int b;			/* buffer the mapping would show */
	u64 boff;
};

static int map_overlaps(u8 *addr, u64 len)
{
	int i;

	for (i = 0; i < NMAPS; i++)
		if (maps[i].used && addr < maps[i].addr + maps[i].len &&
		    maps[i].addr < addr + len)
			return 1;
	return 0;
}

static void allow(struct expect *e, int err)
{
	if (err > 0 && err < MAX_ERRNO)
		e->allowed[err] = 1;
}

static int allowed(const struct expect *e, int err)
{
	return err > 0 && err < MAX_ERRNO && e->allowed[err];
}

static void reason(struct expect *e, int err, const char *why)
{
	e->must_fail = 1;
	allow(e, err);
	if (!e->why)
		e->why = why;
}

static struct expect predict(int f, u64 len, u64 off, int prot, int flags,
			     u8 *fixed)
{
	struct expect e = { 0 };
	u64 alen = len > ~0ULL - (PG - 1) ? 0 : PAGE_UP(len), end;
	int type = flags & 0x0f;
	int shared = type == MAP_SHARED || type == MAP_SHARED_VALIDATE;

	/* Not reasons, but documented and possible: mmap(2). */
	if (prot & PROT_EXEC)
		allow(&e, EPERM);	/* noexec mount */
	if (flags & MAP_LOCKED)
		allow(&e, EAGAIN);

	if (off & (PG - 1))
		reason(&e, EINVAL, "unaligned offset");
	if (!len)
		reason(&e, EINVAL, "zero length");
	if (len && !alen)
		reason(&e, ENOMEM, "length beyond the address space");
	/* Lengths no free range can hold (arm64 may have 39-bit VAs). */
	if (!alen || alen > (1ULL << 30))
		allow(&e, ENOMEM);
	if (type == MAP_SHARED_VALIDATE && (flags & UNKNOWN_FLAGS))
		reason(&e, EOPNOTSUPP, "MAP_SHARED_VALIDATE with unknown flags");
	if (alen && off > ~0ULL - alen)
		reason(&e, EOVERFLOW, "offset + length overflows");
	if (fixed && (flags & MAP_FIXED_NOREPLACE) && map_overlaps(fixed, alen))
		reason(&e, EEXIST, "MAP_FIXED_NOREPLACE over a live mapping");
	if (f == 2 && shared && (prot & PROT_WRITE))
		reason(&e, EACCES, "writable shared mapping of an O_RDONLY file");

	/* The driver and cohmap. */
	if (off >= STATIC_OFF) {
		e.b = STATIC_B;
		e.boff = off - STATIC_OFF;
		if (!alen || e.boff > ~0ULL - alen ||
		    e.boff + alen > STATIC_SIZE)
			reason(&e, ENXIO, "beyond the static buffer");
	} else {
		e.b = f;
		e.boff = off;
		if (!bufs[f].live) {
			reason(&e, ENXIO, "file has no buffer");
		} else {
			end = e.boff + alen;
			if (!alen || end < e.boff ||
			    end > PAGE_UP(bufs[f].size))
				reason(&e, ENXIO, "beyond the buffer");
			if (shared && (bufs[f].flags & COHMAP_EDU_F_RDONLY) &&
			    (prot & PROT_WRITE))
				reason(&e, EPERM, "writable mapping of a read-only buffer");
		}
	}
	if (!shared)
		reason(&e, EINVAL, "MAP_PRIVATE");
	return e;
}

static u64 pick_len(int b)
{
	u64 size = b == STATIC_B ? STATIC_SIZE :
		   bufs[b].live ? bufs[b].size : 3 * PG;

	switch (rnd(16)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return PG - 1;
	case 3: return PG + 1;
	case 4: return size;
	case 5: return PAGE_UP(size) + PG;		/* past the end */
	case 6: return PAGE_UP(size) + 1;
	case 7: return ~0ULL;				/* near ULONG_MAX */
	case 8: return ~0ULL - PG + 2;
	case 9: return 1ULL << (40 + rnd(23));
	case 10: return 1 + rnd(3 * size);		/* unaligned */
	default: return PG * (1 + rnd(PAGE_UP(size) / PG));
	}
}

static u64 pick_off(int b)
{
	u64 size = b == STATIC_B ? STATIC_SIZE :
		   bufs[b].live ? bufs[b].size : 3 * PG;
	u64 base = b == STATIC_B ? STATIC_OFF : 0;

	switch (rnd(16)) {
	case 0: return base + 1 + rnd(PG - 1);		/* unaligned */
	case 1: return base + PAGE_UP(size);		/* at the end */
	case 2: return base + PAGE_UP(size) + PG * rnd(4);
	case 3: return 1ULL << 63;			/* near 2^63 */
	case 4: return (1ULL << 63) - PG;
	case 5: return (1ULL << 63) + PG * rnd(8);
	case 6: return ~0ULL & ~(PG - 1);		/* overflows shifted */
	case 7: return (~0ULL >> 12) << 12;
	case 8: return ((1ULL << 52) - 1) << 12;
	case 9: return STATIC_OFF - PG;
	default: return base + PG * rnd(PAGE_UP(size) / PG);
	}
}

static int pick_prot(void)
{
	static const int p[] = {
		PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE,
		PROT_READ | PROT_WRITE, PROT_NONE, PROT_READ | PROT_EXEC,
		PROT_READ | PROT_WRITE | PROT_EXEC, PROT_WRITE,
	};

	return p[rnd(ARRAY_SIZE(p))];
}

/*
 * Flags MAP_SHARED_VALIDATE must refuse: MAP_SYNC (this driver does not
 * offer it) and bits no kernel here defines (the MAP_HUGE_* size bits,
 * 26-31, are known to it even without MAP_HUGETLB).
 */
static const int unknown[] = { 0x80000, 0x400000, 0x800000, 0x1000000,
			       0x2000000 };

static int pick_flags(void)
{
	int f, r = rnd(20);

	f = r < 15 ? MAP_SHARED : r < 17 ? MAP_PRIVATE : MAP_SHARED_VALIDATE;
	if (f == MAP_SHARED_VALIDATE && chance(50))
		f |= unknown[rnd(ARRAY_SIZE(unknown))];
	if (chance(10))
		f |= MAP_POPULATE;
	if (chance(8))
		f |= MAP_LOCKED;
	if (chance(5))
		f |= MAP_NORESERVE;
	return f;
}

/* An mmap() request, as a violation line shows it. */
static const char *req(int f, u64 len, u64 off, int prot, int flags,
		       u8 *fixed, int b)
{
	static char s[256];

	snprintf(s, sizeof(s),
		 "file%d len=%#llx off=%#llx prot=%#x flags=%#x%s on %s", f,
		 (unsigned long long)len, (unsigned long long)off, prot, flags,
		 fixed ? " fixed" : "", bname(b));
	return s;
}

/*
 * One mmap() and its judgement; on success the mapping joins the model
 * (in @slot). Returns the mapping or NULL.
 */
static struct vmap *do_map(int f, u64 len, u64 off, int prot, int flags,
			   u8 *fixed, struct vmap *slot)
{
	struct expect e = predict(f, len, off, prot, flags, fixed);
	void *p;
	int err;

	st[cur].tried++;
	if (fixed && !(flags & MAP_FIXED_NOREPLACE))
		flags |= MAP_FIXED;
	p = mmap(fixed, len, prot, flags, fds[f], (off_t)off);
	err = errno;
	if (p == MAP_FAILED) {
		st[cur].refused++;
		if (!e.must_fail)
			viol("%s: refused (%s), expected success",
			     req(f, len, off, prot, flags, fixed, e.b),
			     strerror(err));
		else if (!allowed(&e, err))
			viol("%s: refused with %s, which nothing documents for \"%s\"",
			     req(f, len, off, prot, flags, fixed, e.b),
			     strerror(err), e.why);
		return NULL;
	}
	st[cur].done++;
	if (e.must_fail) {
		viol("%s: mapped at %p although %s",
		     req(f, len, off, prot, flags, fixed, e.b), p, e.why);
		/* Whatever it shows must not be readable past the buffer. */
		munmap(p, PAGE_UP(len));
		return NULL;
	}
	slot->used = 1;
	slot->addr = p;
	slot->len = PAGE_UP(len);
	slot->boff = e.boff;
	slot->b = e.b;
	slot->f = f;
	slot->gen = bufs[e.b].gen;
	slot->prot = prot;
	slot->nofork = e.b != STATIC_B &&
		       (bufs[e.b].flags & COHMAP_EDU_F_EXCLUSIVE);
	slot->ro = f == 2 || (e.b != STATIC_B &&
			      (bufs[e.b].flags & COHMAP_EDU_F_RDONLY));
	slot->zapped = 0;
	check_map(slot, "new mapping");
	return slot;
}

/* ---- operations ---- */

static void kfill(int b, u64 off, u64 len, unsigned int seed)
{
	int is_static = b == STATIC_B, f = is_static ? 0 : b, ret;

	fill_at(tmp2, off, len, seed);
	ret = ioc_krw(fds[f], off, len, tmp2, 1, is_static);
	if (ret) {
		viol("KRW write of %#llx bytes at %#llx of %s: %s",
		     (unsigned long long)len, (unsigned long long)off,
		     bname(b), strerror(-ret));
		return;
	}
	memcpy(bufs[b].shadow + off, tmp2, len);
}

static void op_alloc(void)
{
	static const u64 sizes[] = { 1, 100, PG - 1, PG, PG + 1, 3 * PG,
				     5 * PG + 123, 16 * PG };
	int f = rnd(NFILES), ret, bad = 0;
	struct vbuf *b = &bufs[f];
	u64 size;
	u32 flags = rnd(8);

	size = chance(50) ? sizes[rnd(ARRAY_SIZE(sizes))] : 1 + rnd(16 * PG);
	if (chance(3)) {
		size = chance(50) ? 0 : STATIC_OFF + 1;
		bad = 1;
	}
	if (chance(3)) {
		flags |= 8 << rnd(20);
		bad = 1;
	}
	st[cur].tried++;
	ret = ioc_alloc(fds[f], size, flags);
	if (ret) {
		st[cur].refused++;
		if (!(bad && ret == -EINVAL) && !(b->live && ret == -EEXIST))
			viol("ALLOC size=%#llx flags=%#x on %s: %s",
			     (unsigned long long)size, flags, bname(f),
			     strerror(-ret));
		return;
	}
	st[cur].done++;
	if (bad || b->live) {
		viol("ALLOC size=%#llx flags=%#x on %s succeeded", (unsigned long long)size,
		     flags, bname(f));
		return;
	}
	b->live = 1;
	b->size = size;
	b->flags = flags;
	b->gen++;
	free(b->shadow);
	/* The DMA layer hands out zeroed pages; the tail stays as it is. */
	b->shadow = calloc(1, PAGE_UP(size));
	kfill(f, 0, size, (unsigned int)rng_next(&rs));
}

static void op_free(void)
{
	int f = rnd(NFILES), ret;

	st[cur].tried++;
	ret = ioc_free(fds[f]);
	if (ret) {
		st[cur].refused++;
		if (!(ret == -ENXIO && !bufs[f].live))
			viol("FREE on %s: %s", bname(f), strerror(-ret));
		return;
	}
	st[cur].done++;
	if (!bufs[f].live)
		viol("FREE on %s with no buffer succeeded", bname(f));
	bufs[f].live = 0;
	bufs[f].gen++;
}

static void op_mmap(void)
{
	struct vmap *slot = free_slot();
	int f = rnd(NFILES), b = chance(20) ? STATIC_B : f;
	u64 off = pick_off(b), len;

	if (!slot) {
		slot = pick_map();
		munmap(slot->addr, slot->len);
		slot->used = 0;
	}
	len = pick_len(b);
	do_map(f, len, off, pick_prot(), pick_flags(), NULL, slot);
}

static void op_verify(void)
{
	struct vmap *m = pick_map();

	if (!m)
		return;
	st[cur].tried++;
	st[cur].done++;
	check_map(m, "verify");
}

static void op_uwrite(void)
{
	struct vmap *m = pick_map();
	u64 off, len, i;
	int sig;

	if (!m || !(m->prot & PROT_WRITE))
		return;
	st[cur].tried++;
	off = rnd(m->len);
	len = 1 + rnd(m->len - off < 512 ? m->len - off : 512);
	for (i = 0; i < len; i++)
		tmp2[i] = rng_next(&rs);
	sig = acc_copy(m->addr + off, tmp2, len);
	if (revoked(m)) {
		if (sig != SIGBUS)
			viol("store of %#llx bytes at +%#llx of freed buffer's %s: signal %d",
			     (unsigned long long)len, (unsigned long long)off,
			     mname(m), sig);
		else
			sigbus_seen++;
		return;
	}
	if (sig == SIGBUS && m->zapped)
		return;		/* see check_window() */
	if (sig) {
		viol("store of %#llx bytes at +%#llx of %s: signal %d",
		     (unsigned long long)len, (unsigned long long)off,
		     mname(m), sig);
		return;
	}
	st[cur].done++;
	memcpy(bufs[m->b].shadow + m->boff + off, tmp2, len);
}

static int pick_live_buf(void)
{
	int b = chance(20) ? STATIC_B : (int)rnd(NFILES);

	return b == STATIC_B || bufs[b].live ? b : -1;
}

static void op_kwrite(void)
{
	int b = pick_live_buf();
	u64 off, len;

	if (b < 0)
		return;
	st[cur].tried++;
	st[cur].done++;
	off = rnd(bufs[b].size);
	len = 1 + rnd(bufs[b].size - off);
	kfill(b, off, len, (unsigned int)rng_next(&rs));
}

static void op_kread(void)
{
	int b = pick_live_buf(), ret;
	u64 off, len, i;

	if (b < 0)
		return;
	st[cur].tried++;
	off = rnd(bufs[b].size);
	len = 1 + rnd(bufs[b].size - off);
	if (len > sizeof(tmp))
		len = sizeof(tmp);
	ret = ioc_krw(fds[b == STATIC_B ? 0 : b], off, len, tmp, 0,
		      b == STATIC_B);
	if (ret) {
		viol("KRW read of %s: %s", bname(b), strerror(-ret));
		return;
	}
	st[cur].done++;
	for (i = 0; i < len; i++)
		if (tmp[i] != bufs[b].shadow[off + i]) {
			viol("kernel view of %s differs at %#llx: %#x, user view %#x",
			     bname(b), (unsigned long long)(off + i), tmp[i],
			     bufs[b].shadow[off + i]);
			return;
		}
	/*
	 * Reading past the size must be refused: the kernel itself keeps to
	 * the buffer, so a mapping past it would be the only way out.
	 */
	ret = ioc_krw(fds[b == STATIC_B ? 0 : b], bufs[b].size, 1, tmp, 0,
		      b == STATIC_B);
	if (ret != -EINVAL)
		viol("KRW read past the end of %s: %s", bname(b),
		     strerror(-ret));
}

static void op_mremap(void)
{
	struct vmap *m = pick_map(), *n;
	void *p, *hole;
	int kind = rnd(5);

	if (!m)
		return;
	st[cur].tried++;
	switch (kind) {
	case 0:		/* grow in place, or anywhere */
	case 1:
		p = mremap(m->addr, m->len, m->len + PG * (1 + rnd(4)),
			   kind ? MREMAP_MAYMOVE : 0);
		if (p != MAP_FAILED) {
			viol("%s grew to %p (VM_DONTEXPAND)", mname(m), p);
			munmap(p, m->len + PG);
			m->used = 0;
			return;
		}
		st[cur].refused++;
		if (errno != EFAULT && errno != ENOMEM)
			viol("grow of %s: %s", mname(m), strerror(errno));
		break;
	case 2:		/* shrink */
		if (m->len < 2 * PG)
			return;
		p = mremap(m->addr, m->len, m->len - PG, 0);
		if (p == MAP_FAILED) {
			viol("shrink of %s: %s", mname(m), strerror(errno));
			return;
		}
		st[cur].done++;
		m->len -= PG;
		break;
	case 3:		/* move */
		hole = mmap(NULL, m->len, PROT_NONE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (hole == MAP_FAILED)
			return;
		p = mremap(m->addr, m->len, m->len,
			   MREMAP_MAYMOVE | MREMAP_FIXED, hole);
		if (p == MAP_FAILED) {
			viol("move of %s: %s", mname(m), strerror(errno));
			munmap(hole, m->len);
			return;
		}
		st[cur].done++;
		m->addr = p;
		break;
	default:	/* MREMAP_DONTUNMAP: refused for device mappings */
		p = mremap(m->addr, m->len, m->len,
			   MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
		if (p == MAP_FAILED) {
			st[cur].refused++;
			if (errno != EINVAL && errno != EFAULT)
				viol("DONTUNMAP of %s: %s", mname(m),
				     strerror(errno));
			break;
		}
		st[cur].done++;
		n = free_slot();
		if (!n) {
			munmap(p, m->len);
			break;
		}
		*n = *m;
		n->addr = p;
		check_map(n, "after MREMAP_DONTUNMAP (new)");
		break;
	}
	check_map(m, "after mremap");
}

static void op_mprotect(void)
{
	struct vmap *m = pick_map();
	int prot = pick_prot(), ro;

	if (!m)
		return;
	st[cur].tried++;
	ro = map_ro(m);
	if (mprotect(m->addr, m->len, prot)) {
		st[cur].refused++;
		if (!(errno == EACCES && (ro || (prot & PROT_EXEC))))
			viol("mprotect(%#x) of %s: %s", prot, mname(m),
			     strerror(errno));
		return;
	}
	st[cur].done++;
	if (ro && (prot & PROT_WRITE))
		viol("mprotect made %s writable (read-only buffer or file)",
		     mname(m));
	m->prot = prot;
	check_map(m, "after mprotect");
}

static void op_munmap(void)
{
	struct vmap *m = pick_map(), *n;
	u64 pages, k;

	if (!m)
		return;
	st[cur].tried++;
	pages = m->len / PG;
	switch (pages < 3 ? rnd(3) : rnd(4)) {
	case 0:		/* all of it */
		if (munmap(m->addr, m->len))
			goto fail;
		m->used = 0;
		break;
	case 1:		/* the first page */
		if (pages < 2)
			return;
		if (munmap(m->addr, PG))
			goto fail;
		m->addr += PG;
		m->boff += PG;
		m->len -= PG;
		break;
	case 2:		/* the last page */
		if (pages < 2)
			return;
		if (munmap(m->addr + m->len - PG, PG))
			goto fail;
		m->len -= PG;
		break;
	default:	/* a page in the middle: two mappings remain */
		n = free_slot();
		if (!n)
			return;
		k = 1 + rnd(pages - 2);
		if (munmap(m->addr + k * PG, PG))
			goto fail;
		*n = *m;
		n->addr = m->addr + (k + 1) * PG;
		n->boff = m->boff + (k + 1) * PG;
		n->len = m->len - (k + 1) * PG;
		m->len = k * PG;
		check_map(n, "after munmap (upper part)");
		break;
	}
	st[cur].done++;
	if (m->used)
		check_map(m, "after munmap");
	return;
fail:
	viol("munmap of part of %s: %s", mname(m), strerror(errno));
}

/* Does /proc/self/smaps give the vma at @addr VmFlags token @flag? */
static int vma_has_flag(const void *addr, const char *flag)
{
	char line[512], want[32];
	int in = 0, found = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return 0;
	snprintf(want, sizeof(want), "%lx-", (unsigned long)addr);
	while (fgets(line, sizeof(line), f)) {
		if (strchr(line, '-') && strchr(line, ' ') &&
		    strchr(line, '-') < strchr(line, ' '))
			in = !strncmp(line, want, strlen(want));
		else if (in && !strncmp(line, "VmFlags:", 8))
			found = !!strstr(line, flag);
	}
	fclose(f);
	return found;
}

static void op_madvise(void)
{
	static const int adv[] = { MADV_DONTNEED, MADV_DONTFORK,
				   MADV_DOFORK, MADV_WILLNEED, MADV_REMOVE,
				   MADV_FREE, MADV_NORMAL };
	struct vmap *m = pick_map();
	int a = adv[rnd(ARRAY_SIZE(adv))], excl;

	if (!m || st[cur].skip[0])
		return;
	/* An empty range: 0 wherever madvise() exists at all. */
	if (madvise(NULL, 0, MADV_NORMAL)) {
		snprintf(st[cur].skip, sizeof(st[cur].skip),
			 "madvise: %s (CONFIG_ADVISE_SYSCALLS is off in this kernel?)",
			 strerror(errno));
		return;
	}
	st[cur].tried++;
	excl = m->b != STATIC_B && (bufs[m->b].flags & COHMAP_EDU_F_EXCLUSIVE);
	if (madvise(m->addr, m->len, a)) {
		st[cur].refused++;
		/* MADV_REMOVE is fallocate(): ENODEV on a device file. */
		if (errno != EINVAL && errno != EPERM && errno != EACCES &&
		    errno != EAGAIN && !(a == MADV_REMOVE && errno == ENODEV))
			viol("madvise(%d) of %s: %s", a, mname(m),
			     strerror(errno));
	} else {
		st[cur].done++;
		if (a == MADV_DONTFORK)
			m->nofork = 1;
		if (a == MADV_DONTNEED) {
			/* cohmap's own vmas are VM_PFNMAP, where it is refused. */
			if (m->b != STATIC_B)
				viol("MADV_DONTNEED accepted on %s", mname(m));
			else if (vma_has_flag(m->addr, " mm"))
				m->zapped = 1;
		}
		if (a == MADV_DOFORK) {
			if (excl && !revoked(m))
				viol("MADV_DOFORK accepted on exclusive %s: a child would share it",
				     mname(m));
			m->nofork = excl;
		}
	}
	/* Dropping ptes of device memory must lose nothing. */
	check_map(m, "after madvise");
}

static void op_mlock(void)
{
	struct vmap *m = pick_map();
	int r;

	if (!m)
		return;
	st[cur].tried++;
	r = chance(50) ? mlock(m->addr, m->len) :
			 (int)syscall(SYS_mlock2, m->addr, m->len, 1);
	if (r) {
		st[cur].refused++;
		if (errno != ENOMEM && errno != EAGAIN && errno != EPERM)
			viol("mlock of %s: %s", mname(m), strerror(errno));
	} else {
		st[cur].done++;
	}
	check_map(m, "after mlock");
	if (munlock(m->addr, m->len))
		viol("munlock of %s: %s", mname(m), strerror(errno));
}

static void op_fixed(void)
{
	struct vmap *m = pick_map(), old;
	int f = rnd(NFILES), b = chance(20) ? STATIC_B : f, sig;
	u64 len;

	if (!m)
		return;
	old = *m;
	if (chance(40)) {
		/* Over a live mapping, with an otherwise valid request. */
		u64 off = b == STATIC_B ? STATIC_OFF : 0;

		if (do_map(f, m->len, off, PROT_READ,
			   MAP_SHARED | MAP_FIXED_NOREPLACE, m->addr, m))
			viol("MAP_FIXED_NOREPLACE replaced %s", mname(&old));
		*m = old;
		return;
	}
	/*
	 * MAP_FIXED exactly over the old mapping (never past it: that
	 * memory is not ours to replace), with any parameters.
	 */
	len = old.len;
	if (chance(20))
		len -= rnd(PG);
	else if (chance(5))
		len = 0;
	m->used = 0;
	if (do_map(f, len, pick_off(b), pick_prot(), pick_flags(), old.addr,
		   m))
		return;
	/*
	 * Refused: whether the old mapping survives depends on where it was
	 * refused (after the driver said no, 6.1 has already unmapped it).
	 * If it is still there, it must still be right.
	 */
	sig = (old.prot & PROT_READ) ? acc_copy(tmp, old.addr, 1) : SIGSEGV;
	if (sig == SIGSEGV) {
		munmap(old.addr, old.len);
		return;
	}
	*m = old;
	check_map(m, "old mapping after a refused MAP_FIXED");
}

/* The children's verdicts come back as their exit status. */
static void child_exit(void)
{
	fflush(stdout);
	_exit(total_viol > 250 ? 250 : total_viol);
}

/* Wait for the child of this op and count its violations as the op's. */
static void child_collect(pid_t pid)
{
	unsigned long v;
	int s;

	if (waitpid(pid, &s, 0) != pid) {
		v = 1;
	} else if (WIFSIGNALED(s)) {
		viol("child killed by signal %d", WTERMSIG(s));
		v = 0;
	} else {
		v = WEXITSTATUS(s);
	}
	st[cur].done++;
	st[cur].violations += v;
	total_viol += v;
}

static void op_fork(void)
{
	pid_t pid;
	int i, sig;

	st[cur].tried++;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		viol("fork: %s", strerror(errno));
		return;
	}
	if (!pid) {
		in_child = 1;
		total_viol = 0;
		for (i = 0; i < NMAPS; i++) {
			struct vmap *m = &maps[i];

			if (!m->used)
				continue;
			if (m->nofork) {
				sig = acc_copy(tmp, m->addr, 1);
				if (sig != SIGSEGV)
					viol("%s not inherited, yet the child reads it (signal %d)",
					     mname(m), sig);
				continue;
			}
			check_map(m, "in a child");
		}
		/* An exclusive buffer the parent maps is not the child's. */
		for (i = 0; i < NFILES; i++) {
			int j, mapped = 0;
			void *p;

			if (!bufs[i].live ||
			    !(bufs[i].flags & COHMAP_EDU_F_EXCLUSIVE))
				continue;
			for (j = 0; j < NMAPS; j++)
				mapped |= maps[j].used && maps[j].b == i &&
					  !revoked(&maps[j]);
			p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fds[i], 0);
			if (p != MAP_FAILED && mapped)
				viol("child mapped exclusive %s that its parent maps",
				     bname(i));
			else if (p == MAP_FAILED && errno != EBUSY)
				viol("child mmap of exclusive %s: %s", bname(i),
				     strerror(errno));
			else if (p == MAP_FAILED && !mapped)
				viol("child mmap of exclusive %s, unmapped by its parent: EBUSY",
				     bname(i));
		}
		child_exit();
	}
	child_collect(pid);
}

static void op_pvm(void)
{
	struct vmap *m = pick_map();
	struct iovec l = { tmp, PG }, r;
	ssize_t n;
	u64 i;

	if (!m || st[cur].skip[0])
		return;
	st[cur].tried++;
	r.iov_base = m->addr;
	r.iov_len = PG;
	n = process_vm_readv(getpid(), &l, 1, &r, 1, 0);
	/* EFAULT, EIO: device memory has no pages to pin. */
	if (n < 0 && (errno == EFAULT || errno == EIO)) {
		st[cur].refused++;
		return;
	}
	/* Anything else: the kernel has no process_vm_readv(). */
	if (n < 0) {
		snprintf(st[cur].skip, sizeof(st[cur].skip),
			 "process_vm_readv: %s (CONFIG_CROSS_MEMORY_ATTACH is off in this kernel?)",
			 strerror(errno));
		st[cur].tried--;
		return;
	}
	st[cur].done++;
	if (n && (revoked(m) || !(m->prot & PROT_READ)))
		viol("process_vm_readv read %zd bytes of %s", n, mname(m));
	else
		for (i = 0; i < (u64)n; i++)
			if (tmp[i] != bufs[m->b].shadow[m->boff + i]) {
				viol("process_vm_readv of %s: byte %#llx is %#x, expected %#x",
				     mname(m), (unsigned long long)i, tmp[i],
				     bufs[m->b].shadow[m->boff + i]);
				break;
			}
}

/*
 * /proc/self/mem goes through access_remote_vm() with FOLL_FORCE: it may
 * refuse device memory (EIO), but what it reads must be right, and it
 * must never write a read-only buffer.
 */
static void op_procmem(void)
{
	struct vmap *m = pick_map();
	u64 off, len, i;
	ssize_t n;
	u8 v;

	if (!m)
		return;
	if (mem_fd < 0)
		mem_fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
	if (mem_fd < 0) {
		snprintf(st[cur].skip, sizeof(st[cur].skip),
			 "/proc/self/mem: %s", strerror(errno));
		return;
	}
	st[cur].tried++;
	off = rnd(m->len);
	len = 1 + rnd(m->len - off < 256 ? m->len - off : 256);
	if (chance(70)) {
		n = pread(mem_fd, tmp, len, (off_t)(uintptr_t)(m->addr + off));
		if (n < 0) {
			st[cur].refused++;
			if (errno != EIO && errno != EFAULT)
				viol("read of %s via /proc/self/mem: %s",
				     mname(m), strerror(errno));
			return;
		}
		st[cur].done++;
		if (n && revoked(m)) {
			viol("/proc/self/mem read %zd bytes of freed buffer's %s",
			     n, mname(m));
			return;
		}
		for (i = 0; i < (u64)n; i++)
			if (tmp[i] != bufs[m->b].shadow[m->boff + off + i]) {
				viol("/proc/self/mem read of %s: +%#llx is %#x, expected %#x",
				     mname(m), (unsigned long long)(off + i),
				     tmp[i],
				     bufs[m->b].shadow[m->boff + off + i]);
				return;
			}
		return;
	}
	v = rng_next(&rs);
	n = pwrite(mem_fd, &v, 1, (off_t)(uintptr_t)(m->addr + off));
	if (n < 0) {
		st[cur].refused++;
		if (errno != EIO && errno != EFAULT)
			viol("write of %s via /proc/self/mem: %s", mname(m),
			     strerror(errno));
		return;
	}
	st[cur].done++;
	if (revoked(m) || map_ro(m))
		viol("/proc/self/mem wrote %s%s", mname(m),
		     revoked(m) ? " (freed)" : " (read-only)");
	else
		bufs[m->b].shadow[m->boff + off] = v;
	check_window(m, off, 1, "after /proc/self/mem write");
}

/* A child attaches to us and peeks a word of a mapping. */
static void op_ptrace(void)
{
	struct vmap *m = pick_map();
	pid_t parent = getpid(), pid;

	if (!m)
		return;
	st[cur].tried++;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return;
	if (!pid) {
		u64 off = rnd(m->len / sizeof(long)) * sizeof(long);
		long word;
		int s;

		in_child = 1;
		total_viol = 0;
		if (ptrace(PTRACE_ATTACH, parent, NULL, NULL)) {
			viol("PTRACE_ATTACH: %s", strerror(errno));
			_exit(1);
		}
		waitpid(parent, &s, __WALL);
		errno = 0;
		word = ptrace(PTRACE_PEEKDATA, parent, m->addr + off, NULL);
		if (errno) {
			if (errno != EIO && errno != EFAULT)
				viol("PEEKDATA of %s: %s", mname(m),
				     strerror(errno));
		} else if (revoked(m)) {
			viol("PEEKDATA read freed buffer's %s", mname(m));
		} else if (memcmp(&word, bufs[m->b].shadow + m->boff + off,
				  sizeof(word))) {
			viol("PEEKDATA of %s at +%#llx: %#lx differs from the buffer",
			     mname(m), (unsigned long long)off,
			     (unsigned long)word);
		}
		if (map_ro(m) &&
		    !ptrace(PTRACE_POKEDATA, parent, m->addr + off, (void *)0))
			viol("POKEDATA wrote read-only buffer's %s", mname(m));
		ptrace(PTRACE_DETACH, parent, NULL, NULL);
		child_exit();
	}
	child_collect(pid);
}

/*
 * O_DIRECT from and into a mapping: the block layer pins user pages, which
 * a device mapping has none of (EFAULT); if it works, the bytes must be
 * the buffer's. Needs a filesystem that takes O_DIRECT.
 */
static void op_odirect(void)
{
	struct vmap *m = pick_map();
	u64 off, i;
	ssize_t n;

	if (!m || st[cur].skip[0])
		return;
	if (odirect_fd < 0) {
		odirect_fd = open("/adv-odirect", O_RDWR | O_CREAT | O_DIRECT |
				  O_CLOEXEC, 0600);
		if (odirect_fd < 0) {
			snprintf(st[cur].skip, sizeof(st[cur].skip),
				 "O_DIRECT open of a file on / (initramfs rootfs): %s",
				 strerror(errno));
			return;
		}
	}
	st[cur].tried++;
	off = rnd(m->len / PG) * PG;
	if (chance(50)) {
		n = pwrite(odirect_fd, m->addr + off, PG, 0);
		if (n < 0) {
			st[cur].refused++;
			if (errno != EFAULT && errno != EINVAL)
				viol("O_DIRECT write from %s: %s", mname(m),
				     strerror(errno));
			return;
		}
		st[cur].done++;
		if (n && (revoked(m) || !(m->prot & PROT_READ))) {
			viol("O_DIRECT wrote %zd bytes from %s", n, mname(m));
			return;
		}
		if (pread(odirect_fd, tmp, PG, 0) != PG)
			return;
		for (i = 0; i < (u64)n; i++)
			if (tmp[i] != bufs[m->b].shadow[m->boff + off + i]) {
				viol("O_DIRECT write from %s: file byte %#llx is %#x, expected %#x",
				     mname(m), (unsigned long long)i, tmp[i],
				     bufs[m->b].shadow[m->boff + off + i]);
				return;
			}
		return;
	}
	n = pread(odirect_fd, m->addr + off, PG, 0);
	if (n < 0) {
		st[cur].refused++;
		if (errno != EFAULT && errno != EINVAL)
			viol("O_DIRECT read into %s: %s", mname(m),
			     strerror(errno));
		return;
	}
	st[cur].done++;
	if (n && (revoked(m) || !(m->prot & PROT_WRITE) || map_ro(m))) {
		viol("O_DIRECT read %zd bytes into %s", n, mname(m));
		return;
	}
	/* What landed is the file's; read it back through the mapping. */
	if (n > 0 && pread(odirect_fd, tmp2, n, 0) == n)
		memcpy(bufs[m->b].shadow + m->boff + off, tmp2, n);
	check_window(m, off, PG, "after O_DIRECT read");
}

static void (*const handlers[NR_OPS])(void) = {
	[OP_ALLOC] = op_alloc, [OP_FREE] = op_free, [OP_MMAP] = op_mmap,
	[OP_VERIFY] = op_verify, [OP_UWRITE] = op_uwrite,
	[OP_KWRITE] = op_kwrite, [OP_KREAD] = op_kread,
	[OP_MREMAP] = op_mremap, [OP_MPROTECT] = op_mprotect,
	[OP_MUNMAP] = op_munmap, [OP_MADVISE] = op_madvise,
	[OP_MLOCK] = op_mlock, [OP_FIXED] = op_fixed, [OP_FORK] = op_fork,
	[OP_PVM] = op_pvm, [OP_PROCMEM] = op_procmem,
	[OP_PTRACE] = op_ptrace, [OP_ODIRECT] = op_odirect,
};

static enum op pick_op(void)
{
	int i, total = 0, r;

	for (i = 0; i < NR_OPS; i++)
		total += ops[i].weight;
	r = rnd(total);
	for (i = 0; i < NR_OPS; i++) {
		r -= ops[i].weight;
		if (r < 0)
			break;
	}
	return i;
}

int main(void)
{
	unsigned long max_ops, min_ops, seed;
	double t0, secs;
	char board[256];
	int i, n, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	seed = conf_get("ADV_SEED", 0);
	if (!seed)
		seed = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);
	max_ops = conf_get("ADV_OPS", 12000);
	min_ops = conf_get("ADV_MIN_OPS", 10000);
	secs = conf_get("ADV_SECONDS", 60);
	rs = rng_seed(seed);

	printf("KTAP version 1\n");
	printf("# adversary: seed %lu (ADV_SEED=%lu replays it), ", seed, seed);
	printf("at most %lu operations or %.0f s\n", max_ops, secs);
	printf("1..%d\n", NR_OPS + 1);

	read_line("/cohmap-board", board, sizeof(board));
	if (strstr(board, "expect_policy=refuse") || sizeof(long) < 8) {
		/*
		 * The model's lengths and offsets are 64-bit: on a 32-bit
		 * process size_t truncates them and mmap2() takes a 32-bit
		 * page offset, which it does not predict yet.
		 */
		for (i = 0; i < NR_OPS + 1; i++)
			printf("ok %d %s # SKIP %s\n", i + 1,
			       i < NR_OPS ? ops[i].name : "op_budget",
			       sizeof(long) < 8 ?
			       "32-bit: the model predicts 64-bit mmap() only" :
			       "policy refuse: no user mapping on this board");
		return 0;
	}
	ensure_bound();
	for (i = 0; i < NFILES; i++) {
		fds[i] = open(DEV_A, (i == 2 ? O_RDONLY : O_RDWR) | O_CLOEXEC);
		if (fds[i] < 0) {
			printf("# open %s: %s\n", DEV_A, strerror(errno));
			for (n = 0; n < NR_OPS + 1; n++)
				printf("not ok %d %s\n", n + 1,
				       n < NR_OPS ? ops[n].name : "op_budget");
			return 1;
		}
	}
	acc_install();
	/* The static buffer lives as long as the device: fill it once. */
	bufs[STATIC_B].live = 1;
	bufs[STATIC_B].size = STATIC_SIZE;
	bufs[STATIC_B].shadow = calloc(1, STATIC_SIZE);
	cur = OP_KWRITE;
	kfill(STATIC_B, 0, STATIC_SIZE, (unsigned int)seed);

	t0 = now_s();
	for (opno = 0; (!max_ops || opno < max_ops) && now_s() - t0 < secs;
	     opno++) {
		cur = pick_op();
		handlers[cur]();
	}
	secs = now_s() - t0;

	for (i = 0; i < NR_OPS; i++) {
		struct stat_ops *s = &st[i];

		if (s->skip[0] && !s->tried)
			printf("ok %d %s # SKIP %s\n", i + 1, ops[i].name,
			       s->skip);
		else
			printf("%s %d %s # %lu tried, %lu done, %lu refused, %lu violations\n",
			       s->violations ? "not ok" : "ok", i + 1,
			       ops[i].name, s->tried, s->done, s->refused,
			       s->violations);
		failed |= !!s->violations;
	}
	if (opno < min_ops) {
		printf("not ok %d op_budget # %lu operations in %.1f s, fewer than %lu\n",
		       NR_OPS + 1, opno, secs, min_ops);
		failed = 1;
	} else {
		printf("ok %d op_budget # %lu operations in %.1f s\n",
		       NR_OPS + 1, opno, secs);
	}
	printf("# adversary-summary: seed=%lu ops=%lu violations=%lu ", seed,
	       opno, total_viol);
	printf("sigbus=%lu sigsegv=%lu seconds=%.1f\n", sigbus_seen,
	       sigsegv_seen, secs);
	return failed;
}
