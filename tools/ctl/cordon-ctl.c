/* cordon-ctl: manages a running cordon over its management channel (docs/MANAGEMENT.md). */
#include <stdio.h>
#include <tools/ctl/cmd.h>

int main(int argc, char **argv)
{
	return ctl_main(argc, argv, stdout, stderr);
}
