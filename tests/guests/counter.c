/* cordon test guest (b): counts to N (cmdline, default 5), yielding between steps, then exits 0. */
#include <tests/guests/guest.h>

static u32 parse_count(const char *s)
{
	u32 n = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (u32)(*s - '0');
	return n ? n : 5;
}

int main(void)
{
	u32 n = parse_count(start_info->cmdline);
	for (u32 i = 1; i <= n; i++) {
		gprintf("count %u of %u\n", i, n);
		/* burn a little time so the timer, not only yields, interleaves the VMs */
		for (volatile u32 spin = 0; spin < 200000; spin++)
			;
		hc_yield();
	}
	gprintf("done counting\n");
	return 0;
}
