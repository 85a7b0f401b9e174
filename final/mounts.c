/*
 * final/mounts.c - the new root: volumes, tmpfs, /proc, /dev, pivot_root.
 *
 * Every path inside NEWROOT is resolved once, with openat2(RESOLVE_IN_ROOT),
 * as if NEWROOT were already "/": a symlink in the rootfs that points to
 * "/etc" or "../../.." stays inside NEWROOT. Each mount is then attached
 * onto the file descriptor that resolution gave, and a new mount comes
 * back as a descriptor of its own (open_tree, fsmount, move_mount), so
 * that no path is looked up twice, and nobody outside can swap a
 * directory between the check and the mount, or between the mount and
 * making it read-only. One exception: /dev's entries are mounted on by
 * name, in the fresh tmpfs nsroot has just mounted and that only it can
 * reach (mount_dev()).
 *
 * The order follows bubblewrap's: make the host's mounts unreachable for
 * propagation, bind NEWROOT onto itself, mount into it, switch with
 * pivot_root, detach the old root; then the jail's tree is made private,
 * so that nothing the host mounts later enters. Nothing else is mounted:
 * the jail's tree holds NEWROOT, its volumes and tmpfs, /proc and /dev
 * (with /dev/pts), and with -k the old root, no more.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsroot.h"

/* The mount API of Linux 5.2 and 5.12 (linux/mount.h clashes with
 * sys/mount.h in older glibc: the few names we use, here). */
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV 0x00000004
#define MOUNT_ATTR_NOEXEC 0x00000008
struct mount_attr {
	/* cppcheck-suppress unusedStructMember ; read by the kernel */
	uint64_t attr_set, attr_clr, propagation, userns_fd;
};
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#define MOVE_MOUNT_T_EMPTY_PATH 0x00000040
#define FSOPEN_CLOEXEC 0x00000001
#define FSMOUNT_CLOEXEC 0x00000001
#define FSCONFIG_SET_STRING 1
#define FSCONFIG_CMD_CREATE 6
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

/* Where make_in_root() reports what it created: a socket to the parent,
 * which removes those entries once the jail is gone. */
static int created_fd;		/* set by setup_root(); zero until then, to be in
				 * .bss, as util.c's side is */

/* The hint for a NEWROOT without /proc or /dev: most often, NEWROOT is
 * not a root file system at all (nsroot run from the wrong folder). */
#define NOT_A_ROOTFS "NEWROOT (default: .) must be a root file system, with /proc and /dev " \
	"in it: is it the right folder? scripts/mkrootfs DIR makes one"

/* NEWROOT's path in our mount namespace, to tell where a descriptor is:
 * read from root_fd when first needed (most runs never need it), into
 * memory allocated then (not static: nsroot.h, "Pages"). */
static char *root_path;
static int root_fd;		/* set by setup_root(); zero until then, as created_fd */

/* Whether the parent will need the path of each directory we create an
 * entry in (struct created, below): with -r, or to narrate; or when the
 * jail keeps CAP_SYS_ADMIN, with which it may make its own root read-only
 * (mount -o remount,bind,ro /), as -r would. */
static int send_dir_paths;

/* "/proc/self/fd/N": a path that names exactly the file fd is open on. */
static const char *fd_path(int fd)
{
	static char path[2][32];
	static int which;

	which = !which;
	snprintf(path[which], sizeof(path[which]), "/proc/self/fd/%d", fd);
	return path[which];
}

/* A descriptor as a system call's argument, for --verbose: "3", "AT_FDCWD". */
static const char *fd_text(int fd)
{
	static char text[16];

	if (!verbose)		/* only --verbose reads it */
		return "";
	if (fd == AT_FDCWD)
		return "AT_FDCWD";
	snprintf(text, sizeof(text), "%d", fd);
	return text;
}

/* Close fd, keep errno as it was, return -1: for an error path, or where
 * the caller reads errno after the close. (errno is written back only if
 * close changed it: a first write to its page would copy the page, in a
 * process just cloned: nsroot.h, "Pages".) */
static int close_keeping_errno(int fd)
{
	int saved_errno = errno;

	if (close(fd) == -1)
		errno = saved_errno;
	return -1;
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
	return dir >= 0 ? close_keeping_errno(dir) : -1;
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
		return tell(walk_in_root(root, path, flags, no_symlinks),
			    "openat(%d, \"%s\", O_PATH|O_NOFOLLOW), a name at a time", root, path);
	return tell(fd, "openat2(%d, \"%s\", {%s, RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS%s})",
		    root, path, flags & O_DIRECTORY ? "O_PATH|O_DIRECTORY" : "O_PATH",
		    no_symlinks ? "|RESOLVE_NO_SYMLINKS" : "");
}

static int open_in_root(int root, const char *path, int flags)
{
	return open_in_root_how(root, path, flags, 0);
}

/* Where fd is, inside the new root being assembled: "/" for the root
 * itself, "/etc" for its etc; NULL if fd is not inside it. */
