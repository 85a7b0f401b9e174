/*
 * final/enter.c - nsroot --enter PID and --list: what `docker exec` does,
 * with setns(2), as nsenter(1) does it, and with the jail's restrictions.
 *
 * A jail is two processes of nsroot's: the parent, on the host, and its
 * child, the init, PID 1 of the jail. What tells a jail from anything
 * else, in a way the jail cannot forge, is the parent: a process in the
 * caller's own user and PID namespaces (no process of a jail can get back
 * into them), running the very same executable as this nsroot (the same
 * device and inode), whose child is PID 1 of a PID namespace one level
 * below (NSpid in /proc/CHILD/status has two entries, the last one 1).
 *
 * The jail's restrictions are read from the parent's command line
 * (/proc/PARENT/cmdline, which only the parent itself could rewrite) and
 * parsed again as the jail was: the same seccomp filter, rlimits,
 * capabilities, environment and working directory.
 *
 * How the namespaces are joined:
 *
 *   parent (stays on the host)           helper, then entered child
 *   1. find the jail; its options
 *   2.-4. not dumpable; fork a helper ->  helper: a pidfd of one of the
 *                                         jail's processes: the init if we
 *                                         may (root), else a child of the
 *                                         init (the init is not dumpable,
 *                                         and setns with a pidfd asks for
 *                                         ptrace access); setns(pidfd, all
 *                                         but mount); clone(CLONE_PARENT):
 *                                         the entered child is nsroot's,
 *                                         born in the jail's PID namespace
 *                                        a. die with the parent; a
 *                                           session of its own, without
 *                                           a terminal; the jail's cgroups
 *                                        b. setns(the jail's mount
 *                                           namespace): its root, cwd
 *                                        c. workdir, environment, drop
 *                                           capabilities, no_new_privs,
 *                                           close every descriptor
 *                                        d. rlimits, filter; exec COMMAND
 *   5. forward signals, wait, pass
 *      the status on
 *
 * Before Linux 5.8, setns takes no pidfd: the namespaces are joined one by
 * one through the files of /proc/TARGET/ns, the user namespace first.
 *
 * Read: setns(2), pidfd_open(2), nsenter(1), ptrace(2) "Ptrace access mode
 * checking", proc(5) for NSpid
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nsroot.h"

#define MAX_CMDLINE ((size_t)256 * 1024)

/* A running jail, as found from the host. Run-time state. */
struct found_jail {
	pid_t parent, init;
	uid_t uid;		/* the parent's real uid: who started it */
	char *cmdline;		/* the parent's, NUL-separated */
	char **argv;		/* pointers into cmdline */
	int argc;
	struct options opt;	/* the jail's options, parsed again */
};

