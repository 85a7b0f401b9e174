/*
 * tests/bench/clone-cost.c - what each namespace costs the kernel.
 *
 * usage: clone-cost [ITERATIONS]    (default 300; run as root)
 *
 * For each set of clone(2) flags: a warm-up, then ITERATIONS times clone a
 * child that exits at once, and wait for it, timed with CLOCK_MONOTONIC.
 * Prints one Markdown table row per set: median, p10 and p90, in
 * microseconds. A set the kernel refuses says so instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "timing.h"

static char stack[64 * 1024] __attribute__((aligned(16)));

static int child(void *arg)
{
	(void)arg;
	return 0;
}

/* One clone, exit and wait, in microseconds; -1 if the kernel refused. */
static double once(int flags)
{
	double start = now_us();
	pid_t pid = clone(child, stack + sizeof(stack), flags | SIGCHLD, NULL);

	if (pid == -1)
		return -1;
	waitpid(pid, NULL, 0);
	return now_us() - start;
}

static void measure(const char *name, int flags, int n)
{
	double *t = malloc(n * sizeof(*t));

	if (t == NULL)
		exit(1);
	for (int i = 0; i < 20; i++)		/* warm-up */
		if (once(flags) < 0) {
			printf("| %s | refused: %s | | |\n", name, strerror(errno));
			free(t);
			return;
		}
	for (int i = 0; i < n; i++)
		t[i] = once(flags);
	qsort(t, n, sizeof(*t), by_value);
	printf("| %s | %.0f | %.0f | %.0f |\n", name, t[n / 2], t[n / 10], t[n * 9 / 10]);
	fflush(stdout);
	free(t);
}

int main(int argc, char *argv[])
{
	int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 300;
	static const struct { const char *name; int flags; } sets[] = {
		{ "none (fork)", 0 },
		{ "USER", CLONE_NEWUSER },
		{ "NS (mount)", CLONE_NEWNS },
		{ "PID", CLONE_NEWPID },
		{ "UTS", CLONE_NEWUTS },
		{ "IPC", CLONE_NEWIPC },
		{ "NET", CLONE_NEWNET },
		{ "CGROUP", CLONE_NEWCGROUP },
		{ "step 5: PID+NS+UTS+NET+IPC",
		  CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWNET | CLONE_NEWIPC },
		{ "nsroot: USER+NS+PID+UTS", CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS },
		{ "nsroot -n -i: all six",
		  CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWNET | CLONE_NEWIPC },
	};

	if (n < 10)
		n = 10;
	printf("| clone flags | median µs | p10 µs | p90 µs |\n|---|---:|---:|---:|\n");
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		measure(sets[i].name, sets[i].flags, n);
	return 0;
}
