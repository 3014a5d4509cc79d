/* cordon x86_64: hypervisor entry from the EFI loader (RDI = boot-info, interrupts off). */
	.section .text.entry, "ax"
	.globl hv_start
hv_start:
	cli
	lea	boot_stack_top(%rip), %rsp
	xor	%ebp, %ebp
	call	hv_main
1:	cli
	hlt
	jmp	1b

	.section .bss
	.balign 16
boot_stack:
	.skip 65536
	.globl boot_stack_top
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
