/*
 * final/main.c - nsroot: run a command in a root of its own, isolated by
 * Linux namespaces, without privileges. The capstone of nslab's staircase.
 *
 * The recipe, in order (see README.md for the timeline):
 *
 *   parent                                child (PID 1 inside)
 *   1. read the command line; refuse
 *      to run set-uid
 *   2. close what the caller left open
 *   3. pipes; block the signals to forward
 *   4. clone(NEWUSER|NEWNS|NEWPID|NEWUTS) ----> a. die with the parent; a
 *      the jail's own process group,              process group of its own
 *      and the terminal, if we have it         b. wait for the maps; become
 *   5. write the uid/gid maps                     root inside, die with the
 *   6. "go" through the sync pipe ----------->    parent again; not dumpable
 *   7. forward signals, enforce the time       c. open NEWROOT and the
 *      limit, stop when COMMAND stops,            volumes; build the new
 *      learn of a failed exec, wait,              root; pivot_root
 *      take the terminal back, pass the        d. hostname, lo, workdir, env
 *      status on, remove the mount points      e. drop capabilities
 *      the child created                       f. close every descriptor;
 *                                                 start COMMAND, be its init
 *
 * Read: namespaces(7), user_namespaces(7), pivot_root(2), capabilities(7)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsroot.h"


/* What nsroot passes on to COMMAND, as timeout(1) does. */
static const int forwarded_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
};

static sigset_t caller_mask;	/* COMMAND gets it back */

/* The child's stack, not on ours: a stack limit as small as `ulimit -s
 * 1024` must not crash nsroot. (AddressSanitizer knows only the stack it
 * started on, and warns of any other: built with it, main's holds it.) */
#define CHILD_STACK_SIZE (512 * 1024)
#if !defined(__SANITIZE_ADDRESS__)
static char child_stack[CHILD_STACK_SIZE] __attribute__((aligned(16)));
#endif

/* Bring the loopback interface up, as step4-net does. */
static void loopback_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int sock = check(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket");

	check(ioctl(sock, SIOCGIFFLAGS, &ifr), "get the flags of lo");
	ifr.ifr_flags |= IFF_UP;
	check(ioctl(sock, SIOCSIFFLAGS, &ifr), "bring lo up");
	close(sock);
}

/* Drop every capability but those of keep (--cap-add, bit N for
 * capability N): the bounding set first (so that no exec can give them
 * back, even to uid 0), then the ambient set, then our own. What is kept
 * stays in the bounding, permitted, effective and inheritable sets, and
 * is raised in the ambient set, so that COMMAND has it after exec
 * whatever its uid inside. */
void drop_capabilities(unsigned long long keep)
{
	struct __user_cap_header_struct header = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {
		{ (unsigned)keep, (unsigned)keep, (unsigned)keep },
		{ (unsigned)(keep >> 32), (unsigned)(keep >> 32), (unsigned)(keep >> 32) },
	};

	for (int cap = 0; cap < 64; cap++) {
		if (keep & (1ULL << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0)
			continue;
		if (errno == EINVAL)
			break;		/* past the last capability this kernel has */
		die_errno("drop capability %d from the bounding set", cap);
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1 &&
	    errno != EINVAL)
		die_errno("clear the ambient capabilities");
	check(syscall(SYS_capset, &header, data), keep ? "drop all capabilities but --cap-add's"
						       : "drop all capabilities");
	for (int cap = 0; cap < 64; cap++)
		if (keep & (1ULL << cap))
			check(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0),
			      "prctl(PR_CAP_AMBIENT_RAISE, %d)", cap);
}

/* Run FILE; if the kernel cannot (ENOEXEC: a script without "#!"), run it
 * with /bin/sh, as POSIX asks of execvp. Returns only on failure, with the
 * errno that matters. */
static int exec_file(const char *file, char *const argv[], char **sh_argv)
{
	execv(file, argv);
	if (errno != ENOEXEC)
		return errno;
	sh_argv[1] = (char *)file;
	execv("/bin/sh", sh_argv);
	return ENOEXEC;
}

/* execvp(3), written out: musl's leaves out the /bin/sh fallback, and this
 * one behaves the same whatever the libc. A name without a slash is looked
 * for in each directory of PATH (glibc's default when unset; an empty entry
 * is the working directory). Returns the errno that matters. */
