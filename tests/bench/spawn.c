/*
 * tests/bench/spawn.c - how long a command takes, spawn to exit.
 *
 * usage: spawn [-d] N NAME COMMAND [ARG]... [--- NAME COMMAND [ARG]...]...
 *
 * Runs each COMMAND N times, taking turns so that the machine's drift hits
 * them alike: in each round every command once, in an order shuffled
 * anew (from a fixed seed), so that no command always follows the same
 * one. A run pays for some of the one before it: the kernel frees a
 * network namespace in the background, after its last process has gone.
 * Each run: posix_spawn(3), then wait4(2), timed
 * with CLOCK_MONOTONIC. Standard output and error go to /dev/null. Prints a
 * Markdown row per command: median, p10, p90 in microseconds, the largest
 * resident size seen (KiB), and how many runs failed (exit status not 0).
 *
 * -d adds a column: how much longer than the first command each one took,
 * as the median of the differences round by round (the two runs of a
 * round were next to each other, in the same state of the machine), with
 * the 95% interval of that median. To see a cost of a few microseconds in
 * runs that move by hundreds.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include "timing.h"
#include <unistd.h>

extern char **environ;

struct command {
	const char *name;
	char **argv;
	double *times;
	long max_rss_kib;
	int failures;
	char row[512];
};

static double run(struct command *c, posix_spawn_file_actions_t *quiet)
{
	struct rusage ru;
	double start = now_us();
	pid_t pid;
	int status;

	if (posix_spawn(&pid, c->argv[0], quiet, NULL, c->argv, environ) != 0) {
		c->failures++;
		return now_us() - start;
	}
	wait4(pid, &status, 0, &ru);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		c->failures++;
	if (ru.ru_maxrss > c->max_rss_kib)
		c->max_rss_kib = ru.ru_maxrss;
	return now_us() - start;
}

/* A fixed sequence of pseudo-random numbers (xorshift32): the same
 * orders on every run of the bench. */
static unsigned next_random(void)
{
	static unsigned state = 2463534242u;

	state ^= state << 13;
	state ^= state >> 17;
	state ^= state << 5;
	return state;
}

int main(int argc, char *argv[])
{
	struct command cmds[16];
	posix_spawn_file_actions_t quiet;
	double *all, *diff;
	int n, count = 0, paired = argc > 1 && strcmp(argv[1], "-d") == 0;

	argc -= paired;
	argv += paired;
	if (argc < 4) {
		fprintf(stderr, "usage: spawn [-d] N NAME COMMAND [ARG]... [--- NAME COMMAND...]...\n");
		return 2;
	}
	n = (int)strtol(argv[1], NULL, 10);
	if (n < 1)
		n = 1;
	for (int i = 2; i < argc && count < 16; ) {
		struct command *c = &cmds[count++];

		c->name = argv[i++];
		c->argv = &argv[i];
		while (i < argc && strcmp(argv[i], "---") != 0)
			i++;
		if (i < argc)
			argv[i++] = NULL;	/* ends this command's argv */
		if (c->argv[0] == NULL) {
			fprintf(stderr, "spawn: %s: no command\n", c->name);
			return 2;
		}
		c->max_rss_kib = 0;
		c->failures = 0;
	}
	all = calloc((size_t)count * n, sizeof(double));
	diff = calloc((size_t)n, sizeof(double));
	if (all == NULL || diff == NULL) {
		free(all);
		free(diff);
		return 1;
	}
	for (int k = 0; k < count; k++)
		cmds[k].times = all + (size_t)k * n;
	posix_spawn_file_actions_init(&quiet);
	posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);

	for (int w = 0; w < 3; w++)		/* warm-up */
		for (int k = 0; k < count; k++)
			run(&cmds[k], &quiet);
	for (int k = 0; k < count; k++)
		cmds[k].failures = 0;
	for (int i = 0; i < n; i++) {
		int order[16];

		for (int k = 0; k < count; k++)
			order[k] = k;
		for (int k = count - 1; k > 0; k--) {	/* Fisher-Yates */
			int j = (int)(next_random() % (unsigned)(k + 1)), t = order[k];

			order[k] = order[j];
			order[j] = t;
		}
		for (int k = 0; k < count; k++)
			cmds[order[k]].times[i] = run(&cmds[order[k]], &quiet);
	}

	/* from the last, so that the first's times are still in round order */
	for (int k = count - 1; k >= 0; k--) {
		struct command *c = &cmds[k];
		char paired_text[64] = "";

		if (paired && k > 0) {
			/* the ranks of the median's 95% interval: n/2 -+ 1.96 sqrt(n)/2 */
			int half = 0;

			while ((half + 1) * (half + 1) * 100 <= 96 * n)	/* (1.96/2)^2 = 0.96 */
				half++;
			for (int i = 0; i < n; i++)
				diff[i] = c->times[i] - cmds[0].times[i];
			qsort(diff, n, sizeof(double), by_value);
			snprintf(paired_text, sizeof(paired_text), " %+.0f (%+.0f to %+.0f) |",
				 diff[n / 2], diff[n / 2 - half > 0 ? n / 2 - half : 0],
				 diff[n / 2 + half < n ? n / 2 + half : n - 1]);
		} else if (paired) {
			snprintf(paired_text, sizeof(paired_text), " |");
		}
		qsort(c->times, n, sizeof(double), by_value);
		snprintf(c->row, sizeof(c->row), "| %s | %.0f | %.0f | %.0f | %ld | %d |%s", c->name,
			 c->times[n / 2], c->times[n / 10], c->times[n * 9 / 10], c->max_rss_kib,
			 c->failures, paired_text);
	}
	for (int k = 0; k < count; k++)
		printf("%s\n", cmds[k].row);
	free(all);
	free(diff);
	return 0;
}
