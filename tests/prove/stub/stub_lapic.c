/* cordon: make prove stub for the TSC calibration (arch/x86_64/lapic.c): any frequency. */
#include <arch/x86_64/arch.h>
#include <tests/prove/prove.h>

u64 tsc_khz(void)
{
	return prove_u64(1, 10000000); /* up to 10 GHz */
}
