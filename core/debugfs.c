// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs view of live buffers: <debugfs>/cohmap-<module>/buffers.
 *
 * One folder per vendored copy, named after the module that carries it, so
 * two copies never fight over a name. It exists while the copy has buffers
 * (freed buffers stay listed until their last user mapping is gone), which
 * spares drivers an init/exit hook of ours.
 */
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include "internal.h"

/*
 * The folder comes and goes under its own lock: removing it waits for
 * readers, and readers take cohmap_live_lock.
 */
static DEFINE_MUTEX(cohmap_dir_lock);
static unsigned int cohmap_nr_live;
static struct dentry *cohmap_debugfs_dir;

static DEFINE_MUTEX(cohmap_live_lock);
static LIST_HEAD(cohmap_live);

static void cohmap_show_buf(struct seq_file *m, struct cohmap_buf *buf)
{
	struct cohmap_window *win;
	unsigned int nr_vmas;
	pid_t owner;

	spin_lock(&buf->vma_lock);
	nr_vmas = buf->nr_vmas;
	owner = buf->owner_pid;
	spin_unlock(&buf->vma_lock);

	mutex_lock(&buf->lock);
	seq_printf(m, "%s size=%zu dma=%pad policy=%s state=%s flags=%#x mappings=%u owner=%d\n",
		   dev_name(buf->pub.dev), buf->pub.size, &buf->pub.dma_addr,
		   cohmap_policy_name(buf->policy),
		   buf->freed ? "freed" : buf->revoked ? "revoked" : "live",
		   buf->flags, nr_vmas, owner);
	seq_printf(m, "  why: %s\n", buf->why);
	list_for_each_entry(win, &buf->windows, node)
		/* i_ino is unsigned long before 7.x, u64 since. */
		seq_printf(m, "  window: inode %llu pages %#lx-%#lx\n",
			   (unsigned long long)win->mapping->host->i_ino,
			   win->base,
			   win->base + buf->npages - 1);
	mutex_unlock(&buf->lock);
}

static int cohmap_buffers_show(struct seq_file *m, void *unused)
{
	struct cohmap_buf *buf;

	mutex_lock(&cohmap_live_lock);
	list_for_each_entry(buf, &cohmap_live, node)
		cohmap_show_buf(m, buf);
	mutex_unlock(&cohmap_live_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cohmap_buffers);

void cohmap_debugfs_add(struct cohmap_buf *buf)
{
	mutex_lock(&cohmap_dir_lock);
	if (!cohmap_nr_live++) {
		cohmap_debugfs_dir = debugfs_create_dir("cohmap-" KBUILD_MODNAME,
							NULL);
		debugfs_create_file("buffers", 0400, cohmap_debugfs_dir, NULL,
				    &cohmap_buffers_fops);
	}
	mutex_unlock(&cohmap_dir_lock);

	mutex_lock(&cohmap_live_lock);
	list_add_tail(&buf->node, &cohmap_live);
	mutex_unlock(&cohmap_live_lock);
}

void cohmap_debugfs_del(struct cohmap_buf *buf)
{
	mutex_lock(&cohmap_live_lock);
	list_del(&buf->node);
	mutex_unlock(&cohmap_live_lock);

	mutex_lock(&cohmap_dir_lock);
	if (!--cohmap_nr_live) {
		debugfs_remove_recursive(cohmap_debugfs_dir);
		cohmap_debugfs_dir = NULL;
	}
	mutex_unlock(&cohmap_dir_lock);
}