int exec_search(char *const argv[], char **sh_argv)
{
	const char *path = getenv("PATH"), *dir, *end;
	char file[PATH_MAX];
	int err = ENOENT, e;

	if (argv[0] == NULL || argv[0][0] == '\0')
		return ENOENT;
	if (strchr(argv[0], '/'))
		return exec_file(argv[0], argv, sh_argv);
	for (dir = path ? path : "/bin:/usr/bin";; dir = end + 1) {
		end = strchrnul(dir, ':');
		if (snprintf(file, sizeof(file), "%.*s%s%s", (int)(end - dir), dir,
			     end > dir ? "/" : "", argv[0]) < (int)sizeof(file)) {
			e = exec_file(file, argv, sh_argv);
			if (e == EACCES)
				err = EACCES;	/* unless found further on */
			else if (e != ENOENT && e != ENOTDIR)
				return e;
		}
		if (*end == '\0')
			return err;
	}
}

/* What COMMAND needs to start: our options, and room for a /bin/sh command
 * line ("/bin/sh", the file, the arguments) made before, not in, the
 * vfork child. */
struct command {
	const struct options *opt;
	char **sh_argv;
};

/* Become COMMAND. If exec fails, tell the parent why through the pipe that
 * a successful exec would have closed. */
static _Noreturn void exec_command(const struct command *cmd)
{
	int err;

	side = "command";
	sigprocmask(SIG_SETMASK, &caller_mask, NULL);
	/* Limits and the filter, last: nothing of ours runs under them. */
	apply_rlimits(cmd->opt);
	install_filter();
	narrate("execvp %s", cmd->opt->argv[0]);
	err = exec_search(cmd->opt->argv, cmd->sh_argv);
	if (write(cmd->opt->exec_pipe[1], &err, sizeof(err)) < 0)
		_exit(EXIT_SETUP);
	_exit(err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
}

/* Start COMMAND as posix_spawn(3) does: clone(CLONE_VM | CLONE_VFORK)
 * shares our memory instead of copying it, and we sleep until COMMAND has
 * called exec or failed. Cheaper than fork (make bench: tests/bench). Its
 * memory being ours, COMMAND writes nothing of it but `side` (set back
 * here) and sh_argv[1]; no signal handler can run in it (there is none).
 * AddressSanitizer keeps one map of the memory, and a child sharing ours
 * would scribble on it: built with it, nsroot forks. */
#if !defined(__SANITIZE_ADDRESS__)
static int command_start(void *arg)
{
	exec_command(arg);
}
#endif

static pid_t spawn_command(const struct command *cmd)
{
#if defined(__SANITIZE_ADDRESS__)
	pid_t pid = fork();

	if (pid == 0)
		exec_command(cmd);
#else
	/* COMMAND's stack until its exec; we sleep meanwhile */
	char stack[64 * 1024] __attribute__((aligned(16)));
	pid_t pid = clone(command_start, stack + sizeof(stack),
			  CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)cmd);
#endif
	side = "init";
	return (pid_t)check(pid, "start COMMAND");
}

void set_environment(const struct options *opt)
{
	if (opt->clearenv && clearenv() != 0)
		die("clear the environment: failed");
	for (size_t i = 0; i < opt->n_setenv; i++) {
		char *eq = strchr(opt->setenv[i], '=');
		char name[256];

		if (eq == NULL) {	/* --unsetenv NAME */
			if (unsetenv(opt->setenv[i]) == -1)
				die_errno("unsetenv %s", opt->setenv[i]);
			continue;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(eq - opt->setenv[i]), opt->setenv[i]);
		if (setenv(name, eq + 1, 1) == -1)
			die_errno("setenv %s", opt->setenv[i]);
	}
}

/* Close every descriptor above 2 but keep (-1 for none). close_range(2)
 * closes them at once; before Linux 5.9 (or under valgrind), one by one,
 * as /proc/self/fd lists them, below the limit of open files. */
void close_fds_but(int keep)
{
	struct rlimit limit = { 0, 0 };
	struct dirent *entry;
	DIR *dir;

	if (keep < 3 && syscall(SYS_close_range, 3, ~0U, 0) == 0)
		return;
	if (keep >= 3 && (keep == 3 || syscall(SYS_close_range, 3, keep - 1, 0) == 0) &&
	    syscall(SYS_close_range, keep + 1, ~0U, 0) == 0)
		return;
	getrlimit(RLIMIT_NOFILE, &limit);
	dir = opendir("/proc/self/fd");
	if (dir == NULL)
		die_errno("list /proc/self/fd");
	while ((entry = readdir(dir)) != NULL) {
		long fd = strtol(entry->d_name, NULL, 10);

		if (fd > 2 && fd != keep && fd != dirfd(dir) && (rlim_t)fd < limit.rlim_cur)
			close((int)fd);
	}
	closedir(dir);
}

