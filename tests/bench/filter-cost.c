/*
 * tests/bench/filter-cost.c - what nsroot's seccomp filter costs: building
 * and installing it (once per run), and running it (at each system call).
 * Built by tests/bench/run with final/seccomp.c and final/util.c.
 *
 * usage: filter-cost RUNS
 * Prints a Markdown table: the median time of prepare_filter() plus
 * install_filter() in a fresh process, and of one getppid(2) without and
 * with the filter, each in the same process.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../final/nsroot.h"
#include "timing.h"

#define CALLS 20000
#define MAX_RUNS 100000

/* In a child: the time to build and install the filter, and of one
 * getppid before and after, written to fd. */
static void measure(int fd)
{
	struct options opt = { 0 };
	double t[3], before, after;

	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	t[0] = now_us();
	for (int i = 0; i < CALLS; i++)
		getppid();
	t[1] = now_us();
	prepare_filter(&opt);
	install_filter();
	t[2] = now_us();
	before = (t[1] - t[0]) / CALLS;
	for (int i = 0; i < CALLS; i++)
		getppid();
	after = (now_us() - t[2]) / CALLS;
	t[0] = t[2] - t[1];
	t[1] = before;
	t[2] = after;
	if (write(fd, t, sizeof(t)) != sizeof(t))
		_exit(1);
	_exit(0);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), by_value);
	return v[n / 2];
}

int main(int argc, char *argv[])
{
	static double setup[MAX_RUNS], plain[MAX_RUNS], filtered[MAX_RUNS];
	int runs = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 100;
	int fds[2];

	if (runs < 1 || runs > MAX_RUNS || pipe(fds) == -1)
		return 1;
	for (int i = 0; i < runs; i++) {
		double t[3];
		pid_t pid = fork();

		if (pid == 0)
			measure(fds[1]);
		if (pid == -1 || waitpid(pid, NULL, 0) == -1 ||
		    read(fds[0], t, sizeof(t)) != sizeof(t))
			return 1;
		setup[i] = t[0];
		plain[i] = t[1];
		filtered[i] = t[2];
	}
	printf("| what | median |\n|---|---:|\n");
	printf("| build and install the filter, once per run | %.1f µs |\n", median(setup, runs));
	printf("| getppid(2), no filter | %.0f ns |\n", 1000 * median(plain, runs));
	printf("| getppid(2), under the filter | %.0f ns |\n", 1000 * median(filtered, runs));
	return 0;
}
