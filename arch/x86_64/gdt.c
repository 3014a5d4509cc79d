/* cordon x86_64: the hypervisor's GDT and TSS (IST stacks for #DF, NMI and #MC). */
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>
#include <lib/str.h>

/* 64-bit TSS, see AMD APM vol. 2, 12.2.5. */
struct __attribute__((packed)) tss64 {
	u32 rsvd0;
	u64 rsp[3];
	u64 rsvd1;
	u64 ist[7];
	u64 rsvd2;
	u16 rsvd3;
	u16 iomap_base;
};

static struct tss64 tss;
static u64 gdt[5];
static u8 ist_stack[3][8192] __attribute__((aligned(16)));

/* Long-mode descriptors, APM vol. 2, 4.8: code has L=1, data is flat. */
#define GDT_KCODE 0x00209a0000000000ULL
#define GDT_KDATA 0x0000920000000000ULL

static void set_tss_desc(u64 base, u32 limit)
{
	/* 16-byte system descriptor, type 9 = available 64-bit TSS (APM vol. 2, 4.8.3). */
	gdt[3] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ULL << 40 | ((u64)limit >> 16 & 0xf) << 48 |
		 (base >> 24 & 0xff) << 56;
	gdt[4] = base >> 32;
}

void gdt_init(void)
{
	struct desc_ptr p = { sizeof(gdt) - 1, (u64)gdt };
	c_memset(&tss, 0, sizeof(tss));
	for (int i = 0; i < 3; i++)
		tss.ist[i] = (u64)&ist_stack[i][sizeof(ist_stack[i])];
	tss.iomap_base = sizeof(tss); /* no I/O permission bitmap */
	gdt[0] = 0;
	gdt[1] = GDT_KCODE;
	gdt[2] = GDT_KDATA;
	set_tss_desc((u64)&tss, sizeof(tss) - 1);
	lgdt(&p);
	/* Reload CS with a far return, then the data segments and TR. */
	__asm__ volatile("pushq %0\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %1, %%ds\n\t"
			 "mov %1, %%es\n\t"
			 "mov %1, %%ss\n\t"
			 "xor %%eax, %%eax\n\t"
			 "mov %%eax, %%fs\n\t"
			 "mov %%eax, %%gs\n\t"
			 :
			 : "i"((u64)SEL_KCODE), "r"((u64)SEL_KDATA)
			 : "rax", "memory");
	ltr(SEL_TSS);
}

u64 tss_base(void)
{
	return (u64)&tss;
}
