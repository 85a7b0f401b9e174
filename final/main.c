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
 *   3. block the signals to forward;
 *      pipes, filter, cgroups
 *   4. clone(NEWUSER|NEWNS|NEWPID|NEWUTS  ---> a. die with the parent; a
 *      [|NEWNET][|NEWIPC][|NEWCGROUP]);           process group of its own
 *      the jail's own process group,           b. wait for the maps; become
 *      and the terminal, if we have it            root inside, die with the
 *   5. write the uid/gid maps; the child          parent again; the cgroup
 *      into the jail's cgroups                    namespace (if clone did not
 *   6. "go" through the sync pipe ----------->    make it); not dumpable
 *   7. forward signals, enforce the time       c. lo up; open NEWROOT and
 *      limit, stop when COMMAND stops,            the volumes; build the
 *      learn of a failed exec, wait,              new root; pivot_root
 *      take the terminal back, pass the        d. hostname, workdir, env
 *      status on, remove the mount points      e. drop capabilities,
 *      the child created                          no_new_privs
 *                                              f. close every descriptor;
 *                                                 start COMMAND, be its init
 *
 * Read: namespaces(7), user_namespaces(7), pivot_root(2), capabilities(7)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsroot.h"

/* What nsroot passes on to COMMAND, as timeout(1) does: the parent to
 * the init, the init to COMMAND. */
static void forwarded_signals(sigset_t *set)
{
	static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

	sigemptyset(set);
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		sigaddset(set, signals[i]);
}

/* The flags of clone(2), as --verbose names them: the steps' table. */
static const char *flag_names(int flags)
{
	static const struct flag_name flag_table[] = {
		{ CLONE_NEWUSER, "CLONE_NEWUSER" }, { CLONE_NEWNS, "CLONE_NEWNS" },
		{ CLONE_NEWPID, "CLONE_NEWPID" }, { CLONE_NEWUTS, "CLONE_NEWUTS" },
		{ CLONE_NEWNET, "CLONE_NEWNET" }, { CLONE_NEWIPC, "CLONE_NEWIPC" },
		{ CLONE_NEWCGROUP, "CLONE_NEWCGROUP" }, { SIGCHLD, "SIGCHLD" },
	};
	static char text[160];

	return flags_text((unsigned)flags, flag_table, sizeof(flag_table) / sizeof(flag_table[0]),
			  text, sizeof(text));
}

/* Bring the loopback interface up, as step4-net does. */
static void loopback_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int sock = check_call(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0),
			      callf("socket(AF_INET, SOCK_DGRAM)"), "a socket to bring lo up");

	check_call(ioctl(sock, SIOCGIFFLAGS, &ifr), callf("ioctl(SIOCGIFFLAGS, \"lo\")"),
		   "get the flags of lo");
	ifr.ifr_flags |= IFF_UP;
	check_call(ioctl(sock, SIOCSIFFLAGS, &ifr), callf("ioctl(SIOCSIFFLAGS, \"lo\", IFF_UP)"),
		   "bring lo up");
	close(sock);
}

/* Until the sync pipe's write end closes, the parent lives. */
static int parent_alive(int sync_fd)
{
	return poll(&(struct pollfd){ .fd = sync_fd, .events = POLLIN }, 1, 0) == 0;
}

/* Runs in the new namespaces, as their PID 1. (A void *, as the steps'
 * clone(2) callback takes it; main() calls it, on the child's side of
 * the clone.) */
