/*
 * final/mounts.c - the new root: volumes, tmpfs, /proc, /dev, pivot_root.
 *
 * Every path inside NEWROOT is resolved with openat2(RESOLVE_IN_ROOT), as
 * if NEWROOT were already "/": a symlink in the rootfs that points to
 * "/etc" or "../../.." stays inside NEWROOT. Mounts are then made onto the
 * file descriptor that resolution gave ("/proc/self/fd/N"), so that the
 * path cannot change between the check and the mount.
 *
 * The order follows bubblewrap's: make the host's mounts unreachable for
 * propagation, build the new tree aside, switch with pivot_root, detach
 * the old root, and only then make things read-only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsroot.h"

#ifndef MOUNT_ATTR_RDONLY		/* glibc before 2.36 */
#define MOUNT_ATTR_RDONLY 0x00000001
struct mount_attr {
	/* cppcheck-suppress unusedStructMember ; read by the kernel */
	uint64_t attr_set, attr_clr, propagation, userns_fd;
};
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

/* Where the new root is assembled: a tmpfs over /tmp, in our mount
 * namespace only. Binding NEWROOT there, rather than onto itself, also
 * works when NEWROOT is "/". */
#define STAGING "/tmp"
#define STAGED_ROOT "/tmp/nsroot-root"

/* Where make_in_root() reports what it created: "d/path" or "f/path",
 * each ending in a NUL. The parent removes them once the jail is gone. */
static int created_fd = -1;

/* "/proc/self/fd/N": a path that names exactly the file fd is open on. */
static const char *fd_path(int fd)
{
	static char path[2][32];
	static int which;

	which = !which;
	snprintf(path[which], sizeof(path[which]), "/proc/self/fd/%d", fd);
	return path[which];
}

/* open_in_root() by hand, where openat2 is missing (Linux before 5.6, or
 * valgrind): one component at a time, each opened with O_NOFOLLOW. A
 * symlink's target goes in front of what is left of the path, from root
 * when it is absolute; ".." never climbs above root. With no_symlinks, a
 * symlink is an error (ELOOP). Only O_PATH and O_DIRECTORY are wanted here. */
static int walk_in_root(int root, const char *path, int flags, int no_symlinks)
{
	char todo[2 * PATH_MAX], target[PATH_MAX];
	char *rest = todo;
	int dir = fcntl(root, F_DUPFD_CLOEXEC, 0), depth = 0, links = 0;
	struct stat st;

	snprintf(todo, sizeof(todo), "%s", path);
	while (dir >= 0) {
		char *name, *end;
		ssize_t n;
		int next;

		while (*rest == '/')
			rest++;
		if (*rest == '\0')
			break;
		name = rest;
		end = strchrnul(name, '/');
		rest = *end ? end + 1 : end;
		*end = '\0';
		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0) {
			if (depth == 0)
				continue;	/* the root's parent is the root */
			next = openat(dir, "..", O_PATH | O_CLOEXEC);
			depth--;
		} else {
			next = openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
			depth++;
		}
		if (next == -1)
			goto fail;
		if (fstat(next, &st) == -1) {
			close(next);
			goto fail;
		}
		if (!S_ISLNK(st.st_mode)) {
			close(dir);
			dir = next;
			continue;
		}
		/* a symlink: splice its target in front of the rest */
		n = readlinkat(next, "", target, sizeof(target) - 1);
		close(next);
		depth--;
		if (no_symlinks || ++links > 40) {
			errno = ELOOP;
			goto fail;
		}
		if (n < 0 || strlen(rest) + n + 2 > sizeof(todo) - 1)
			goto fail;
		target[n] = '\0';
		memmove(todo + n + 1, rest, strlen(rest) + 1);
		memcpy(todo, target, n);
		todo[n] = '/';
		rest = todo;
		if (target[0] == '/') {
			close(dir);
			dir = fcntl(root, F_DUPFD_CLOEXEC, 0);
			depth = 0;
		}
	}
	if (dir >= 0 && (flags & O_DIRECTORY) && fstat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		goto fail;
	}
	return dir;

fail:
	if (dir >= 0) {
		int saved_errno = errno;

		close(dir);
		errno = saved_errno;
	}
	return -1;
}

