/* cordon unit tests: ELF64 image checks and loading (lib/boot/elf.c). */
/* sources: lib/boot/elf.c lib/str.c */
#include <tests/unit/unit.h>
#include <lib/boot/elf.h>

#define PHOFF 64
#define DATA 0x1000	  /* file offset of segment payloads */
#define SEG0_VA 0x100000ULL
#define SEG1_VA 0x200000ULL
#define BASE_SIZE 0x1200 /* two segments of 0x100 file bytes each */

static u8 file[0x4000] __attribute__((aligned(16)));
static struct elf_image img;

static struct elf64_phdr *ph(u32 i)
{
	return (struct elf64_phdr *)(file + PHOFF + i * sizeof(struct elf64_phdr));
}

static void set_ph(u32 i, u32 type, u64 off, u64 va, u64 filesz, u64 memsz)
{
	*ph(i) = (struct elf64_phdr){ .type = type, .flags = 5, .offset = off, .vaddr = va, .paddr = va,
				      .filesz = filesz, .memsz = memsz, .align = 0x1000 };
}

static struct elf64_ehdr *make_ehdr(u16 phnum, u64 entry)
{
	struct elf64_ehdr *eh = (struct elf64_ehdr *)file;
	memset(file, 0, sizeof(file));
	memcpy(eh->ident, "\x7f" "ELF\x02\x01\x01", 7);
	eh->type = 2;
	eh->machine = 62;
	eh->version = 1;
	eh->entry = entry;
	eh->phoff = PHOFF;
	eh->ehsize = sizeof(*eh);
	eh->phentsize = sizeof(struct elf64_phdr);
	eh->phnum = phnum;
	for (u32 i = DATA; i < sizeof(file); i++)
		file[i] = (u8)(i * 7 + 1);
	return eh;
}

/* Two PT_LOADs: code with bss at SEG0_VA (0x100 file bytes, 0x1000 in memory), data at SEG1_VA. */
static void make_base(void)
{
	make_ehdr(2, SEG0_VA + 0x10);
	set_ph(0, ELF_PT_LOAD, DATA, SEG0_VA, 0x100, 0x1000);
	set_ph(1, ELF_PT_LOAD, DATA + 0x100, SEG1_VA, 0x100, 0x100);
}

static void test_single_segment(void **state)
{
	(void)state;
	make_ehdr(1, SEG0_VA);
	set_ph(0, ELF_PT_LOAD, DATA, SEG0_VA, 0x100, 0x100);
	assert_null(elf_check(file, DATA + 0x100, &img));
	assert_int_equal(img.nload, 1);
	assert_int_equal(img.lo, SEG0_VA);
	assert_int_equal(img.hi, SEG0_VA + 0x100);
	assert_int_equal(img.entry, SEG0_VA);
	assert_ptr_equal(img.file, file);
	assert_int_equal(img.size, DATA + 0x100);
}

static void test_multi_segment_skips_other_types(void **state)
{
	(void)state;
	make_base();
	((struct elf64_ehdr *)file)->phnum = 3;
	set_ph(2, 4 /* PT_NOTE, data deliberately outside the file */, ~0ULL, 0, 0x100, 0x100);
	assert_null(elf_check(file, BASE_SIZE, &img));
	assert_int_equal(img.nload, 2);
	assert_int_equal(img.lo, SEG0_VA);
	assert_int_equal(img.hi, SEG1_VA + 0x100);
	assert_int_equal(img.load[1].vaddr, SEG1_VA);
}

/* Exactly hi - lo bytes: ASan reports a write past the span. */
static u8 dst[SEG1_VA + 0x100 - SEG0_VA];

static void test_load_copies_and_zeroes(void **state)
{
	(void)state;
	make_base();
	assert_null(elf_check(file, BASE_SIZE, &img));
	assert_int_equal(img.hi - img.lo, sizeof(dst));
	memset(dst, 0xaa, sizeof(dst));
	elf_load(&img, dst);
	assert_memory_equal(dst, file + DATA, 0x100);
	for (u64 i = 0x100; i < SEG1_VA - SEG0_VA; i++) /* bss and the gap */
		if (dst[i])
			fail_msg("byte 0x%llx not zeroed", (unsigned long long)i);
	assert_memory_equal(dst + (SEG1_VA - SEG0_VA), file + DATA + 0x100, 0x100);
}

