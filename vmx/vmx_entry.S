/* cordon VT-x: world switch. VMX keeps RSP/RIP/RFLAGS in the VMCS; we carry RAX and the rest (mirror of svm/svm_entry.S). */
/* struct gpregs offsets (kernel/vm.h) */
#define R_RAX 0
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
#define HOST_RSP 0x6c14

	.text
	.globl vmx_enter
/* int vmx_enter(struct gpregs *regs (rdi), u64 launched (rsi)): 0 after an exit, 1 if entry failed. */
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
	mov	R_RAX(%rdi), %rax
	mov	R_RBX(%rdi), %rbx
	mov	R_RCX(%rdi), %rcx
	mov	R_RDX(%rdi), %rdx
	mov	R_RSI(%rdi), %rsi
	mov	R_RBP(%rdi), %rbp
	mov	R_R8(%rdi), %r8
	mov	R_R9(%rdi), %r9
	mov	R_R10(%rdi), %r10
	mov	R_R11(%rdi), %r11
	mov	R_R12(%rdi), %r12
	mov	R_R13(%rdi), %r13
	mov	R_R14(%rdi), %r14
	mov	R_R15(%rdi), %r15
	mov	R_RDI(%rdi), %rdi
	jnz	1f
	vmlaunch
	jmp	2f
1:	vmresume
2:	/* VMfail: the guest never ran */
	pop	%rdi
	mov	$1, %eax
	jmp	3f

	.globl vmx_exit_point
vmx_exit_point:
	push	%rdi		/* guest RDI; regs is now at 8(%rsp) */
	mov	8(%rsp), %rdi
	mov	%rax, R_RAX(%rdi)
	mov	%rbx, R_RBX(%rdi)
	mov	%rcx, R_RCX(%rdi)
	mov	%rdx, R_RDX(%rdi)
	mov	%rsi, R_RSI(%rdi)
	mov	%rbp, R_RBP(%rdi)
	mov	%r8, R_R8(%rdi)
	mov	%r9, R_R9(%rdi)
	mov	%r10, R_R10(%rdi)
	mov	%r11, R_R11(%rdi)
	mov	%r12, R_R12(%rdi)
	mov	%r13, R_R13(%rdi)
	mov	%r14, R_R14(%rdi)
	mov	%r15, R_R15(%rdi)
	pop	%rax
	mov	%rax, R_RDI(%rdi)
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