/* Read all of a small file of /proc; NULL with errno if it cannot. */
static char *read_proc(pid_t pid, const char *file, size_t *len)
{
	char path[64], *buf = malloc(MAX_CMDLINE);
	ssize_t n;
	size_t got = 0;
	int fd;

	if (buf == NULL)
		return NULL;
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		free(buf);
		return NULL;
	}
	while (got < MAX_CMDLINE - 1 && (n = read(fd, buf + got, MAX_CMDLINE - 1 - got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	if (len)
		*len = got;
	return buf;
}

/* The value of field NAME ("PPid", "Uid", "NSpid") in /proc/PID/status,
 * copied to out; -1 if there is none. */
static int status_field(pid_t pid, const char *name, char *out, size_t outlen)
{
	char *status = read_proc(pid, "status", NULL), *line;
	size_t len = strlen(name);
	int found = -1;

	if (status == NULL)
		return -1;
	for (line = status; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
		if (strncmp(line, name, len) == 0 && line[len] == ':') {
			snprintf(out, outlen, "%.*s", (int)strcspn(line + len + 1, "\n"),
				 line + len + 1);
			found = 0;
			break;
		}
	free(status);
	return found;
}

static long status_number(pid_t pid, const char *name)
{
	char value[256];

	return status_field(pid, name, value, sizeof(value)) ? -1 : strtol(value, NULL, 10);
}

/* Is the file /proc/PID/what the same as /proc/self/what? */
static int same_as_ours(pid_t pid, const char *what)
{
	char path[64], self[64];
	struct stat a, b;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
	snprintf(self, sizeof(self), "/proc/self/%s", what);
	return stat(path, &a) == 0 && stat(self, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

/* Is pid PID 1 of a PID namespace just below ours? */
static int is_jail_init(pid_t pid)
{
	char nspid[256], *tab;

	if (status_field(pid, "NSpid", nspid, sizeof(nspid)))
		return 0;
	tab = strrchr(nspid, '\t');
	/* "\t4242\t1": two levels, and 1 in the lower one */
	return tab && strcmp(tab, "\t1") == 0 && strchr(nspid + 1, '\t') == tab;
}

/* The child of parent that is a jail's init, or 0. */
static pid_t init_of(pid_t parent)
{
	char file[64], *children;
	pid_t found = 0;

	snprintf(file, sizeof(file), "task/%d/children", (int)parent);
	children = read_proc(parent, file, NULL);
	for (char *p = children; p && *p && !found;) {
		char *end;
		long child = strtol(p, &end, 10);

		if (end == p)
			break;
		if (is_jail_init((pid_t)child))
			found = (pid_t)child;
		p = end;
	}
	free(children);
	return found;
}

/* Is pid an nsroot parent (see the top of this file)? Its init, or 0. */
static pid_t jail_parent(pid_t pid)
{
	if (!same_as_ours(pid, "exe") || !same_as_ours(pid, "ns/user") ||
	    !same_as_ours(pid, "ns/pid"))
		return 0;
	return init_of(pid);
}

/* Find the jail of pid (its parent or its init); 0, or -1 with the reason
 * in why. */
static int find_jail(pid_t pid, struct found_jail *j, const char **why)
{
	char uid[256];
	pid_t init;

	*j = (struct found_jail){ .parent = pid };
	if (kill(pid, 0) == -1 && errno == ESRCH) {
		*why = "no such process";
		return -1;
	}
	if (status_field(pid, "Uid", uid, sizeof(uid)) == 0 && getuid() != 0 &&
	    (uid_t)strtoul(uid, NULL, 10) != getuid()) {
		*why = "not yours (only the user who started a jail, or root, may enter it)";
		return -1;
	}
	init = jail_parent(pid);
	if (init == 0 && is_jail_init(pid)) {
		j->parent = (pid_t)status_number(pid, "PPid");
		init = jail_parent(j->parent) == pid ? pid : 0;
	}
	if (init == 0) {
		*why = "not an nsroot jail (neither this nsroot's process nor its init)";
		return -1;
	}
	j->init = init;
	if (status_field(j->parent, "Uid", uid, sizeof(uid))) {
		*why = "it ended";
		return -1;
	}
	j->uid = (uid_t)strtoul(uid, NULL, 10);
	return 0;
}

/* The jail's options, from its parent's command line. */
static int parse_jail(struct found_jail *j)
{
	int saved_verbose = verbose, ok;
	char err[512];
	size_t len;

	j->cmdline = read_proc(j->parent, "cmdline", &len);
	if (j->cmdline == NULL)
		return -1;
	for (size_t i = 0; i < len; i++)
		j->argc += j->cmdline[i] == '\0';
	j->argv = calloc(j->argc + 1, sizeof(char *));
	if (j->argv == NULL)
		return -1;
	for (int i = 0, at = 0; i < j->argc; i++) {
		j->argv[i] = j->cmdline + at;
		at += strlen(j->cmdline + at) + 1;
	}
	ok = parse_options(j->argc, j->argv, &j->opt, err, sizeof(err)) == PARSE_OK &&
	     !j->opt.enter && !j->opt.list;
	verbose = saved_verbose;	/* the jail's --verbose is not ours */
	return ok ? 0 : -1;
}

static void free_jail(struct found_jail *j)
{
	free_options(&j->opt);
	free(j->argv);
	free(j->cmdline);
}

/* Is the user namespace of pid a child of ours, the jail's own, and not
 * one that the jail made inside (a process of the jail could have)? */
static int user_ns_below_ours(pid_t pid)
{
	char path[64];
	struct stat parent, ours;
	int fd, up, same;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return 0;
	up = ioctl(fd, NS_GET_PARENT);
	close(fd);
	if (up == -1)
		return 0;
	same = fstat(up, &parent) == 0 && stat("/proc/self/ns/user", &ours) == 0 &&
	       parent.st_dev == ours.st_dev && parent.st_ino == ours.st_ino;
	close(up);
	return same;
}

/* Open the mount namespace of pid, for the entered child to join: the
 * file, once open, needs no ptrace access any more, and the child, in the
 * jail's user namespace, would have none to a process that is not
 * dumpable. */
static int open_mount_ns(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)pid);
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* Join the namespaces of process pid (held by fd, its pidfd), all at once,
 * but the mount namespace: that one, open on *mnt, is the child's to join.
 * Only if pid is still the one we looked at: the init, or a child of it,
 * in the jail's user namespace. */
static int join_through(pid_t pid, int fd, const struct found_jail *j, int flags, int *mnt)
{
	int err;

	if (pid != j->init && status_number(pid, "PPid") != j->init) {
		errno = ESRCH;
		return -1;
	}
	if (!user_ns_below_ours(pid) || (*mnt = open_mount_ns(pid)) == -1) {
		errno = EPERM;
		return -1;
	}
	if (tell(setns(fd, flags & ~CLONE_NEWNS), "setns(%d, the jail's namespaces but CLONE_NEWNS)",
		 fd) == 0)
		return 0;
	err = errno;
	close(*mnt);
	*mnt = -1;
	errno = err;
	return -1;
}

/* Join the namespaces of a process of the jail with a pidfd: the init if
 * we may (root may), or, when it is not dumpable to us (setns with a pidfd
 * asks for ptrace access to it), a child of the init that is. Returns the
 * descriptor of the jail's mount namespace, -1 with errno, or -2 when this
 * kernel's setns takes no pidfd. */
static int join_jail(const struct found_jail *j, int flags)
{
	char file[64], *children;
	int fd, err = ESRCH, mnt = -1;

	fd = (int)tell(syscall(SYS_pidfd_open, j->init, 0), "pidfd_open(%d, 0)", (int)j->init);
	if (fd == -1 && errno == ENOSYS)	/* before Linux 5.3 */
		return -2;
	if (fd >= 0 && join_through(j->init, fd, j, flags, &mnt) == 0) {
		close(fd);
		return mnt;
	}
	if (fd >= 0 && errno == EINVAL) {	/* before Linux 5.8 */
		close(fd);
		return -2;
	}
	if (fd >= 0)
		close(fd);
	snprintf(file, sizeof(file), "task/%d/children", (int)j->init);
	children = read_proc(j->init, file, NULL);
	for (char *p = children; p && *p;) {
		char *end;
		long child = strtol(p, &end, 10);
		int joined;

		if (end == p)
			break;
		p = end;
		fd = (int)tell(syscall(SYS_pidfd_open, (pid_t)child, 0), "pidfd_open(%ld, 0)", child);
		if (fd == -1)
			continue;
		joined = join_through((pid_t)child, fd, j, flags, &mnt);
		err = errno;
		close(fd);
		if (joined == 0) {
			free(children);
			return mnt;
		}
	}
	free(children);
	errno = err;
	return -1;
}

/* The jail's namespaces, as it made them (its clone flags), and its
 * cgroup namespace unless --share-cgroup. */
static int jail_flags(const struct options *opt)
{
	int flags = opt->clone_flags;

	if (!opt->share_cgroup)
		flags |= CLONE_NEWCGROUP;
	return flags;
}

/* Before Linux 5.8: one by one, through /proc/PID/ns, user first, PID
 * (for our child) last; all but the mount namespace, whose descriptor it
 * returns, for the child. */
static int join_legacy(pid_t target, int flags)
{
	static const struct { int flag; const char *name; } ns[] = {
		{ CLONE_NEWUSER, "user" }, { CLONE_NEWNS, "mnt" }, { CLONE_NEWUTS, "uts" },
		{ CLONE_NEWIPC, "ipc" }, { CLONE_NEWNET, "net" }, { CLONE_NEWCGROUP, "cgroup" },
		{ CLONE_NEWPID, "pid" },
	};
	int fds[sizeof(ns) / sizeof(ns[0])];

	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		char path[64];

		fds[i] = -1;
		if (!(flags & ns[i].flag))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)target, ns[i].name);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[i] == -1)
			die_errno("enter: %s", path);
	}
	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		if (fds[i] == -1 || ns[i].flag == CLONE_NEWNS)
			continue;
		check_call(setns(fds[i], ns[i].flag),
			   callf("setns(%d</proc/%d/ns/%s>, 0)", fds[i], (int)target, ns[i].name),
			   "enter: setns(/proc/%d/ns/%s)", (int)target, ns[i].name);
		close(fds[i]);
	}
	return fds[1];
}

