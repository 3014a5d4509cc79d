/* cordon test guest (isolation): fills most of its RAM with a marker and stays alive while others look for it. */
#include <tests/guests/guest.h>
#include <tests/guests/pattern.h>

int main(void)
{
	u64 start = MiB(2), end = start_info->mem_size - MiB(1), n = 0;
	for (u64 a = start; a + PATTERN_LEN <= end; a += PATTERN_LEN, n++)
		for (u32 k = 0; k < PATTERN_LEN; k++)
			((volatile u8 *)a)[k] = pattern_byte(k);
	gprintf("planted %llu markers in [0x%llx, 0x%llx)\n", n, start, end);
	for (int i = 0; i < 100; i++)
		hc_yield();
	gprintf("secret done\n");
	return 0;
}
