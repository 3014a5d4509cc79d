/* cordon test guest (d): writes just past the end of its memory; cordon must end it with a nested page fault. */
#include <tests/guests/guest.h>

int main(void)
{
	volatile u64 *p = (volatile u64 *)(start_info->mem_size + 0x1000);
	gprintf("writing to gpa 0x%llx, outside my %llu KiB\n", (u64)p, start_info->mem_size >> 10);
	*p = 0x6f6f62;
	gprintf("FAIL: the write outside my memory succeeded\n");
	return 1;
}
