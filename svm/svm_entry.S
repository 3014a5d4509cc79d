/* cordon AMD-V: world switch. VMRUN keeps only RAX/RSP/RIP/RFLAGS in the VMCB; we carry the rest. */
/* struct gpregs offsets (kernel/vm.h) */
#define R_RBX 8
#define R_RCX 16
#define R_RDX 24
#define R_RSI 32
#define R_RDI 40
#define R_RBP 48
#define R_R8 56
#define R_R9 64
#define R_R10 72
#define R_R11 80
#define R_R12 88
#define R_R13 96
#define R_R14 104
#define R_R15 112

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

	mov	R_RBX(%rsi), %rbx
	mov	R_RCX(%rsi), %rcx
	mov	R_RDX(%rsi), %rdx
	mov	R_RDI(%rsi), %rdi
	mov	R_RBP(%rsi), %rbp
	mov	R_R8(%rsi), %r8
	mov	R_R9(%rsi), %r9
	mov	R_R10(%rsi), %r10
	mov	R_R11(%rsi), %r11
	mov	R_R12(%rsi), %r12
	mov	R_R13(%rsi), %r13
	mov	R_R14(%rsi), %r14
	mov	R_R15(%rsi), %r15
	mov	R_RSI(%rsi), %rsi
	mov	(%rsp), %rax
	vmload
	vmrun			/* #VMEXIT returns here with host RAX/RSP restored */
	vmsave

	push	%rsi		/* guest RSI; regs is now at 16(%rsp) */
	mov	16(%rsp), %rsi
	mov	%rbx, R_RBX(%rsi)
	mov	%rcx, R_RCX(%rsi)
	mov	%rdx, R_RDX(%rsi)
	mov	%rdi, R_RDI(%rsi)
	mov	%rbp, R_RBP(%rsi)
	mov	%r8, R_R8(%rsi)
	mov	%r9, R_R9(%rsi)
	mov	%r10, R_R10(%rsi)
	mov	%r11, R_R11(%rsi)
	mov	%r12, R_R12(%rsi)
	mov	%r13, R_R13(%rsi)
	mov	%r14, R_R14(%rsi)
	mov	%r15, R_R15(%rsi)
	pop	%rbx
	mov	%rbx, R_RSI(%rsi)

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
