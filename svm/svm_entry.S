/* cordon AMD-V: world switch. VMRUN keeps only RAX/RSP/RIP/RFLAGS in the VMCB; we carry the rest. */
#include <kernel/gpregs.h> /* GPR_*: offsets in struct gpregs, checked against the struct */

	.text
	.globl svm_enter
/* void svm_enter(u64 vmcb_pa (rdi), struct gpregs *regs (rsi), u64 host_pa (rdx)) */
svm_enter:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rdx		/* 16(%rsp): host save area */
	push	%rsi		/*  8(%rsp): regs */
	push	%rdi		/*  0(%rsp): guest VMCB */

	mov	%rdx, %rax
	vmsave			/* host FS, GS, TR, LDTR, KernelGsBase, STAR family, SYSENTER */

	mov	GPR_RBX(%rsi), %rbx
	mov	GPR_RCX(%rsi), %rcx
	mov	GPR_RDX(%rsi), %rdx
	mov	GPR_RDI(%rsi), %rdi
	mov	GPR_RBP(%rsi), %rbp
	mov	GPR_R8(%rsi), %r8
	mov	GPR_R9(%rsi), %r9
	mov	GPR_R10(%rsi), %r10
	mov	GPR_R11(%rsi), %r11
	mov	GPR_R12(%rsi), %r12
	mov	GPR_R13(%rsi), %r13
	mov	GPR_R14(%rsi), %r14
	mov	GPR_R15(%rsi), %r15
	mov	GPR_RSI(%rsi), %rsi
	mov	(%rsp), %rax
	vmload
	vmrun			/* #VMEXIT returns here with host RAX/RSP restored */
	vmsave

	push	%rsi		/* guest RSI; regs is now at 16(%rsp) */
	mov	16(%rsp), %rsi
	mov	%rbx, GPR_RBX(%rsi)
	mov	%rcx, GPR_RCX(%rsi)
	mov	%rdx, GPR_RDX(%rsi)
	mov	%rdi, GPR_RDI(%rsi)
	mov	%rbp, GPR_RBP(%rsi)
	mov	%r8, GPR_R8(%rsi)
	mov	%r9, GPR_R9(%rsi)
	mov	%r10, GPR_R10(%rsi)
	mov	%r11, GPR_R11(%rsi)
	mov	%r12, GPR_R12(%rsi)
	mov	%r13, GPR_R13(%rsi)
	mov	%r14, GPR_R14(%rsi)
	mov	%r15, GPR_R15(%rsi)
	pop	%rbx
	mov	%rbx, GPR_RSI(%rsi)

	mov	16(%rsp), %rax
	vmload			/* host TR etc. back before GIF is set again */
	add	$24, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret

	.section .note.GNU-stack, "", @progbits
