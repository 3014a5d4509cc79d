/* cordon vTPM runtime: entry, the exception and event stubs, and the first switch to the engine at CPL 3. */
#include <vtpm/rt/rt.h>

	.section .text.entry, "ax"
	.globl _start
_start:				/* RDI = start-info page (docs/GUEST.md) */
	lea	rt_kstack_top(%rip), %rsp /* our own stack in .bss: the TSS gives it as RSP0 too */
	call	rt_main
1:	cli
	hlt
	jmp	1b

	.text
/* The CPU pushes an error code only for these vectors (SDM vol. 3, 6.13, Table 6-1); the others get a 0. */
.macro STUB vec
rt_isr_\vec:
	.if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17)
	.else
	pushq	$0
	.endif
	pushq	$\vec
	jmp	rt_isr_common
.endm
.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
STUB \v
.endr

/* Builds struct frame (vtpm/rt/rt.h) under the CPU's frame; rt_trap may change any of it. */
rt_isr_common:
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, %rdi	/* 22 words pushed in all: RSP is 16-byte aligned at the call */
	cld
	call	rt_trap
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$16, %rsp	/* vector and error code */
	iretq

/* CORDON_EVENT_VECTOR: only wakes rt_idle's HLT; the waiting call asks the hypervisor again. */
	.globl rt_event_isr
rt_event_isr:
	iretq

	.globl rt_idle
rt_idle:
	sti			/* HLT runs in STI's interrupt shadow, so no wake-up is lost between them */
	hlt
	cli
	ret

/* user_enter(rip, rsp): IRETQ to CPL 3 with interrupts off and every other register zero. */
	.globl user_enter
user_enter:
	pushq	$SEL_UDATA	/* SS */
	push	%rsi		/* RSP */
	pushq	$0x2		/* RFLAGS: only the fixed bit 1; IF = 0 (the engine never needs interrupts) */
	pushq	$SEL_UCODE	/* CS */
	push	%rdi		/* RIP */
	xor	%eax, %eax
	xor	%ebx, %ebx
	xor	%ecx, %ecx
	xor	%edx, %edx	/* RDX = 0: no function for atexit (System V ABI AMD64, 3.4.1) */
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%ebp, %ebp
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	iretq

	.section .rodata
	.balign 8
	.globl rt_isr_table
rt_isr_table:
.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
	.quad rt_isr_\v
.endr

	.bss
	.balign 16
	.space 32768
	.globl rt_kstack_top
rt_kstack_top:

	.section .note.GNU-stack, "", @progbits