/* The entered child: from the jail's cgroups to COMMAND. */
static _Noreturn void entered(const struct found_jail *j, struct options *req, int mnt,
			      const int *cgroup_fds, int n_cgroup_fds, const sigset_t *mask,
			      int report_fd)
{
	const struct options *opt = &j->opt;
	struct command cmd = {
		.argv = req->argv, .opt = opt, .mask = mask, .report_fd = report_fd,
		.side = "entered",
	};

	become_copy("entered");
	check(prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0), "prctl(PR_SET_PDEATHSIG, SIGKILL)");
	/* A session of our own, without a terminal: nothing the jail starts
	 * through us can push input into the caller's terminal or take its
	 * foreground (both need it as the controlling terminal); and nsroot
	 * kills the whole session when we end. */
	check(setsid(), "setsid()");
	/* a. "0" is whoever writes it: us, and all we start */
	for (int i = 0; i < n_cgroup_fds; i++)
		if (write(cgroup_fds[i], "0", 1) != 1)
			die_errno("enter: join the jail's cgroup");
	/* b. Born in the jail's namespaces; its mount namespace now, which
	 *    gives us its root and cwd (nsroot stays in ours: its own /proc
	 *    and /dev). Root inside, if the maps give us a root, as the jail's
	 *    COMMAND. */
	check_call(setns(mnt, CLONE_NEWNS), callf("setns(%d, CLONE_NEWNS)", mnt),
		   "setns(the jail's mount namespace)");
	close(mnt);
	become_root_inside(1);	/* the jail's setgroups file decides; EPERM if "deny" */
	check(prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl(PR_SET_DUMPABLE, 0)");
	/* c. As the jail's COMMAND started. */
	command_setting(opt, report_fd);
	/* d. The last steps of the jail's own COMMAND: its signal mask,
	 *    rlimits and filter, then exec (exec.c). */
	command_prepare(&cmd);
	command_exec(&cmd);
}

