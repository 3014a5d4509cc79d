/* cordon: ELF64 image checks and segment enumeration (loader, hypervisor, tools). */
#ifndef CORDON_LIB_ELF_H
#define CORDON_LIB_ELF_H
#include <cordon/types.h>

/* ELF64 structures, see the System V gABI, "ELF Header" and "Program Header". */
struct elf64_ehdr {
	u8 ident[16];
	u16 type, machine;
	u32 version;
	u64 entry, phoff, shoff;
	u32 flags;
	u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	u32 type, flags;
	u64 offset, vaddr, paddr, filesz, memsz, align;
};

#define ELF_PT_LOAD 1
#define ELF_MAX_LOAD 16

/* A checked image: every PT_LOAD lies inside the file and inside [lo, hi). */
struct elf_image {
	const u8 *file;
	u64 size;
	u64 entry;
	u64 lo, hi; /* span of all PT_LOAD segments in memory (vaddr) */
	u32 nload;
	struct elf64_phdr load[ELF_MAX_LOAD];
};

/*
 * Validates an x86_64 ELF64 executable: magic, class, machine, type, header
 * sizes, program headers in the file, each PT_LOAD's file bytes in the file,
 * filesz <= memsz, no address overflow, no overlap between segments, entry
 * inside a segment. Returns NULL on success or a static reason.
 */
const char *elf_check(const void *file, u64 size, struct elf_image *img);

/* Copies every PT_LOAD into dst (which maps vaddr img->lo) and zeroes the rest. */
void elf_load(const struct elf_image *img, void *dst);

#endif