static const char *where_in_root(int fd, char *buf, size_t size)
{
	ssize_t n;
	size_t len;

	if (root_path == NULL) {
		root_path = malloc(PATH_MAX);
		if (root_path == NULL)
			die("readlink %s: out of memory", fd_path(root_fd));
		n = readlink(fd_path(root_fd), root_path, PATH_MAX - 1);
		if (n <= 0)
			die_errno("readlink %s", fd_path(root_fd));
		root_path[n] = '\0';
	}
	len = strcmp(root_path, "/") == 0 ? 0 : strlen(root_path);
	n = readlink(fd_path(fd), buf, size - 1);
	if (n < 0)
		die_errno("readlink %s", fd_path(fd));
	buf[n] = '\0';
	if (strncmp(buf, root_path, len) != 0 || (buf[len] != '/' && buf[len] != '\0'))
		return NULL;
	return buf[len] ? buf + len : "/";
}

/* What the child tells the parent of each entry it created to mount onto,
 * with the directory it is in as a descriptor (on a detached copy of its
 * mount: record_created()): the parent removes it there, and only if it
 * is still the same inode. Nothing the jail does to paths can point the
 * parent elsewhere. The directory's path inside the new root is for one
 * case only, where no copy could be made: -r (or the jail, keeping
 * CAP_SYS_ADMIN) made the jail's root read-only, and the descriptor with
 * it; the parent then finds the same directory (same inode) from NEWROOT
 * on the host, where it is writable. (And --verbose names it.) Otherwise,
 * it is not sent. */
struct created {
	dev_t dev;
	ino_t ino;
	int is_dir;		/* 1 a directory, 2 a symlink, 0 an empty file */
	char text[NAME_MAX + 1 + PATH_MAX];	/* name, NUL, the directory's path */
};

static void record_created(int dir, const char *name, int is_dir)
{
	struct created c = { .is_dir = is_dir };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control = { { 0 } };
	struct iovec iov = { .iov_base = &c };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control.buf, .msg_controllen = sizeof(control.buf),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	char where[PATH_MAX];
	const char *dir_path = send_dir_paths ? where_in_root(dir, where, sizeof(where)) : NULL;
	struct stat st;
	int len, sent;

	check_call(fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW),
		   callf("fstatat(%d, \"%s\", AT_SYMLINK_NOFOLLOW)", dir, name),
		   "stat the new mount point %s", name);
	/* The directory is sent as a mount of its own, a detached copy
	 * (open_tree): what the jail later does to its mounts (a remount
	 * read-only, with CAP_SYS_ADMIN kept) does not reach the copy, where
	 * the parent removes the entry. Without open_tree, or where the
	 * kernel refuses to copy it alone, the directory itself. */
	sent = syscall(SYS_open_tree, dir, "", OPEN_TREE_CLONE | O_CLOEXEC | AT_EMPTY_PATH);
	tell(sent, "open_tree(%d, \"\", OPEN_TREE_CLONE|AT_EMPTY_PATH)", dir);
	if (sent == -1)
		sent = dir;
	c.dev = st.st_dev;	/* cppcheck-suppress unreadVariable ; sent */
	c.ino = st.st_ino;	/* cppcheck-suppress unreadVariable ; sent */
	len = snprintf(c.text, sizeof(c.text), "%s%c%s", name, '\0', dir_path ? dir_path : "");
	iov.iov_len = offsetof(struct created, text) + (size_t)len + 1;
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &sent, sizeof(int));
	/* non-blocking: a full socket is an error, never a hang; and what
	 * the parent cannot know of, we remove before we go */
	if (tell(sendmsg(created_fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL),
		 "sendmsg(created_sock[1], {\"%s\", SCM_RIGHTS [%d]})", name, sent) == -1) {
		int saved_errno = errno;

		if (sent != dir)
			close(sent);
		unlinkat(dir, name, is_dir == 1 ? AT_REMOVEDIR : 0);
		errno = saved_errno;
		die_errno("too many mount points to create: sendmsg(%s)", name);
	}
	if (sent != dir)
		close(sent);
}

/* Open path inside root, first creating it (and what leads to it) if it is
 * missing: directories, and at the end an empty file when is_dir is 0.
 * Each entry is made with mkdirat/openat in a directory resolved inside
 * root. A loop, not recursion: a DEST of thousands of components costs
 * time, never the stack. Paths here are normalized and absolute. */
