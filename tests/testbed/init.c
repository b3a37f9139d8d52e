// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the cohmap test initramfs: one static program, no shell.
 *
 * Mounts the pseudo filesystems, loads the modules listed in /modules.list
 * ("file.ko params...", where @edu0 ... @edu9 stand for the PCI address of
 * the first ... tenth edu device, @pci=VVVV:DDDD for the first device with
 * that vendor and device ID), runs /demo, /cohmap_e2e, /cohmap_legacy,
 * /cohmap_bench, /cohmap_adversary and /cohmap_races if present, then
 * prints one KTAP document between two marker lines for the host to parse:
 *
 *	load_<module> cases (did finit_module() succeed),
 *	the KUnit suites' KTAP, picked out of the kernel log (/dev/kmsg),
 *	each program's output (a KTAP subtest, or diagnostics) and exit status,
 *
 * and leaves QEMU with reboot(), which -no-reboot turns into an exit on
 * every board.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CASES 64
#define MAX_EDU 10

static char results[MAX_CASES][512];
static int nr_results;

static void add_result(const char *fmt, const char *name, const char *text)
{
	if (nr_results < MAX_CASES)
		snprintf(results[nr_results++], sizeof(results[0]), fmt, name,
			 text ? text : "");
}

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, off = 0;

	if (fd < 0)
		return -1;
	while (off < (ssize_t)len - 1 &&
	       (n = read(fd, buf + off, len - 1 - off)) > 0)
		off += n;
	buf[off] = '\0';
	close(fd);
	return off;
}

/* PCI addresses of edu devices (1234:11e8), in bus order. */
static int find_edu(char bdf[MAX_EDU][16])
{
	struct dirent **ents;
	char path[300], id[32];
	int n, i, found = 0;

	n = scandir("/sys/bus/pci/devices", &ents, NULL, alphasort);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor",
			 ents[i]->d_name);
		if (read_file(path, id, sizeof(id)) > 0 &&
		    !strncmp(id, "0x1234", 6)) {
			snprintf(path, sizeof(path),
				 "/sys/bus/pci/devices/%s/device",
				 ents[i]->d_name);
			if (read_file(path, id, sizeof(id)) > 0 &&
			    !strncmp(id, "0x11e8", 6) && found < MAX_EDU)
				snprintf(bdf[found++], 16, "%.15s", ents[i]->d_name);
		}
		free(ents[i]);
	}
	if (n > 0)
		free(ents);
	return found;
}

/*
 * PCI address of the first device VVVV:DDDD, for boards without edu (an
 * unclaimed function whose struct device still has the platform's DMA
 * ops), or "none".
 */
static void find_pci(const char *vd, char *bdf, size_t len)
{
	struct dirent **ents;
	char path[300], v[32], d[32];
	int n, i;

	snprintf(bdf, len, "none");
	n = scandir("/sys/bus/pci/devices", &ents, NULL, alphasort);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor",
			 ents[i]->d_name);
		if (read_file(path, v, sizeof(v)) > 0 &&
		    !strncmp(v + 2, vd, 4)) {
			snprintf(path, sizeof(path),
				 "/sys/bus/pci/devices/%s/device",
				 ents[i]->d_name);
			if (read_file(path, d, sizeof(d)) > 0 &&
			    !strncmp(d + 2, vd + 5, 4) && !strcmp(bdf, "none"))
				snprintf(bdf, len, "%.15s", ents[i]->d_name);
		}
		free(ents[i]);
	}
	if (n > 0)
		free(ents);
}

/* @edu0 ... @edu9 and @pci=VVVV:DDDD become PCI addresses. */
static void expand(char *out, size_t len, const char *in,
		   char bdf[MAX_EDU][16])
{
	char pci[16];
	size_t o = 0;

	while (*in && o < len - 1) {
		if (!strncmp(in, "@pci=", 5) && strlen(in) >= 14) {
			find_pci(in + 5, pci, sizeof(pci));
			o += snprintf(out + o, len - o, "%s", pci);
			in += 14;
		} else if (!strncmp(in, "@edu", 4) && in[4] >= '0' &&
			   in[4] <= '9') {
			o += snprintf(out + o, len - o, "%s", bdf[in[4] - '0']);
			in += 5;
		} else {
			out[o++] = *in++;
		}
	}
	out[o < len ? o : len - 1] = '\0';
}

static void load_modules(char bdf[MAX_EDU][16])
{
	char list[4096], params[512], name[128], *line, *save;
	int fd;

	if (read_file("/modules.list", list, sizeof(list)) < 0)
		return;
	for (line = strtok_r(list, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' ');

		if (sp)
			*sp = '\0';
		expand(params, sizeof(params), sp ? sp + 1 : "", bdf);
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(line, "."),
			 line);
		printf("cohmap-init: loading %s %s\n", line, params);
		fflush(stdout);
		fd = open(line, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || syscall(SYS_finit_module, fd, params, 0)) {
			char why[160];

			snprintf(why, sizeof(why), " # %s", strerror(errno));
			add_result("not ok %%d load_%s%s", name, why);
		} else {
			add_result("ok %%d load_%s%s", name, NULL);
		}
		if (fd >= 0)
			close(fd);
	}
}

/*
 * Run @path with stdout captured into @out (and echoed live, so a hang
 * still shows how far it got). Returns its exit status, -1 if it died.
 */
