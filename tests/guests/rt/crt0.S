/* cordon test guests: entry (RDI = start-info, RSP = top of RAM) and exception stubs. */
	.section .text.entry, "ax"
	.globl _start
_start:
	rdtsc				/* first instruction: boot-time figure for the benchmark */
	shl	$32, %rdx
	or	%rdx, %rax
	mov	%rax, guest_first_tsc(%rip)
	and	$-16, %rsp
	call	rt_start
1:	hlt
	jmp	1b

	.text
.macro STUB vec
guest_isr_\vec:
	.if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17)
	.else
	pushq	$0
	.endif
	pushq	$\vec
	jmp	guest_isr_common
.endm
.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
STUB \v
.endr

/* CORDON_EVENT_VECTOR: note the event, return; the guest reads the bits with EVTCHN_PENDING. */
	.globl guest_event_isr
guest_event_isr:
	push	%rax
	movl	$1, guest_event_seen(%rip)
	incq	guest_event_count(%rip)
	pop	%rax
	iretq

/* Frame: rax..r11 (caller-saved), vector, error, rip, cs, rflags, rsp, ss. */
guest_isr_common:
	push	%rax
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	mov	%rsp, %rdi
	call	rt_trap
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rax
	add	$16, %rsp
	iretq

	.data
	.globl guest_event_seen, guest_event_count
guest_event_seen:
	.long 0
	.balign 8
guest_event_count:
	.quad 0
	.globl guest_first_tsc
guest_first_tsc:
	.quad 0

	.section .rodata
	.globl guest_isr_table
guest_isr_table:
.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
	.quad guest_isr_\v
.endr

	.section .note.GNU-stack, "", @progbits