/* Become root inside, if the maps give us a root: with -M, our uid outside
 * may map to another one inside, or to none. The groups we had on the
 * host mean nothing here (when setgroups is allowed). A change of uid or
 * gid clears the parent-death signal: it is set again, now that they are
 * final. The jail's child and an entered command (enter.c) both do this. */
void become_root_inside(void)
{
	if (setresgid(0, 0, 0) == 0)
		narrate("setresgid(0, 0, 0) = 0");
	if (setresuid(0, 0, 0) == 0)
		narrate("setresuid(0, 0, 0) = 0");
	if (setgroups(0, NULL) == 0)
		narrate("setgroups(0, NULL) = 0");
	check(prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0), "prctl(PR_SET_PDEATHSIG, SIGKILL)");
}

/* Until the sync pipe's write end closes, the parent lives. */
static int parent_alive(int sync_fd)
{
	return poll(&(struct pollfd){ .fd = sync_fd, .events = POLLIN }, 1, 0) == 0;
}

/* Runs in the new namespaces, as their PID 1. */
static int child(void *arg)
{
	struct options *opt = arg;
	struct command cmd = { .opt = opt };
	sigset_t forwarded;
	char byte;
	pid_t pid;
	int argc;

	side = "child";
	/* a. If nsroot dies, even of SIGKILL, we die, and with us as PID 1,
	 *    the kernel kills the whole namespace. A process group of our
	 *    own, so that the jail can signal nothing outside it (the parent
	 *    makes it too: whichever comes first), or with --new-session a
	 *    session of our own, without a terminal. */
	check(prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0), "prctl(PR_SET_PDEATHSIG, SIGKILL)");
	close(opt->sync_pipe[1]);
	close(opt->exec_pipe[0]);
	close(opt->created_sock[0]);
	if (opt->new_session)
		check(setsid(), "setsid()");
	else
		check(setpgid(0, 0), "setpgid(0, 0)");

	/* b. Until the parent has written our maps we are nobody. End of file
	 *    instead of its byte means it failed (and said why) or died. */
	if (read(opt->sync_pipe[0], &byte, 1) != 1)
		_exit(EXIT_SETUP);

	/*    Root inside, the parent-death signal set again; the parent keeps
	 *    its end of the sync pipe open as long as it lives: if it is
	 *    closed, the parent died before the signal took hold, and no
	 *    signal will ever end us. */
	become_root_inside();
	if (!parent_alive(opt->sync_pipe[0]))
		_exit(EXIT_SETUP);
	close(opt->sync_pipe[0]);
	/*    In the jail's cgroups by now: a cgroup namespace (cgroup.c). */
	cgroup_child(opt);

	/*    We stay in the jail as its init: not dumpable, so that no
	 *    process inside may open our /proc/1/fd, /proc/1/mem or environ,
	 *    or ptrace us. (The parent wrote our maps while we still were.) */
	check(prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl(PR_SET_DUMPABLE, 0)");

	/* c. The new root. Its sources are opened here, in our own mount
	 *    namespace: a mount can only be bound from the namespace it is in. */
	open_sources(opt);
	setup_root(opt);

	/* d. Hostname, network, working directory, environment. */
	if (opt->hostname)
		check(sethostname(opt->hostname, strlen(opt->hostname)),
		      "sethostname(%s)", opt->hostname);
	if (opt->clone_flags & CLONE_NEWNET)
		loopback_up();
	if (chdir(opt->workdir) == -1)
		die_errno("working directory %s", opt->workdir);
	set_environment(opt);

	/* e. What runs inside cannot undo the set-up: no capability left, and
	 *    no exec can grant new privileges (setuid files, file caps). */
	if (!opt->keep_caps)
		drop_capabilities(opt->cap_add);
	check(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS, 1)");

	/* f. Nothing of ours may reach COMMAND: every descriptor is closed
	 *    but 0, 1, 2 and the exec pipe (close-on-exec). Then COMMAND, as
	 *    PID 1 itself with --as-pid-1, else as the child of an init that
	 *    reaps orphans and forwards signals. */
	close_fds_but(opt->exec_pipe[1]);
	for (argc = 0; opt->argv[argc]; argc++)
		;
	cmd.sh_argv = calloc(argc + 2, sizeof(char *));
	if (cmd.sh_argv == NULL)
		die("COMMAND: out of memory");
	cmd.sh_argv[0] = "/bin/sh";
	for (int i = 1; i < argc; i++)
		cmd.sh_argv[i + 1] = opt->argv[i];
	if (opt->as_pid_1)
		exec_command(&cmd);
	pid = spawn_command(&cmd);
	free(cmd.sh_argv);
	sigemptyset(&forwarded);
	for (size_t i = 0; i < sizeof(forwarded_signals) / sizeof(forwarded_signals[0]); i++)
		sigaddset(&forwarded, forwarded_signals[i]);
	return run_init(pid, &forwarded, opt->exec_pipe[1]);
}

