/*
 * tests/bench/true.c - true(1), linked statically: part 6's COMMAND, which
 * spends none of a run's time in a dynamic loader.
 */
int main(void)
{
	return 0;
}
