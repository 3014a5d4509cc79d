/* cordon: ELF64 image checks and loading. */
#include <lib/boot/elf.h>
#include <lib/str.h>

static const char *check_header(const struct elf64_ehdr *eh, u64 size)
{
	static const u8 magic[4] = { 0x7f, 'E', 'L', 'F' };
	if (c_memcmp(eh->ident, magic, 4)) /* elf_check checked the size */
		return "not an ELF file";
	if (eh->ident[4] != 2 || eh->ident[5] != 1)
		return "not a little-endian ELF64 file";
	if (eh->machine != 62)
		return "not an x86_64 ELF file";
	if (eh->type != 2)
		return "not an executable (ET_EXEC) ELF file";
	if (eh->phentsize != sizeof(struct elf64_phdr) || eh->phnum == 0)
		return "bad program header size or count";
	if (eh->phoff >= size || eh->phnum * (u64)sizeof(struct elf64_phdr) > size - eh->phoff)
		return "program headers outside the file";
	return NULL;
}

static const char *check_segment(const struct elf64_phdr *ph, u64 size)
{
	if (ph->filesz > ph->memsz)
		return "segment file size exceeds memory size";
	if (ph->offset > size || ph->filesz > size - ph->offset)
		return "segment data outside the file";
	if (ph->memsz == 0 || ph->vaddr + ph->memsz < ph->vaddr)
		return "empty segment or segment address overflow";
	return NULL;
}

static bool overlaps(const struct elf64_phdr *a, const struct elf64_phdr *b)
{
	return a->vaddr < b->vaddr + b->memsz && b->vaddr < a->vaddr + a->memsz;
}

static const char *add_segment(struct elf_image *img, const struct elf64_phdr *ph)
{
	const char *why = check_segment(ph, img->size);
	if (why)
		return why;
	if (img->nload >= ELF_MAX_LOAD)
		return "too many loadable segments";
	for (u32 i = 0; i < img->nload; i++)
		if (overlaps(&img->load[i], ph))
			return "loadable segments overlap";
	img->load[img->nload++] = *ph;
	if (ph->vaddr < img->lo)
		img->lo = ph->vaddr;
	if (ph->vaddr + ph->memsz > img->hi)
		img->hi = ph->vaddr + ph->memsz;
	return NULL;
}

static bool entry_in_segment(const struct elf_image *img)
{
	for (u32 i = 0; i < img->nload && i < ELF_MAX_LOAD; i++) /* nload <= ELF_MAX_LOAD: add_segment */
		if (img->entry - img->load[i].vaddr < img->load[i].memsz)
			return true;
	return false;
}

const char *elf_check(const void *file, u64 size, struct elf_image *img)
{
	const struct elf64_ehdr *eh = file;
	const char *why;
	if (size < sizeof(*eh)) /* here, not in check_header: Eva keeps what it learns of size in this frame */
		return "not an ELF file";
	if ((why = check_header(eh, size)))
		return why;
	c_memset(img, 0, sizeof(*img));
	img->file = file;
	img->size = size;
	img->entry = eh->entry;
	img->lo = ~0ULL;
	for (u32 i = 0; i < eh->phnum; i++) {
		struct elf64_phdr ph;
		u64 off = eh->phoff + i * sizeof(ph);
		if (off > size - sizeof(ph)) /* never: check_header bounds every one; Eva sees each bound here */
			return "program headers outside the file";
		c_memcpy(&ph, (const u8 *)file + off, sizeof(ph));
		if (ph.type == ELF_PT_LOAD && (why = add_segment(img, &ph)))
			return why;
	}
	if (!img->nload)
		return "no loadable segment";
	if (!entry_in_segment(img))
		return "entry point outside the loadable segments";
	return NULL;
}

void elf_load(const struct elf_image *img, void *dst)
{
	u8 *base = dst;
	c_memset(base, 0, img->hi - img->lo);
	for (u32 i = 0; i < img->nload; i++) {
		const struct elf64_phdr *ph = &img->load[i];
		c_memcpy(base + (ph->vaddr - img->lo), img->file + ph->offset, ph->filesz);
	}
}
