/*
 * final/cgroup.c - what the jail as a whole may use: a control group of its
 * own, with --memory-max, --pids-max and --cpu-max, removed afterwards; and
 * a cgroup namespace, so that the jail sees its own cgroup as "/".
 *
 * A cgroup is a directory of a cgroup filesystem: mkdir makes one, writing
 * a pid to its cgroup.procs moves a process into it (its children are born
 * there), writing a limit file sets the limit, rmdir removes it once it is
 * empty. Each controller (memory, pids, cpu) lives in one hierarchy:
 *
 *   cgroup v2  one tree for every controller (/sys/fs/cgroup, type cgroup2);
 *              a controller is given to children through the parent's
 *              cgroup.subtree_control, and only a cgroup without processes
 *              may give it: the jail's cgroup is made beside nsroot's own,
 *              not in it (at the root, which is exempt, in it)
 *   cgroup v1  one tree per controller (/sys/fs/cgroup/memory, ...); the
 *              jail's cgroup is made in nsroot's own, in each tree
 *
 * A "hybrid" host has both: each controller is where /proc/self/mountinfo
 * says it is mounted. The parent makes the cgroups before clone and moves
 * the child into them before it lets it go; a keeper process removes them
 * when nsroot ends, however it ends (even of SIGKILL): it waits for the end
 * of a pipe that only nsroot holds.
 *
 * Read: cgroups(7), cgroup_namespaces(7), the kernel's
 * Documentation/admin-guide/cgroup-v2.rst
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nsroot.h"

/* The cgroups of the jail: one per hierarchy that holds a controller
 * asked for (one on v2; up to three on v1). Run-time state, kept here;
 * allocated when the first is made (24 KiB of static memory would push
 * nsroot's small variables apart, onto pages more to fault in each run). */
#define MAX_CGROUPS 3
static struct cgroup {
	char path[PATH_MAX];	/* the jail's cgroup, a directory */
	char parent[PATH_MAX];	/* where it is made */
	int v2;
} *cgroups;
static int n_cgroups;
static pid_t keeper = -1;
static int keeper_pipe = -1;	/* the write end: its end is nsroot's end */

static void write_file(const char *dir, const char *file, const char *value)
{
	char path[PATH_MAX + 64];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = tell(open(path, O_WRONLY | O_CLOEXEC), "open(\"%s\", O_WRONLY)", path);
	if (fd == -1 || tell(write(fd, value, strlen(value)), "write(%d, \"%s\")", fd, value) < 0)
		die_errno("cgroup: write %s to %s", value, path);
	close(fd);
}

/* Is word one of the words of list (separated by sep)? */
static int has_word(const char *list, const char *word, char sep)
{
	size_t len = strlen(word);

	for (const char *p = list; p; p = strchr(p, sep), p = p ? p + 1 : NULL)
		if (strncmp(p, word, len) == 0 && (p[len] == sep || p[len] == '\0' ||
						   p[len] == '\n'))
			return 1;
	return 0;
}

/* Our own cgroup in the hierarchy of controller (v1), or in the v2 tree
 * (controller NULL), from /proc/self/cgroup: "ID:CONTROLLERS:PATH". */
static int own_cgroup(const char *controller, char *out, size_t outlen)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char line[PATH_MAX + 128];
	int found = 0;

	if (f == NULL)
		die_errno("cgroup: /proc/self/cgroup");
	while (!found && fgets(line, sizeof(line), f)) {
		char *list = strchr(line, ':'), *path = list ? strchr(list + 1, ':') : NULL;

		if (path == NULL)
			continue;
		*path++ = '\0';
		path[strcspn(path, "\n")] = '\0';
		list++;
		if (controller ? has_word(list, controller, ',') : (*list == '\0' && line[0] == '0'))
			found = snprintf(out, outlen, "%s", path) < (int)outlen;
	}
	fclose(f);
	return found ? 0 : -1;
}

/* Where the hierarchy of controller is mounted (v1, type "cgroup" with the
 * controller among its options), or the v2 tree (controller NULL): from
 * /proc/self/mountinfo, "ID PARENT DEV ROOT MOUNTPOINT ... - TYPE SOURCE
 * OPTIONS". The root of the mount (not / in a cgroup namespace) is cut
 * from our own path. */