static int child(void *arg)
{
	struct jail *jail = arg;
	const struct options *opt = jail->opt;
	struct command cmd = {
		.argv = opt->argv, .opt = opt, .mask = &jail->caller_mask,
		.report_fd = jail->exec_pipe[1], .side = "command",
	};
	sigset_t forwarded;
	char byte;
	pid_t pid;

	become_copy("child");
	/* a. If nsroot dies, even of SIGKILL, we die, and with us as PID 1,
	 *    the kernel kills the whole namespace. A process group of our
	 *    own, so that the jail can signal nothing outside it (the parent
	 *    makes it too: whichever comes first), or with --new-session a
	 *    session of our own, without a terminal. */
	check(prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0), "prctl(PR_SET_PDEATHSIG, SIGKILL)");
	close(jail->sync_pipe[1]);
	close(jail->exec_pipe[0]);
	close(jail->created_sock[0]);
	if (opt->new_session)
		check(setsid(), "setsid()");
	else
		check(setpgid(0, 0), "setpgid(0, 0)");

	/* b. Until the parent has written our maps we are nobody. End of file
	 *    instead of its byte means it failed (and said why) or died. */
	if (tell(read(jail->sync_pipe[0], &byte, 1), "read(sync_pipe[0], &byte, 1)") != 1)
		_exit(EXIT_SETUP);

	/*    Root inside, the parent-death signal set again; the parent keeps
	 *    its end of the sync pipe open as long as it lives: if it is
	 *    closed, the parent died before the signal took hold, and no
	 *    signal will ever end us. */
	become_root_inside(!jail->setgroups_denied);
	if (!parent_alive(jail->sync_pipe[0]))
		_exit(EXIT_SETUP);
	close(jail->sync_pipe[0]);
	/*    In the jail's cgroups by now: its cgroup namespace, unless clone
	 *    made one already (no cgroup of the jail's own) (cgroup.c). */
	cgroup_child(opt);

	/*    We stay in the jail as its init: not dumpable, so that no
	 *    process inside may open our /proc/1/fd, /proc/1/mem or environ,
	 *    or ptrace us. (The parent wrote our maps while we still were.) */
	check(prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl(PR_SET_DUMPABLE, 0)");

	/* c. The network first: lo up before the mounts costs a run less
	 *    than after them (18 us, measured by hand), and when it fails,
	 *    there is no mount point to remove yet. */
	if (opt->clone_flags & CLONE_NEWNET)
		loopback_up();

	/*    The new root. Its sources are opened here, in our own mount
	 *    namespace: a mount can only be bound from the namespace it is in. */
	open_sources(jail);
	setup_root(jail);

	/* d. The hostname. */
	if (opt->hostname)
		check_call(sethostname(opt->hostname, strlen(opt->hostname)),
			   callf("sethostname(\"%s\")", opt->hostname), "sethostname(%s)",
			   opt->hostname);

	/* e. and f. What runs inside cannot undo the set-up: the working
	 *    directory and environment, no capability left, no exec can grant
	 *    new privileges (setuid files, file caps), and nothing of ours may
	 *    reach COMMAND: every descriptor is closed but 0, 1, 2 and the
	 *    exec pipe (close-on-exec) (exec.c). Then COMMAND, as PID 1 itself
	 *    with --as-pid-1, else as the child of an init that reaps orphans
	 *    and forwards signals. */
	command_setting(opt, jail->exec_pipe[1]);
	command_prepare(&cmd);
	if (opt->as_pid_1)
		command_exec(&cmd);
	become_copy("init");
	pid = command_spawn(&cmd);
	command_free(&cmd);
	forwarded_signals(&forwarded);
	return run_init(pid, &forwarded, jail->exec_pipe[1]);
}

/* What came through the exec pipe: a failed exec's errno (positive), or
 * the init saying that COMMAND stopped (minus the signal), which stops us
 * with the jail (pid) unless pid is 0: once the jail has ended. */
static void read_reports(pid_t pid, int fd, int *exec_errno)
{
	int message, stopped = 0;

	/* every report there, then one stop: a jail that stopped over and
	 * over while we were stopped must not stop us as many times */
	while (read(fd, &message, sizeof(message)) == sizeof(message)) {
		if (message > 0)
			*exec_errno = message;
		else
			stopped = 1;
	}
	if (stopped && pid > 0)
		stop_with_jail(pid);
}

/* The next signal of the blocked set: read from sfd, a signalfd, when
 * we have one to poll, else taken with sigwaitinfo(2). 0: interrupted. */
static int next_signal(int sfd, const sigset_t *signals)
{
	struct signalfd_siginfo info;

	if (sfd < 0) {
		int signo = sigwaitinfo(signals, NULL);

		if (signo == -1 && errno != EINTR)
			die_errno("sigwaitinfo");
		return signo == -1 ? 0 : signo;
	}
	if (read(sfd, &info, sizeof(info)) != sizeof(info)) {
		if (errno != EINTR)
			die_errno("read signalfd");
		return 0;
	}
	return (int)info.ssi_signo;
}

