/* cordon test guest (f): hypercalls with forged numbers, pointers and lengths; each must fail cleanly. */
#include <tests/guests/guest.h>
#include <lib/cfg/cfg.h>

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

/*
 * Registers other than RAX and RDX must survive a hypercall (include/cordon/hypercall.h).
 * RBP cannot be named as clobbered, so it is saved on the stack around the call, and out is
 * pinned to RSI: a compiler-chosen register could be RBP itself.
 */
#define CLOBBER_AND_CALL(insn)                                                            \
	__asm__ volatile("push %%rbp\n\t"                                                   \
			 "mov $0x1111, %%rbx; mov $0x2222, %%rcx; mov $0x3333, %%r8\n\t"     \
			 "mov $0x4444, %%r12; mov $0x5555, %%r15; mov $0x6666, %%rbp\n\t"    \
			 "xor %%eax, %%eax; " insn "\n\t"                                     \
			 "mov %%rbx, 0(%0); mov %%rcx, 8(%0); mov %%r8, 16(%0)\n\t"           \
			 "mov %%r12, 24(%0); mov %%r15, 32(%0); mov %%rbp, 40(%0)\n\t"        \
			 "pop %%rbp"                                                           \
			 : : "S"(out) : "rax", "rbx", "rcx", "rdx", "r8", "r12", "r15", "memory")

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

static char name[CFG_NAME_MAX + 8] __attribute__((aligned(4096)));
static u8 page[4096] __attribute__((aligned(4096)));

static s64 lookup_len(const char *n, u64 len, u64 *id)
{
	c_memset(name, 0, sizeof(name));
	c_memcpy(name, n, len);
	return hcall2(CORDON_HC_VM_LOOKUP, (u64)name, len, 0, id);
}

/* The first value past every bound: hypercall numbers, ports, grant refs, name lengths. */
static void boundaries(void)
{
	u64 me = start_info->vm_id, id = ~0ULL;
	expect("hypercall number CORDON_HC_COUNT", hcall(CORDON_HC_COUNT, 0, 0, 0), CORDON_E_NOSYS);
	expect("the last hypercall number exists", hcall(CORDON_HC_COUNT - 1, 0, 0, 0) != CORDON_E_NOSYS, 1);
	expect("EVTCHN_SEND on port 32", hcall(CORDON_HC_EVTCHN_SEND, 32, 0, 0), CORDON_E_NOENT);
	expect("EVTCHN_SEND on port 31 (never allocated)", hcall(CORDON_HC_EVTCHN_SEND, 31, 0, 0), CORDON_E_NOENT);
	expect("EVTCHN_SEND on port 2^32", hcall(CORDON_HC_EVTCHN_SEND, 1ULL << 32, 0, 0), CORDON_E_NOENT);
	expect("EVTCHN_BIND to my own port 32", hcall(CORDON_HC_EVTCHN_BIND, me, 32, 0), CORDON_E_NOENT);
	expect("EVTCHN_BIND to port ~0", hcall(CORDON_HC_EVTCHN_BIND, me, ~0ULL, 0), CORDON_E_NOENT);
	expect("EVTCHN_ALLOC for myself", hcall(CORDON_HC_EVTCHN_ALLOC, me, 0, 0), CORDON_E_NOENT);
	expect("EVTCHN_ALLOC for VM 16 (past the table)", hcall(CORDON_HC_EVTCHN_ALLOC, CFG_MAX_VMS, 0, 0), CORDON_E_NOENT);
	expect("GRANT_MAP ref 16", hcall(CORDON_HC_GRANT_MAP, me, 16, GiB(2)), CORDON_E_NOENT);
	expect("GRANT_REVOKE ref 16", hcall(CORDON_HC_GRANT_REVOKE, 16, 0, 0), CORDON_E_NOENT);
	expect("GRANT_UNMAP at 0", hcall(CORDON_HC_GRANT_UNMAP, 0, 0, 0), CORDON_E_NOENT);
	expect("GRANT_UNMAP at my own code", hcall(CORDON_HC_GRANT_UNMAP, CORDON_GUEST_IMAGE_MIN, 0, 0), CORDON_E_NOENT);
	expect("VM_LOOKUP of my own name", lookup_len("forge", 5, &id) == CORDON_OK && id == me, 1);
	expect("VM_LOOKUP of a prefix of it", lookup_len("forge", 4, &id), CORDON_E_NOENT);
	expect("VM_LOOKUP of length 0", lookup_len("forge", 0, &id), CORDON_E_INVAL);
	expect("VM_LOOKUP of length 31 (CFG_NAME_MAX - 1)",
	       lookup_len("a-name-of-exactly-31-characters", CFG_NAME_MAX - 1, &id), CORDON_E_NOENT);
	expect("VM_LOOKUP of length 32 (CFG_NAME_MAX)",
	       lookup_len("a-name-of-exactly-32-characters!", CFG_NAME_MAX, &id), CORDON_E_INVAL);
	expect("VM_LOOKUP past my memory", hcall(CORDON_HC_VM_LOOKUP, start_info->mem_size - 2, 5, 0), CORDON_E_FAULT);
}

/* adverse.cfg lists triple just before forge: once it has ended, nothing may name it as a peer. */
static void ended_peer(void)
{
	u64 triple = start_info->vm_id - 1, id;
	bool gone = false;
	for (int i = 0; i < 2000 && !gone; i++)
		if (!(gone = lookup_len("triple", 6, &id) == CORDON_E_NOENT))
			hc_yield();
	expect("VM_LOOKUP of a VM that has ended", gone, 1);
	expect("EVTCHN_ALLOC for a VM that has ended", hcall(CORDON_HC_EVTCHN_ALLOC, triple, 0, 0), CORDON_E_NOENT);
	expect("GRANT_CREATE for a VM that has ended",
	       hcall(CORDON_HC_GRANT_CREATE, triple, (u64)page, CORDON_GRANT_RO), CORDON_E_INVAL);
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
	boundaries();
	ended_peer();
	gprintf("forge: %d failure(s)\n", failures);
	return failures;
}