static int find_mount(const char *controller, char *mountpoint, size_t len, char *root,
		      size_t rootlen)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[2 * PATH_MAX];
	int found = 0;

	if (f == NULL)
		die_errno("cgroup: /proc/self/mountinfo");
	while (!found && fgets(line, sizeof(line), f)) {
		char r[PATH_MAX], mp[PATH_MAX], type[32], options[512];
		const char *dash = strstr(line, " - ");

		if (dash == NULL || sscanf(line, "%*s %*s %*s %4095s %4095s", r, mp) != 2 ||
		    sscanf(dash, " - %31s %*s %511s", type, options) != 2)
			continue;
		if (controller ? strcmp(type, "cgroup") == 0 && has_word(options, controller, ',')
			       : strcmp(type, "cgroup2") == 0)
			found = snprintf(mountpoint, len, "%s", mp) < (int)len &&
				snprintf(root, rootlen, "%s", r) < (int)rootlen;
	}
	fclose(f);
	return found ? 0 : -1;
}

/* The directory of our own cgroup in the hierarchy of controller (v1) or
 * of the v2 tree: its mount point, then our path below the mount's root. */
static int own_directory(const char *controller, char *out, size_t outlen)
{
	char mp[PATH_MAX], root[PATH_MAX], own[PATH_MAX];
	const char *below;
	size_t rootlen;

	if (find_mount(controller, mp, sizeof(mp), root, sizeof(root)) ||
	    own_cgroup(controller, own, sizeof(own)))
		return -1;
	rootlen = strcmp(root, "/") == 0 ? 0 : strlen(root);
	below = strncmp(own, root, rootlen) == 0 ? own + rootlen : own;
	if (strcmp(below, "/") == 0)
		below = "";
	return snprintf(out, outlen, "%s%s", mp, below) < (int)outlen ? 0 : -1;
}

/* The cgroup for directory parent, made once for all the controllers of
 * that hierarchy. */
static struct cgroup *cgroup_in(const char *parent, int v2)
{
	struct cgroup *cg;

	for (int i = 0; i < n_cgroups; i++)
		if (strcmp(cgroups[i].parent, parent) == 0)
			return &cgroups[i];
	if (n_cgroups == MAX_CGROUPS)
		die("cgroup: more than %d hierarchies", MAX_CGROUPS);
	if (cgroups == NULL && (cgroups = calloc(MAX_CGROUPS, sizeof(*cgroups))) == NULL)
		die("cgroup: out of memory");
	cg = &cgroups[n_cgroups++];
	snprintf(cg->parent, sizeof(cg->parent), "%s", parent);
	if (snprintf(cg->path, sizeof(cg->path), "%s/nsroot-%d", parent, (int)getpid()) >=
	    (int)sizeof(cg->path))
		die("cgroup: %s: path too long", parent);
	cg->v2 = v2;
	return cg;
}

/* Find the hierarchy of controller: v1 if it is mounted there, else v2 if
 * the v2 tree offers it where the jail's cgroup is to be made. */
static struct cgroup *place(const char *controller)
{
	char dir[PATH_MAX], own[PATH_MAX], file[PATH_MAX + 32], controllers[512], *slash;
	int fd;
	ssize_t n;

	if (own_directory(controller, dir, sizeof(dir)) == 0)
		return cgroup_in(dir, 0);
	if (own_directory(NULL, dir, sizeof(dir)))
		die("cgroup: no cgroup hierarchy has the %s controller "
		    "(not in /proc/self/mountinfo)", controller);
	/* v2: beside our own cgroup, unless ours is the root */
	slash = strrchr(dir, '/');
	if (own_cgroup(NULL, own, sizeof(own)) == 0 && strcmp(own, "/") != 0 && slash)
		*slash = '\0';
	snprintf(file, sizeof(file), "%s/cgroup.controllers", dir);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		die_errno("cgroup: %s", file);
	n = read(fd, controllers, sizeof(controllers) - 1);
	close(fd);
	controllers[n > 0 ? n : 0] = '\0';
	controllers[strcspn(controllers, "\n")] = '\0';
	if (!has_word(controllers, controller, ' '))
		die("cgroup: cgroup v2 at %s has no %s controller (it has: %s)", dir, controller,
		    *controllers ? controllers : "none");
	return cgroup_in(dir, 1);
}

/* Remove the cgroup at path once the jail's last process has left it
 * (the kernel may take a moment after the last exit); kill what is left
 * after a second. Returns 0, or -1 with errno. */