static int make_in_root(int root, const char *path, int is_dir)
{
	int fd = open_in_root(root, path, O_PATH);

	if (fd >= 0 || errno != ENOENT)
		return fd;
	for (const char *name = path + 1;; ) {
		const char *end = strchrnul(name, '/');
		int last = *end == '\0', dir_entry = !last || is_dir;
		char prefix[PATH_MAX], parent[PATH_MAX], entry[NAME_MAX + 1];

		if ((size_t)(end - name) > NAME_MAX) {
			errno = ENAMETOOLONG;
			return -1;
		}
		snprintf(prefix, sizeof(prefix), "%.*s", (int)(end - path), path);
		snprintf(parent, sizeof(parent), "%.*s", name - path > 1 ? (int)(name - path - 1) : 1, path);
		snprintf(entry, sizeof(entry), "%.*s", (int)(end - name), name);
		fd = open_in_root(root, prefix, O_PATH);
		if (fd == -1 && errno == ENOENT) {
			int dir = open_in_root(root, parent, O_PATH | O_DIRECTORY), made;

			if (dir == -1)
				return -1;
			if (dir_entry) {
				made = tell(mkdirat(dir, entry, 0755), "mkdirat(%d, \"%s\", 0755)",
					    dir, entry);
			} else {
				made = openat(dir, entry, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
				tell(made, "openat(%d, \"%s\", O_CREAT|O_EXCL|O_WRONLY|O_NOFOLLOW, "
				     "0644)", dir, entry);
				if (made >= 0)
					made = close(made);
			}
			if (made == 0) {
				record_created(dir, entry, dir_entry);
				/* exactly what we made, not what a path leads to now */
				fd = openat(dir, entry, O_PATH | O_NOFOLLOW | O_CLOEXEC);
				tell(fd, "openat(%d, \"%s\", O_PATH|O_NOFOLLOW)", dir, entry);
			} else if (errno == EEXIST) {
				fd = open_in_root(root, prefix, O_PATH);
			}
			close_keeping_errno(dir);
		}
		if (fd == -1 || last)
			return fd;
		close(fd);
		name = end + 1;
	}
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

	tell(ret, "mount_setattr(%s, \"%s\", AT_EMPTY_PATH%s, {MOUNT_ATTR_RDONLY})",
	     fd_text(dirfd), path,
	     recursive ? "|AT_RECURSIVE" : "");
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
	return tell(mount(NULL, path, "none", MS_REMOUNT | MS_BIND | MS_RDONLY | keep, NULL),
		    "mount(NULL, \"%s\", NULL, MS_REMOUNT|MS_BIND|MS_RDONLY|%#lx)", path, keep);
}

/* Put the detached mount tree (from open_tree or fsmount) onto target; or,
 * when target is -1, onto name in directory dir: only for an entry nsroot
 * has just made in a tmpfs of its own (/dev's), that nothing else reaches. */
static int attach(int tree, int target, int dir, const char *name)
{
	if (target == -1)
		return tell(syscall(SYS_move_mount, tree, "", dir, name, MOVE_MOUNT_F_EMPTY_PATH),
			    "move_mount(%d, \"\", %d, \"%s\", MOVE_MOUNT_F_EMPTY_PATH)", tree, dir,
			    name);
	return tell(syscall(SYS_move_mount, tree, "", target, "",
			    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH),
		    "move_mount(%d, \"\", %d, \"\", "
		    "MOVE_MOUNT_F_EMPTY_PATH|MOVE_MOUNT_T_EMPTY_PATH)", tree, target);
}

/* The path of target for mount(2), where there is no move_mount: target
 * itself, or name in dir when target is -1 (as attach() takes them). */
static const char *target_path(int target, int dir, const char *name)
{
	static char path[64 + NAME_MAX];

	if (target != -1)
		return fd_path(target);
	snprintf(path, sizeof(path), "%s/%s", fd_path(dir), name);
	return path;
}

enum { BIND_RECURSIVE = 1, BIND_READ_ONLY = 2 };

/* Bind src (a descriptor, or a host path when src_path is not "") onto
 * target (or name in dir: attach()), with the mounts below it when
 * recursive, read-only if asked.
 * The copy is made read-only before it is attached. Returns a descriptor
 * of the new mount. Before Linux 5.2 (or under valgrind) there is no
 * open_tree: mount(2) binds, and the new mount is opened again as
 * dir/name, the one place where a path is looked up twice. */
static int bind_mount(int src, const char *src_path, int target, int how,
		      int dir, const char *name)
{
	int rec = how & BIND_RECURSIVE ? AT_RECURSIVE : 0;
	int tree = syscall(SYS_open_tree, src, src_path,
			   OPEN_TREE_CLONE | O_CLOEXEC | AT_EMPTY_PATH | rec);
	int late_read_only = 0;

	tell(tree, "open_tree(%s, \"%s\", OPEN_TREE_CLONE|AT_EMPTY_PATH%s)",
	     fd_text(src), src_path, rec ? "|AT_RECURSIVE" : "");
	if (tree == -1 && errno != ENOSYS)
		return -1;
	if (tree >= 0) {
		struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };

		/* the detached copy; Linux 5.2 to 5.11 have no mount_setattr:
		 * a remount, once it is attached */
		if ((how & BIND_READ_ONLY) &&
		    tell(syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | rec, &attr,
				 sizeof(attr)),
			 "mount_setattr(%d, \"\", AT_EMPTY_PATH%s, {MOUNT_ATTR_RDONLY})", tree,
			 rec ? "|AT_RECURSIVE" : "") == -1) {
			if (errno != ENOSYS)
				return close_keeping_errno(tree);
			late_read_only = 1;
		}
		if (attach(tree, target, dir, name) == -1)
			return close_keeping_errno(tree);
	} else {
		if (tell(mount(*src_path ? src_path : fd_path(src), target_path(target, dir, name),
			       "none", MS_BIND | (rec ? MS_REC : 0), NULL),
			 "mount(\"%s\", \"%s\", NULL, MS_BIND%s)",
			 *src_path ? src_path : fd_path(src), target_path(target, dir, name),
			 rec ? "|MS_REC" : "") == -1)
			return -1;
		tree = open_in_root(dir, name, O_PATH);
		if (tree == -1)
			return -1;
		late_read_only = how & BIND_READ_ONLY;
	}
	if (late_read_only && make_read_only(tree, "", rec) == -1)
		return close_keeping_errno(tree);
	return tree;
}

