/*
 * tests/bench/filter-cost.c - what nsroot's seccomp filter costs: building
 * and installing it (once per run), and running it (at each system call).
 * Built by tests/bench/run with final/seccomp.c and final/util.c.
 *
 * usage: filter-cost RUNS
 * Prints a Markdown table: the median time of prepare_filter() plus
 * install_filter() in a fresh process, of installing the safe floor's
 * one-rule filter instead (tests/bench/safe-floor.c), and of one getppid(2)
 * without and with nsroot's filter, each in the same process.
 */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
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

/* In a child: the time to install a filter of one rule, "allow". */
static void measure_one_rule(int fd)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };
	double t[3] = { 0, 0, 0 };

	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	t[0] = now_us();
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1)
		_exit(1);
	t[0] = now_us() - t[0];
	if (write(fd, t, sizeof(t)) != sizeof(t))
		_exit(1);
	_exit(0);
}

/* Run what in a child; its three numbers into t. */
static int run_child(void (*what)(int), const int fds[2], double t[3])
{
	pid_t pid = fork();

	if (pid == 0)
		what(fds[1]);
	if (pid == -1 || waitpid(pid, NULL, 0) == -1 ||
	    read(fds[0], t, 3 * sizeof(double)) != 3 * sizeof(double))
		return -1;
	return 0;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), by_value);
	return v[n / 2];
}

int main(int argc, char *argv[])
{
	static double setup[MAX_RUNS], one_rule[MAX_RUNS], plain[MAX_RUNS], filtered[MAX_RUNS];
	int runs = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 100;
	int fds[2];

	if (runs < 1 || runs > MAX_RUNS || pipe(fds) == -1)
		return 1;
	for (int i = 0; i < runs; i++) {	/* the two in turns */
		double t[3], u[3];

		if (run_child(measure, fds, t) == -1 || run_child(measure_one_rule, fds, u) == -1)
			return 1;
		setup[i] = t[0];
		plain[i] = t[1];
		filtered[i] = t[2];
		one_rule[i] = u[0];
	}
	printf("| what | median |\n|---|---:|\n");
	printf("| build and install the filter, once per run | %.1f µs |\n", median(setup, runs));
	printf("| install the safe floor's filter of one rule instead | %.1f µs |\n",
	       median(one_rule, runs));
	printf("| getppid(2), no filter | %.0f ns |\n", 1000 * median(plain, runs));
	printf("| getppid(2), under the filter | %.0f ns |\n", 1000 * median(filtered, runs));
	return 0;
}