static int remove_cgroup(const char *path)
{
	struct timespec pause = { 0, 5000000L };	/* 5 ms */

	for (int i = 0; i < 1000; i++) {
		if (rmdir(path) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY) {	/* on a read-only tree: EROFS, made or not */
			int err = errno;

			if (access(path, F_OK) == -1 && errno == ENOENT)
				return 0;
			errno = err;
			return -1;
		}
		if (i >= 200) {		/* a second: nothing of the jail should live */
			char procs[PATH_MAX + 32], line[32];
			FILE *f;

			snprintf(procs, sizeof(procs), "%s/cgroup.procs", path);
			f = fopen(procs, "re");
			while (f && fgets(line, sizeof(line), f))
				kill((pid_t)strtol(line, NULL, 10), SIGKILL);
			if (f)
				fclose(f);
		}
		nanosleep(&pause, NULL);
	}
	errno = EBUSY;
	return -1;
}

/* The keeper: waits for nsroot to end (the end of the pipe), then removes
 * the cgroups. It holds nothing else: not our pipes, not stdin or stdout
 * (a reader of nsroot's output must see its end when nsroot ends). */
static _Noreturn void keep(int fd)
{
	char byte;
	int status = 0;

	if (dup2(fd, 0) == -1)
		_exit(1);
	if (syscall(SYS_close_range, 3, ~0U, 0) == -1)	/* before Linux 5.9 */
		for (int other = 3; other < 1024; other++)
			close(other);
	close(1);
	become_copy("keeper");
	while (read(0, &byte, 1) == -1 && errno == EINTR)
		;
	for (int i = n_cgroups - 1; i >= 0; i--) {
		if (remove_cgroup(cgroups[i].path) == 0)
			continue;
		fprintf(stderr, "%s: cgroup: remove %s: %s\n", program_invocation_short_name,
			cgroups[i].path, strerror(errno));
		status = 1;
	}
	_exit(status);
}

/* Not inlined into cgroup_create(): its frame is over 4 KiB, and merely
 * entering it would touch (fault in) one more page of nsroot's stack on
 * every run, most of which set no limit. */
static __attribute__((noinline)) void create_cgroups(const struct options *opt)
{
	struct cgroup *mem = NULL, *pids = NULL, *cpu = NULL;
	char value[64];
	int fds[2];

	/* Where, for each controller. */
	if (opt->memory_max)
		mem = place("memory");
	if (opt->pids_max)
		pids = place("pids");
	if (opt->cpu_max)
		cpu = place("cpu");

	/* The keeper first: from the first mkdir on, someone will remove. */
	check_call(pipe2(fds, O_CLOEXEC), callf("pipe2(keeper_pipe, O_CLOEXEC)"), "pipe");
	keeper = fork();
	if (keeper == 0) {
		close(fds[1]);
		keep(fds[0]);
	}
	check_call(keeper, callf("fork()"), "fork the cgroup keeper");
	close(fds[0]);
	keeper_pipe = fds[1];
	atexit(cgroup_remove);	/* when nsroot fails from here on */

	for (int i = 0; i < n_cgroups; i++) {
		struct cgroup *cg = &cgroups[i];

		if (cg->v2) {
			char enable[64] = "";

			snprintf(enable, sizeof(enable), "%s%s%s", mem == cg ? "+memory " : "",
				 pids == cg ? "+pids " : "", cpu == cg ? "+cpu " : "");
			enable[strlen(enable) - 1] = '\0';
			write_file(cg->parent, "cgroup.subtree_control", enable);
		}
		if (tell(mkdir(cg->path, 0755), "mkdir(\"%s\", 0755)", cg->path) == -1) {
			if (errno == EACCES || errno == EPERM || errno == EROFS)
				die_errno_hint("the jail's cgroup must be made in a cgroup of "
					       "yours: see CGROUPS in nsroot(1), or run scripts/doctor",
					       "cgroup: mkdir %s", cg->path);
			die_errno("cgroup: mkdir %s", cg->path);
		}
	}

	/* The limits. v1's memory.memsw (memory and swap together) is set too
	 * where the kernel has it, so that the jail cannot swap its way past. */
	if (mem) {
		snprintf(value, sizeof(value), "%llu", opt->memory_max);
		if (mem->v2) {
			write_file(mem->path, "memory.max", value);
			write_file(mem->path, "memory.swap.max", "0");
		} else {
			char memsw[PATH_MAX + 32];

			write_file(mem->path, "memory.limit_in_bytes", value);
			snprintf(memsw, sizeof(memsw), "%s/memory.memsw.limit_in_bytes", mem->path);
			if (access(memsw, F_OK) == 0)
				write_file(mem->path, "memory.memsw.limit_in_bytes", value);
		}
	}
	if (pids) {
		snprintf(value, sizeof(value), "%lu", opt->pids_max);
		write_file(pids->path, "pids.max", value);
	}
	if (cpu) {	/* PERCENT of one CPU: a quota of microseconds per 100 ms */
		snprintf(value, sizeof(value), cpu->v2 ? "%u 100000" : "%u", opt->cpu_max * 1000);
		if (!cpu->v2)
			write_file(cpu->path, "cpu.cfs_period_us", "100000");
		write_file(cpu->path, cpu->v2 ? "cpu.max" : "cpu.cfs_quota_us", value);
	}
}

