/* cordon vTPM runtime: loads the embedded engine ELF and builds its first stack as Linux does for a static ELF. */
#include <vtpm/rt/rt.h>

/* ELF-64 (System V gABI, ch. 4 and 5): only what a static ET_EXEC needs. */
struct ehdr {
	u8 ident[16];
	u16 type, machine;
	u32 version;
	u64 entry, phoff, shoff;
	u32 flags;
	u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct phdr {
	u32 type, flags;
	u64 offset, vaddr, paddr, filesz, memsz, align;
};
#define PT_LOAD 1
#define ET_EXEC 2
#define EM_X86_64 62

/* Auxiliary vector types (System V ABI AMD64, 3.4.3; Linux's include/uapi/linux/auxvec.h). */
enum {
	AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_ENTRY = 9, AT_UID = 11,
	AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31,
};

static void die(const char *why)
{
	rt_print("vtpm: the embedded engine cannot be loaded: %s: stopping\n", why);
	rt_stop(2);
}

static const struct ehdr *check_header(const u8 *elf, u64 size)
{
	const struct ehdr *e = (const struct ehdr *)elf;
	if (size < sizeof(*e) || c_memcmp(e->ident, "\177ELF\2\1", 6) || e->type != ET_EXEC ||
	    e->machine != EM_X86_64 || e->phentsize != sizeof(struct phdr))
		die("not a static x86_64 ELF executable");
	if (e->phoff > size || (u64)e->phnum * sizeof(struct phdr) > size - e->phoff)
		die("program headers past the end of the file");
	return e;
}

/* Each PT_LOAD into the user half, below the stack; bytes past filesz are zero. Returns the image's end. */
static u64 load_segments(const u8 *elf, u64 size, u64 limit, u64 *phdr_va)
{
	const struct ehdr *e = (const struct ehdr *)elf;
	const struct phdr *ph = (const struct phdr *)(elf + e->phoff);
	u64 end = 0;
	for (u32 i = 0; i < e->phnum; i++) {
		const struct phdr *p = &ph[i];
		if (p->type != PT_LOAD)
			continue;
		if (p->filesz > p->memsz || p->offset > size || p->filesz > size - p->offset ||
		    p->vaddr < USER_BASE || p->memsz > limit || p->vaddr > limit - p->memsz)
			die("a segment lies outside the engine's memory");
		c_memcpy((void *)p->vaddr, elf + p->offset, p->filesz);
		c_memset((void *)(p->vaddr + p->filesz), 0, p->memsz - p->filesz);
		if (e->phoff >= p->offset && e->phoff - p->offset < p->filesz)
			*phdr_va = p->vaddr + (e->phoff - p->offset); /* glibc finds PT_TLS through AT_PHDR */
		if (p->vaddr + p->memsz > end)
			end = p->vaddr + p->memsz;
	}
	if (!end || !*phdr_va)
		die("no loadable segment holding the program headers");
	return end;
}

/*
 * The initial process stack (System V ABI AMD64, 3.4.1, Figure 3.9): RSP
 * (16-byte aligned) points at argc, then argv[] and NULL, envp[] (empty) and
 * NULL, then the auxiliary vector ending in AT_NULL; the strings and the 16
 * AT_RANDOM bytes lie above it.
 */
static u64 build_stack(const struct ehdr *e, u64 phdr_va, u64 top)
{
	static const char name[] = "vtpm-engine";
	u64 sp = top - 64, *w;
	u64 aux[][2] = {
		{ AT_PHDR, phdr_va }, { AT_PHENT, e->phentsize }, { AT_PHNUM, e->phnum }, { AT_PAGESZ, PAGE },
		{ AT_ENTRY, e->entry }, { AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 },
		{ AT_CLKTCK, 100 }, { AT_SECURE, 0 }, { AT_RANDOM, sp }, { AT_EXECFN, sp + 16 }, { AT_NULL, 0 },
	};
	u64 nwords = 1 + 2 + 1 + 2 * (sizeof(aux) / sizeof(aux[0]));
	rt_entropy((void *)sp, 16); /* glibc's stack protector and pointer guard come from these */
	c_memcpy((void *)(sp + 16), name, sizeof(name));
	sp = (sp - nwords * 8) & ~15ULL;
	w = (u64 *)sp;
	*w++ = 1;	   /* argc */
	*w++ = top - 48;   /* argv[0] = name */
	*w++ = 0;	   /* end of argv */
	*w++ = 0;	   /* envp: empty */
	c_memcpy(w, aux, sizeof(aux));
	return sp;
}

void engine_load(const u8 *elf, u64 size, u64 mem_size, u64 *entry, u64 *rsp, u64 *image_end)
{
	u64 phdr_va = 0;
	const struct ehdr *e = check_header(elf, size);
	*image_end = load_segments(elf, size, mem_size - STACK_SIZE, &phdr_va);
	*entry = e->entry;
	*rsp = build_stack(e, phdr_va, mem_size);
}
