/* cordon test guest (isolation): SYSCALL jumps to this VM's own LSTAR (0), never to another VM's kernel entry. */
#include <tests/guests/guest.h>

/*
 * VM entry on VT-x does not switch STAR/LSTAR/CSTAR/SFMASK (SDM vol. 3, 27.5.1), so cordon loads each
 * vCPU's own before it runs (vmx/vmx_exit.c load_syscall_msrs); AMD-V's VMLOAD does it. A tiny guest may
 * set EFER.SCE but not write LSTAR (kernel/msr.c), so its SYSCALL must land at 0, where this guest puts a
 * stub. A Linux VM beside it (cmdline: its name) sets LSTAR to its kernel's entry point, which is not
 * mapped here: landing there is a #PF, which the handlers below report with the address.
 */
#define MSR_EFER 0xc0000080u
#define MSR_LSTAR 0xc0000082u
#define EFER_SCE 1ULL
#define MAX_TICKS 30000 /* 300 s of 10 ms ticks: longer than a Linux VM's boot under Bochs */

volatile u64 lstar_landings; /* incremented by the landing code */
static u32 nsyscalls;

/*
 * SYSCALL with STAR = 0 loaded CS 0 and SS 8 (flat, ring 0) and left the return RIP in RCX and RFLAGS
 * in R11 (SFMASK = 0); IRETQ goes back to the GDT's selectors (traps_install: code 0x08, data 0x10).
 */
__asm__(".text\n"
	"lstar_landing:\n"
	"	incq lstar_landings(%rip)\n"
	"	mov %rsp, %rax\n"
	"	pushq $0x10\n"
	"	pushq %rax\n"
	"	pushq %r11\n"
	"	pushq $0x08\n"
	"	pushq %rcx\n"
	"	iretq\n"
	/* #UD, #GP, #PF: frame (vector, error, rip, cs, rflags, rsp, ss) for lstar_fault */
	"lstar_ud_isr:\n"
	"	pushq $0\n"
	"	pushq $6\n"
	"	jmp lstar_isr\n"
	"lstar_gp_isr:\n"
	"	pushq $13\n"
	"	jmp lstar_isr\n"
	"lstar_pf_isr:\n"
	"	pushq $14\n"
	"lstar_isr:\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call lstar_fault\n");
extern const char lstar_landing[], lstar_ud_isr[], lstar_gp_isr[], lstar_pf_isr[];

void lstar_fault(const u64 *f) __attribute__((noreturn));
void lstar_fault(const u64 *f)
{
	u64 cr2;
	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	gprintf("FAIL: SYSCALL %u went to rip 0x%llx (cs 0x%llx), not to my LSTAR: vector %llu, error 0x%llx, "
		"cr2 0x%llx\n", nsyscalls, f[2], f[3], f[0], f[1], cr2);
	hc_exit(1);
}

/* At guest-physical (= virtual) `at`: movabs $lstar_landing, %rax; jmp *%rax. */
static void put_stub(u64 at)
{
	u8 stub[12] = { 0x48, 0xb8 };
	u64 dst = at, target = (u64)lstar_landing, n = sizeof(stub);
	const u8 *src = stub;
	for (int i = 0; i < 8; i++)
		stub[2 + i] = (u8)(target >> (8 * i));
	stub[10] = 0xff, stub[11] = 0xe0;
	/* a store through an address the compiler may see as NULL is written in asm */
	__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

/* One SYSCALL: true if it came back through the landing stub. */
static bool syscall_once(void)
{
	u64 before = lstar_landings;
	nsyscalls++;
	__asm__ volatile("syscall" : : : "rax", "rcx", "r11", "memory");
	return lstar_landings == before + 1;
}

/* The VM named `name` is running or waiting (cordon's VM_LOOKUP finds no VM that has ended). */
static bool alive(const char *name)
{
	u64 id;
	return hcall2(CORDON_HC_VM_LOOKUP, (u64)name, c_strlen(name), 0, &id) == CORDON_OK;
}

int main(void)
{
	const char *watch = start_info->cmdline;
	u64 efer, lstar = 0;
	u32 ticks = 0;
	traps_install(); /* the runtime's #GP fixups serve rdmsr_safe and wrmsr_safe: the gates below come after */
	if (rdmsr_safe(MSR_LSTAR, &lstar) < 0)
		lstar = 0; /* not readable by a tiny guest: its value is the start state's, 0 (docs/GUEST.md) */
	put_stub(lstar);
	if (rdmsr_safe(MSR_EFER, &efer) < 0 || wrmsr_safe(MSR_EFER, efer | EFER_SCE) < 0) {
		gprintf("FAIL: EFER.SCE could not be set\n");
		return 1;
	}
	guest_set_gate(6, lstar_ud_isr);
	guest_set_gate(13, lstar_gp_isr);
	guest_set_gate(14, lstar_pf_isr);
	if (!syscall_once()) {
		gprintf("FAIL: the first SYSCALL did not come back through the stub\n");
		return 1;
	}
	/* one SYSCALL per timer tick for as long as the watched VM lives (a Linux VM boots, runs and powers off) */
	while (watch[0] && alive(watch) && ticks < MAX_TICKS) {
		__asm__ volatile("sti; hlt; cli" ::: "memory");
		ticks++;
		if (!syscall_once()) {
			gprintf("FAIL: SYSCALL %u returned without passing the stub\n", nsyscalls);
			return 1;
		}
	}
	gprintf("%u SYSCALLs%s%s%s, every one landed at my own LSTAR (0x%llx)\n", nsyscalls,
		watch[0] ? (ticks < MAX_TICKS ? " while '" : " (still running after 300 s: '") : "", watch,
		watch[0] ? (ticks < MAX_TICKS ? "' ran" : "')") : "", lstar);
	return 0;
}