/* Open path as seen from inside root, never leaving it. */
static int open_in_root_how(int root, const char *path, int flags, int no_symlinks)
{
	struct open_how how = {
		.flags = flags | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS |
			   (no_symlinks ? RESOLVE_NO_SYMLINKS : 0),
	};
	long fd = syscall(SYS_openat2, root, path, &how, sizeof(how));

	if (fd == -1 && errno == ENOSYS)
		return walk_in_root(root, path, flags, no_symlinks);
	return fd;
}

static int open_in_root(int root, const char *path, int flags)
{
	return open_in_root_how(root, path, flags, 0);
}

/* Where fd is, inside the new root being assembled: "/" for the root
 * itself, "/etc" for its etc; NULL if fd is not inside it. */
static const char *where_in_root(int fd, char *buf, size_t size)
{
	ssize_t n = readlink(fd_path(fd), buf, size - 1);
	size_t len = strlen(STAGED_ROOT);

	if (n < 0)
		die_errno("readlink %s", fd_path(fd));
	buf[n > 0 ? n : 0] = '\0';
	if (strncmp(buf, STAGED_ROOT, len) != 0 || (buf[len] != '/' && buf[len] != '\0'))
		return NULL;
	return buf[len] ? buf + len : "/";
}

/* Tell the parent about a mount point we created: "d/path" or "f/path",
 * the path as it resolved inside the new root, symlinks followed. */
static void record_created(int fd, int is_dir)
{
	char buf[PATH_MAX], record[PATH_MAX + 2];
	const char *where = where_in_root(fd, buf, sizeof(buf));
	int len;

	if (where == NULL)
		die("created mount point %s: outside the new root", buf);
	len = snprintf(record, sizeof(record), "%c%s", is_dir ? 'd' : 'f', where);
	/* non-blocking: a full pipe is an error, never a hang */
	if (write(created_fd, record, len + 1) != len + 1)
		die("too many mount points to create");
	narrate("created mount point %s", where);
}

/* Open path inside root, first creating it (and what leads to it) if it is
 * missing: a directory, or an empty file when is_dir is 0. Each new entry
 * is made with mkdirat/openat in a directory resolved inside root. */
static int make_in_root(int root, const char *path, int is_dir)
{
	char parent[PATH_MAX];
	const char *name;
	int fd = open_in_root(root, path, O_PATH);
	int dir, made;

	if (fd >= 0 || errno != ENOENT)
		return fd;
	name = strrchr(path, '/') + 1;	/* paths here are normalized, absolute */
	/* the parent: "/" for "/a", "/a" for "/a/b" */
	snprintf(parent, sizeof(parent), "%.*s", (int)(name - path > 1 ? name - path - 1 : 1), path);
	dir = make_in_root(root, parent, 1);
	if (dir == -1)
		return -1;
	if (is_dir) {
		made = mkdirat(dir, name, 0755);
	} else {
		made = openat(dir, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (made >= 0)
			made = close(made);
	}
	close(dir);
	if (made == -1 && errno != EEXIST)
		return -1;
	fd = open_in_root(root, path, O_PATH);
	if (fd >= 0 && made == 0)
		record_created(fd, is_dir);
	return fd;
}

/* Make the mount at path read-only, and the mounts below it too if
 * recursive, keeping every other flag: nosuid, nodev, noexec... may be
 * locked by the kernel when they came from a more privileged namespace. */
static int make_read_only(int dirfd, const char *path, int recursive)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
	struct statvfs st;
	unsigned long keep;

	long ret = syscall(SYS_mount_setattr, dirfd, path,
			   AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0),
			   &attr, sizeof(attr));

	if (ret == 0 || errno != ENOSYS)
		return ret;
	/* Before Linux 5.12: a remount, which must repeat the flags it keeps.
	 * It changes the top mount only. */
	if (*path == '\0')
		path = fd_path(dirfd);
	if (statvfs(path, &st) == -1)
		return -1;
	keep = st.f_flag & (ST_NOSUID | ST_NODEV | ST_NOEXEC | ST_NOATIME |
			    ST_NODIRATIME | ST_RELATIME);
	return mount(NULL, path, "none", MS_REMOUNT | MS_BIND | MS_RDONLY | keep, NULL);
}

/* Open NEWROOT and every volume's source, before anything is mounted: a
 * missing one is an error before anything exists, and the mounts that
 * follow (a tmpfs over /tmp among them) cannot change what they name. */
