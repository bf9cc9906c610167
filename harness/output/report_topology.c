/*
 * report_topology.c - stub
 */
#include "report.h"
int report_topology(const char *home, const char *dir)
{
	(void)home; (void)dir;
	return 0;
}
