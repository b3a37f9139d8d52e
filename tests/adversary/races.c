// SPDX-License-Identifier: GPL-2.0
/*
 * cohmap lifetime races: threads and a child process read and write
 * mappings of a cohmap buffer (and of the device's static buffer) while
 * the main thread takes the memory away under them, in a loop:
 *
 *  free    COHMAP_EDU_FREE: the buffer is revoked and freed;
 *  close   the file is closed (the mappings hold it: nothing changes),
 *          then the parent unmaps its mapping under its threads (which
 *          must then get SIGSEGV, never bytes), while the child's own
 *          mapping keeps the file, the buffer and its bytes; the buffer
 *          is freed when the child, its last holder, exits;
 *  unbind  the device is unbound through sysfs: every buffer of every
 *          file and the static buffer are revoked and freed (then bound
 *          again);
 *  rmmod   delete_module() while mapped: it must fail, the mappings keep
 *          working; once everything is unmapped it must succeed (then the
 *          module is loaded again with the parameters it had).
 *
 * Every access records the phase it started in. An access that started
 * after the main thread's action returned must end in SIGBUS where the
 * memory was revoked (free, unbind: 100% required), in SIGSEGV where the
 * range was unmapped, and in the buffer's pattern where nothing was
 * taken away. No access may ever return anything but the pattern: the
 * sample overwrites a buffer with COHMAP_EDU_POISON between revoking and
 * freeing it, so an access that got past revocation reads poison, and
 * one that reached memory after it was freed reads whatever the next
 * owner put there; both are violations. A KASAN kernel turns a
 * use-after-free in cohmap's own state into a splat that fails the boot.
 *
 * Writers store the pattern's own bytes, so every read can be checked
 * against the pattern no matter how the threads interleave.
 *
 * Budget: ADV_RACE_ITERS iterations of each scenario, or ADV_RACE_SECONDS
 * in all, whichever ends first; ADV_SEED seeds sizes, flags and timing.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "adv.h"

#define NTHREADS	2
#define POST_ACCESSES	64	/* per accessor, once the action returned */
#define MAX_PRINTED	40
#define CHUNK		64

enum scenario { S_FREE, S_CLOSE, S_UNBIND, S_RMMOD, NR_SCEN };

static const char *const scen_name[NR_SCEN] = {
	"race_free", "race_close", "race_unbind", "race_rmmod",
};

/*
 * What an access that started in a phase must end in, per mapping (0 the
 * buffer, 1 the static buffer) and accessor (the child keeps its own
 * mapping when the parent unmaps its).
 */
enum want { W_DATA, W_SIGBUS, W_SIGSEGV, W_DATA_OR_SIGSEGV };

/* Shared with the child through a MAP_SHARED page. */
struct shared {
	int phase;		/* 0 before the action, 1 after, 2 unmapped, 3 stop */
	int ready;
	unsigned long after, after_want_bus, after_bus, after_segv;
	unsigned long accesses, before_bus, data_ok;
	unsigned long violations, poison;
	int printed;
	pthread_mutex_t print_lock;
};

struct scen_stats {
	unsigned long iters, after, want_bus, bus, segv, accesses, data_ok;
	unsigned long violations, poison, refused_rmmod;
	char skip[128];		/* why the scenario cannot run here */
	char broken[128];	/* why it stopped: a failure */
};

static struct shared *sh;
static struct scen_stats ss[NR_SCEN];
static enum scenario cur;
static u8 *map_buf, *map_static;
static u64 buf_size, map_len;
static unsigned int seed_buf, seed_static;
static int in_child;
static char mod_params[160];

static void rviol(const char *fmt, ...)
{
	va_list ap;

	__atomic_add_fetch(&sh->violations, 1, __ATOMIC_RELAXED);
	pthread_mutex_lock(&sh->print_lock);
	if (sh->printed++ < MAX_PRINTED) {
		printf("# VIOLATION %s%s: ", scen_name[cur],
		       in_child ? " (child)" : "");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		putchar('\n');
		fflush(stdout);
	}
	pthread_mutex_unlock(&sh->print_lock);
}

