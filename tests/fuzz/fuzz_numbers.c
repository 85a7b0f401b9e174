/*
 * tests/fuzz/fuzz_numbers.c - libFuzzer target for --time-limit and paths.
 * parse_seconds() accepts 1 to a year, nothing else; normalize_path()
 * gives an absolute path without ".", ".." or "//", or says it cannot.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../final/nsroot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = strndup((const char *)data, size);
	char path[PATH_MAX];
	unsigned seconds = 0;

	if (text == NULL)
		return 0;
	if (parse_seconds(text, &seconds) == 0 && (seconds == 0 || seconds > 31622400u))
		abort();
	if (normalize_path(text, path, sizeof(path)) == 0) {
		if (path[0] != '/' || strstr(path, "//") || strstr(path, "/./") ||
		    strstr(path, "/../"))
			abort();
		size_t n = strlen(path);
		if (n > 1 && path[n - 1] == '/')
			abort();
		if ((n >= 2 && strcmp(path + n - 2, "/.") == 0) ||
		    (n >= 3 && strcmp(path + n - 3, "/..") == 0))
			abort();
	}
	free(text);
	return 0;
}
