/*
 * exit0.c - build/parbench-exit0: the program `parbench overheads` execs in
 * its fork-exec test. It does nothing and returns 0, linked statically, so
 * that what is timed is fork, exec and exit rather than the work of a
 * program or of the dynamic loader.
 */
int main(void)
{
	return 0;
}
