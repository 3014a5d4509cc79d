/* cordon test guest (adverse): prefixed CPUID, RDMSR, WRMSR, hypercalls and WBINVD must resume right after themselves. */
#include <tests/guests/insn_traps.h>

static int failures;

static void check(const char *what, bool ok)
{
	failures += !ok;
	gprintf("%s: %s\n", ok ? "ok" : "FAIL", what);
}

/*
 * Each instruction is spelled out in bytes, so the prefixes are exactly these. A resume inside it
 * (the bare opcode's length skipped) would execute its last bytes as another instruction: the
 * results below would be wrong or the guest would fault.
 */
#define CPUID_AS(bytes, leaf, r)                                                                  \
	__asm__ volatile(".byte " bytes : "=a"((r)[0]), "=b"((r)[1]), "=c"((r)[2]), "=d"((r)[3])   \
			 : "a"(leaf), "c"(0) : "memory")

static bool same(const u32 a[4], const u32 b[4])
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
}

static void prefixed_cpuid(void)
{
	u32 want0[4], want1[4], r[4];
	cpuid(0, 0, want0);
	cpuid(1, 0, want1);
	CPUID_AS("0x66, 0x0f, 0xa2", 0, r);
	check("66 cpuid (leaf 0) resumes after itself with the vendor", same(r, want0));
	CPUID_AS("0xf3, 0x0f, 0xa2", 0, r);
	check("f3 cpuid resumes after itself", same(r, want0));
	CPUID_AS("0x2e, 0x67, 0x48, 0x0f, 0xa2", 1, r);
	check("2e 67 REX.W cpuid (leaf 1) resumes after itself", same(r, want1));
	CPUID_AS("0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66, 0x0f, 0xa2", 1, r);
	check("cpuid behind 13 prefixes (15 bytes) resumes after itself", same(r, want1));
}

static u64 rdmsr_prefixed(u32 msr)
{
	u32 lo, hi;
	__asm__ volatile(".byte 0x66, 0x0f, 0x32" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (u64)hi << 32 | lo;
}

static void prefixed_msrs(void)
{
	u64 efer = 0, fs = 0;
	rdmsr_safe(0xc0000080, &efer);
	check("66 rdmsr EFER resumes after itself with EFER", rdmsr_prefixed(0xc0000080) == efer && (efer & 0x400));
	__asm__ volatile(".byte 0x3e, 0x41, 0x0f, 0x30" : : "c"(0xc0000100), "a"(0x89abc000u), "d"(0x1234u));
	check("3e REX wrmsr FS_BASE resumes after itself and wrote it",
	      rdmsr_safe(0xc0000100, &fs) == 0 && fs == 0x123489abc000ULL);
}

/*
 * RAX = number, RDI/RSI/RDX = arguments. VMMCALL carries 66 (the case that resumed inside it);
 * VMCALL carries 2E, because Bochs's VT-x raises #UD for a 66 on it (a CPU may; none needs to).
 */
static s64 hcall_prefixed(u64 nr, u64 a1, u64 a2)
{
	s64 ret;
	if (use_vmcall)
		__asm__ volatile(".byte 0x2e, 0x0f, 0x01, 0xc1" : "=a"(ret) : "a"(nr), "D"(a1), "S"(a2), "d"(0) : "memory");
	else
		__asm__ volatile(".byte 0x66, 0x0f, 0x01, 0xd9" : "=a"(ret) : "a"(nr), "D"(a1), "S"(a2), "d"(0) : "memory");
	return ret;
}

static void prefixed_hypercalls(void)
{
	static const char line[] = "a prefixed hypercall wrote this line\n";
	check("prefixed hypercall 99 returns E_NOSYS and resumes after itself",
	      hcall_prefixed(99, 0, 0) == CORDON_E_NOSYS);
	check("prefixed console write returns OK",
	      hcall_prefixed(CORDON_HC_CONSOLE_WRITE, (u64)line, sizeof(line) - 1) == CORDON_OK);
}

/* LOCK makes each of them #UD (SDM vol. 2, 2.1.1): whether the CPU or cordon raises it. */
static void locked_cpuid(void)
{
	u32 a = 0;
	__asm__ volatile("lea 1f(%%rip), %%rdi; mov %%rdi, ud_resume(%%rip)\n\t"
			 ".byte 0xf0, 0x0f, 0xa2\n1:" : "+a"(a) : : "rbx", "rcx", "rdx", "rdi", "memory");
	check("lock cpuid raises #UD", ud_count == 1);
}

/* WBINVD (and a prefixed one) completes as a no-op: the guest keeps running and sees no fault. */
static void wbinvd_loop(u32 n)
{
	for (u32 i = 0; i < n; i++)
		__asm__ volatile("wbinvd" ::: "memory");
	__asm__ volatile(".byte 0x2e, 0x0f, 0x09" ::: "memory");
	check("1000 wbinvd and a 2e-prefixed one completed", true);
}

int main(void)
{
	insn_traps_install();
	prefixed_cpuid();
	prefixed_msrs();
	prefixed_hypercalls();
	locked_cpuid();
	wbinvd_loop(1000);
	gprintf("prefix: %d failure(s)\n", failures);
	return failures;
}