/* Parent, before the clone: the jail's cgroups and their keeper, if it
 * sets a limit. */
void cgroup_create(const struct options *opt)
{
	if (opt->memory_max || opt->pids_max || opt->cpu_max)
		create_cgroups(opt);
}

/* The parent moves the child into the jail's cgroups before it lets it
 * go: all the child starts is born inside. */
void cgroup_enter(pid_t pid)
{
	char value[32];

	snprintf(value, sizeof(value), "%d", (int)pid);
	for (int i = 0; i < n_cgroups; i++)
		write_file(cgroups[i].path, "cgroup.procs", value);
}

/* Once the jail has ended: let the keeper remove the cgroups, and wait. */
void cgroup_remove(void)
{
	int status;

	if (keeper == -1)
		return;
	close(keeper_pipe);
	while (waitpid(keeper, &status, 0) == -1 && errno == EINTR)
		;
	keeper = -1;
}

/* The jail's cgroup namespace, whose root is the cgroup the child is in,
 * so that /proc/self/cgroup inside reads "/". Without a cgroup of the
 * jail's own, the child's cgroup is nsroot's at clone already: the flag
 * for clone (one call less); else 0, and cgroup_child() makes it once the
 * parent has moved the child. */
int cgroup_clone_flag(const struct options *opt)
{
	return opt->share_cgroup || n_cgroups > 0 ? 0 : CLONE_NEWCGROUP;
}

/* In the child, once in its cgroups: the keeper's pipe is nsroot's, not
 * the jail's; and the cgroup namespace, if clone did not make it. */
void cgroup_child(const struct options *opt)
{
	if (keeper_pipe != -1)
		close(keeper_pipe);
	if (opt->share_cgroup || cgroup_clone_flag(opt))
		return;
	check(unshare(CLONE_NEWCGROUP), "unshare(CLONE_NEWCGROUP)");
}

/* For nsroot --enter: the cgroup.procs of each cgroup of pid (seen from
 * here, /proc/PID/cgroup) that is not ours too, opened for writing, so
 * that the entered process can join them with write(fd, "0"). Returns how
 * many. */
int cgroup_open_procs(pid_t pid, int fds[], int max)
{
	char file[64], line[PATH_MAX + 128];
	FILE *f;
	int n = 0;

	snprintf(file, sizeof(file), "/proc/%d/cgroup", (int)pid);
	f = fopen(file, "re");
	if (f == NULL)
		die_errno("enter: %s", file);
	while (n < max && fgets(line, sizeof(line), f)) {
		char *list = strchr(line, ':'), *path = list ? strchr(list + 1, ':') : NULL;
		char controller[64], own[PATH_MAX], mp[PATH_MAX], root[PATH_MAX];
		char procs[3 * PATH_MAX];
		const char *below;
		int v2;
		size_t rootlen;

		if (path == NULL)
			continue;
		*path++ = '\0';
		path[strcspn(path, "\n")] = '\0';
		list++;
		v2 = *list == '\0';
		snprintf(controller, sizeof(controller), "%.*s", (int)strcspn(list, ","), list);
		if (strncmp(controller, "name=", 5) == 0)
			continue;	/* not a controller: nothing to limit */
		if (own_cgroup(v2 ? NULL : controller, own, sizeof(own)) ||
		    strcmp(own, path) == 0 ||
		    find_mount(v2 ? NULL : controller, mp, sizeof(mp), root, sizeof(root)))
			continue;
		rootlen = strcmp(root, "/") == 0 ? 0 : strlen(root);
		below = strncmp(path, root, rootlen) == 0 ? path + rootlen : path;
		snprintf(procs, sizeof(procs), "%s%s/cgroup.procs", mp, below);
		fds[n] = tell(open(procs, O_WRONLY | O_CLOEXEC), "open(\"%s\", O_WRONLY)", procs);
		if (fds[n] == -1)
			die_errno("enter: the jail's cgroup %s", procs);
		n++;
	}
	fclose(f);
	return n;
}
