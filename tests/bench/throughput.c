/*
 * tests/bench/throughput.c - how many jails a second, K at once.
 *
 * usage: throughput N NAME COMMAND [ARG]... [--- NAME COMMAND [ARG]...]...
 *
 * For K = 1, 2, 4 and 8, and for each COMMAND in turn: K workers each run
 * COMMAND N/K times in a row (posix_spawn(3), wait), all at once; the time
 * from the first start to the last end gives jails per second. Three
 * rounds, taking turns as spawn.c does; the median round is printed, as a
 * Markdown row per K. A run that fails (status not 0) is counted.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timing.h"

#define ROUNDS 3
#define MAX_COMMANDS 8

extern char **environ;

/* One worker: COMMAND n times; exits with the number of failures. */
static _Noreturn void worker(char **argv, int n, posix_spawn_file_actions_t *quiet)
{
	int failures = 0, status;
	pid_t pid;

	for (int i = 0; i < n; i++)
		if (posix_spawn(&pid, argv[0], quiet, NULL, argv, environ) != 0 ||
		    waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
			failures++;
	_exit(failures > 255 ? 255 : failures);
}

/* K workers at once; returns jails per second, adds their failures. */
static double round_of(char **argv, int k, int n, posix_spawn_file_actions_t *quiet,
		       int *failures)
{
	double start = now_us();
	int status, jails = n / k * k;

	for (int w = 0; w < k; w++) {
		pid_t pid = fork();

		if (pid == 0)
			worker(argv, n / k, quiet);
		if (pid == -1)
			(*failures)++;
	}
	while (wait(&status) > 0)
		*failures += WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	return jails / ((now_us() - start) / 1e6);
}

int main(int argc, char *argv[])
{
	static const int ks[] = { 1, 2, 4, 8 };
	const char *names[MAX_COMMANDS];
	char **argvs[MAX_COMMANDS];
	double rate[MAX_COMMANDS][ROUNDS];
	int failures[MAX_COMMANDS] = { 0 };
	posix_spawn_file_actions_t quiet;
	int n, count = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: throughput N NAME COMMAND [ARG]... [--- NAME COMMAND...]...\n");
		return 2;
	}
	n = (int)strtol(argv[1], NULL, 10);
	if (n < 8)
		n = 8;
	for (int i = 2; i < argc && count < MAX_COMMANDS; count++) {
		names[count] = argv[i++];
		argvs[count] = &argv[i];
		while (i < argc && strcmp(argv[i], "---") != 0)
			i++;
		if (i < argc)
			argv[i++] = NULL;	/* ends this command's argv */
		if (argvs[count][0] == NULL) {
			fprintf(stderr, "throughput: %s: no command\n", names[count]);
			return 2;
		}
	}
	posix_spawn_file_actions_init(&quiet);
	posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);

	printf("| jails at once |");
	for (int c = 0; c < count; c++)
		printf(" %s, jails/s |", names[c]);
	printf(" failed |\n|---:|");
	for (int c = 0; c <= count; c++)
		printf("---:|");
	printf("\n");
	for (size_t j = 0; j < sizeof(ks) / sizeof(ks[0]); j++) {
		int failed = 0;

		for (int r = 0; r < ROUNDS; r++)
			for (int c = 0; c < count; c++)
				rate[c][r] = round_of(argvs[c], ks[j], n, &quiet, &failures[c]);
		printf("| %d |", ks[j]);
		for (int c = 0; c < count; c++) {
			qsort(rate[c], ROUNDS, sizeof(double), by_value);
			printf(" %.0f |", rate[c][ROUNDS / 2]);
			failed += failures[c];
			failures[c] = 0;
		}
		printf(" %d |\n", failed);
	}
	return 0;
}
