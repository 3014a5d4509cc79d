/* cordon test guest (f): hypercalls with forged numbers, pointers and lengths; each must fail cleanly. */
#include "guest.h"

static int failures;

static void expect(const char *what, s64 got, s64 want)
{
	if (got != want)
		failures++;
	gprintf("%s: %s (status %lld, expected %lld)\n", got == want ? "ok" : "FAIL", what, got, want);
}

static s64 write_at(u64 gpa, u64 len)
{
	return hcall(CORDON_HC_CONSOLE_WRITE, gpa, len, 0);
}

/* Registers other than RAX and RDX must survive a hypercall (include/cordon/hypercall.h). */
#define CLOBBER_AND_CALL(insn)                                                            \
	__asm__ volatile("mov $0x1111, %%rbx; mov $0x2222, %%rcx; mov $0x3333, %%r8\n\t"     \
			 "mov $0x4444, %%r12; mov $0x5555, %%r15; mov $0x6666, %%rbp\n\t"    \
			 "xor %%eax, %%eax; " insn "\n\t"                                     \
			 "mov %%rbx, 0(%0); mov %%rcx, 8(%0); mov %%r8, 16(%0)\n\t"           \
			 "mov %%r12, 24(%0); mov %%r15, 32(%0); mov %%rbp, 40(%0)"             \
			 : : "r"(out) : "rax", "rbx", "rcx", "rdx", "r8", "r12", "r15", "memory")

static int regs_preserved(void)
{
	u64 out[6];
	if (use_vmcall)
		CLOBBER_AND_CALL("vmcall");
	else
		CLOBBER_AND_CALL("vmmcall");
	return out[0] == 0x1111 && out[1] == 0x2222 && out[2] == 0x3333 && out[3] == 0x4444 &&
	       out[4] == 0x5555 && out[5] == 0x6666;
}

int main(void)
{
	u64 mem = start_info->mem_size;
	static const char msg[] = "a well-formed console write\n";
	expect("unknown hypercall 99", hcall(99, 0, 0, 0), CORDON_E_NOSYS);
	expect("unknown hypercall ~0", hcall(~0ULL, 0, 0, 0), CORDON_E_NOSYS);
	expect("console write just past memory", write_at(mem, 1), CORDON_E_FAULT);
	expect("console write straddling the end", write_at(mem - 4, 8), CORDON_E_FAULT);
	expect("console write wrapping the address space", write_at(0xfffffffffffffff0ULL, 0x20), CORDON_E_FAULT);
	expect("console write at 4 GiB", write_at(GiB(4), 16), CORDON_E_FAULT);
	expect("console write longer than the maximum", write_at((u64)msg, CORDON_CONSOLE_MAX + 1), CORDON_E_INVAL);
	expect("console write of 2^63 bytes", write_at((u64)msg, 1ULL << 63), CORDON_E_INVAL);
	expect("console write of 0 bytes", write_at(mem + 0x10000, 0), CORDON_OK);
	expect("console write well-formed", write_at((u64)msg, sizeof(msg) - 1), CORDON_OK);
	expect("registers preserved across a hypercall", regs_preserved(), 1);
	gprintf("forge: %d failure(s)\n", failures);
	return failures;
}