/* What came through the exec pipe: a failed exec's errno (positive), or
 * the init saying that COMMAND stopped (minus the signal). */
static void read_reports(pid_t pid, int fd, int *exec_errno)
{
	int message;

	while (read(fd, &message, sizeof(message)) == sizeof(message)) {
		if (message > 0)
			*exec_errno = message;
		else if (pid > 0)
			stop_with_jail(pid);
	}
}

/* The parent's watch: forward signals, enforce --time-limit, until the
 * child (the init) ends; then read the exec pipe, where a failed exec left
 * its errno (every write end is closed by then). Returns nsroot's status.
 * One blocking read, no poll, the parent waking only for a signal; but
 * when the jail has our terminal, the init tells us through the exec pipe
 * that COMMAND stopped, and we stop with it. Not with --time-limit: the
 * jail could then stop the clock. */
int supervise(pid_t pid, const struct options *opt, const sigset_t *signals)
{
	int sfd = check(signalfd(-1, signals, SFD_CLOEXEC), "signalfd");
	struct pollfd watch[2] = {
		{ .fd = sfd, .events = POLLIN },
		{ .fd = terminal_given() && !opt->time_limit ? opt->exec_pipe[0] : -1,
		  .events = POLLIN },
	};
	struct signalfd_siginfo info;
	int exec_errno = 0, timed_out = 0, wstatus = 0;

	if (watch[1].fd >= 0)
		fcntl(watch[1].fd, F_SETFL, O_NONBLOCK);
	for (;;) {
		if (watch[1].fd >= 0) {
			if (poll(watch, 2, -1) == -1 && errno != EINTR)
				die_errno("poll");
			if (watch[1].revents & POLLIN)
				read_reports(pid, watch[1].fd, &exec_errno);
			if (watch[1].revents & (POLLHUP | POLLERR))
				watch[1].fd = -1;
			if (!(watch[0].revents & POLLIN))
				continue;
		}
		if (read(sfd, &info, sizeof(info)) != sizeof(info)) {
			if (errno == EINTR)
				continue;
			die_errno("read signalfd");
		}
		if (info.ssi_signo == SIGCHLD) {
			if (waitpid(pid, &wstatus, WNOHANG) == pid)
				break;
		} else if (info.ssi_signo == SIGALRM) {
			narrate("time limit of %u s reached: kill(%ld, SIGKILL)", opt->time_limit,
				(long)pid);
			timed_out = 1;
			kill(pid, SIGKILL);
		} else {
			narrate("kill(%ld, %d)", (long)pid, (int)info.ssi_signo);
			kill(pid, info.ssi_signo);
		}
	}
	close(sfd);
	fcntl(opt->exec_pipe[0], F_SETFL, O_NONBLOCK);
	read_reports(0, opt->exec_pipe[0], &exec_errno);
	close(opt->exec_pipe[0]);
	if (exec_errno)
		fprintf(stderr, "%s: exec %s: %s\n", program_invocation_short_name,
			opt->argv[0], strerror(exec_errno));
	narrate("waitpid(%ld) = %ld, status %d", (long)pid, (long)pid, exit_status(wstatus));
	return timed_out ? EXIT_TIMEOUT : exit_status(wstatus);
}