/* MOUNT_ATTR_RDONLY|MOUNT_ATTR_NOSUID..., for --verbose. */
static const char *mount_attr_names(unsigned attrs)
{
	static const struct flag_name names[] = {
		{ MOUNT_ATTR_RDONLY, "MOUNT_ATTR_RDONLY" },
		{ MOUNT_ATTR_NOSUID, "MOUNT_ATTR_NOSUID" },
		{ MOUNT_ATTR_NODEV, "MOUNT_ATTR_NODEV" },
		{ MOUNT_ATTR_NOEXEC, "MOUNT_ATTR_NOEXEC" },
	};
	static char text[128];

	return flags_text(attrs, names, sizeof(names) / sizeof(names[0]), text, sizeof(text));
}

/* A new filesystem of type, with its options ("mode=0755,size=64k") and
 * MOUNT_ATTR_* attributes, put onto target (or name in dir: attach()).
 * Returns a descriptor of its root. Without fsopen (before Linux 5.2, or
 * under valgrind): mount(2), and the new mount opened again as dir/name. */
static int mount_fs(const char *type, const char *options, unsigned attrs,
		    int target, int dir, const char *name)
{
	int fs = tell(syscall(SYS_fsopen, type, FSOPEN_CLOEXEC), "fsopen(\"%s\", FSOPEN_CLOEXEC)",
		      type);
	unsigned long flags = 0;

	if (fs >= 0) {
		char text[128], *key, *next;
		int mnt = -1;

		snprintf(text, sizeof(text), "%s", options);
		for (key = text; *key; key = next) {
			char *value;

			next = strchrnul(key, ',');
			if (*next)
				*next++ = '\0';
			value = strchr(key, '=');
			if (value)
				*value++ = '\0';
			long ret = syscall(SYS_fsconfig, fs, value ? FSCONFIG_SET_STRING : 0, key,
					   value, 0);

			if (tell(ret, "fsconfig(%d, %s, \"%s\", %s%s%s, 0)", fs,
				 value ? "FSCONFIG_SET_STRING" : "FSCONFIG_SET_FLAG", key,
				 value ? "\"" : "", value ? value : "NULL",
				 value ? "\"" : "") == -1)
				return close_keeping_errno(fs);
		}
		if (tell(syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0),
			 "fsconfig(%d, FSCONFIG_CMD_CREATE, NULL, NULL, 0)", fs) == 0)
			mnt = tell(syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, attrs),
				   "fsmount(%d, FSMOUNT_CLOEXEC, %s)", fs, mount_attr_names(attrs));
		close_keeping_errno(fs);
		if (mnt >= 0 && attach(mnt, target, dir, name) == -1)
			return close_keeping_errno(mnt);
		return mnt;
	}
	if (errno != ENOSYS)
		return -1;
	flags |= attrs & MOUNT_ATTR_RDONLY ? MS_RDONLY : 0;
	flags |= attrs & MOUNT_ATTR_NOSUID ? MS_NOSUID : 0;
	flags |= attrs & MOUNT_ATTR_NODEV ? MS_NODEV : 0;
	flags |= attrs & MOUNT_ATTR_NOEXEC ? MS_NOEXEC : 0;
	if (tell(mount(type, target_path(target, dir, name), type, flags, options),
		 "mount(\"%s\", \"%s\", \"%s\", %#lx, \"%s\")", type, target_path(target, dir, name),
		 type, flags, options) == -1)
		return -1;
	return open_in_root(dir, name, O_PATH | O_DIRECTORY);
}

/* The mount a descriptor is on, from /proc/self/fdinfo. */
static int mount_id(int fd)
{
	char path[64], line[128];
	int id = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "mnt_id:", 7) == 0) {
			id = (int)strtol(line + 7, NULL, 10);
			break;
		}
	fclose(f);
	return id;
}

/* Bind NEWROOT (with its submounts) onto itself: the new root is then a
 * mount of its own, that pivot_root can switch to, and nothing else is
 * needed to assemble it. Returns a descriptor of it. */
