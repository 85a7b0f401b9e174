/*
 * tests/bench/timing.h - what the two benchmark programs share: a clock in
 * microseconds, and a comparison for qsort(3) to find medians.
 */
#ifndef NSLAB_TIMING_H
#define NSLAB_TIMING_H

#include <time.h>

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

#endif
