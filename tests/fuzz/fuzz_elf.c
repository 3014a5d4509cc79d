/* cordon fuzz target: ELF64 image checks and loading (lib/boot/elf.c) on arbitrary bytes. */
/* sources: lib/boot/elf.c lib/str.c */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/boot/elf.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "fuzz_elf: check failed: %s\n", #c);    \
			abort();                                               \
		}                                                              \
	} while (0)

#define LOAD_MAX (16ULL << 20)

/* What elf_check promises about an accepted image. */
static void check_image(const struct elf_image *img, size_t size)
{
	CHECK(img->nload >= 1 && img->nload <= ELF_MAX_LOAD);
	CHECK(img->lo < img->hi);
	int entry_ok = 0;
	for (u32 i = 0; i < img->nload; i++) {
		const struct elf64_phdr *p = &img->load[i];
		entry_ok |= img->entry >= p->vaddr && img->entry - p->vaddr < p->memsz;
		CHECK(p->type == ELF_PT_LOAD);
		CHECK(p->filesz <= p->memsz && p->memsz > 0);
		CHECK(p->offset <= size && p->filesz <= size - p->offset);
		CHECK(p->vaddr >= img->lo && p->vaddr + p->memsz > p->vaddr && p->vaddr + p->memsz <= img->hi);
		for (u32 j = 0; j < i; j++)
			CHECK(p->vaddr >= img->load[j].vaddr + img->load[j].memsz ||
			      img->load[j].vaddr >= p->vaddr + p->memsz);
	}
	CHECK(entry_ok); /* inside a segment, not merely inside [lo, hi) */
}

/* Loads into an exact-size buffer (ASan catches overruns) and compares each segment. */
static void check_load(const struct elf_image *img)
{
	u64 span = img->hi - img->lo;
	u8 *dst = malloc(span);
	CHECK(dst != NULL);
	memset(dst, 0xa5, span);
	elf_load(img, dst);
	for (u32 i = 0; i < img->nload; i++) {
		const struct elf64_phdr *p = &img->load[i];
		const u8 *at = dst + (p->vaddr - img->lo);
		CHECK(memcmp(at, img->file + p->offset, p->filesz) == 0);
		for (u64 k = p->filesz; k < p->memsz; k++)
			CHECK(at[k] == 0);
	}
	free(dst);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image img;
	if (elf_check(data, size, &img))
		return 0;
	check_image(&img, size);
	if (img.hi - img.lo <= LOAD_MAX)
		check_load(&img);
	return 0;
}