static int bind_root(const struct options *opt, int newroot_fd)
{
	struct stat old, new;
	char path[PATH_MAX];
	ssize_t n;
	int root = tell(syscall(SYS_open_tree, newroot_fd, "",
				OPEN_TREE_CLONE | O_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE),
			"open_tree(%d, \"\", OPEN_TREE_CLONE|AT_EMPTY_PATH|AT_RECURSIVE)",
			newroot_fd);

	if (root >= 0) {
		or_die(attach(root, newroot_fd, -1, ""), "move_mount(new root %s onto itself)",
		       opt->newroot);
		return root;
	}
	if (errno != ENOSYS)
		die_errno("open_tree(new root %s)", opt->newroot);
	check_call(mount(fd_path(newroot_fd), fd_path(newroot_fd), "none", MS_BIND | MS_REC, NULL),
		   callf("mount(\"%s\", \"%s\", NULL, MS_BIND|MS_REC)", fd_path(newroot_fd),
			 fd_path(newroot_fd)), "bind-mount new root %s onto itself", opt->newroot);
	/* Without open_tree, we cannot hold the new mount at once:
	 * look NEWROOT up again, by its path from "/" (which crosses the new
	 * mount, where "/proc/self/fd/N" would not), and make sure it is
	 * the same directory, on another mount. */
	n = readlink(fd_path(newroot_fd), path, sizeof(path) - 4);
	if (n <= 0)
		die_errno("new root %s", opt->newroot);
	snprintf(path + n, 4, "%s", n == 1 ? ".." : "");
	root = check_call(open(path, O_PATH | O_DIRECTORY | O_CLOEXEC),
			  callf("open(\"%s\", O_PATH|O_DIRECTORY)", path), "open new root %s",
			  path);
	if (fstat(root, &new) == -1 || fstat(newroot_fd, &old) == -1 ||
	    new.st_dev != old.st_dev || new.st_ino != old.st_ino ||
	    mount_id(root) == mount_id(newroot_fd))
		die("new root %s: changed while nsroot was mounting it", opt->newroot);
	return root;
}

/* As root, uid 0 inside is the host's uid 0 without capabilities, and the
 * kernel decides some things by uid alone: root may write the files of
 * /proc/sys, /proc/sysrq-trigger... (core_pattern runs a program as the
 * host's root). Docker's lists are the yardstick: what changes the kernel
 * is made read-only, what tells the kernel's secrets is hidden (a
 * read-only /dev/null over a file, an empty read-only tmpfs over a
 * directory). Unprivileged, the host's root is not mapped, these files
 * belong to nobody inside, and the kernel refuses already. */
static void protect_proc(int proc)
{
	static const char *const read_only[] = {
		"sys", "sysrq-trigger", "irq", "bus", "fs",
	};
	static const char *const hidden[] = {
		"kcore", "keys", "key-users", "timer_list", "sched_debug",
		"latency_stats", "timer_stats", "interrupts", "kpageflags", "kpagecount",
		"kpagecgroup", "slabinfo", "vmallocinfo", "pagetypeinfo", "acpi", "asound",
		"scsi",
	};
	struct stat st;

	for (size_t i = 0; i < sizeof(read_only) / sizeof(read_only[0]); i++) {
		int fd = open_in_root(proc, read_only[i], O_PATH), top;

		if (fd == -1 && errno == ENOENT)
			continue;
		or_die(fd, "open /proc/%s", read_only[i]);
		top = bind_mount(fd, "", fd, BIND_RECURSIVE | BIND_READ_ONLY, proc, read_only[i]);
		or_die(top, "bind-mount /proc/%s read-only", read_only[i]);
		close(top);
		close(fd);
	}
	for (size_t i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++) {
		int fd = open_in_root(proc, hidden[i], O_PATH), top;

		if (fd == -1 && errno == ENOENT)
			continue;
		or_die(fd, "open /proc/%s", hidden[i]);
		check_call(fstat(fd, &st), callf("fstat(%d)", fd), "stat /proc/%s", hidden[i]);
		if (S_ISDIR(st.st_mode))
			top = mount_fs("tmpfs", "mode=0555,size=4k", MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
				       MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, fd, proc, hidden[i]);
		else
			top = bind_mount(AT_FDCWD, "/dev/null", fd, BIND_READ_ONLY, proc, hidden[i]);
		or_die(top, "hide /proc/%s", hidden[i]);
		close(top);
		close(fd);
	}
}

/* Child, in its own mount namespace (a mount can only be bound from the
 * namespace it is in): open NEWROOT and every volume's source, into the
 * jail's state, before anything is mounted: a missing one is an error
 * before anything exists. */
void open_sources(struct jail *jail)
{
	const struct options *opt = jail->opt;

	jail->newroot_fd = check_call(open(opt->newroot, O_PATH | O_DIRECTORY | O_CLOEXEC),
				      callf("open(\"%s\", O_PATH|O_DIRECTORY)", opt->newroot),
				      "new root %s", opt->newroot);
	jail->source_fds = opt->n_volumes ? calloc(opt->n_volumes, sizeof(int)) : NULL;
	if (opt->n_volumes && jail->source_fds == NULL)
		die("volumes: out of memory");
	for (size_t i = 0; i < opt->n_volumes; i++) {
		const struct volume *v = &opt->volumes[i];
		int fd = tell(open(v->src, O_PATH | O_CLOEXEC), "open(\"%s\", O_PATH)", v->src);

		if (fd == -1 && v->try && errno == ENOENT)
			narrate("volume-try: no %s: skipped", v->src);
		else if (fd == -1)
			die_errno("volume source %s", v->src);
		jail->source_fds[i] = fd;
	}
}