int main(int argc, char *argv[])
{
	struct options opt;
	char err[512];
	sigset_t signals;
	pid_t pid;
	int status;
#if defined(__SANITIZE_ADDRESS__)
	char child_stack[CHILD_STACK_SIZE] __attribute__((aligned(16)));
#endif

	/* 1. The command line. nsroot is not made to be set-uid or set-gid
	 *    (nor to have file capabilities): it trusts its caller, and would
	 *    give any user the maps and mounts of its owner. */
	if (getauxval(AT_SECURE) || getuid() != geteuid() || getgid() != getegid())
		die("refusing to run set-uid or set-gid: nsroot needs no privilege");
	switch (parse_options(argc, argv, &opt, err, sizeof(err))) {
	case PARSE_HELP:
		usage();
		free_options(&opt);
		return 0;
	case PARSE_VERSION:
		printf("nsroot %s\n", NSROOT_VERSION);
		free_options(&opt);
		return 0;
	case PARSE_ERROR:
		die("%s", err);
	case PARSE_OK:
		break;
	}
	if (opt.list) {
		status = list_jails();
		free_options(&opt);
		return status;
	}
	opt.host_root_inside = maps_host_root(&opt);
	/* Root inside that is the host's root, with its capabilities, could
	 * unmount what protects /proc/sys, and write core_pattern: the host. */
	if (opt.host_root_inside && (opt.cap_add & (1ULL << CAP_SYS_ADMIN)) && !opt.keep_caps)
		die("--cap-add CAP_SYS_ADMIN with the host's root mapped inside would give the jail "
		    "the host: refused (map root inside to another uid with -M and -G)");
	if (opt.host_root_inside && opt.keep_caps)
		die("--keep-caps with the host's root mapped inside would give the jail the host: "
		    "refused (map root inside to another uid with -M and -G)");

	/* 2. Nothing the caller left open may reach the jail: every
	 *    descriptor above 2 is closed, here, before any is ours. */
	close_fds_but(opt.json_fd >= 3 ? opt.json_fd : -1);
	json_status_open(opt.json_fd);

	/* 3. Block the signals we handle: they will come through a signalfd,
	 *    and the child inherits them blocked. Then three channels: "maps
	 *    written, go on" to the child; a failed exec's errno (or "COMMAND
	 *    stopped") from it; the mount points it created, for us to remove. */
	sigemptyset(&signals);
	for (size_t i = 0; i < sizeof(forwarded_signals) / sizeof(forwarded_signals[0]); i++)
		sigaddset(&signals, forwarded_signals[i]);
	sigaddset(&signals, SIGCHLD);
	sigaddset(&signals, SIGALRM);
	sigprocmask(SIG_BLOCK, &signals, &caller_mask);
	/*    nsroot --enter PID: into a running jail instead (enter.c). */
	if (opt.enter) {
		status = enter_jail(&opt, &signals, &caller_mask);
		free_options(&opt);
		return status;
	}
	check(pipe2(opt.sync_pipe, O_CLOEXEC), "pipe2(sync)");
	check(pipe2(opt.exec_pipe, O_CLOEXEC), "pipe2(exec)");
	check(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, opt.created_sock),
	      "socketpair(created mount points)");

	/*    The system call filter, built now, installed by COMMAND; the
	 *    jail's cgroups, with their limits (seccomp.c, cgroup.c). */
	prepare_filter(&opt);
	cgroup_create(&opt);

	/* 4. The child, in its new namespaces and a process group of its
	 *    own, with our terminal if we have it (as a shell starts a job). */
	pid = clone(child, child_stack + sizeof(child_stack), opt.clone_flags | SIGCHLD, &opt);
	if (pid == -1 && (errno == EPERM || errno == ENOSPC || errno == EACCES))
		die_errno_hint("this host may forbid unprivileged user namespaces: "
			       "run scripts/doctor", "create namespaces (clone)");
	check(pid, "clone");
	close(opt.sync_pipe[0]);
	close(opt.exec_pipe[1]);
	close(opt.created_sock[1]);
	if (!opt.new_session) {
		/* EACCES: the child got there first, with its setsid or exec */
		if (setpgid(pid, pid) == -1 && errno != EACCES)
			die_errno("setpgid(%ld, %ld)", (long)pid, (long)pid);
		give_terminal(pid);
	}

	json_status(opt.json_fd, "child-pid", pid);

	/* 5. and 6. Its maps, then "go". */
	write_id_maps(pid, &opt);
	cgroup_enter(pid);
	check(write(opt.sync_pipe[1], "", 1), "write(sync, go)");
	/* the write end stays open as long as we live: see the child's b. */

	/* 7. Watch over it; then remove the mount points it had to create. */
	if (opt.time_limit)
		alarm(opt.time_limit);
	status = supervise(pid, &opt, &signals);
	remove_mount_points(&opt);
	cgroup_remove();
	json_status(opt.json_fd, "exit-code", status);
	free_options(&opt);
	return status;
}
