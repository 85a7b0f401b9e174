/*
 * tests/bench/mount-cost.c - the kernel's floor under nsroot's growth: what
 * one tmpfs and one bind mount cost the kernel itself, with the new mount
 * API (fsopen, fsconfig, fsmount, open_tree, move_mount: what nsroot uses)
 * and with mount(2), and what one tmpfs costs as its mount namespace ends.
 *
 * usage: mount-cost ROUNDS
 * Runs in a user and mount namespace of its own (unprivileged is fine), on
 * mount points in a tmpfs of its own. Prints Markdown rows: the median over
 * ROUNDS of the mean of 100 mounts. Mount points are opened as nsroot
 * opens them (O_PATH), outside the timing.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timing.h"

#define BATCH 100
#define MAX_ROUNDS 1000

static const char *fd_path(int fd)
{
	static char path[2][32];
	static int which;

	which = !which;
	snprintf(path[which], sizeof(path[which]), "/proc/self/fd/%d", fd);
	return path[which];
}

static void fail(const char *what)
{
	perror(what);
	exit(1);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) == EOF || fclose(f) == EOF)
		fail(path);
}

/* A user and mount namespace of our own, where we are root. */
static void enter_namespaces(void)
{
	char map[64];
	uid_t uid = getuid();
	gid_t gid = getgid();

	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) == -1)
		fail("unshare");
	write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	write_file("/proc/self/uid_map", map);
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	write_file("/proc/self/gid_map", map);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		fail("make / private");
}

static int work;	/* the tmpfs of mount points */
static unsigned next_dir;

/* BATCH fresh directories in it, opened */
static void open_points(int fds[BATCH])
{
	for (int i = 0; i < BATCH; i++) {
		char name[32];

		snprintf(name, sizeof(name), "d%u", next_dir++);
		if (mkdirat(work, name, 0755) == -1)
			fail("mkdir");
		fds[i] = openat(work, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fds[i] == -1)
			fail("open");
	}
}

static void close_all(int fds[BATCH])
{
	for (int i = 0; i < BATCH; i++)
		close(fds[i]);
}

static int attach(int tree, int target)
{
	return (int)syscall(SYS_move_mount, tree, "", target, "",
			    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
}

/* One tmpfs as nsroot mounts -t DIR:1m */
static void tmpfs_new_api(int target)
{
	int fs = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC), mnt;

	if (fs == -1 || syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "mode", "1777", 0) == -1 ||
	    syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "size", "1m", 0) == -1 ||
	    syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == -1)
		fail("fsopen tmpfs");
	mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
	if (mnt == -1 || attach(mnt, target) == -1)
		fail("fsmount tmpfs");
	close(mnt);
	close(fs);
}

static void tmpfs_mount(int target)
{
	if (mount("tmpfs", fd_path(target), "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=1m"))
		fail("mount tmpfs");
}

static int source;	/* what the binds bind: /etc */

static void bind_new_api(int target)
{
	int tree = (int)syscall(SYS_open_tree, source, "",
				OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);

	if (tree == -1 || attach(tree, target) == -1)
		fail("open_tree");
	close(tree);
}

static void bind_mount(int target)
{
	if (mount(fd_path(source), fd_path(target), NULL, MS_BIND | MS_REC, NULL))
		fail("mount --bind");
}

/* The mean time of one call of how, over a batch of fresh mount points */
static double batch(void (*how)(int))
{
	int fds[BATCH];
	double start;

	open_points(fds);
	start = now_us();
	for (int i = 0; i < BATCH; i++)
		how(fds[i]);
	start = (now_us() - start) / BATCH;
	close_all(fds);
	return start;
}

/* The time from "mounted" to the end of a child that holds n tmpfs in a
 * mount namespace of its own: the kernel unmounts them as it ends. */
static double teardown(int n)
{
	int pipefd[2];
	char byte;
	double start;
	pid_t pid;

	if (pipe(pipefd) == -1)
		fail("pipe");
	pid = fork();
	if (pid == -1)
		fail("fork");
	if (pid == 0) {
		int fds[BATCH];

		if (unshare(CLONE_NEWNS) == -1)
			fail("unshare mount");
		/* our /tmp now, in the new namespace, not the parent's */
		work = open("/tmp", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (work == -1)
			fail("open /tmp");
		open_points(fds);
		for (int i = 0; i < n; i++)
			tmpfs_new_api(fds[i]);
		close_all(fds);
		if (write(pipefd[1], "", 1) != 1)
			_exit(1);
		_exit(0);
	}
	next_dir += BATCH;	/* the child's, in the same tmpfs */
	close(pipefd[1]);
	if (read(pipefd[0], &byte, 1) != 1)
		fail("read");
	start = now_us();
	if (waitpid(pid, NULL, 0) == -1)
		fail("waitpid");
	close(pipefd[0]);
	return now_us() - start;
}

int main(int argc, char *argv[])
{
	static const char *const names[] = {
		"kernel: mount one tmpfs (fsopen, fsconfig, fsmount, move_mount)",
		"kernel: mount one tmpfs (mount(2))",
		"kernel: bind one directory (open_tree, move_mount)",
		"kernel: bind one directory (mount(2))",
		"kernel: unmount one tmpfs, as its mount namespace ends",
	};
	static double t[5][MAX_ROUNDS];
	int rounds = argc == 2 ? (int)strtol(argv[1], NULL, 10) : 0;

	if (rounds < 1 || rounds > MAX_ROUNDS) {
		fprintf(stderr, "usage: mount-cost ROUNDS (1 to %d)\n", MAX_ROUNDS);
		return 2;
	}
	enter_namespaces();
	/* over /tmp, in our mount namespace only: the host sees nothing */
	if (mount("tmpfs", "/tmp", "tmpfs", 0, "size=16m") == -1)
		fail("mount the work tmpfs");
	work = open("/tmp", O_PATH | O_DIRECTORY | O_CLOEXEC);
	source = open("/etc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (work == -1 || source == -1)
		fail("open");
	for (int r = 0; r < rounds; r++) {	/* the five take turns */
		t[0][r] = batch(tmpfs_new_api);
		t[1][r] = batch(tmpfs_mount);
		t[2][r] = batch(bind_new_api);
		t[3][r] = batch(bind_mount);
		t[4][r] = (teardown(BATCH) - teardown(0)) / BATCH;
	}
	printf("| what | median µs |\n|---|---:|\n");
	for (int i = 0; i < 5; i++) {
		qsort(t[i], (size_t)rounds, sizeof(double), by_value);
		printf("| %s | %.1f |\n", names[i], t[i][rounds / 2]);
	}
	return 0;
}