/* Before the action, too, where its effect is a munmap. */
static enum want want_before(int which)
{
	switch (cur) {
	case S_CLOSE:
		return in_child || which ? W_DATA : W_DATA_OR_SIGSEGV;
	default:
		return W_DATA;
	}
}

static enum want want_of(int which, int phase)
{
	if (phase == 0)
		return want_before(which);
	switch (cur) {
	case S_FREE:
		return which ? W_DATA : W_SIGBUS;
	case S_UNBIND:
		return W_SIGBUS;
	case S_CLOSE:
		/*
		 * The child's own mapping outlives the parent's munmap; in
		 * the parent, an access that started before munmap returned
		 * may still end after it.
		 */
		if (in_child || which)
			return W_DATA;
		return phase >= 2 ? W_SIGSEGV : W_DATA_OR_SIGSEGV;
	default:
		return W_DATA;
	}
}

static void add(unsigned long *counter)
{
	__atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
}

/* One access of CHUNK bytes; returns 1 if it started after the action. */
static int access_once(u64 *rs)
{
	int which = map_static && (rng_next(rs) & 3) == 0;
	u8 *base = which ? map_static : map_buf;
	u64 len = which ? STATIC_SIZE : buf_size;
	unsigned int seed = which ? seed_static : seed_buf;
	u64 off = rng_next(rs) % (len - (len > CHUNK ? CHUNK : len) + 1);
	u64 n = len - off < CHUNK ? len - off : CHUNK, i;
	int write = rng_next(rs) & 1, phase, sig;
	u8 data[CHUNK], want_bytes[CHUNK];
	enum want w;

	fill_at(want_bytes, off, n, seed);
	phase = __atomic_load_n(&sh->phase, __ATOMIC_ACQUIRE);
	sig = write ? acc_copy(base + off, want_bytes, n) :
		      acc_copy(data, base + off, n);
	w = want_of(which, phase);
	add(&sh->accesses);
	if (phase) {
		add(&sh->after);
		if (w == W_SIGBUS)
			add(&sh->after_want_bus);
		if (sig == SIGBUS && w == W_SIGBUS)
			add(&sh->after_bus);
		if (sig == SIGSEGV && w == W_SIGSEGV)
			add(&sh->after_segv);
	} else if (sig == SIGBUS) {
		add(&sh->before_bus);	/* lost the race to the action: fine */
	}

	if (w == W_SIGBUS && sig != SIGBUS) {
		rviol("%s %s of %llu bytes at %#llx started after the action returned: %s",
		      which ? "static" : "buffer", write ? "store" : "load",
		      (unsigned long long)n, (unsigned long long)off,
		      sig ? "SIGSEGV, expected SIGBUS" : "no fault, expected SIGBUS");
	} else if (w == W_SIGSEGV && sig != SIGSEGV) {
		rviol("buffer %s at %#llx after munmap: signal %d",
		      write ? "store" : "load", (unsigned long long)off, sig);
	} else if (w == W_DATA_OR_SIGSEGV && sig && sig != SIGSEGV) {
		rviol("buffer %s at %#llx around munmap: signal %d",
		      write ? "store" : "load", (unsigned long long)off, sig);
	} else if (w == W_DATA && sig && !(phase == 0 && sig == SIGBUS &&
					   cur != S_CLOSE && cur != S_RMMOD)) {
		rviol("%s %s at %#llx (phase %d): signal %d where the memory was not taken away",
		      which ? "static" : "buffer", write ? "store" : "load",
		      (unsigned long long)off, phase, sig);
	}
	if (sig || write)
		return !!phase;
	for (i = 0; i < n; i++)
		if (data[i] != want_bytes[i])
			break;
	if (i == n) {
		add(&sh->data_ok);
		return !!phase;
	}
	if (data[i] == (u8)POISON)
		add(&sh->poison);
	rviol("%s load at %#llx (phase %d): byte %#llx is %#x, expected %#x%s",
	      which ? "static" : "buffer", (unsigned long long)off, phase,
	      (unsigned long long)i, data[i], want_bytes[i],
	      data[i] == (u8)POISON ? " (freed: the driver's poison)" : "");
	return !!phase;
}

