/* cordon test guest (adverse): hypercalls from ring 3 must be refused with E_PERM and have no effect. */
#include <tests/guests/guest.h>

#define SEL_UDATA 0x1b /* GDT entry 3, RPL 3 */
#define SEL_UCODE 0x23 /* GDT entry 4, RPL 3 */
#define SEL_TSS 0x28
#define RETURN_VECTOR 0x30 /* the user code's way back to ring 0 (an int gate with DPL 3) */
#define PTE_U (1ULL << 2)

/* 64-bit TSS (SDM vol. 3, 8.7): only RSP0 matters, the stack ring 3's interrupts switch to. */
struct __attribute__((packed)) tss {
	u32 rsvd0;
	u64 rsp0, rsp1, rsp2, rsvd1, ist[7], rsvd2;
	u16 rsvd3, iomap;
};

static struct tss tss = { .iomap = sizeof(struct tss) };
static u64 gdt[7];
static u8 kstack[8192] __attribute__((aligned(16)));
static u8 ustack[8192] __attribute__((aligned(16)));
static const char leak[] = "RING3-LEAK: this line must never be printed\n";
static volatile s64 got[5];
static volatile u64 got_rdx;

u64 kernel_rsp;
void enter_user(void (*fn)(void), u64 user_rsp);
void user_return(void);
__asm__(".text\n"
	"enter_user:\n"
	"	push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n"
	"	mov %rsp, kernel_rsp(%rip)\n"
	"	pushq $0x1b\n"		/* SS */
	"	pushq %rsi\n"		/* RSP */
	"	pushq $0x2\n"		/* RFLAGS: IF clear */
	"	pushq $0x23\n"		/* CS */
	"	pushq %rdi\n"		/* RIP */
	"	iretq\n"
	"user_return:\n"
	"	mov kernel_rsp(%rip), %rsp\n"
	"	mov $0x10, %eax; mov %eax, %ss\n"
	"	pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n"
	"	ret\n");

/* Runs at CPL 3: every call must come back with E_PERM. No port I/O here: it would #GP at IOPL 0. */
static void user_main(void)
{
	u64 rdx = 0x5a5a;
	got[0] = hcall(CORDON_HC_CONSOLE_WRITE, (u64)leak, sizeof(leak) - 1, 0);
	got[1] = hcall(CORDON_HC_EXIT, 77, 0, 0);
	got[2] = hcall2(CORDON_HC_VERSION, 0, 0, 0x5a5a, &rdx);
	got_rdx = rdx;
	got[3] = hcall(CORDON_HC_NULL, 0, 0, 0);
	got[4] = hcall(CORDON_HC_YIELD, 0, 0, 0);
	__asm__ volatile("int $0x30");
}

static void set_tss_desc(void)
{
	u64 b = (u64)&tss, lim = sizeof(tss) - 1;
	/* system descriptor, SDM vol. 3, 8.2.3: type 9 (available 64-bit TSS), P */
	gdt[5] = (lim & 0xffff) | (b & 0xffffff) << 16 | 0x89ULL << 40 | (lim >> 16 & 0xf) << 48 | (b >> 24 & 0xff) << 56;
	gdt[6] = b >> 32;
}

static void install(void)
{
	struct __attribute__((packed)) { u16 limit; u64 base; } g = { sizeof(gdt) - 1, (u64)gdt }, i;
	u64 *idt, h = (u64)user_return;
	gdt[1] = 0x00209a0000000000ULL; /* kernel code 64 */
	gdt[2] = 0x0000920000000000ULL; /* kernel data */
	gdt[3] = 0x0000f20000000000ULL; /* user data, DPL 3 */
	gdt[4] = 0x0020fa0000000000ULL; /* user code 64, DPL 3 */
	tss.rsp0 = (u64)kstack + sizeof(kstack);
	set_tss_desc();
	__asm__ volatile("lgdt %0; ltr %w1" : : "m"(g), "r"(SEL_TSS));
	__asm__ volatile("sidt %0" : "=m"(i));
	idt = (u64 *)i.base + 2 * RETURN_VECTOR; /* the runtime's IDT: add one gate user code may use */
	idt[0] = (h & 0xffff) | 0x08ULL << 16 | 0xeeULL << 40 | (h >> 16 & 0xffff) << 48; /* int gate, DPL 3 */
	idt[1] = h >> 32;
}

/* User access to the first 2 MiB, where this image lives: U in the PML4, PDPT and PD entries. */
static void user_pages(void)
{
	u64 *pml4 = (u64 *)CORDON_GUEST_PT, *pdpt = (u64 *)(CORDON_GUEST_PT + 0x1000), *pd = (u64 *)(CORDON_GUEST_PT + 0x2000);
	u64 cr3;
	pml4[0] |= PTE_U;
	pdpt[0] |= PTE_U;
	pd[0] |= PTE_U;
	__asm__ volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3) : : "memory");
}

int main(void)
{
	static const char *const what[] = { "console_write", "exit", "version", "null", "yield" };
	int bad = 0;
	traps_install();
	install();
	user_pages();
	enter_user(user_main, (u64)ustack + sizeof(ustack));
	for (int k = 0; k < 5; k++) {
		gprintf("ring3: %s from CPL 3 -> %lld\n", what[k], got[k]);
		bad += got[k] != CORDON_E_PERM;
	}
	bad += got_rdx != 0x5a5a; /* VERSION must not have written its result */
	gprintf("ring3: %s\n", bad ? "FAIL: a hypercall from CPL 3 was served" : "every hypercall from CPL 3 refused");
	gprintf("ring3: back in ring 0: null -> %lld\n", hcall(CORDON_HC_NULL, 0, 0, 0));
	return bad;
}
