/* cordon test guests: #DB and #UD handlers that record where they hit, for the instruction-exit guests. */
#ifndef CORDON_GUESTS_INSN_TRAPS_H
#define CORDON_GUESTS_INSN_TRAPS_H
#include <tests/guests/guest.h>

/* Filled by the #DB handler: RIP of the trap frame, DR6 as the trap left it, and how many arrived. */
volatile u64 db_rip, db_dr6, db_count;
/* The #UD handler resumes at ud_resume (when set) and counts; 0 = report as unexpected. */
volatile u64 ud_resume, ud_count;

/*
 * Frame after the one push: [rsp] rax, 8 RIP, 16 CS, 24 RFLAGS. The #DB handler clears TF in the
 * saved RFLAGS (a single step ends after one trap) and resets DR6, which the CPU never clears.
 */
__asm__(".text\n"
	"insn_db_isr:\n"
	"	push %rax\n"
	"	mov 8(%rsp), %rax\n"
	"	mov %rax, db_rip(%rip)\n"
	"	mov %dr6, %rax\n"
	"	mov %rax, db_dr6(%rip)\n"
	"	mov $0xffff0ff0, %eax\n"
	"	mov %rax, %dr6\n"
	"	incq db_count(%rip)\n"
	"	andq $~0x100, 24(%rsp)\n"
	"	pop %rax\n"
	"	iretq\n"
	"insn_ud_isr:\n"
	"	push %rax\n"
	"	mov ud_resume(%rip), %rax\n"
	"	test %rax, %rax\n"
	"	jz 1f\n"
	"	mov %rax, 8(%rsp)\n"
	"	incq ud_count(%rip)\n"
	"	movq $0, ud_resume(%rip)\n"
	"	pop %rax\n"
	"	iretq\n"
	"1:	pop %rax\n"
	"	jmp insn_ud_unexpected\n");
extern const char insn_db_isr[], insn_ud_isr[];

void insn_ud_unexpected(void) __attribute__((noreturn));
void insn_ud_unexpected(void)
{
	gprintf("FAIL: unexpected #UD\n");
	hc_exit(106);
}

static void insn_traps_install(void)
{
	traps_install();
	guest_set_gate(1, insn_db_isr);
	guest_set_gate(6, insn_ud_isr);
}

#endif