/* Kill every process of session sid, until none is left: its members may
 * fork meanwhile. We are in the host's PID namespace: /proc's numbers are
 * ours. One that made a session of its own (setsid) is beyond this: see
 * nsroot.1, ENTERING. */
static void kill_session(pid_t sid)
{
	for (int round = 0; round < 100; round++) {
		DIR *proc = opendir("/proc");
		struct dirent *entry;
		int killed = 0;

		if (proc == NULL)
			return;
		while ((entry = readdir(proc)) != NULL) {
			pid_t pid = (pid_t)strtol(entry->d_name, NULL, 10);
			char *stat = pid > 0 ? read_proc(pid, "stat", NULL) : NULL;
			char *after = stat ? strrchr(stat, ')') : NULL;
			long session = 0;

			/* ") STATE PPID PGRP SESSION": the session is field 6 */
			for (int field = 2; after && field < 5; field++)
				after = strchr(after + 1, ' ');
			if (after)
				session = strtol(after + 1, NULL, 10);
			free(stat);
			if (session == sid && kill(pid, SIGKILL) == 0)
				killed++;
		}
		closedir(proc);
		if (killed == 0)
			return;
		narrate("kill(session %ld, SIGKILL): %d processes", (long)sid, killed);
		usleep(1000);
	}
}

