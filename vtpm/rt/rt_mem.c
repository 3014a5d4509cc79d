/* cordon vTPM runtime: the engine's memory: brk grows up from its image, anonymous mmap down from its stack. */
#include <vtpm/rt/rt.h>

#define FREED_MAX 32 /* munmapped ranges waiting to join the bottom of the mmap region */

static u64 mem_top;	      /* end of RAM: the stack lies in [mem_top - STACK_SIZE, mem_top) */
static u64 heap_lo, brk_cur;  /* brk region [heap_lo, brk_cur) */
static u64 map_top, map_lo;   /* mmap region [map_lo, map_top), handed out downwards */
static u64 brk_hw, map_low_hw; /* high-water marks, for the report */
static struct {
	u64 lo, hi;
} freed[FREED_MAX];

static u64 page_up(u64 a)
{
	return (a + PAGE - 1) & ~(PAGE - 1);
}

void mem_init(u64 image_end, u64 top)
{
	mem_top = top + STACK_SIZE;
	heap_lo = brk_cur = brk_hw = page_up(image_end);
	map_top = map_lo = map_low_hw = top;
}

bool user_range(u64 addr, u64 len)
{
	return addr >= USER_BASE && addr + len >= addr && addr + len <= mem_top;
}

/* Linux's brk: the new break, or the old one when it cannot move; fresh memory reads as zero. */
u64 mem_brk(u64 want)
{
	if (want < heap_lo || want > map_lo)
		return brk_cur;
	if (want > brk_cur)
		c_memset((void *)brk_cur, 0, want - brk_cur);
	brk_cur = want;
	if (brk_cur > brk_hw)
		brk_hw = brk_cur;
	return brk_cur;
}

/* Freed ranges that now touch the bottom of the region join it, so a free-then-map cycle does not leak. */
static void absorb_freed(void)
{
	bool again = true;
	while (again) {
		again = false;
		for (u32 i = 0; i < FREED_MAX; i++)
			if (freed[i].hi && freed[i].lo == map_lo) {
				map_lo = freed[i].hi;
				freed[i].lo = freed[i].hi = 0;
				again = true;
			}
	}
}

#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define EINVAL 22
#define ENOMEM 12
#define ENODEV 19

/* Private anonymous memory only (there are no files); zeroed, as Linux gives it. */
s64 mem_mmap(u64 addr, u64 len, u64 prot, u64 flags, s64 fd, u64 off)
{
	u64 n = page_up(len);
	(void)addr, (void)prot, (void)off;
	if (!(flags & MAP_ANONYMOUS) || fd != -1)
		return -ENODEV;
	if ((flags & MAP_FIXED) || !(flags & MAP_PRIVATE) || !len || n < len)
		return -EINVAL;
	if (n > map_lo - brk_cur)
		return -ENOMEM;
	map_lo -= n;
	if (map_lo < map_low_hw)
		map_low_hw = map_lo;
	c_memset((void *)map_lo, 0, n);
	return (s64)map_lo;
}

/* Succeeds always; the memory is reused when it touches the bottom of the region, else it stays taken. */
s64 mem_munmap(u64 addr, u64 len)
{
	u64 hi = addr + page_up(len);
	if (addr < map_lo || hi > map_top || hi <= addr)
		return 0;
	for (u32 i = 0; i < FREED_MAX; i++)
		if (!freed[i].hi) {
			freed[i].lo = addr;
			freed[i].hi = hi;
			break;
		}
	absorb_freed();
	return 0;
}

/* How deep the stack went: RAM starts zeroed, so the lowest non-zero word marks it. */
static u64 stack_used(void)
{
	const u64 *p = (const u64 *)(mem_top - STACK_SIZE);
	while ((u64)p < mem_top && !*p)
		p++;
	return mem_top - (u64)p;
}

/*
 * After the first command, and again whenever a command took the high-water
 * mark higher (at most 8 lines): what the engine really needs, for the
 * choice of the domain's RAM (docs/PERFORMANCE.md).
 */
void mem_report(void)
{
	static u64 last;
	static u32 lines;
	u64 used = (brk_hw - heap_lo) + (map_top - map_low_hw);
	if ((lines && used <= last) || lines >= 8)
		return;
	last = used;
	lines++;
	rt_print("vtpm: engine memory: image %llu KiB, brk %llu KiB, mmap %llu KiB, stack %llu KiB; %llu KiB "
		 "unused of %llu MiB RAM\n",
		 (heap_lo - USER_BASE) >> 10, (brk_hw - heap_lo) >> 10, (map_top - map_low_hw) >> 10,
		 stack_used() >> 10, (map_low_hw - brk_hw) >> 10, mem_top >> 20);
}
