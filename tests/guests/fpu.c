/* cordon test guest (isolation): x87/MMX/SSE registers are per VM. cmdline "plant" sets them, "look" reads. */
#include <tests/guests/guest.h>

#define MARK 0x1122334455667788ULL

static void enable_sse(void)
{
	u64 cr4;
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4 | (1u << 9))); /* OSFXSR */
}

static void set_regs(u64 v)
{
	__asm__ volatile("movq %0, %%mm0; movq %0, %%xmm0; emms" : : "r"(v));
}

static void get_regs(u64 *mm, u64 *xmm)
{
	__asm__ volatile("movq %%mm0, %0; movq %%xmm0, %1; emms" : "=r"(*mm), "=r"(*xmm));
}

int main(void)
{
	bool plant = start_info->cmdline[0] == 'p';
	u64 mm, xmm;
	int bad = 0;
	enable_sse();
	get_regs(&mm, &xmm);
	gprintf("initial mm0 0x%llx xmm0 0x%llx\n", mm, xmm);
	bad += mm != 0 || xmm != 0;
	if (plant)
		set_regs(MARK);
	for (int i = 0; i < 30; i++) {
		hc_yield();
		get_regs(&mm, &xmm);
		bad += plant ? (mm != MARK || xmm != MARK) : (mm == MARK || xmm == MARK || mm || xmm);
	}
	gprintf("fpu %s: %s\n", plant ? "plant" : "look",
		bad ? "FAIL: registers changed or leaked" : "registers stayed my own");
	return bad;
}
