/*
 * final/pid1.c - the little init: PID 1 of the new PID namespace.
 *
 * PID 1 has two duties that ordinary programs do not expect: it adopts
 * every orphan of the namespace, and must reap it (wait for it) or it stays
 * a zombie; and the kernel delivers to it only the signals it handles, so a
 * shell run as PID 1 ignores SIGTERM. This init runs COMMAND as its child,
 * reaps everyone, passes on the signals nsroot forwards, and when COMMAND
 * ends exits with COMMAND's status; the kernel then kills whatever is left.
 *
 * It is nsroot's own process inside the jail, so it holds nothing the jail
 * could use: the write end of a pipe to nsroot on which it says that
 * COMMAND stopped (nothing from the jail goes through it); it is not
 * dumpable, so /proc/1/fd, /proc/1/mem and ptrace are closed to COMMAND
 * (main.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsroot.h"

int run_init(pid_t command, const sigset_t *forwarded, int report_fd)
{
	sigset_t waited = *forwarded;
	siginfo_t info;
	int command_status = 0, status;
	pid_t pid;

	become_copy("init");
	/* The signals stay blocked (the parent blocked them before clone) and
	 * are taken one by one with sigwaitinfo(2): no handler, no race. (The
	 * parent, which may wait on a pipe too, takes them from a signalfd;
	 * we need no descriptor for it.) */
	sigaddset(&waited, SIGCHLD);
	/* The parent reads our reports only while it may stop with the jail
	 * (a terminal, no --time-limit): a COMMAND that stops over and over
	 * would otherwise fill the pipe, and we would sleep in write, reaping
	 * and forwarding nothing, COMMAND's end unseen. A report that does not
	 * fit is dropped. */
	tell(fcntl(report_fd, F_SETFL, O_NONBLOCK), "fcntl(exec_pipe[1], F_SETFL, O_NONBLOCK)");

	for (;;) {
		/* Reap every child that has ended: COMMAND, or an orphan. */
		while ((pid = waitpid(-1, &status, WNOHANG | WUNTRACED)) > 0) {
			narrate("waitpid(-1, [%s], WNOHANG|WUNTRACED) = %ld, %s",
				status_text(status), (long)pid, pid == command ? "COMMAND" : "an orphan");
			if (pid == command && WIFSTOPPED(status)) {
				/* Ctrl-Z, say: nsroot stops too, as a job would */
				int stopped = -WSTOPSIG(status);

				tell(write(report_fd, &stopped, sizeof(stopped)),
				     "write(exec_pipe[1], [COMMAND stopped], %zu)",
				     sizeof(stopped));
				continue;
			}
			if (WIFSTOPPED(status))
				continue;
			if (pid == command) {
				command_status = status;
				goto command_ended;
			}
		}
		if (sigwaitinfo(&waited, &info) == -1) {
			if (errno == EINTR)
				continue;
			die_errno("sigwaitinfo");
		}
		/* The kernel sends the terminal's signals (Ctrl-C) to the whole
		 * foreground group: COMMAND has its own already. */
		if (info.si_signo != SIGCHLD && info.si_code != SI_KERNEL)
			forward_signal(command, info.si_signo);
	}

command_ended:
	/* Everything else in the namespace goes with COMMAND: when PID 1
	 * exits, the kernel sends SIGKILL to every process of its namespace
	 * and waits for them (pid_namespaces(7)), before our parent learns
	 * that we ended. kill(-1) would do the same, slower: it looks at every
	 * process of the host. */
	close(report_fd);
	return exit_status(command_status);
}
