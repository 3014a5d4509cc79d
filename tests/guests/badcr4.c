/* cordon test guest (adverse): sets a reserved CR4 bit (cmdline: its number, default 63); must be ended or get #GP. */
#include "guest.h"

static u32 parse_bit(const char *s)
{
	u32 n = 0;
	bool any = false;
	for (; *s >= '0' && *s <= '9'; s++, any = true)
		n = n * 10 + (u32)(*s - '0');
	return any && n < 64 ? n : 63;
}

int main(void)
{
	u32 bit = parse_bit(start_info->cmdline);
	u64 cr4;
	traps_install(); /* a #GP at the write ends the guest with code 113 and says so */
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	gprintf("setting reserved CR4 bit %u\n", bit);
	cr4 |= 1ULL << bit;
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4) : "memory");
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	gprintf("FAIL: still running with CR4 0x%llx\n", cr4);
	return 1;
}
