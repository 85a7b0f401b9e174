/*
 * tests/bench/filter-cost.c - what nsroot's seccomp filter costs: building
 * it (only for --seccomp-deny or --disable-userns: make built the
 * default) and installing it (once per run), and running it (at each
 * system call).
 * Built by tests/bench/run with final/seccomp.c and final/util.c.
 *
 * usage: filter-cost RUNS
 * Prints a Markdown table, medians and p10s over RUNS fresh processes: the
 * time of prepare_filter() building the program (as for a --seccomp-deny:
 * here of a call refused already, which gives the default program), of
 * prepare_filter() with nsroot's defaults (whose program make built;
 * measured after the build, in the same process, so the page of
 * seccomp.c's program and program_len is touched already, a first touch
 * that a run of nsroot pays and this row does not show), of
 * install_filter() (COMMAND installs it), of installing the safe floor's
 * one-rule filter instead (tests/bench/safe-floor.c), and of one
 * getppid(2) without a filter and under nsroot's.
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

/* In a child: the time to build the filter, to prepare the default one
 * and install it, and of one getppid after, written to fd. */
static void measure(int fd)
{
	int acct = syscall_number("acct");	/* refused by default already */
	struct options opt = { 0 }, deny = { .seccomp_deny = &acct, .n_seccomp_deny = 1 };
	double t[4], start;

	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	start = now_us();
	prepare_filter(&deny);
	t[0] = now_us() - start;	/* build */
	start = now_us();
	prepare_filter(&opt);
	t[1] = now_us() - start;	/* the default: nothing to build */
	start = now_us();
	install_filter();
	t[2] = now_us() - start;	/* install */
	start = now_us();
	for (int i = 0; i < CALLS; i++)
		getppid();
	t[3] = (now_us() - start) / CALLS;
	if (write(fd, t, sizeof(t)) != sizeof(t))
		_exit(1);
	_exit(0);
}

/* In a child: the time to install a filter of one rule, "allow". */
static void measure_one_rule(int fd)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };
	double t[4] = { 0, 0, 0, 0 };

	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	t[1] = now_us();
	for (int i = 0; i < CALLS; i++)
		getppid();
	t[1] = (now_us() - t[1]) / CALLS;	/* before any filter */
	t[0] = now_us();
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1)
		_exit(1);
	t[0] = now_us() - t[0];
	if (write(fd, t, sizeof(t)) != sizeof(t))
		_exit(1);
	_exit(0);
}

/* Run what in a child; its four numbers into t. */
static int run_child(void (*what)(int), const int fds[2], double t[4])
{
	pid_t pid = fork();

	if (pid == 0)
		what(fds[1]);
	if (pid == -1 || waitpid(pid, NULL, 0) == -1 ||
	    read(fds[0], t, 4 * sizeof(double)) != 4 * sizeof(double))
		return -1;
	return 0;
}

/* "| what | median | p10 |" of v, in unit (scaled by scale) */
static void row(const char *what, double *v, int n, double scale, const char *unit)
{
	qsort(v, n, sizeof(*v), by_value);
	printf("| %s | %.*f %s | %.*f %s |\n", what, scale > 1 ? 0 : 1, scale * v[n / 2], unit,
	       scale > 1 ? 0 : 1, scale * v[n / 10], unit);
}

int main(int argc, char *argv[])
{
	static double build[MAX_RUNS], prepare[MAX_RUNS], install[MAX_RUNS], one_rule[MAX_RUNS],
		plain[MAX_RUNS], filtered[MAX_RUNS];
	int runs = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 100;
	int fds[2];

	if (runs < 1 || runs > MAX_RUNS || pipe(fds) == -1)
		return 1;
	for (int i = 0; i < runs; i++) {	/* the two in turns */
		double t[4], u[4];

		if (run_child(measure, fds, t) == -1 || run_child(measure_one_rule, fds, u) == -1)
			return 1;
		build[i] = t[0];
		prepare[i] = t[1];
		install[i] = t[2];
		filtered[i] = t[3];
		one_rule[i] = u[0];
		plain[i] = u[1];
	}
	printf("| what | median | p10 |\n|---|---:|---:|\n");
	row("build nsroot's filter (for a --seccomp-deny, say)", build, runs, 1, "µs");
	row("prepare the default filter (make built it)", prepare, runs, 1, "µs");
	row("install it (the kernel checks and compiles it)", install, runs, 1, "µs");
	row("install the safe floor's filter of one rule instead", one_rule, runs, 1, "µs");
	row("getppid(2), no filter", plain, runs, 1000, "ns");
	row("getppid(2), under nsroot's filter", filtered, runs, 1000, "ns");
	return 0;
}
