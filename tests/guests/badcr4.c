/* cordon test guest (adverse): sets a reserved CR4 bit (cmdline: its number, default 63) or clears CR0.PG ("cr0pg"); must be ended or get #GP. */
#include <tests/guests/guest.h>

/*
 * Hardware raises #GP(0) at such a write (SDM vol. 3, 2.5; APM vol. 2, 3.1.3), so does VT-x in a
 * guest; QEMU's TCG lets it through under AMD-V and fails the next VMRUN instead, which cordon must
 * report as invalid guest state. Either way the guest never runs on with the bit set. Bit 13 (VMXE)
 * is reserved on the CPU the guest is shown (no VMX in CPUID); on VT-x the real CR4 has it set and
 * cordon owns it, so the write exits and cordon injects the #GP(0) itself (vmx/vmx_exit.c).
 */
__asm__(".text\n"
	"badcr4_gp_isr:\n"
	"	mov (%rsp), %rdi\n" /* the error code */
	"	and $-16, %rsp\n"
	"	call badcr4_gp\n");
extern const char badcr4_gp_isr[];

void badcr4_gp(u64 error) __attribute__((noreturn));
void badcr4_gp(u64 error)
{
	gprintf("the write raised #GP(%llu)\n", error);
	hc_exit(error == 0 ? 0 : 1);
}

static u32 parse_bit(const char *s)
{
	u32 n = 0;
	bool any = false;
	for (; *s >= '0' && *s <= '9'; s++, any = true)
		n = n * 10 + (u32)(*s - '0');
	return any && n < 64 ? n : 63;
}

/* cmdline "cr0pg": clear CR0.PG in 64-bit mode, which every CPU refuses with #GP(0) (SDM vol. 2B, MOV). */
static int clear_pg(void)
{
	u64 cr0;
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	gprintf("clearing CR0.PG in 64-bit mode\n");
	cr0 &= ~(1ULL << 31);
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0) : "memory");
	gprintf("FAIL: still running after clearing CR0.PG\n");
	return 1;
}

int main(void)
{
	u32 bit = parse_bit(start_info->cmdline);
	u64 cr4;
	traps_install();
	guest_set_gate(13, badcr4_gp_isr);
	if (start_info->cmdline[0] == 'c')
		return clear_pg();
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	gprintf("setting reserved CR4 bit %u\n", bit);
	cr4 |= 1ULL << bit;
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4) : "memory");
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	gprintf("FAIL: still running with CR4 0x%llx\n", cr4);
	return 1;
}
