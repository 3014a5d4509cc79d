/* cordon test guest (a): prints who it is a few times through its virtual COM1, then exits 0. */
#include <tests/guests/guest.h>

int main(void)
{
	const struct cordon_start_info *si = start_info;
	int lines = 3;
	if (si->cmdline[0] >= '1' && si->cmdline[0] <= '9')
		lines = si->cmdline[0] - '0';
	for (int i = 1; i <= lines; i++) {
		gprintf("hello %d/%d from %s (label %s)\n", i, lines, si->name, si->label);
		hc_yield();
	}
	return 0;
}
