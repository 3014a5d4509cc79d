/* cordon vTPM runtime: the CPU set-up: GDT with user segments and a TSS, IDT, page tables, SSE. */
#include <vtpm/rt/rt.h>

/*
 * Descriptors (SDM vol. 3, 3.4.5): P, DPL, S, type; L for 64-bit code.
 * Kernel code 0x9a, kernel data 0x92, user data 0xf2, user code 0xfa.
 * Entries 5-6: the 16-byte TSS descriptor, filled in at run time.
 */
static u64 gdt[7] = { 0, 0x00209a0000000000ULL, 0x0000920000000000ULL, 0x0000f20000000000ULL,
		      0x0020fa0000000000ULL, 0, 0 };

/*
 * The 64-bit TSS (SDM vol. 3A, "Task Management in 64-bit Mode"; APM vol. 2,
 * 12.2.5): only RSP0 matters, the stack an exception from CPL 3 switches to.
 */
struct __attribute__((packed)) tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iopb; /* past the TSS limit: no I/O bitmap, so every port access at CPL 3 faults */
};
_Static_assert(sizeof(struct tss) == 104, "64-bit TSS layout");
static struct tss tss;

static u64 idt[2 * 256] __attribute__((aligned(16)));

/* Page tables: PML4, one PDPT, four PDs for 4 GiB, and one 4 KiB table for the first 2 MiB. */
static u64 pml4[512] __attribute__((aligned(4096)));
static u64 pdpt[512] __attribute__((aligned(4096)));
static u64 pd[4][512] __attribute__((aligned(4096)));
static u64 pt0[512] __attribute__((aligned(4096)));

#define PTE_P 0x1ULL
#define PTE_W 0x2ULL
#define PTE_U 0x4ULL
#define PTE_PS 0x80ULL /* a 2 MiB page in a PD entry */
#define MIB2 0x200000ULL

struct __attribute__((packed)) dtr {
	u16 limit;
	u64 base;
};

/* TSS descriptor: type 9 (available 64-bit TSS), present; base split over both words (APM vol. 2, 4.8.3). */
static void gdt_set_tss(void)
{
	u64 base = (u64)&tss, limit = sizeof(tss) - 1;
	gdt[5] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ULL << 40 | (limit >> 16 & 0xf) << 48 |
		 (base >> 24 & 0xff) << 56;
	gdt[6] = base >> 32;
}

static void load_gdt(void)
{
	struct dtr g = { sizeof(gdt) - 1, (u64)gdt };
	tss.rsp[0] = (u64)rt_kstack_top;
	tss.iopb = sizeof(tss);
	gdt_set_tss();
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "lea 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n" /* reload CS from our table */
			 "1: mov %2, %%eax\n\t"
			 "mov %%eax, %%ds\n\t"
			 "mov %%eax, %%es\n\t"
			 "mov %%eax, %%ss\n\t"
			 "mov %3, %%eax\n\t"
			 "ltr %%ax"
			 :
			 : "m"(g), "i"(SEL_KCODE), "i"(SEL_KDATA), "i"(SEL_TSS)
			 : "rax", "memory");
}

/* A 64-bit interrupt gate, DPL 0, present (SDM vol. 3, 6.14.1): IF is cleared on entry. */
static void set_gate(u32 v, const void *handler)
{
	u64 a = (u64)handler;
	idt[2 * v] = (a & 0xffff) | (u64)SEL_KCODE << 16 | 0x8eULL << 40 | (a >> 16 & 0xffff) << 48;
	idt[2 * v + 1] = a >> 32;
}

static void load_idt(void)
{
	struct dtr i = { sizeof(idt) - 1, (u64)idt };
	for (u32 v = 0; v < 20; v++)
		set_gate(v, (const void *)rt_isr_table[v]);
	set_gate(CORDON_EVENT_VECTOR, rt_event_isr);
	__asm__ volatile("lidt %0" : : "m"(i));
}

/*
 * Identity map of the RAM only (SDM vol. 3, 4.5, Tables 4-15 to 4-20): the
 * runtime's 2 MiB pages are supervisor-only, the engine's (USER_BASE up,
 * 2 MiB aligned) user pages; U must be set at every level, so the upper
 * levels set it and the leaves decide. Page 0 is left out, so a NULL
 * dereference faults; nothing past the RAM is mapped.
 */
static void build_tables(u64 mem_size)
{
	pml4[0] = (u64)pdpt | PTE_P | PTE_W | PTE_U;
	for (u64 i = 0; i < 4; i++)
		pdpt[i] = (u64)pd[i] | PTE_P | PTE_W | PTE_U;
	for (u64 a = MIB2; a < mem_size && a < (4ULL << 30); a += MIB2)
		pd[a >> 30][(a >> 21) & 511] = a | PTE_P | PTE_W | PTE_PS | (a >= USER_BASE ? PTE_U : 0);
	for (u64 i = 1; i < 512; i++)
		pt0[i] = i * PAGE | PTE_P | PTE_W;
	pd[0][0] = (u64)pt0 | PTE_P | PTE_W;
	__asm__ volatile("mov %0, %%cr3" : : "r"((u64)pml4) : "memory");
}

/*
 * SSE for the engine (SDM vol. 3, 13.1.3): CR4.OSFXSR (bit 9) and
 * CR4.OSXMMEXCPT (bit 10); CR0.EM (bit 2) clear, CR0.MP (bit 1) set. CR4.OSXSAVE
 * stays clear, so CPUID shows no OSXSAVE and OpenSSL keeps off AVX, whose
 * XCR0 state we would otherwise have to enable. The runtime itself uses no
 * FPU or SIMD register (-mno-sse), so there is nothing to switch.
 */
static void enable_sse(void)
{
	u64 cr0, cr4;
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr0 = (cr0 & ~(1ULL << 2)) | 1ULL << 1;
	cr4 |= 1ULL << 9 | 1ULL << 10;
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
}

/*
 * EFER.SCE stays clear: cordon lets only Linux VMs write STAR, LSTAR and
 * SFMASK (docs/GUEST.md, SYSCALL), so SYSCALL raises #UD here (SDM vol. 2B,
 * SYSCALL: #UD if IA32_EFER.SCE = 0) and the #UD handler serves it (rt_trap.c).
 */
void cpu_init(u64 mem_size)
{
	load_gdt();
	load_idt();
	build_tables(mem_size);
	enable_sse();
}
