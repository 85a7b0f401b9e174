/*
 * tests/helpers/hostile.c - what a hostile command inside a jail would try,
 * one system call at a time, saying what the kernel answered.
 *
 * usage: hostile remount-rw PATH   mount(2) PATH read-write again
 *        hostile remount-ro PATH   mount(2) PATH read-only
 *        hostile umount PATH       umount2(2) PATH
 *        hostile tiocsti TEXT      push TEXT into the terminal on fd 0
 *        hostile ptrace PID        PTRACE_SEIZE(2) the process PID
 *        hostile create PATH       open(2) PATH to write, creating it
 *        hostile chmod PATH        chmod(2) and chown(2) PATH to the mode
 *                                  and owner it has: harmless if allowed
 *        hostile stops N           stop ourselves N times, each time let a
 *                                  child of ours continue us: N "COMMAND
 *                                  stopped" for the init to report
 *        hostile fg-steal TTY      a process group of our own, made the
 *                                  foreground of the terminal TTY
 * Exit status: 0 if the call succeeded, 1 if the kernel refused it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* A child that continues us each time it sees us stopped, a moment
 * later, until we end */
static pid_t continuer(void)
{
	pid_t parent = getpid(), pid = fork();
	char path[64], stat[512];

	if (pid != 0)
		return pid;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)parent);
	for (;;) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		ssize_t n = fd == -1 ? -1 : read(fd, stat, sizeof(stat) - 1);
		char *state;

		if (fd == -1 || n <= 0)
			_exit(0);
		close(fd);
		stat[n] = '\0';
		state = strrchr(stat, ')');
		/* a moment stopped, for the init to see it: then on */
		nanosleep(&(struct timespec){ 0, 100000 }, NULL);
		if (state && state[1] == ' ' && state[2] == 'T')
			kill(parent, SIGCONT);
	}
}

int main(int argc, char *argv[])
{
	int ret = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: hostile remount-rw|remount-ro|umount|create|chmod PATH | tiocsti TEXT | ptrace PID | stops N | fg-steal TTY\n");
		return 2;
	}
	if (strcmp(argv[1], "remount-rw") == 0) {
		ret = mount(NULL, argv[2], "none", MS_REMOUNT | MS_BIND, NULL);
	} else if (strcmp(argv[1], "remount-ro") == 0) {
		ret = mount(NULL, argv[2], "none", MS_REMOUNT | MS_BIND | MS_RDONLY, NULL);
	} else if (strcmp(argv[1], "umount") == 0) {
		ret = umount2(argv[2], MNT_DETACH);
	} else if (strcmp(argv[1], "tiocsti") == 0) {
		for (const char *c = argv[2]; *c && ret == 0; c++)
			ret = ioctl(STDIN_FILENO, TIOCSTI, c);
	} else if (strcmp(argv[1], "ptrace") == 0) {
		ret = ptrace(PTRACE_SEIZE, (pid_t)strtol(argv[2], NULL, 10), NULL, NULL) == -1 ? -1 : 0;
	} else if (strcmp(argv[1], "create") == 0) {
		int fd = open(argv[2], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

		ret = fd == -1 ? -1 : close(fd);
	} else if (strcmp(argv[1], "chmod") == 0) {
		struct stat st;

		ret = stat(argv[2], &st);
		if (ret == 0)
			ret = chmod(argv[2], st.st_mode & 07777);
		if (ret == 0)
			ret = chown(argv[2], st.st_uid, st.st_gid);
	} else if (strcmp(argv[1], "stops") == 0) {
		pid_t child = continuer();

		for (long i = strtol(argv[2], NULL, 10); i > 0 && child > 0; i--)
			raise(SIGSTOP);
		ret = child > 0 ? 0 : -1;
		if (child > 0) {
			kill(child, SIGKILL);
			waitpid(child, NULL, 0);
		}
	} else if (strcmp(argv[1], "fg-steal") == 0) {
		int tty = open(argv[2], O_RDWR | O_NOCTTY | O_CLOEXEC);

		signal(SIGTTOU, SIG_IGN);
		ret = tty == -1 || setpgid(0, 0) == -1 ? -1 : tcsetpgrp(tty, getpgrp());
	} else {
		return 2;
	}
	printf("%s %s: %s\n", argv[1], argv[2], ret == 0 ? "done" : strerror(errno));
	return ret == 0 ? 0 : 1;
}
