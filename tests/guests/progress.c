/* cordon test guest: a bystander that measures its own progress and its longest stall, in TSC time. */
#include <tests/guests/guest.h>

/*
 * cmdline "W M": W windows of M ms each (default 20 x 250). Per window it
 * prints the chunks of fixed work it finished, the TSC time the window
 * really took (a stall stretches it) and the longest gap between two chunk
 * ends; tests turn these into rates and compare phases of one run.
 */
#define CHUNK 2000u

static u32 number(const char **s, u32 dflt)
{
	u32 n = 0;
	while (**s == ' ')
		(*s)++;
	for (; **s >= '0' && **s <= '9'; (*s)++)
		n = n * 10 + (u32)(**s - '0');
	return n ? n : dflt;
}

static void chunk(void)
{
	for (volatile u32 i = 0; i < CHUNK; i++)
		;
}

int main(void)
{
	const char *s = start_info->cmdline;
	u32 windows = number(&s, 20), ms = number(&s, 250);
	u64 khz = start_info->tsc_khz, longest = 0;
	for (u32 w = 1; w <= windows; w++) {
		u64 t0 = rdtsc(), prev = t0, now = t0, chunks = 0, gap = 0;
		while (now - t0 < ms * khz) {
			chunk();
			chunks++;
			now = rdtsc();
			gap = now - prev > gap ? now - prev : gap;
			prev = now;
		}
		longest = gap > longest ? gap : longest;
		gprintf("progress: window %u: %llu chunks in %llu us, longest gap %llu us\n", w, chunks,
			(now - t0) * 1000 / khz, gap * 1000 / khz);
	}
	gprintf("progress: longest gap %llu us over %u windows\n", longest * 1000 / khz, windows);
	return 0;
}
