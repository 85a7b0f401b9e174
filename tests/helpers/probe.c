/*
 * tests/helpers/probe.c - ask the kernel what a jail's filter and limits
 * should refuse, and say what it answered.
 *
 * usage: probe CALL...        make each call, print "CALL: done" or its error:
 *                             keyctl add_key bpf perf_event_open userfaultfd
 *                             io_uring_setup tioclinux unshare-user clone-user
 *                             clone3 x32 i386 (killed by the filter: no line)
 *        probe alloc MIB      allocate and touch MIB MiB, one at a time
 *        probe spin SECONDS   spin for SECONDS, print the CPU share it had
 * Exit status: 0 if every call succeeded, 1 if one was refused, 2 for bad
 * usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long clone_user(void)
{
	long pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid((pid_t)pid, NULL, 0);
	return pid > 0 ? 0 : -1;
}

static long call(const char *name)
{
	if (strcmp(name, "keyctl") == 0)	/* KEYCTL_GET_KEYRING_ID of the session */
		return syscall(SYS_keyctl, 0, -3, 0);
	if (strcmp(name, "add_key") == 0)
		return syscall(SYS_add_key, "user", "probe", "x", 1, -3);
	if (strcmp(name, "bpf") == 0)	/* BPF_PROG_LOAD of nothing: EINVAL if let through */
		return syscall(SYS_bpf, 5, NULL, 0);
	if (strcmp(name, "perf_event_open") == 0)
		return syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
	if (strcmp(name, "userfaultfd") == 0)
		return syscall(SYS_userfaultfd, 0);
	if (strcmp(name, "io_uring_setup") == 0)
		return syscall(SYS_io_uring_setup, 1, NULL);
	if (strcmp(name, "tioclinux") == 0)
		return ioctl(0, TIOCLINUX, "\0");
	if (strcmp(name, "raw-socket") == 0)	/* what ping needs: CAP_NET_RAW */
		return socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (strcmp(name, "unshare-user") == 0)
		return unshare(CLONE_NEWUSER);
	if (strcmp(name, "clone-user") == 0)
		return clone_user();
	if (strcmp(name, "clone3") == 0) {
		struct clone_args args = { .exit_signal = SIGCHLD };
		long pid = syscall(SYS_clone3, &args, sizeof(args));

		if (pid == 0)
			_exit(0);
		if (pid > 0)
			waitpid((pid_t)pid, NULL, 0);
		return pid > 0 ? 0 : -1;
	}
#if defined(__x86_64__)
	if (strcmp(name, "x32") == 0)
		return syscall(0x40000000 | SYS_getpid);
	if (strcmp(name, "i386") == 0) {	/* getpid, number 20 on i386 */
		long ret;

		__asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory");
		return ret < 0 ? (errno = (int)-ret, -1) : 0;
	}
#endif
	errno = EINVAL;
	fprintf(stderr, "probe: unknown call %s\n", name);
	exit(2);
}

/* Each MiB holds the address of the one before: all stay reachable. */
static int alloc(long mib)
{
	void **last = NULL;
	int status = 0;

	for (long i = 0; i < mib; i++) {
		void **p = malloc(1 << 20);

		if (p == NULL) {
			printf("alloc: failed after %ld MiB\n", i);
			status = 1;
			break;
		}
		memset(p, 1, 1 << 20);
		*p = last;
		last = p;
	}
	if (status == 0)
		printf("alloc: %ld MiB\n", mib);
	while (last) {
		void **before = *last;

		free(last);
		last = before;
	}
	return status;
}

static double seconds(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int spin(double wall)
{
	double start = seconds(CLOCK_MONOTONIC), cpu0 = seconds(CLOCK_PROCESS_CPUTIME_ID);

	while (seconds(CLOCK_MONOTONIC) - start < wall)
		;
	printf("spin: %.0f%% of one CPU\n",
	       100 * (seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0) / wall);
	return 0;
}

int main(int argc, char *argv[])
{
	int status = 0;

	if (argc == 3 && strcmp(argv[1], "alloc") == 0)
		return alloc(strtol(argv[2], NULL, 10));
	if (argc == 3 && strcmp(argv[1], "spin") == 0)
		return spin(strtod(argv[2], NULL));
	if (argc < 2) {
		fprintf(stderr, "usage: probe CALL... | alloc MIB | spin SECONDS\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		long ret = call(argv[i]);

		printf("%s: %s\n", argv[i], ret >= 0 ? "done" : strerror(errno));
		fflush(stdout);
		if (ret < 0)
			status = 1;
	}
	return status;
}
