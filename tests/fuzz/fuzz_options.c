/*
 * tests/fuzz/fuzz_options.c - libFuzzer target for nsroot's command line as
 * a whole. The input is split at NUL bytes into at most 64 arguments.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../final/nsroot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	char *argv[66] = { "nsroot" };
	int argc = 1;
	char err[512];
	struct options opt;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (size_t i = 0; i <= size && argc < 65; ) {
		argv[argc++] = copy + i;
		i += strlen(copy + i) + 1;
	}
	argv[argc] = NULL;
	verbose = 0;
	if (parse_options(argc, argv, &opt, err, sizeof(err)) == PARSE_ERROR &&
	    err[0] == '\0')
		abort();
	free_options(&opt);
	free(copy);
	return 0;
}
