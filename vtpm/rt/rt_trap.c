/* cordon vTPM runtime: exceptions: the #UD that stands for SYSCALL, and a clear last line for any other. */
#include <vtpm/rt/rt.h>

void rt_trap(struct frame *f);

static const char *const names[20] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound range",
	"#UD invalid opcode", "#NM device not available", "#DF double fault", "coprocessor segment overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault", "#GP general protection",
	"#PF page fault", "reserved", "#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD floating-point",
};

/* SYSCALL is 0f 05 (SDM vol. 2B); only the engine's own code may stand for one. */
static bool is_syscall(const struct frame *f)
{
	const u8 *p = (const u8 *)f->rip;
	return f->vector == 6 && (f->cs & 3) == 3 && user_range(f->rip, 2) && p[0] == 0x0f && p[1] == 0x05;
}

/* The engine's state is lost with a fault: say where, and stop the domain (its client sees TPM failures). */
static void fatal(const struct frame *f)
{
	u64 cr2;
	bool user = (f->cs & 3) == 3;
	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	rt_print("vtpm: %s fault: %s (vector %llu, error 0x%llx) at rip 0x%llx, rsp 0x%llx, cr2 0x%llx: stopping\n",
		 user ? "engine" : "runtime", f->vector < 20 ? names[f->vector] : "?", f->vector, f->error, f->rip,
		 f->rsp, cr2);
	rt_stop(user ? 128 + (s64)f->vector : 64 + (s64)f->vector);
}

void rt_trap(struct frame *f)
{
	if (is_syscall(f)) {
		sys_dispatch(f);
		return;
	}
	fatal(f);
}