static void *accessor(void *arg)
{
	u64 rs = rng_seed((uintptr_t)arg);
	int post = 0;

	__atomic_add_fetch(&sh->ready, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&sh->phase, __ATOMIC_ACQUIRE) < 3 &&
	       post < POST_ACCESSES)
		post += access_once(&rs);
	return NULL;
}

static int bound_bdf(char *bdf, size_t len)
{
	DIR *d = opendir(DRV_A);
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strchr(e->d_name, ':') && strchr(e->d_name, '.')) {
			snprintf(bdf, len, "%.31s", e->d_name);
			found = 1;
			break;
		}
	closedir(d);
	return found;
}

static int wait_dev(void)
{
	int i;

	for (i = 0; i < 300 && access(DEV_A, F_OK); i++)
		sleep_us(10000);
	return !access(DEV_A, F_OK);
}

/* The parameters cohmap_edu was loaded with, to load it again. */
static void save_params(void)
{
	char v[64];

	mod_params[0] = '\0';
	read_line("/sys/module/cohmap_edu/parameters/any_bdf", v, sizeof(v));
	if (v[0] && strcmp(v, "(null)")) {
		snprintf(mod_params, sizeof(mod_params), "any_bdf=%s", v);
		return;
	}
	read_line("/sys/module/cohmap_edu/parameters/bdf", v, sizeof(v));
	if (v[0] && strcmp(v, "(null)"))
		snprintf(mod_params, sizeof(mod_params), "bdf=%s", v);
}

static int reload_module(void)
{
	int fd = open("/cohmap_edu.ko", O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, mod_params, 0) ? -errno : 0;
	close(fd);
	return ret ? ret : wait_dev() ? 0 : -ENODEV;
}

