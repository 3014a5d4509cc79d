/* cordon test guest (adverse): single-steps (RFLAGS.TF) over instructions cordon emulates; each must trap right after itself. */
#include <tests/guests/insn_traps.h>

static int failures;

static void check(const char *what, bool ok)
{
	failures += !ok;
	gprintf("%s: %s\n", ok ? "ok" : "FAIL", what);
}

/*
 * POPF sets TF, so the trap follows the next instruction, the one under test (SDM vol. 3,
 * 17.3.1.4). Label 1 is right after it: the #DB must report that RIP, once, with DR6.BS.
 * Had the step been lost, the trap would follow the LEA instead.
 */
#define STEP(insn) "pushfq; orq $0x100, (%%rsp); popfq\n\t" insn "\n1:\tlea 1b(%%rip), %%r11; mov %%r11, %0"

static void verdict(const char *what, u64 after, u64 count0)
{
	char buf[96];
	bool ok = db_count == count0 + 1 && db_rip == after && (db_dr6 & (1u << 14));
	fmt_snprintf(buf, sizeof(buf), "single step over %s traps right after it", what);
	check(buf, ok);
	if (!ok)
		gprintf("  #DB count %llu (want %llu), rip 0x%llx (want 0x%llx), dr6 0x%llx\n", db_count,
			count0 + 1, db_rip, after, db_dr6);
}

static void step_cpuid(void)
{
	u64 after, c0 = db_count;
	u32 a = 0, c = 0;
	__asm__ volatile(STEP("cpuid") : "=m"(after), "+a"(a), "+c"(c) : : "rbx", "rdx", "r11", "memory");
	verdict("cpuid", after, c0);
}

static void step_hypercall(void)
{
	u64 after, c0 = db_count, nr = 99;
	if (use_vmcall)
		__asm__ volatile(STEP("vmcall") : "=m"(after), "+a"(nr) : : "rdx", "r11", "memory");
	else
		__asm__ volatile(STEP("vmmcall") : "=m"(after), "+a"(nr) : : "rdx", "r11", "memory");
	verdict("a hypercall", after, c0);
	check("the stepped hypercall still returned E_NOSYS", (s64)nr == CORDON_E_NOSYS);
}

static void step_rdmsr(void)
{
	u64 after, c0 = db_count;
	__asm__ volatile(STEP("rdmsr") : "=m"(after) : "c"(0x10) : "rax", "rdx", "r11", "memory");
	verdict("rdmsr", after, c0);
}

static void step_out(void)
{
	u64 after, c0 = db_count;
	__asm__ volatile(STEP("outb %%al, $0x80") : "=m"(after) : "a"(0) : "r11", "memory");
	verdict("an out to a dropped port", after, c0);
}

static void step_prefixed_cpuid(void)
{
	u64 after, c0 = db_count;
	u32 a = 0, c = 0;
	__asm__ volatile(STEP(".byte 0x66, 0x0f, 0xa2") : "=m"(after), "+a"(a), "+c"(c) : : "rbx", "rdx", "r11", "memory");
	verdict("a 66-prefixed cpuid", after, c0);
}

static void step_wbinvd(void)
{
	u64 after, c0 = db_count;
	__asm__ volatile(STEP("wbinvd") : "=m"(after) : : "r11", "memory");
	verdict("wbinvd", after, c0);
}

/* Control: a NOP is not intercepted, so the CPU itself traps after it; checks the handler. */
static void step_nop(void)
{
	u64 after, c0 = db_count;
	__asm__ volatile(STEP("nop") : "=m"(after) : : "r11", "memory");
	verdict("a nop (no exit: the CPU's own trap)", after, c0);
}

int main(void)
{
	insn_traps_install();
	step_nop();
	step_cpuid();
	step_hypercall();
	step_rdmsr();
	step_out();
	step_prefixed_cpuid();
	step_wbinvd();
	gprintf("sstep: %d failure(s)\n", failures);
	return failures;
}