/* The parent's watch: forward signals, enforce --time-limit, until the
 * child (the init) ends; then read the exec pipe, where a failed exec left
 * its errno (every write end is closed by then). Returns nsroot's status.
 * One blocking sigwaitinfo, no poll, the parent waking only for a signal;
 * but when the jail has our terminal, the init tells us through the exec
 * pipe that COMMAND stopped, and we stop with it: the signals then come
 * through a signalfd, polled with the pipe. Not with --time-limit: the
 * jail could then stop the clock. */
int supervise(pid_t pid, const struct options *opt, int report_fd, const sigset_t *signals)
{
	int polled = terminal_given() && !opt->time_limit;
	int sfd = polled ? check_call(signalfd(-1, signals, SFD_CLOEXEC),
				      callf("signalfd(-1, signals, SFD_CLOEXEC)"), "signalfd")
			 : -1;
	struct pollfd watch[2] = {
		{ .fd = sfd, .events = POLLIN },
		{ .fd = polled ? report_fd : -1, .events = POLLIN },
	};
	int exec_errno = 0, timed_out = 0, wstatus = 0, signo, ending = 0;

	if (watch[1].fd >= 0)
		fcntl(watch[1].fd, F_SETFL, O_NONBLOCK);
	for (;;) {
		if (watch[1].fd >= 0) {
			if (poll(watch, 2, -1) == -1 && errno != EINTR)
				die_errno("poll");
			/* a signal first: a stop reported meanwhile would hold it */
			if (!(watch[0].revents & POLLIN)) {
				if (watch[1].revents & POLLIN)
					read_reports(ending ? 0 : pid, watch[1].fd, &exec_errno);
				if (watch[1].revents & (POLLHUP | POLLERR))
					watch[1].fd = -1;
				continue;
			}
		}
		signo = next_signal(sfd, signals);
		if (signo == SIGCHLD) {
			pid_t ended = waitpid(pid, &wstatus, WNOHANG);

			if (ended > 0)
				narrate("waitpid(%ld, [%s], WNOHANG) = %ld", (long)pid,
					status_text(wstatus), (long)ended);
			if (ended == pid)
				break;
		} else if (signo == SIGALRM) {
			timed_out = 1;
			tell(kill(pid, SIGKILL), "kill(%ld, SIGKILL), after the time limit of %u s",
			     (long)pid, opt->time_limit);
		} else if (signo != 0) {
			/* asked to end: no stop of the jail stops us any more */
			ending |= forward_signal(pid, signo);
		}
	}
	if (sfd >= 0)
		close(sfd);
	fcntl(report_fd, F_SETFL, O_NONBLOCK);
	read_reports(0, report_fd, &exec_errno);
	close(report_fd);
	if (exec_errno)
		fprintf(stderr, "%s: exec %s: %s\n", program_invocation_short_name,
			opt->argv[0], strerror(exec_errno));
	return timed_out ? EXIT_TIMEOUT : exit_status(wstatus);
}

