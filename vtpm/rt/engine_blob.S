/* cordon vTPM runtime: the engine's ELF file, embedded (the Makefile passes its path as ENGINE_FILE). */
	.section .rodata
	.balign 4096
	.globl engine_elf, engine_elf_end
engine_elf:
	.incbin ENGINE_FILE
engine_elf_end:

	.section .note.GNU-stack, "", @progbits