static int run_program(const char *path, char *out, size_t len)
{
	int pipefd[2], status = 0;
	ssize_t n, off = 0;
	pid_t pid;

	out[0] = '\0';
	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	while (off < (ssize_t)len - 1 &&
	       (n = read(pipefd[0], out + off, len - 1 - off)) > 0) {
		fwrite(out + off, 1, n, stderr);
		off += n;
	}
	out[off] = '\0';
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * A program's output goes into the block as a subtest if it is KTAP, as
 * diagnostics otherwise; its result is its exit status.
 */
static int print_program(const char *name, const char *text, int status,
			 int n)
{
	int ktap = !strncmp(text, "KTAP version", 12);
	const char *p = text, *nl;

	if (ktap) {
		/* KUnit's order: the version line, then the subtest name. */
		printf("    KTAP version 1\n    # Subtest: %s\n", name);
		p = strchrnul(p, '\n');
		p = *p ? p + 1 : p;
	}
	while (*p) {
		nl = strchrnul(p, '\n');
		printf("    %s%.*s\n", ktap ? "" : "# ", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
	printf("%s %d %s", status ? "not ok" : "ok", ++n, name);
	if (status)
		printf(" # exit status %d", status);
	printf("\n");
	return n;
}

/*
 * KUnit prints its KTAP to the kernel log. Keep the lines that are KTAP,
 * drop everything else the kernel said in between (debug lines, probes).
 */
static int is_ktap(const char *l)
{
	while (*l == ' ')
		l++;
	return !strncmp(l, "KTAP version", 12) || !strncmp(l, "# ", 2) ||
	       !strncmp(l, "ok ", 3) || !strncmp(l, "not ok ", 7) ||
	       !strncmp(l, "1..", 3);
}

/* Read all kmsg records from @fd, append the KTAP lines to @out. */
static void collect_kunit(int fd, char *out, size_t len)
{
	char rec[2048], *msg, *nl;
	size_t o = 0;
	ssize_t n;

	out[0] = '\0';
	while ((n = read(fd, rec, sizeof(rec) - 1)) > 0) {
		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = '\0';
		/* The top level is ours; KUnit's own "1..1" header is not. */
		if (!strncmp(msg, "KTAP version", 12) || !strncmp(msg, "1..", 3))
			continue;
		if (is_ktap(msg) && o + strlen(msg) + 2 < len)
			o += snprintf(out + o, len - o, "%s\n", msg);
	}
}

/* Print KTAP lines, renumbering the top-level results after @n. */
static int print_top(const char *text, int n)
{
	const char *p = text, *nl;

	while (*p) {
		nl = strchrnul(p, '\n');
		if (!strncmp(p, "ok ", 3) || !strncmp(p, "not ok ", 7)) {
			const char *name = p + (*p == 'o' ? 3 : 7);

			name += strspn(name, "0123456789");
			printf("%s %d%.*s\n", *p == 'o' ? "ok" : "not ok", ++n,
			       (int)(nl - name), name);
		} else {
			printf("%.*s\n", (int)(nl - p), p);
		}
		p = *nl ? nl + 1 : nl;
	}
	return n;
}

static int count_top(const char *text)
{
	const char *p = text;
	int n = 0;

	while (p && *p) {
		if (!strncmp(p, "ok ", 3) || !strncmp(p, "not ok ", 7))
			n++;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return n;
}

/*
 * In this order: the races unbind, rebind, unload and reload the sample,
 * so they come after everything that expects it as it was loaded.
 */
static const char * const programs[] = { "demo", "cohmap_e2e",
					  "cohmap_legacy", "cohmap_bench",
					  "cohmap_adversary", "cohmap_races" };
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NR_PROGRAMS ARRAY_SIZE(programs)

int main(void)
{
	static char out[NR_PROGRAMS][65536], kunit[262144];
	char bdf[MAX_EDU][16], path[64];
	int status[NR_PROGRAMS], ran[NR_PROGRAMS] = { 0 };
	int i, n, total, kmsg;

	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);

	for (i = 0; i < MAX_EDU; i++)
		strcpy(bdf[i], "none");
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	lseek(kmsg, 0, SEEK_END);
	n = find_edu(bdf);
	printf("cohmap-init: %d edu device(s): %s %s\n", n, bdf[0], bdf[1]);
	printf("cohmap-init: modules loading\n");
	load_modules(bdf);
	collect_kunit(kmsg, kunit, sizeof(kunit));

	total = nr_results + count_top(kunit);
	for (i = 0; i < (int)NR_PROGRAMS; i++) {
		snprintf(path, sizeof(path), "/%s", programs[i]);
		if (access(path, X_OK))
			continue;
		printf("cohmap-init: running %s\n", path);
		status[i] = run_program(path, out[i], sizeof(out[i]));
		ran[i] = 1;
		total++;
	}

	/* Quiet the console so no printk splits the block. */
	klogctl(8, NULL, 1);
	printf("COHMAP-RESULTS-BEGIN\nKTAP version 1\n1..%d\n", total);
	for (i = 0; i < nr_results; i++) {
		printf(results[i], i + 1);
		printf("\n");
	}
	n = print_top(kunit, nr_results);
	for (i = 0; i < (int)NR_PROGRAMS; i++)
		if (ran[i])
			n = print_program(programs[i], out[i], status[i], n);
	printf("COHMAP-RESULTS-END\n");
	fflush(stdout);
	sync();
	reboot(RB_AUTOBOOT);
	return 0;
}