static void test_segments_in_any_order(void **state)
{
	(void)state;
	make_base();
	set_ph(0, ELF_PT_LOAD, DATA + 0x100, SEG1_VA, 0x100, 0x100);
	set_ph(1, ELF_PT_LOAD, DATA, SEG0_VA, 0x100, 0x1000);
	assert_null(elf_check(file, BASE_SIZE, &img));
	assert_int_equal(img.lo, SEG0_VA);
	assert_int_equal(img.hi, SEG1_VA + 0x100);
}

static void test_adjacent_segments_allowed(void **state)
{
	(void)state;
	make_base();
	ph(1)->vaddr = SEG0_VA + 0x1000;
	assert_null(elf_check(file, BASE_SIZE, &img));
}

/* A later segment ending one byte past the span so far must extend hi by exactly that byte (the loader
 * sizes and zeroes the window from hi - lo: one byte short and the last byte is loaded past the span). */
static void test_hi_grows_by_one_byte(void **state)
{
	(void)state;
	make_base();
	set_ph(1, ELF_PT_LOAD, DATA + 0x100, SEG0_VA + 0x1000, 1, 1);
	assert_null(elf_check(file, BASE_SIZE, &img));
	assert_int_equal(img.hi, SEG0_VA + 0x1001);
	set_ph(1, ELF_PT_LOAD, DATA + 0x100, SEG0_VA + 0x1000, 1, 2);
	assert_null(elf_check(file, BASE_SIZE, &img));
	assert_int_equal(img.hi, SEG0_VA + 0x1002);
}

static void test_sixteen_segments_allowed(void **state)
{
	(void)state;
	make_ehdr(ELF_MAX_LOAD, SEG0_VA);
	for (u32 i = 0; i < ELF_MAX_LOAD; i++)
		set_ph(i, ELF_PT_LOAD, DATA, SEG0_VA + i * 0x1000ULL, 0x10, 0x1000);
	assert_null(elf_check(file, DATA + 0x10, &img));
	assert_int_equal(img.nload, ELF_MAX_LOAD);
}

static void test_too_many_segments(void **state)
{
	(void)state;
	make_ehdr(ELF_MAX_LOAD + 1, SEG0_VA);
	for (u32 i = 0; i <= ELF_MAX_LOAD; i++)
		set_ph(i, ELF_PT_LOAD, DATA, SEG0_VA + i * 0x1000ULL, 0x10, 0x1000);
	assert_contains(elf_check(file, DATA + 0x10, &img), "too many loadable segments");
}

/* Every truncation of a valid image is rejected, read through an exact-size buffer (ASan). */
static void test_truncations_rejected(void **state)
{
	(void)state;
	make_base();
	for (u64 len = 0; len < BASE_SIZE; len++) {
		u8 *copy = malloc(len ? len : 1);
		const char *why;
		memcpy(copy, file, len);
		why = elf_check(copy, len, &img);
		free(copy);
		if (!why)
			fail_msg("image truncated to %llu bytes accepted", (unsigned long long)len);
	}
}

/* ---------------------------------------------------------------- one field changed in the base image */

#define EH(f) offsetof(struct elf64_ehdr, f)
#define PH(i, f) (PHOFF + (i) * sizeof(struct elf64_phdr) + offsetof(struct elf64_phdr, f))

struct patch {
	const char *name;
	u64 off;   /* byte offset in the file */
	u32 width; /* 1, 2, 4 or 8 bytes, little-endian */
	u64 value;
	const char *msg;
};