/* Open dest inside root, creating it if needed, and refuse what resolves
 * (through symlinks in the rootfs) to the root itself or into /proc. */
static int mount_point(int root, const char *dest, int is_dir, const char *what)
{
	char buf[PATH_MAX];
	const char *where;
	int fd;

	/* Most DESTs are there, with no symlink on the way: the place is then
	 * DEST itself (normalized: no "." or ".."), and there is nothing to
	 * read back. Else it is made if missing, and read back. */
	fd = open_in_root_how(root, dest, O_PATH, 1);
	if (fd >= 0) {
		where = dest;
	} else {
		fd = make_in_root(root, dest, is_dir);
		if (fd == -1)
			die_errno("%s: mount point %s in the new root", what, dest);
		where = where_in_root(fd, buf, sizeof(buf));
	}
	if (where == NULL || root_or_proc(where))
		die("%s: mount point %s leads to %s inside the new root", what, dest,
		    where ? where : buf);
	return fd;
}

/* Die if the /dev that a symlink led to is the root or in /proc. Not
 * inlined: its buffer would be one more page of stack to touch each run. */
static __attribute__((noinline)) void refuse_dev_at(int fd)
{
	char buf[PATH_MAX];
	const char *where = where_in_root(fd, buf, sizeof(buf));

	if (where == NULL || root_or_proc(where))
		die("/dev in the new root leads to %s inside it", where ? where : buf);
}

/* /dev: a tmpfs with the harmless devices of the host bound into it, a
 * devpts of our own, and the usual links. Not the host's /dev. As root,
 * the devices are bound read-only: reading and writing them still work,
 * changing their owner or mode (the host's own nodes) does not. */
static void mount_dev(int root, int host_root_inside)
{
	static const char *const devices[] = {
		"null", "zero", "full", "random", "urandom", "tty",
	};
	static const char *const links[][2] = {
		{ "ptmx", "pts/ptmx" }, { "fd", "/proc/self/fd" },
		{ "stdin", "/proc/self/fd/0" }, { "stdout", "/proc/self/fd/1" },
		{ "stderr", "/proc/self/fd/2" },
	};
	int target = open_in_root_how(root, "/dev", O_PATH | O_DIRECTORY, 1), dev, pts;

	/* /dev a symlink in the rootfs: followed inside, but not to the root
	 * or into /proc, which our tmpfs would hide */
	if (target == -1 && errno == ELOOP) {
		target = open_in_root(root, "/dev", O_PATH | O_DIRECTORY);
		if (target >= 0)
			refuse_dev_at(target);
	}
	if (target == -1 && errno == ENOENT)
		die_errno_hint(NOT_A_ROOTFS, "/dev in the new root");
	if (target == -1)
		die_errno("/dev in the new root");
	dev = mount_fs("tmpfs", "mode=0755,size=64k",
		       MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, target, root, "/dev");
	or_die(dev, "mount tmpfs on /dev");
	close(target);

	/* The tmpfs is ours alone: the jail does not exist yet, and we are
	 * not dumpable (no /proc/PID/root of ours to enter). So its entries
	 * are named by path (attach()): each the empty file or directory we
	 * have just made there. mknodat(S_IFREG) makes an empty file, as
	 * openat(O_CREAT) would, but leaves no descriptor to close. */
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		char host[32];
		int fd;

		check_call(mknodat(dev, devices[i], S_IFREG | 0666, 0),
			   callf("mknodat(%d, \"%s\", S_IFREG|0666, 0)", dev, devices[i]),
			   "create /dev/%s", devices[i]);
		snprintf(host, sizeof(host), "/dev/%s", devices[i]);
		fd = bind_mount(AT_FDCWD, host, -1, host_root_inside ? BIND_READ_ONLY : 0,
				dev, devices[i]);
		or_die(fd, "bind-mount %s onto /dev/%s", host, devices[i]);
		close(fd);
	}

	check_call(mkdirat(dev, "pts", 0755), callf("mkdirat(%d, \"pts\", 0755)", dev),
		   "mkdir /dev/pts");
	pts = mount_fs("devpts", "newinstance,ptmxmode=0666,mode=0620",
		       MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, -1, dev, "pts");
	or_die(pts, "mount devpts on /dev/pts");
	close(pts);
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		check_call(symlinkat(links[i][1], dev, links[i][0]),
			   callf("symlinkat(\"%s\", %d, \"%s\")", links[i][1], dev, links[i][0]),
			   "symlink /dev/%s -> %s", links[i][0], links[i][1]);
	close(dev);
}

/* Bind the volume's SRC, opened as src_fd (closed here), onto its DEST. */
static void mount_volume(int root, const struct volume *v, int src_fd)
{
	struct stat st;
	int target, fd;

	if (src_fd == -1)
		return;		/* --volume-try, and SRC is missing */
	check_call(fstat(src_fd, &st), callf("fstat(%d)", src_fd), "stat volume source %s", v->src);
	target = mount_point(root, v->dest, S_ISDIR(st.st_mode), "volume");
	fd = bind_mount(src_fd, "", target, BIND_RECURSIVE | (v->read_only ? BIND_READ_ONLY : 0),
			root, v->dest);
	or_die(fd, "bind-mount %s onto %s%s", v->src, v->dest, v->read_only ? " read-only" : "");
	close(fd);
	close(target);
	close(src_fd);
}