void open_sources(struct options *opt)
{
	opt->newroot_fd = open(opt->newroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (opt->newroot_fd == -1)
		die_errno("new root %s", opt->newroot);
	for (size_t i = 0; i < opt->n_volumes; i++) {
		struct volume *v = &opt->volumes[i];

		v->src_fd = open(v->src, O_PATH | O_CLOEXEC);
		if (v->src_fd == -1)
			die_errno("volume source %s", v->src);
	}
}

/* Open dest inside root, creating it if needed, and refuse what resolves
 * (through symlinks in the rootfs) to the root itself or into /proc. */
static int mount_point(int root, const char *dest, int is_dir, const char *what)
{
	char buf[PATH_MAX];
	const char *where;
	int fd = make_in_root(root, dest, is_dir);

	if (fd == -1)
		die_errno("%s: mount point %s in the new root", what, dest);
	where = where_in_root(fd, buf, sizeof(buf));
	if (where == NULL || strcmp(where, "/") == 0 || strcmp(where, "/proc") == 0 ||
	    strncmp(where, "/proc/", 6) == 0)
		die("%s: mount point %s leads to %s inside the new root", what, dest,
		    where ? where : buf);
	return fd;
}

/* /dev: a tmpfs with the harmless devices of the host bound into it, a
 * devpts of our own, and the usual links. Not the host's /dev. */
static void mount_dev(int root)
{
	static const char *const devices[] = {
		"null", "zero", "full", "random", "urandom", "tty",
	};
	static const char *const links[][2] = {
		{ "ptmx", "pts/ptmx" }, { "fd", "/proc/self/fd" },
		{ "stdin", "/proc/self/fd/0" }, { "stdout", "/proc/self/fd/1" },
		{ "stderr", "/proc/self/fd/2" },
	};
	int dev = open_in_root(root, "/dev", O_PATH | O_DIRECTORY);

	if (dev == -1)
		die_errno("/dev in the new root");
	check(mount("tmpfs", fd_path(dev), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		    "mode=0755,size=64k"), "mount tmpfs on /dev");
	close(dev);
	dev = check(open_in_root(root, "/dev", O_PATH | O_DIRECTORY), "open new /dev");

	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		char host[32];
		/* the empty file we create is the mount point: its fd names it */
		int fd = openat(dev, devices[i], O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0666);

		if (fd == -1)
			die_errno("create /dev/%s", devices[i]);
		snprintf(host, sizeof(host), "/dev/%s", devices[i]);
		check(mount(host, fd_path(fd), "none", MS_BIND, NULL),
		      "bind-mount %s onto /dev/%s", host, devices[i]);
		close(fd);
	}

	check(mkdirat(dev, "pts", 0755), "mkdir /dev/pts");
	{
		int pts = check(openat(dev, "pts", O_PATH | O_DIRECTORY | O_CLOEXEC),
				"open /dev/pts");

		check(mount("devpts", fd_path(pts), "devpts", MS_NOSUID | MS_NOEXEC,
			    "newinstance,ptmxmode=0666,mode=0620"), "mount devpts on /dev/pts");
		close(pts);
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		check(symlinkat(links[i][1], dev, links[i][0]),
		      "symlink /dev/%s -> %s", links[i][0], links[i][1]);
	close(dev);
}

/* Child, in its new namespaces, once its maps are written: build the new
 * root and switch to it. Afterwards "/" is NEWROOT and the host's files
 * are out of reach (unless -k keeps them at -o). */
void setup_root(const struct options *opt)
{
	int root, fd;

	created_fd = opt->created_pipe[1];

	/* 1. Mount events must not reach the host: a shared / (systemd's
	 *    default) would carry every mount below back out. As a slave,
	 *    the tree still receives the host's unmounts. */
	check(mount(NULL, "/", "none", MS_REC | MS_SLAVE, NULL),
	      "make / a recursive slave");

	/* 2. Assemble the new root aside: NEWROOT bound (with its submounts)
	 *    onto a directory of a tmpfs that only this namespace sees. */
	check(mount("tmpfs", STAGING, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700,size=16k"),
	      "mount tmpfs on %s", STAGING);
	check(mkdir(STAGED_ROOT, 0755), "mkdir %s", STAGED_ROOT);
	check(mount(fd_path(opt->newroot_fd), STAGED_ROOT, "none", MS_BIND | MS_REC, NULL),
	      "bind-mount new root %s", opt->newroot);
	root = check(open(STAGED_ROOT, O_PATH | O_DIRECTORY | O_CLOEXEC),
		     "open %s", STAGED_ROOT);

	/* 3. A /proc for the new PID namespace, and a /dev of our own. The
	 *    kernel lets a user namespace mount proc only while a full /proc
	 *    is in sight: before pivot_root, the host's still is. */
	fd = open_in_root(root, "/proc", O_PATH | O_DIRECTORY);
	if (fd == -1)
		die_errno("/proc in the new root");
	check(mount("proc", fd_path(fd), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL),
	      "mount proc on /proc");
	close(fd);
	mount_dev(root);

	/* 4. Volumes and tmpfs, in command-line order. */
	for (size_t i = 0; i < opt->n_volumes; i++) {
		const struct volume *v = &opt->volumes[i];
		struct stat st;

		check(fstat(v->src_fd, &st), "stat volume source %s", v->src);
		fd = mount_point(root, v->dest, S_ISDIR(st.st_mode), "volume");
		check(mount(fd_path(v->src_fd), fd_path(fd), "none", MS_BIND | MS_REC, NULL),
		      "bind-mount %s onto %s", v->src, v->dest);
		close(fd);
		if (v->read_only) {
			/* the new mount: resolve dest again, now that it is there */
			fd = check(open_in_root(root, v->dest, O_PATH), "open %s", v->dest);
			check(make_read_only(fd, "", 1), "make volume %s read-only", v->dest);
			close(fd);
		}
	}
	for (size_t i = 0; i < opt->n_tmpfs; i++) {
		const struct tmpfs_mount *t = &opt->tmpfs[i];
		char data[64];

		snprintf(data, sizeof(data), "mode=1777,size=%s", t->size);
		fd = mount_point(root, t->dest, 1, "tmpfs");
		check(mount("tmpfs", fd_path(fd), "tmpfs", MS_NOSUID | MS_NODEV, data),
		      "mount tmpfs (%s) on %s", data, t->dest);
		close(fd);
	}

	/* 5. Switch. pivot_root(".", ".") stacks the old root on the new
	 *    one; detaching it leaves nothing above the new root. With -k,
	 *    the old root goes to -o DIR instead, and stays. */
	check(fchdir(root), "chdir to the new root");
	if (opt->keep_old_root) {
		char staging[PATH_MAX];

		fd = mount_point(root, opt->old_root, 1, "old root");
		check(syscall(SYS_pivot_root, ".", fd_path(fd)),
		      "pivot_root to %s, old root at %s", opt->newroot, opt->old_root);
		close(fd);
		snprintf(staging, sizeof(staging), "%s%s", opt->old_root, STAGING);
		check(umount2(staging, MNT_DETACH), "detach the staging tmpfs %s", staging);
	} else {
		check(syscall(SYS_pivot_root, ".", "."), "pivot_root to %s", opt->newroot);
		check(umount2(".", MNT_DETACH), "detach the old root");
	}
	close(root);
	check(chdir("/"), "chdir /");

	/* 6. -r: the root read-only, now that every mount point exists. The
	 *    mounts on it (volumes, tmpfs, /proc, /dev) keep their own mode. */
	if (opt->read_only)
		check(make_read_only(AT_FDCWD, "/", 0), "make the new root read-only");
}

/* Parent, once the jail is gone: remove the mount points the child created
 * in NEWROOT, newest first, if they are still an empty directory or an
 * empty file. Paths are resolved inside NEWROOT without following any
 * symlink, so whatever the jail did there, nothing outside is touched. */
void remove_mount_points(const struct options *opt)
{
	static char records[65536];
	ssize_t n = read(opt->created_pipe[0], records, sizeof(records));
	int root;

	if (n <= 0)
		return;
	root = open(opt->newroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root == -1)
		return;
	while (n > 0) {
		char *record, *name, parent[PATH_MAX];
		struct stat st;
		int dir;

		/* the last record: back from the final NUL to the previous one */
		records[n - 1] = '\0';
		record = records + n - 1;
		while (record > records && record[-1] != '\0')
			record--;
		n = record - records;

		name = strrchr(record + 1, '/') + 1;
		snprintf(parent, sizeof(parent), "%.*s",
			 (int)(name - record > 2 ? name - record - 2 : 1), record + 1);
		dir = open_in_root_how(root, parent, O_PATH | O_DIRECTORY, 1);
		if (dir == -1)
			continue;
		if (record[0] == 'd')
			unlinkat(dir, name, AT_REMOVEDIR);	/* only if empty */
		else if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			 S_ISREG(st.st_mode) && st.st_size == 0)
			unlinkat(dir, name, 0);
		narrate("removed mount point %s", record + 1);
		close(dir);
	}
	close(root);
}
