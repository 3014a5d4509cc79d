/* cordon test guest (isolation): scans all of its RAM for another VM's marker; finds only the one it planted. */
#include <tests/guests/guest.h>
#include <tests/guests/pattern.h>

static u64 scan(u64 mem)
{
	u64 hits = 0;
	for (u64 a = 0; a + PATTERN_LEN <= mem; a += 8)
		if (*(volatile u8 *)a == pattern_byte(0) && pattern_at((const volatile u8 *)a))
			hits++;
	return hits;
}

int main(void)
{
	u64 mem = start_info->mem_size, own = mem - MiB(1) + 0x100, hits = 0;
	for (u32 k = 0; k < PATTERN_LEN; k++)
		((volatile u8 *)own)[k] = pattern_byte(k); /* proves the scan can see a marker */
	for (int round = 1; round <= 3; round++) {
		hits = scan(mem);
		gprintf("round %d: scanned %llu KiB, %llu marker(s) found\n", round, mem >> 10, hits);
		hc_yield();
	}
	gprintf("peek: %s\n", hits == 1 ? "only my own marker is visible" : "FAIL: foreign memory is visible");
	return hits == 1 ? 0 : 1;
}