static void mount_tmpfs(int root, const struct tmpfs_mount *t)
{
	char options[64];
	int target = mount_point(root, t->dest, 1, "tmpfs"), fd;

	snprintf(options, sizeof(options), "mode=1777,size=%s", t->size);
	fd = mount_fs("tmpfs", options, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, target, root, t->dest);
	or_die(fd, "mount tmpfs (%s) on %s", options, t->dest);
	close(fd);
	close(target);
}

/* --dir DEST: a directory, made if missing; --symlink TARGET:DEST: a
 * symlink, made in DEST's directory (resolved inside the root), or one
 * there already with the same TARGET. Removed afterwards as mount points
 * are, if they are still what was made. */
static void make_path(int root, const struct made_path *p)
{
	char parent[PATH_MAX], text[PATH_MAX];
	const char *name = strrchr(p->dest, '/') + 1;
	ssize_t n;
	int dir;

	if (p->target == NULL) {
		struct stat st;

		dir = mount_point(root, p->dest, 1, "dir");
		/* one there already is kept: if it is a directory */
		if (fstat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			die_errno("dir: mount point %s in the new root", p->dest);
		}
		close(dir);
		return;
	}
	snprintf(parent, sizeof(parent), "%.*s", name - p->dest > 1 ? (int)(name - p->dest - 1) : 1,
		 p->dest);
	dir = strcmp(parent, "/") == 0 ? dup(root) : mount_point(root, parent, 1, "symlink");
	if (dir == -1)
		die_errno("symlink: %s", parent);
	if (symlinkat(p->target, dir, name) == 0) {
		record_created(dir, name, 2);
	} else if (errno != EEXIST ||
		   (n = readlinkat(dir, name, text, sizeof(text) - 1)) < 0 ||
		   (text[n] = '\0', strcmp(text, p->target) != 0)) {
		errno = errno == EINVAL ? EEXIST : errno;
		die_errno("symlink %s -> %s", p->dest, p->target);
	}
	close(dir);
}

/* Child, in its new namespaces, once its maps are written: build the new
 * root and switch to it. Afterwards "/" is NEWROOT and the host's files
 * are out of reach (unless -k keeps them at -o). */
void setup_root(struct jail *jail)
{
	const struct options *opt = jail->opt;
	size_t v = 0, t = 0, p = 0;
	int root, proc, fd;

	created_fd = jail->created_sock[1];
	send_dir_paths = opt->read_only || verbose || opt->keep_caps ||
			 (opt->cap_add & (1ULL << CAP_SYS_ADMIN));

	/* 1. Mount events must not reach the host: a shared / (systemd's
	 *    default) would carry every mount below back out. As a slave,
	 *    the tree still receives the host's unmounts. */
	check_call(mount(NULL, "/", "none", MS_REC | MS_SLAVE, NULL),
		   callf("mount(NULL, \"/\", NULL, MS_REC|MS_SLAVE)"), "make / a recursive slave");

	/* 2. NEWROOT, with its submounts, bound onto itself. */
	root = bind_root(opt, jail->newroot_fd);
	root_fd = root;

	/* 3. A /proc for the new PID namespace, and a /dev of our own. The
	 *    kernel lets a user namespace mount proc only while a full /proc
	 *    is in sight: before pivot_root, the host's still is. */
	fd = open_in_root(root, "/proc", O_PATH | O_DIRECTORY);
	if (fd == -1 && errno == ENOENT)
		die_errno_hint(NOT_A_ROOTFS, "/proc in the new root %s", opt->newroot);
	if (fd == -1)
		die_errno("/proc in the new root");
	proc = mount_fs("proc", "", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
			fd, root, "/proc");
	or_die(proc, "mount proc on /proc");
	close(fd);
	if (jail->host_root_inside)
		protect_proc(proc);
	close(proc);
	mount_dev(root, jail->host_root_inside);

	/* 4. Volumes, tmpfs, --dir and --symlink, in command-line order. */
	for (unsigned seq = 0; seq < opt->n_mounts; seq++) {
		if (v < opt->n_volumes && opt->volumes[v].seq == seq) {
			mount_volume(root, &opt->volumes[v], jail->source_fds[v]);
			jail->source_fds[v++] = -1;
		}
		else if (t < opt->n_tmpfs && opt->tmpfs[t].seq == seq)
			mount_tmpfs(root, &opt->tmpfs[t++]);
		else if (p < opt->n_paths)
			make_path(root, &opt->paths[p++]);
	}

	/* 5. Switch. pivot_root(".", ".") stacks the old root on the new
	 *    one; detaching it leaves nothing above the new root. With -k,
	 *    the old root goes to -o DIR instead, and stays. */
	check_call(fchdir(root), callf("fchdir(%d)", root), "chdir to the new root");
	if (opt->keep_old_root) {
		fd = mount_point(root, opt->old_root, 1, "old root");
		check_call(syscall(SYS_pivot_root, ".", fd_path(fd)),
			   callf("pivot_root(\".\", \"%s\")", fd_path(fd)), "pivot_root(\".\", %s)",
			   opt->old_root);
		close(fd);
	} else {
		check(syscall(SYS_pivot_root, ".", "."), "pivot_root(\".\", \".\")");
		check_call(umount2(".", MNT_DETACH), callf("umount2(\".\", MNT_DETACH)"),
			   "umount2(old root, MNT_DETACH)");
	}
	close(root);
	/*    From now on, nothing the host mounts enters the jail either: as a
	 *    slave, the tree would receive the host's new mounts below a :ro
	 *    volume or NEWROOT, read-write. */
	check_call(mount(NULL, "/", "none", MS_REC | MS_PRIVATE, NULL),
		   callf("mount(NULL, \"/\", NULL, MS_REC|MS_PRIVATE)"),
		   "make / a recursive private");
	close(jail->newroot_fd);
	jail->newroot_fd = -1;
	free(jail->source_fds);
	jail->source_fds = NULL;
	close(created_fd);
	created_fd = jail->created_sock[1] = -1;
	/* the working directory is the new root already; the child goes on
	 * to -w's (main.c, d.) */

	/* 6. -r: the root read-only, now that every mount point exists. The
	 *    mounts on it (volumes, tmpfs, /proc, /dev) keep their own mode. */
	if (opt->read_only)
		or_die(make_read_only(AT_FDCWD, "/", 0), "make the new root read-only");
}

