/* cordon VT-x: world switch. VMX keeps RSP/RIP/RFLAGS in the VMCS; we carry RAX and the rest (mirror of svm/svm_entry.S). */
#include <kernel/gpregs.h> /* GPR_*: offsets in struct gpregs, checked against the struct */
#define HOST_RSP 0x6c14 /* its VMCS encoding (vmx/vmcs.h; SDM vol. 3, appendix B.4.4) */

	.text
	.globl vmx_enter
/* int vmx_enter(struct gpregs *regs (rdi), u64 launched (rsi)): 0 after an exit, 1 (VMfailValid) or 2 (VMfailInvalid) if entry failed. */
vmx_enter:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rdi		/* (%rsp) = regs while the guest runs */
	mov	$HOST_RSP, %rax
	vmwrite	%rsp, %rax	/* the exit lands on this stack */

	test	%rsi, %rsi	/* movs below keep the flags */
	mov	GPR_RAX(%rdi), %rax
	mov	GPR_RBX(%rdi), %rbx
	mov	GPR_RCX(%rdi), %rcx
	mov	GPR_RDX(%rdi), %rdx
	mov	GPR_RSI(%rdi), %rsi
	mov	GPR_RBP(%rdi), %rbp
	mov	GPR_R8(%rdi), %r8
	mov	GPR_R9(%rdi), %r9
	mov	GPR_R10(%rdi), %r10
	mov	GPR_R11(%rdi), %r11
	mov	GPR_R12(%rdi), %r12
	mov	GPR_R13(%rdi), %r13
	mov	GPR_R14(%rdi), %r14
	mov	GPR_R15(%rdi), %r15
	mov	GPR_RDI(%rdi), %rdi
	jnz	1f
	vmlaunch
	jmp	2f
1:	vmresume
2:	/* VMfail: the guest never ran. pop and mov keep the flags: CF is VMfailInvalid, ZF VMfailValid (SDM vol. 3, 30.2) */
	pop	%rdi
	mov	$1, %eax
	jnc	3f
	mov	$2, %eax
	jmp	3f

	.globl vmx_exit_point
vmx_exit_point:
	push	%rdi		/* guest RDI; regs is now at 8(%rsp) */
	mov	8(%rsp), %rdi
	mov	%rax, GPR_RAX(%rdi)
	mov	%rbx, GPR_RBX(%rdi)
	mov	%rcx, GPR_RCX(%rdi)
	mov	%rdx, GPR_RDX(%rdi)
	mov	%rsi, GPR_RSI(%rdi)
	mov	%rbp, GPR_RBP(%rdi)
	mov	%r8, GPR_R8(%rdi)
	mov	%r9, GPR_R9(%rdi)
	mov	%r10, GPR_R10(%rdi)
	mov	%r11, GPR_R11(%rdi)
	mov	%r12, GPR_R12(%rdi)
	mov	%r13, GPR_R13(%rdi)
	mov	%r14, GPR_R14(%rdi)
	mov	%r15, GPR_R15(%rdi)
	pop	%rax
	mov	%rax, GPR_RDI(%rdi)
	pop	%rdi
	xor	%eax, %eax
3:	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret

	.section .note.GNU-stack, "", @progbits
