/*
 * final/default-filter.c - make's helper: prints nsroot's default seccomp
 * program (no --seccomp-deny, no --disable-userns), as built by
 * final/seccomp.c itself, as the lines of a C array. make keeps them in
 * build/default-filter.h, which seccomp.c installs as they are: a run of
 * nsroot builds no program unless its options change it.
 */
#define NSROOT_NO_DEFAULT_FILTER	/* the header being made here */
#include "seccomp.c"	/* NOLINT(bugprone-suspicious-include): to build the program */

#include <stdio.h>

int main(void)
{
	struct options opt = { 0 };

	/* No filter written for this architecture: build_filter() would die,
	 * and make with it, where nsroot --seccomp none still works. One
	 * instruction, so that the array is not empty; never installed
	 * (prepare_filter() takes the default only where FILTER_ARCH is set). */
	if (FILTER_ARCH == 0) {
		printf("\t{ 0x%04x,   0,   0, 0x%08x },\n", (unsigned)(BPF_RET | BPF_K),
		       (unsigned)SECCOMP_RET_ALLOW);
		return 0;
	}
	build_filter(&opt);
	for (unsigned i = 0; i < program_len; i++)
		printf("\t{ 0x%04x, %3u, %3u, 0x%08x },\n", (unsigned)program[i].code,
		       (unsigned)program[i].jt, (unsigned)program[i].jf, (unsigned)program[i].k);
	return 0;
}
