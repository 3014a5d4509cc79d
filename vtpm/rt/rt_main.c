/* cordon vTPM runtime: the domain's kernel: set up the CPU and memory, load the engine, run it at CPL 3. */
#include <vtpm/rt/rt.h>

void rt_main(const struct cordon_start_info *si);

static u64 rdtsc(void)
{
	u32 lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (u64)hi << 32 | lo;
}

void rt_main(const struct cordon_start_info *si)
{
	u64 entry, rsp, image_end, mem = si->mem_size & ~(PAGE - 1);
	start_info = si;
	hc_init();
	sys_start_clock(rdtsc());
	if (si->magic != CORDON_START_MAGIC || mem < USER_BASE + STACK_SIZE + (8ULL << 20)) {
		rt_print("vtpm: a domain needs the start-info page and at least %llu MiB of RAM: stopping\n",
			 (USER_BASE + STACK_SIZE + (8ULL << 20)) >> 20);
		rt_stop(1);
	}
	cpu_init(mem);
	engine_load(engine_elf, (u64)(engine_elf_end - engine_elf), mem, &entry, &rsp, &image_end);
	mem_init(image_end, mem - STACK_SIZE);
	rt_print("vtpm: runtime up: engine of %llu KiB at 0x%llx, %llu MiB RAM\n", (image_end - USER_BASE) >> 10,
		 USER_BASE, mem >> 20);
	user_enter(entry, rsp);
}
