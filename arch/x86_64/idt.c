/* cordon x86_64: IDT setup, exception register dumps and IRQ routing. */
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>
#include <kernel/console.h>

struct __attribute__((packed)) idt_gate {
	u16 off0, sel;
	u8 ist, type;
	u16 off1;
	u32 off2, rsvd;
};

static struct idt_gate idt[256];
static irq_fn irq_handlers[256];
extern const u64 isr_table[34];

/* Interrupt gate, present, DPL 0 (APM vol. 2, 4.8.4). */
static void set_gate(u8 vec, u64 handler, u8 ist)
{
	idt[vec] = (struct idt_gate){
		.off0 = (u16)handler, .sel = SEL_KCODE, .ist = ist, .type = 0x8e,
		.off1 = (u16)(handler >> 16), .off2 = (u32)(handler >> 32),
	};
}

void idt_init(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (u64)idt };
	for (u8 v = 0; v < 32; v++)
		set_gate(v, isr_table[v], v == 2 ? 2 : v == 8 ? 1 : v == 18 ? 3 : 0);
	set_gate(VEC_TIMER, isr_table[32], 0);
	set_gate(VEC_SPURIOUS, isr_table[33], 0);
	lidt(&p);
}

void irq_register(u8 vector, irq_fn fn)
{
	irq_handlers[vector] = fn;
}

static const char *const exc_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound range",
	"#UD invalid opcode", "#NM device not available", "#DF double fault", "coprocessor overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault", "#GP general protection",
	"#PF page fault", "reserved", "#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE", "#CP control protection",
};

static volatile bool in_panic;

/* panic() lands here: a ud2 whose trap frame is the register dump of the panic site. */
void panic_dump(void)
{
	in_panic = true;
	__asm__ volatile("ud2");
	__builtin_unreachable();
}

static void dump(const struct trap_frame *f)
{
	const char *name = f->vector < 32 && exc_names[f->vector] ? exc_names[f->vector] : "exception";
	console_set_enabled(true); /* a dump is always shown, even with console = none */
	if (in_panic)
		kprintf("cordon: registers at the panic:\n");
	else
		kprintf("\ncordon: PANIC: %s (vector %llu, error 0x%llx) in the hypervisor\n", name, f->vector,
			f->error);
	kprintf("  rip %016llx  cs %04llx  rflags %016llx  rsp %016llx  ss %04llx\n", f->rip, f->cs, f->rflags, f->rsp, f->ss);
	kprintf("  rax %016llx  rbx %016llx  rcx %016llx  rdx %016llx\n", f->rax, f->rbx, f->rcx, f->rdx);
	kprintf("  rsi %016llx  rdi %016llx  rbp %016llx  r8  %016llx\n", f->rsi, f->rdi, f->rbp, f->r8);
	kprintf("  r9  %016llx  r10 %016llx  r11 %016llx  r12 %016llx\n", f->r9, f->r10, f->r11, f->r12);
	kprintf("  r13 %016llx  r14 %016llx  r15 %016llx\n", f->r13, f->r14, f->r15);
	kprintf("  cr0 %016llx  cr2 %016llx  cr3 %016llx  cr4 %016llx\n", read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

void trap_dispatch(struct trap_frame *f);
void trap_dispatch(struct trap_frame *f)
{
	static u64 nmis;
	if (f->vector == 2) { /* an NMI is news, not a broken invariant: note it and go on */
		if (nmis++ == 0)
			kprintf("cordon: NMI received (further NMIs are counted silently)\n");
		return;
	}
	if (f->vector >= 32) {
		if (irq_handlers[f->vector])
			irq_handlers[f->vector]();
		if (f->vector != VEC_SPURIOUS)
			lapic_eoi();
		return;
	}
	dump(f);
	power_off();
}