int main(int argc, char *argv[])
{
	struct options opt;
	struct jail jail = {
		.opt = &opt,
		.sync_pipe = { -1, -1 }, .exec_pipe = { -1, -1 }, .created_sock = { -1, -1 },
		.newroot_fd = -1,
	};
	char err[512];
	sigset_t signals;
	int status, flags;

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
	jail.host_root_inside = maps_host_root(&opt);
	jail.setgroups_denied = setgroups_denied();
	/* Root inside that is the host's root, with its capabilities, could
	 * unmount what protects /proc/sys, and write core_pattern: the host. */
	if (jail.host_root_inside && (opt.cap_add & (1ULL << CAP_SYS_ADMIN)) && !opt.keep_caps)
		die("--cap-add CAP_SYS_ADMIN with the host's root mapped inside would give the jail "
		    "the host: refused (map root inside to another uid with -M and -G)");
	if (jail.host_root_inside && opt.keep_caps)
		die("--keep-caps with the host's root mapped inside would give the jail the host: "
		    "refused (map root inside to another uid with -M and -G)");

	/* 2. Nothing the caller left open may reach the jail: every
	 *    descriptor above 2 is closed, here, before any is ours. */
	close_fds_but(opt.json_fd >= 3 ? opt.json_fd : -1);
	json_status_open(opt.json_fd);

	/* 3. Block the signals we handle: we take them with sigwaitinfo (or
	 *    from a signalfd), and the child inherits them blocked. Then
	 *    three channels: "maps written, go on" to the child; a failed
	 *    exec's errno (or "COMMAND stopped") from it; the mount points it
	 *    created, for us to remove. */
	forwarded_signals(&signals);
	sigaddset(&signals, SIGCHLD);
	sigaddset(&signals, SIGALRM);
	sigprocmask(SIG_BLOCK, &signals, &jail.caller_mask);
	/*    A SIGCHLD that the caller ignored is ignored here too (exec keeps
	 *    SIG_IGN), and the kernel then reaps our children itself: no
	 *    waitpid, ours or the init's, would see them end. */
	signal(SIGCHLD, SIG_DFL);
	/*    nsroot --enter PID: into a running jail instead (enter.c). */
	if (opt.enter) {
		status = enter_jail(&opt, &signals, &jail.caller_mask);
		free_options(&opt);
		return status;
	}
	check_call(pipe2(jail.sync_pipe, O_CLOEXEC), callf("pipe2(sync_pipe, O_CLOEXEC)"),
		   "pipe2(sync)");
	check_call(pipe2(jail.exec_pipe, O_CLOEXEC), callf("pipe2(exec_pipe, O_CLOEXEC)"),
		   "pipe2(exec)");
	check_call(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, jail.created_sock),
		   callf("socketpair(AF_UNIX, SOCK_SEQPACKET, 0, created_sock)"),
		   "socketpair(created mount points)");

	/*    The system call filter, chosen now (make built the default;
	 *    --seccomp-deny or --disable-userns build one here), installed by
	 *    COMMAND; the jail's cgroups, with their limits (seccomp.c,
	 *    cgroup.c). */
	prepare_filter(&opt);
	cgroup_create(&opt);

	/* 4. The child, in its new namespaces and a process group of its
	 *    own, with our terminal if we have it (as a shell starts a job).
	 *    The system call itself, used as fork(2) is: given no stack, the
	 *    child goes on from here on a copy of ours, which grows as ours
	 *    would. The steps' libc clone(child, stack, ...) wants a stack of
	 *    its own: here, 512 KiB of static memory that spread our variables
	 *    over more pages, each a page fault to pay (nsroot.h, "Pages").
	 *    libc is not told of the child: no atfork handler runs, and musl
	 *    still takes it for our thread (its raise() would signal our
	 *    thread id), so the child starts no thread and raises no signal.
	 *    (Flags first, as on x86_64 and aarch64; clone(2), NOTES, has the
	 *    other orders.) */
	flags = opt.clone_flags | cgroup_clone_flag(&opt) | SIGCHLD;
	jail.pid = syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
	if (jail.pid == 0)
		_exit(child(&jail));
	if (jail.pid == -1 && (errno == EPERM || errno == ENOSPC || errno == EACCES)) {
		tell(jail.pid, "clone(%s)", flag_names(flags));
		die_errno_hint("this host may forbid unprivileged user namespaces: "
			       "run scripts/doctor", "create namespaces (clone)");
	}
	check_call(jail.pid, callf("clone(%s)", flag_names(flags)), "clone");
	close(jail.sync_pipe[0]);
	close(jail.exec_pipe[1]);
	close(jail.created_sock[1]);
	if (!opt.new_session) {
		/* EACCES: the child got there first, with its setsid or exec */
		if (tell(setpgid(jail.pid, jail.pid), "setpgid(%ld, %ld)", (long)jail.pid,
			 (long)jail.pid) == -1 && errno != EACCES)
			die_errno("setpgid(%ld, %ld)", (long)jail.pid, (long)jail.pid);
		give_terminal(jail.pid);
	}

	json_status(opt.json_fd, "child-pid", jail.pid);

	/* 5. and 6. Its maps, then "go". */
	write_id_maps(jail.pid, &opt, jail.setgroups_denied);
	cgroup_enter(jail.pid);
	check_call(write(jail.sync_pipe[1], "", 1), callf("write(sync_pipe[1], \"\", 1)"),
		   "write(sync, go)");
	/* the write end stays open as long as we live: see the child's b. */

	/* 7. Watch over it; then remove the mount points it had to create. */
	if (opt.time_limit)
		alarm(opt.time_limit);
	status = supervise(jail.pid, &opt, jail.exec_pipe[0], &signals);
	remove_mount_points(&jail);
	cgroup_remove();
	json_status(opt.json_fd, "exit-code", status);
	free_options(&opt);
	return status;
}