/* Is name in dir still the entry the child made, and removable: an empty
 * file, or a directory (rmdir fails on one that is not empty: kept)? */
static int still_ours(int dir, const struct created *c)
{
	struct stat st;

	return fstatat(dir, c->text, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       st.st_dev == c->dev && st.st_ino == c->ino &&
	       (c->is_dir == 1 ? S_ISDIR(st.st_mode) : c->is_dir == 2 ? S_ISLNK(st.st_mode) :
		S_ISREG(st.st_mode) && st.st_size == 0);
}

/* The same directory as dir, reached from NEWROOT on the host without
 * following a symlink: for when dir is on a read-only mount (-r). */
static int host_side(const struct options *opt, int dir, const char *dir_path)
{
	int root = open(opt->newroot, O_PATH | O_DIRECTORY | O_CLOEXEC), fd;
	struct stat a, b;

	if (root == -1)
		return -1;
	fd = *dir_path ? open_in_root_how(root, dir_path, O_PATH | O_DIRECTORY, 1) : -1;
	close(root);
	if (fd >= 0 && (fstat(fd, &a) == -1 || fstat(dir, &b) == -1 ||
			a.st_dev != b.st_dev || a.st_ino != b.st_ino)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Parent, once the jail is gone: remove the entries the child created to
 * mount onto, newest first, each in the directory the child sent, and only
 * if it is still the same inode and still an empty directory or an empty
 * file. Whatever the jail did to paths, nothing else is touched. */
void remove_mount_points(const struct jail *jail)
{
	struct record {
		struct created c;
		int dir;
	} *records = NULL;
	size_t n = 0;

	for (;;) {
		union {
			char buf[CMSG_SPACE(sizeof(int))];
			struct cmsghdr align;
		} control;
		struct record r = { .dir = -1 };
		struct iovec iov = { .iov_base = &r.c, .iov_len = sizeof(r.c) - 1 };
		struct msghdr msg = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = control.buf, .msg_controllen = sizeof(control.buf),
		};
		struct cmsghdr *cmsg;
		void *more;
		ssize_t got = recvmsg(jail->created_sock[0], &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);

		if (got <= 0)
			break;
		cmsg = CMSG_FIRSTHDR(&msg);
		if (cmsg == NULL || cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		memcpy(&r.dir, CMSG_DATA(cmsg), sizeof(int));
		more = realloc(records, (n + 1) * sizeof(*records));
		if (more == NULL || (size_t)got <= offsetof(struct created, text)) {
			close(r.dir);
			if (more == NULL)
				break;
			records = more;
			continue;
		}
		records = more;
		records[n++] = r;
	}
	while (n-- > 0) {
		const struct record *r = &records[n];
		const char *name = r->c.text, *dir_path = name + strlen(name) + 1;
		int flags = r->c.is_dir == 1 ? AT_REMOVEDIR : 0;	/* 2: a symlink */

		if (still_ours(r->dir, &r->c)) {
			int ret = unlinkat(r->dir, name, flags);

			if (ret == -1 && errno == EROFS) {
				int dir = host_side(jail->opt, r->dir, dir_path);

				if (dir >= 0 && still_ours(dir, &r->c))
					ret = unlinkat(dir, name, flags);
				if (dir >= 0)
					close(dir);
			}
			tell(ret, "unlinkat(%d</%s>, \"%s\", %s)", r->dir,
			     *dir_path == '/' ? dir_path + 1 : dir_path, name,
			     flags ? "AT_REMOVEDIR" : "0");
		}
		close(r->dir);
	}
	free(records);
}