static const struct patch patches[] = {
	{ "bad magic byte 0", EH(ident), 1, 0x7e, "not an ELF file" },
	{ "bad magic byte 3", EH(ident) + 3, 1, 'f', "not an ELF file" },
	{ "32-bit class", EH(ident) + 4, 1, 1, "not a little-endian ELF64" },
	{ "class zero", EH(ident) + 4, 1, 0, "not a little-endian ELF64" },
	{ "big endian", EH(ident) + 5, 1, 2, "not a little-endian ELF64" },
	{ "machine i386", EH(machine), 2, 3, "not an x86_64" },
	{ "machine aarch64", EH(machine), 2, 183, "not an x86_64" },
	{ "ET_DYN", EH(type), 2, 3, "not an executable" },
	{ "ET_REL", EH(type), 2, 1, "not an executable" },
	{ "phentsize 32-bit", EH(phentsize), 2, 32, "bad program header size or count" },
	{ "phentsize 64", EH(phentsize), 2, 64, "bad program header size or count" },
	{ "phnum 0", EH(phnum), 2, 0, "bad program header size or count" },
	{ "phoff at end of file", EH(phoff), 8, BASE_SIZE, "program headers outside the file" },
	{ "phoff huge", EH(phoff), 8, 0xffffffffffffffc0ULL, "program headers outside the file" },
	{ "phdrs straddle end", EH(phoff), 8, BASE_SIZE - 56, "program headers outside the file" },
	{ "phnum past end", EH(phnum), 2, 100, "program headers outside the file" },
	{ "phnum max", EH(phnum), 2, 0xffff, "program headers outside the file" },
	{ "segment offset past end", PH(1, offset), 8, BASE_SIZE + 1, "segment data outside the file" },
	{ "segment data straddles end", PH(1, offset), 8, BASE_SIZE - 0x80, "segment data outside the file" },
	{ "segment offset wraps", PH(1, offset), 8, ~0ULL - 0x10, "segment data outside the file" },
	{ "segment filesz past end", PH(0, filesz), 8, 0x201, "segment data outside the file" },
	{ "filesz > memsz", PH(1, memsz), 8, 0x80, "file size exceeds memory size" },
	{ "pure bss segment allowed", PH(1, filesz), 8, 0, NULL },
	{ "overlap: same start", PH(1, vaddr), 8, SEG0_VA, "segments overlap" },
	{ "overlap: inside bss", PH(1, vaddr), 8, SEG0_VA + 0x800, "segments overlap" },
	{ "overlap: last byte", PH(1, vaddr), 8, SEG0_VA + 0xfff, "segments overlap" },
	{ "overlap: starts below", PH(1, vaddr), 8, SEG0_VA - 0x80, "segments overlap" },
	{ "address overflow", PH(1, vaddr), 8, 0xffffffffffffff80ULL, "address overflow" },
	{ "address ends at 2^64", PH(1, vaddr), 8, 0xffffffffffffff00ULL, "address overflow" },
	{ "memsz overflow", PH(0, memsz), 8, ~0ULL, "address overflow" },
	{ "entry below segments", EH(entry), 8, SEG0_VA - 1, "entry point outside" },
	{ "entry at end", EH(entry), 8, SEG1_VA + 0x100, "entry point outside" },
	{ "entry far away", EH(entry), 8, 0xffffffff80000000ULL, "entry point outside" },
	{ "entry in gap between segments", EH(entry), 8, SEG0_VA + 0x1000, "entry point outside" },
	{ "non-load segment ignored", PH(1, type), 4, 6 /* PT_PHDR */, NULL },
};

static void patch(u64 off, u32 width, u64 value)
{
	for (u32 i = 0; i < width; i++)
		file[off + i] = (u8)(value >> (8 * i));
}

static void run_patch(void **state)
{
	const struct patch *p = *state;
	make_base();
	patch(p->off, p->width, p->value);
	if (!p->msg)
		assert_null(elf_check(file, BASE_SIZE, &img));
	else
		assert_contains(elf_check(file, BASE_SIZE, &img), p->msg);
}

static void test_no_load_segment(void **state)
{
	(void)state;
	make_base();
	ph(0)->type = 4;
	ph(1)->type = 0x6474e551; /* PT_GNU_STACK */
	assert_contains(elf_check(file, BASE_SIZE, &img), "no loadable segment");
}

static void test_empty_memsz_rejected(void **state)
{
	(void)state;
	make_base();
	ph(1)->filesz = 0;
	ph(1)->memsz = 0;
	assert_contains(elf_check(file, BASE_SIZE, &img), "empty segment");
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_single_segment),
		cmocka_unit_test(test_multi_segment_skips_other_types),
		cmocka_unit_test(test_load_copies_and_zeroes),
		cmocka_unit_test(test_segments_in_any_order),
		cmocka_unit_test(test_adjacent_segments_allowed),
		cmocka_unit_test(test_hi_grows_by_one_byte),
		cmocka_unit_test(test_sixteen_segments_allowed),
		cmocka_unit_test(test_too_many_segments),
		cmocka_unit_test(test_truncations_rejected),
		cmocka_unit_test(test_no_load_segment),
		cmocka_unit_test(test_empty_memsz_rejected),
	};
	static struct unit_group g;
	UNIT_ADD_ALL(&g, fixed);
	for (size_t i = 0; i < ARRAY_SIZE(patches); i++)
		unit_add(&g, patches[i].name, run_patch, (void *)&patches[i]);
	return unit_run("elf", &g);
}