/* One iteration of scenario @s; returns 0, or -1 if it could not run. */
static int iteration(enum scenario s, u64 *rs)
{
	struct scen_stats *t = &ss[s];
	pthread_t th[NTHREADS];
	char bdf[64];
	pid_t child;
	int fd, i, ret, status;
	u32 flags = (rng_next(rs) & 1) ? COHMAP_EDU_F_POPULATE : 0;
	u8 *tmp;

	cur = s;
	buf_size = 1 + rng_next(rs) % (8 * PG);
	map_len = PAGE_UP(buf_size);
	seed_buf = rng_next(rs);
	seed_static = rng_next(rs);
	fd = open(DEV_A, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(t->broken, sizeof(t->broken), "open %s: %s", DEV_A,
			 strerror(errno));
		return -1;
	}
	ret = ioc_alloc(fd, buf_size, flags);
	tmp = malloc(map_len < STATIC_SIZE ? STATIC_SIZE : map_len);
	if (!ret) {
		fill_at(tmp, 0, buf_size, seed_buf);
		ret = ioc_krw(fd, 0, buf_size, tmp, 1, 0);
	}
	if (!ret) {
		fill_at(tmp, 0, STATIC_SIZE, seed_static);
		ret = ioc_krw(fd, 0, STATIC_SIZE, tmp, 1, 1);
	}
	free(tmp);
	map_buf = ret ? MAP_FAILED : mmap(NULL, map_len, PROT_READ | PROT_WRITE,
					  MAP_SHARED, fd, 0);
	map_static = mmap(NULL, STATIC_SIZE, PROT_READ | PROT_WRITE,
			  MAP_SHARED, fd, STATIC_OFF);
	if (ret || map_buf == MAP_FAILED || map_static == MAP_FAILED) {
		snprintf(t->broken, sizeof(t->broken), "setup: %s",
			 strerror(ret ? -ret : errno));
		close(fd);
		return -1;
	}
	if (s == S_UNBIND && !bound_bdf(bdf, sizeof(bdf))) {
		snprintf(t->broken, sizeof(t->broken),
			 "no device bound to cohmap_edu");
		goto out;
	}
	if (s == S_RMMOD && access("/cohmap_edu.ko", R_OK)) {
		snprintf(t->skip, sizeof(t->skip),
			 "no /cohmap_edu.ko to load again after rmmod");
		goto out;
	}

	memset(sh, 0, offsetof(struct shared, printed));
	fflush(stdout);
	child = fork();
	if (!child) {
		in_child = 1;
		accessor((void *)(uintptr_t)rng_next(rs));
		_exit(0);
	}
	for (i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, accessor,
			       (void *)(uintptr_t)rng_next(rs));
	while (__atomic_load_n(&sh->ready, __ATOMIC_ACQUIRE) < NTHREADS + 1)
		sleep_us(100);
	sleep_us(rng_next(rs) % 3000);

	switch (s) {
	case S_FREE:
		ret = ioc_free(fd);
		if (ret)
			rviol("FREE: %s", strerror(-ret));
		break;
	case S_CLOSE:
		close(fd);
		fd = -1;
		break;
	case S_UNBIND:
		ret = write_file(DRV_A "/unbind", bdf);
		if (ret)
			rviol("unbind %s: %s", bdf, strerror(-ret));
		break;
	case S_RMMOD:
		save_params();
		if (!syscall(SYS_delete_module, "cohmap_edu", O_NONBLOCK))
			rviol("rmmod succeeded with the device's files mapped");
		else if (errno == EAGAIN || errno == EBUSY)
			t->refused_rmmod++;
		else
			rviol("rmmod: %s", strerror(errno));
		break;
	default:
		break;
	}
	__atomic_store_n(&sh->phase, 1, __ATOMIC_RELEASE);
	if (s == S_CLOSE) {
		/* The child's mapping still holds the file: the buffer stays. */
		sleep_us(rng_next(rs) % 2000);
		munmap(map_buf, map_len);
		__atomic_store_n(&sh->phase, 2, __ATOMIC_RELEASE);
	}
	for (i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	__atomic_store_n(&sh->phase, 3, __ATOMIC_RELEASE);
	waitpid(child, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		rviol("child accessor ended with status %#x", status);

	t->iters++;
	t->after += sh->after;
	t->want_bus += sh->after_want_bus;
	t->bus += sh->after_bus;
	t->segv += sh->after_segv;
	t->accesses += sh->accesses;
	t->data_ok += sh->data_ok;
	t->violations += sh->violations;
	t->poison += sh->poison;
out:
	if (s != S_CLOSE)
		munmap(map_buf, map_len);
	munmap(map_static, STATIC_SIZE);
	if (fd >= 0)
		close(fd);

	if (s == S_UNBIND && !t->skip[0] && !t->broken[0]) {
		ret = write_file(DRV_A "/bind", bdf);
		if (ret || !wait_dev()) {
			snprintf(t->broken, sizeof(t->broken), "bind %s again: %s",
				 bdf, strerror(ret ? -ret : ENODEV));
			return -1;
		}
	}
	if (s == S_RMMOD && !t->skip[0] && !t->broken[0]) {
		/* Nothing maps the device now: rmmod must go through. */
		for (i = 0; i < 200; i++) {
			ret = syscall(SYS_delete_module, "cohmap_edu",
				      O_NONBLOCK) ? -errno : 0;
			if (ret != -EAGAIN && ret != -EBUSY)
				break;
			sleep_us(5000);
		}
		if (ret) {
			snprintf(t->broken, sizeof(t->broken),
				 "rmmod with nothing mapped: %s", strerror(-ret));
			return -1;
		}
		ret = reload_module();
		if (ret) {
			snprintf(t->broken, sizeof(t->broken),
				 "loading cohmap_edu.ko %s again: %s", mod_params,
				 strerror(-ret));
			return -1;
		}
	}
	return t->skip[0] || t->broken[0] ? -1 : 0;
}

int main(void)
{
	unsigned long seed, iters, done = 0, after = 0, want = 0, bus = 0;
	unsigned long viol = 0;
	pthread_mutexattr_t ma;
	double t0, secs;
	char board[256];
	int s, failed = 0, stop[NR_SCEN] = { 0 };
	u64 rs;

	setvbuf(stdout, NULL, _IOLBF, 0);
	seed = conf_get("ADV_SEED", 0);
	if (!seed)
		seed = (unsigned long)time(NULL);
	iters = conf_get("ADV_RACE_ITERS", 12);
	secs = conf_get("ADV_RACE_SECONDS", 45);
	rs = rng_seed(seed ^ 0x5a5a);

	printf("KTAP version 1\n");
	printf("# races: seed %lu, %lu iterations per scenario or %.0f s\n",
	       seed, iters, secs);
	printf("1..%d\n", NR_SCEN);
	read_line("/cohmap-board", board, sizeof(board));
	if (strstr(board, "expect_policy=refuse")) {
		for (s = 0; s < NR_SCEN; s++)
			printf("ok %d %s # SKIP policy refuse: no user mapping on this board\n",
			       s + 1, scen_name[s]);
		return 0;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 1;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&sh->print_lock, &ma);
	acc_install();
	ensure_bound();

	t0 = now_s();
	for (;;) {
		int any = 0;

		for (s = 0; s < NR_SCEN; s++) {
			if (stop[s] || (iters && ss[s].iters >= iters))
				continue;
			if (now_s() - t0 >= secs)
				break;
			any = 1;
			if (iteration(s, &rs))
				stop[s] = 1;
		}
		if (!any || now_s() - t0 >= secs)
			break;
	}
	secs = now_s() - t0;

	for (s = 0; s < NR_SCEN; s++) {
		struct scen_stats *t = &ss[s];
		int bad = t->violations || t->bus != t->want_bus ||
			  t->broken[0];
		const char *why = "";

		if (!t->iters && t->skip[0]) {
			printf("ok %d %s # SKIP %s\n", s + 1, scen_name[s],
			       t->skip);
			continue;
		}
		/* A race that never saw the far side proved nothing. */
		if (!t->after) {
			bad = 1;
			why = ", no access after the action";
		}
		if ((s == S_FREE || s == S_UNBIND) && !t->want_bus) {
			bad = 1;
			why = ", no access that had to SIGBUS";
		}
		printf("%s %d %s # %lu iterations, %lu accesses, %lu after the action, ",
		       bad ? "not ok" : "ok", s + 1, scen_name[s], t->iters,
		       t->accesses, t->after);
		printf("SIGBUS %lu of %lu required (%.2f%%), %lu SIGSEGV after munmap, ",
		       t->bus, t->want_bus,
		       t->want_bus ? 100.0 * t->bus / t->want_bus : 100.0,
		       t->segv);
		printf("%lu rmmod refused while mapped, %lu loads matched, %lu poison, ",
		       t->refused_rmmod, t->data_ok, t->poison);
		printf("%lu violations%s%s%s\n", t->violations, why,
		       t->broken[0] ? ", stopped: " : "", t->broken);
		failed |= bad;
		done += t->iters;
		after += t->after;
		want += t->want_bus;
		bus += t->bus;
		viol += t->violations;
	}
	printf("# races-summary: seed=%lu iterations=%lu after=%lu ", seed,
	       done, after);
	printf("sigbus=%lu/%lu rate=%.2f%% violations=%lu seconds=%.1f\n",
	       bus, want, want ? 100.0 * bus / want : 0.0, viol, secs);
	return failed;
}
