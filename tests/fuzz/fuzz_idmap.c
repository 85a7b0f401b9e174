/*
 * tests/fuzz/fuzz_idmap.c - libFuzzer target for -M and -G maps.
 * parse_idmap() must accept only lines of three numbers, and turn every
 * comma into a newline.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../final/nsroot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *map = strndup((const char *)data, size);
	char err[512] = "";
	char *text;

	if (map == NULL)
		return 0;
	text = parse_idmap(map, err, sizeof(err));
	if (text == NULL) {
		if (err[0] == '\0')
			abort();
	} else {
		if (strlen(text) != strlen(map) || strchr(text, ','))
			abort();
		for (const char *p = text; *p; p++)
			if (!(*p == ' ' || *p == '\n' || (*p >= '0' && *p <= '9')))
				abort();
		free(text);
	}
	free(map);
	return 0;
}