/* Text from a jail's owner, for the caller's terminal: control characters
 * (which could move the cursor, or hide a line) as '?', and so every byte
 * outside ASCII: 0x9b, or U+009B in UTF-8, is a control sequence too (CSI)
 * to many terminals. As ps(1) shows a command line in the C locale. */
static void printable(char *text)
{
	for (unsigned char *c = (unsigned char *)text; *c; c++)
		if (*c < 0x20 || *c >= 0x7f)
			*c = '?';
}

int enter_jail(struct options *req, const sigset_t *signals, const sigset_t *caller)
{
	struct found_jail j;
	const char *why = NULL;
	int cgroup_fds[8], n_cgroup_fds = 0, status, started[2], exec_pipe[2];
	pid_t pid, helper;

	/* 1. The jail, its owner, its options. */
	if (find_jail(req->enter, &j, &why))
		die("enter %d: %s", (int)req->enter, why);
	if (parse_jail(&j))
		die("enter %d: its command line cannot be read again", (int)req->enter);
	narrate("stat(\"/proc/%d/exe\") = 0, as our own: a jail, its init %d, of uid %u",
		(int)j.parent, (int)j.init, (unsigned)j.uid);
	/*    Its cgroups, if it has cgroups of its own (limits); the filter. */
	if (j.opt.memory_max || j.opt.pids_max || j.opt.cpu_max)
		n_cgroup_fds = cgroup_open_procs(j.init, cgroup_fds, 8);
	prepare_filter(&j.opt);

	/* 2. to 4. Not dumpable from here on: once in the jail's namespaces,
	 *    nothing of the jail may look into us. A helper joins them (all
	 *    but the mount namespace), and starts the entered command as our
	 *    child (CLONE_PARENT), born in the jail's PID namespace: we stay
	 *    outside every namespace of the jail, where it cannot name us. */
	check(prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl(PR_SET_DUMPABLE, 0)");
	check_call(pipe2(exec_pipe, O_CLOEXEC), callf("pipe2(exec_pipe, O_CLOEXEC)"),
		   "pipe2(exec)");
	check_call(pipe2(started, O_CLOEXEC), callf("pipe2(started, O_CLOEXEC)"), "pipe2(started)");
	helper = fork();
	if (helper == 0) {
		int mnt;

		become_copy("helper");
		/* none of the caller's supplementary groups: root drops them
		 * here, in our user namespace (the jail's may deny setgroups) */
		tell(syscall(SYS_setgroups, 0, NULL), "setgroups(0, NULL)");
		mnt = join_jail(&j, jail_flags(&j.opt));
		if (mnt == -2)
			mnt = join_legacy(j.init, jail_flags(&j.opt));
		else if (mnt == -1)
			die_errno("enter %d: setns into the jail", (int)req->enter);
		pid = (pid_t)syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
		if (pid == 0)
			entered(&j, req, mnt, cgroup_fds, n_cgroup_fds, caller, exec_pipe[1]);
		check_call(pid, callf("clone(CLONE_PARENT|SIGCHLD)"), "clone(CLONE_PARENT)");
		if (write(started[1], &pid, sizeof(pid)) != sizeof(pid))
			_exit(EXIT_SETUP);
		_exit(0);
	}
	check_call(helper, callf("fork()"), "fork");
	close(started[1]);
	for (int i = 0; i < n_cgroup_fds; i++)
		close(cgroup_fds[i]);
	close(exec_pipe[1]);
	while (waitpid(helper, &status, 0) == -1 && errno == EINTR)
		;
	if (read(started[0], &pid, sizeof(pid)) != sizeof(pid))
		return EXIT_SETUP;	/* the helper said why */
	close(started[0]);

	/* 5. As the jail's own parent does; then nothing it started may stay
	 *    behind with the descriptors it was given (the caller's 0, 1, 2):
	 *    its session, killed. */
	status = supervise(pid, req, exec_pipe[0], signals);
	kill_session(pid);
	free_jail(&j);
	return status;
}
/* An age as ps(1) shows elapsed time: [[DD-]HH:]MM:SS. */
static const char *format_age(long seconds)
{
	static char text[32];
	long d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;

	if (d)
		snprintf(text, sizeof(text), "%ld-%02ld:%02ld:%02ld", d, h, m, s);
	else if (h)
		snprintf(text, sizeof(text), "%02ld:%02ld:%02ld", h, m, s);
	else
		snprintf(text, sizeof(text), "%02ld:%02ld", m, s);
	return text;
}

/* --list: the caller's jails (every jail, for root), from /proc. */
int list_jails(void)
{
	DIR *proc = opendir("/proc");
	struct dirent *entry;
	double uptime = 0;
	long ticks = sysconf(_SC_CLK_TCK);
	char *text;

	if (proc == NULL)
		die_errno("list /proc");
	text = read_proc(getpid(), "../uptime", NULL);	/* /proc/uptime */
	if (text)
		uptime = strtod(text, NULL);
	free(text);
	printf("%-8s %-8s %-8s %-24s %s\n", "PID", "INIT", "AGE", "NEWROOT", "COMMAND");
	while ((entry = readdir(proc)) != NULL) {
		pid_t pid = (pid_t)strtol(entry->d_name, NULL, 10);
		struct found_jail j;
		const char *why;
		char root[PATH_MAX], cwd[64], *stat, *after, command[256] = "";
		unsigned long long start = 0;
		long age;
		ssize_t n;

		if (pid <= 0 || pid == getpid() || find_jail(pid, &j, &why) || j.parent != pid)
			continue;
		if ((getuid() != 0 && j.uid != getuid()) || parse_jail(&j)) {
			free_jail(&j);
			continue;
		}
		/* NEWROOT as the parent saw it: relative to its cwd */
		snprintf(cwd, sizeof(cwd), "/proc/%d/cwd", (int)pid);
		n = readlink(cwd, root, sizeof(root) - 1);
		root[n > 0 ? n : 0] = '\0';
		if (j.opt.newroot[0] == '/' || n <= 0)
			snprintf(root, sizeof(root), "%s", j.opt.newroot);
		else if (strcmp(j.opt.newroot, ".") != 0)
			snprintf(root + n, sizeof(root) - n, "/%s", j.opt.newroot);
		for (int i = 0; j.opt.argv[i]; i++)
			snprintf(command + strlen(command), sizeof(command) - strlen(command),
				 "%s%s", i ? " " : "", j.opt.argv[i]);
		/* its age: field 22 of /proc/PID/stat, in clock ticks since boot */
		stat = read_proc(pid, "stat", NULL);
		after = stat ? strrchr(stat, ')') : NULL;
		for (int field = 2; after && field < 22; field++)	/* ")" ends field 2 */
			after = strchr(after + 1, ' ');
		if (after)
			start = strtoull(after + 1, NULL, 10);
		free(stat);
		age = (long)(uptime - (double)start / (double)ticks);
		printable(root);
		printable(command);
		printf("%-8d %-8d %-8s %-24s %s\n", (int)pid, (int)j.init,
		       format_age(age < 0 ? 0 : age), root, command);
		free_jail(&j);
	}
	closedir(proc);
	return 0;
}
