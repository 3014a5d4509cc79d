/* cordon test guest: a 3 MiB image (bss) used to test the loader's "memory too small" check. */
#include <tests/guests/guest.h>

static volatile u8 blob[MiB(3)];

int main(void)
{
	blob[sizeof(blob) - 1] = 1;
	gprintf("big guest ran (%u)\n", blob[sizeof(blob) - 1]);
	return 0;
}
