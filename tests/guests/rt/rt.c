/* cordon test guests: runtime: hypercalls, console output, exception handling with fixups. */
#include <tests/guests/guest.h>

const struct cordon_start_info *start_info;
bool use_vmcall; /* from CORDON_CPUID_INFO ECX at start */

s64 hcall2(u64 nr, u64 a1, u64 a2, u64 a3, u64 *rdx)
{
	register u64 d __asm__("rdx") = a3;
	s64 ret;
	if (use_vmcall)
		__asm__ volatile("vmcall" : "=a"(ret), "+r"(d) : "a"(nr), "D"(a1), "S"(a2) : "memory");
	else
		__asm__ volatile("vmmcall" : "=a"(ret), "+r"(d) : "a"(nr), "D"(a1), "S"(a2) : "memory");
	if (rdx)
		*rdx = d;
	return ret;
}

s64 hcall(u64 nr, u64 a1, u64 a2, u64 a3)
{
	return hcall2(nr, a1, a2, a3, NULL);
}

void hc_exit(s64 code)
{
	hcall(CORDON_HC_EXIT, (u64)code, 0, 0);
	for (;;)
		__asm__ volatile("cli; hlt");
}

void hc_yield(void)
{
	hcall(CORDON_HC_YIELD, 0, 0, 0);
}

static void com1_putc(void *ctx, char c)
{
	(void)ctx;
	while (!(inb(0x3fd) & 0x20))
		;
	outb(0x3f8, (u8)c);
}

void gprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vformat(com1_putc, NULL, fmt, ap);
	va_end(ap);
}

void hprintf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	u64 n;
	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	hcall(CORDON_HC_CONSOLE_WRITE, (u64)buf, n < sizeof(buf) ? n : sizeof(buf) - 1, 0);
}

/* ---- exceptions ---- */

struct frame {
	u64 r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax;
	u64 vector, error, rip, cs, rflags, rsp, ss;
};

volatile u64 fixup_from, fixup_to;
volatile int faulted; /* vector + 1 of the fault that hit the guarded instruction */
extern const u64 guest_isr_table[20];

void rt_trap(struct frame *f);
void rt_trap(struct frame *f)
{
	if ((f->vector == 13 || f->vector == 6) && f->rip == fixup_from) {
		faulted = (int)f->vector + 1;
		f->rip = fixup_to;
		return;
	}
	gprintf("unexpected exception %llu (error 0x%llx) at rip 0x%llx\n", f->vector, f->error, f->rip);
	hc_exit(100 + (s64)f->vector);
}

static u64 gdt[3] = { 0, 0x00209a0000000000ULL, 0x0000920000000000ULL };
static u64 idt[2 * (CORDON_EVENT_VECTOR + 1)];
extern const char guest_event_isr[];

/* An interrupt gate (type 0xe, present, DPL 0, selector 0x08) to handler h (SDM vol. 3, 6.14.1). */
void guest_set_gate(int v, const void *h)
{
	u64 a = (u64)h;
	idt[2 * v] = (a & 0xffff) | 0x08ULL << 16 | 0x8eULL << 40 | (a >> 16 & 0xffff) << 48;
	idt[2 * v + 1] = a >> 32;
}

void traps_install(void)
{
	struct __attribute__((packed)) { u16 limit; u64 base; } g = { sizeof(gdt) - 1, (u64)gdt },
								     i = { sizeof(idt) - 1, (u64)idt };
	for (int v = 0; v < 20; v++)
		guest_set_gate(v, (const void *)guest_isr_table[v]);
	guest_set_gate(CORDON_EVENT_VECTOR, guest_event_isr);
	__asm__ volatile("lgdt %0; lidt %1" : : "m"(g), "m"(i));
}

/* sti;hlt: cordon wakes a halted vCPU for its event interrupt, or at the next timer tick. */
bool wait_event(u32 max_ticks)
{
	for (u32 i = 0; i < max_ticks && !guest_event_seen; i++)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	return guest_event_seen;
}

int rdmsr_safe(u32 msr, u64 *val)
{
	u32 lo = 0, hi = 0;
	faulted = 0;
	__asm__ volatile("lea 1f(%%rip), %%rax; mov %%rax, %2; lea 2f(%%rip), %%rax; mov %%rax, %3\n\t"
			 "xor %%eax, %%eax\n\t"
			 "xor %%edx, %%edx\n\t"
			 "1: rdmsr\n\t"
			 "2:"
			 : "=&a"(lo), "=&d"(hi), "=m"(fixup_from), "=m"(fixup_to)
			 : "c"(msr)
			 : "memory");
	*val = (u64)hi << 32 | lo;
	return faulted == 14 ? -1 : 0;
}

int wrmsr_safe(u32 msr, u64 val)
{
	faulted = 0;
	__asm__ volatile("lea 1f(%%rip), %%rdi; mov %%rdi, %0; lea 2f(%%rip), %%rdi; mov %%rdi, %1\n\t"
			 "mov %2, %%eax\n\t"
			 "1: wrmsr\n\t"
			 "2:"
			 : "=m"(fixup_from), "=m"(fixup_to)
			 : "r"((u32)val), "d"((u32)(val >> 32)), "c"(msr)
			 : "rax", "rdi", "memory");
	return faulted == 14 ? -1 : 0;
}

void rt_start(const struct cordon_start_info *si);
void rt_start(const struct cordon_start_info *si)
{
	u32 r[4];
	start_info = si;
	cpuid(CORDON_CPUID_INFO, 0, r);
	use_vmcall = r[2] == CORDON_HCALL_VMCALL;
	hc_exit(main());
}

/* Runs one SVM instruction the guest may not use; returns the vector it raised + 1, or 0. */
int svm_insn_fault(int which)
{
	faulted = 0;
	switch (which) {
	case 0: /* vmrun */
		__asm__ volatile("lea 1f(%%rip), %%rdi; mov %%rdi, %0; lea 2f(%%rip), %%rdi; mov %%rdi, %1\n\t"
				 "xor %%eax, %%eax\n\t1: vmrun\n\t2:" : "=m"(fixup_from), "=m"(fixup_to) : : "rax", "rdi", "memory");
		break;
	case 1: /* vmsave */
		__asm__ volatile("lea 1f(%%rip), %%rdi; mov %%rdi, %0; lea 2f(%%rip), %%rdi; mov %%rdi, %1\n\t"
				 "xor %%eax, %%eax\n\t1: vmsave\n\t2:" : "=m"(fixup_from), "=m"(fixup_to) : : "rax", "rdi", "memory");
		break;
	default: /* stgi */
		__asm__ volatile("lea 1f(%%rip), %%rdi; mov %%rdi, %0; lea 2f(%%rip), %%rdi; mov %%rdi, %1\n\t"
				 "1: stgi\n\t2:" : "=m"(fixup_from), "=m"(fixup_to) : : "rdi", "memory");
	}
	return faulted;
}
