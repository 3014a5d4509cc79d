/* cordon fuzz target: bzImage header checks, placement, zero page and e820 (lib/boot/bzimage.c, lib/boot/e820.c). */
/* sources: lib/boot/bzimage.c lib/boot/e820.c lib/fmt.c lib/str.c */
/* Seed corpus/bzimage/valid.bin is fx_make() of tests/unit/bzimage_fixture.h, FX_LEN bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/boot/bzimage.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                    \
	do {                                                                        \
		if (!(c)) {                                                         \
			fprintf(stderr, "fuzz_bzimage: check failed: %s\n", #c);     \
			abort();                                                    \
		}                                                                   \
	} while (0)

static u64 le64(const uint8_t *p)
{
	u64 v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* What bzimage_parse promises about an accepted image. */
static void check_image(const struct bzimage *b, const uint8_t *data, size_t size)
{
	u32 sects = data[0x1F1] ? data[0x1F1] : 4;
	CHECK(b->setup == data && b->setup_sects == sects && b->setup_len == (sects + 1) * 512ULL);
	CHECK(b->setup_len <= size && b->kernel == data + b->setup_len);
	CHECK(b->kernel_len > 0x200 && b->kernel_len <= size - b->setup_len);
	CHECK(b->version >= 0x020C && (b->loadflags & 1) && (b->xloadflags & 1));
	CHECK(b->hdr_len >= 0x268 - 0x1F1 && b->hdr_len <= 0x281 - 0x1F1);
	CHECK(memcmp(b->hdr, data + 0x1F1, b->hdr_len) == 0);
	if (b->relocatable)
		CHECK(b->kernel_alignment && !(b->kernel_alignment & (b->kernel_alignment - 1)));
	CHECK(b->pref_address >= MiB(1));
}

/* A load address is 0 or leaves bzimage_need() bytes inside [1 MiB, ram_end), aligned when relocatable. */
static void check_load(const struct bzimage *b, u64 ram_end, u64 at)
{
	if (!at)
		return;
	CHECK(at >= MiB(1) && at <= ram_end && bzimage_need(b) <= ram_end - at);
	if (b->relocatable)
		CHECK((at & (b->kernel_alignment - 1)) == 0 && at >= b->pref_address &&
		      at - b->pref_address < b->kernel_alignment);
	else
		CHECK(at == b->pref_address);
}

static void check_initrd(const struct bzimage *b, u64 floor, u64 top, u64 len, u64 at)
{
	if (!at)
		return;
	CHECK(at >= floor && at % PAGE_SIZE == 0 && len <= top && at <= top - len);
	if (!(b->xloadflags & BZ_XLF_CAN_BE_LOADED_ABOVE_4G))
		CHECK(at + len - 1 <= b->initrd_addr_max);
}

/* Sorted cover of the RAM, gapless but for the 3-4 GiB hole, with touching neighbours of different types. */
static void check_e820(const struct e820_layout *l)
{
	struct e820_entry t[8];
	u32 n = e820_build(t, 8, l);
	CHECK((n == 0) == (e820_layout_check(l) != NULL));
	u64 at = 0, low = e820_low_ram(l->mem_size), high = e820_high_ram(l->mem_size);
	for (u32 i = 0; i < n; i++) {
		bool after_hole = high && at == low;
		if (after_hole)
			at = E820_HIGH_RAM_BASE;
		CHECK(t[i].addr == at && t[i].size > 0 && t[i].type >= E820_RAM && t[i].type <= E820_ACPI);
		CHECK(i == 0 || after_hole || t[i].type != t[i - 1].type);
		at += t[i].size;
	}
	CHECK(n == 0 || at == (high ? E820_HIGH_RAM_BASE + high : l->mem_size));
}

static void check_zero_page(const struct bzimage *b, u64 ram_end, u64 kernel, u64 initrd, u64 initrd_len)
{
	static u8 zp[ZP_SIZE];
	struct bzimage_layout l = { .mem = { ram_end, 0xE0000, 0x10000 }, .kernel_gpa = kernel,
				    .cmdline_gpa = BZ_GPA_CMDLINE, .initrd_gpa = initrd, .initrd_size = initrd_len };
	if (bzimage_boot_params(zp, b, &l))
		return;
	u64 high = e820_high_ram(ram_end);
	CHECK(zp[0x210] == 0xFF && zp[0x211] == 1 && zp[0x1EF] == 0 && zp[0x1E8] == (high ? 6 : 5));
	CHECK(memcmp(zp + 0x1F1, b->hdr, 0x210 - 0x1F1) == 0); /* up to type_of_loader, copied as is */
	CHECK(le64(zp + 0x2D0 + 4 * 20 + 8) == e820_low_ram(ram_end) - MiB(1)); /* RAM from 1 MiB to the hole */
	if (high) /* and the rest from 4 GiB */
		CHECK(le64(zp + 0x2D0 + 5 * 20) == E820_HIGH_RAM_BASE && le64(zp + 0x2D0 + 5 * 20 + 8) == high);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u64 ram_ends[] = { MiB(1), MiB(64), GiB(1), 1ULL << 40, ~0ULL };
	struct bzimage b;
	if (size >= 24) {
		struct e820_layout l = { le64(data), le64(data + 8), le64(data + 16) };
		check_e820(&l);
	}
	const char *why = bzimage_parse(data, size, &b);
	if (why) {
		CHECK(why == b.why && why[0] && strnlen(why, sizeof(b.why)) < sizeof(b.why));
		return 0;
	}
	check_image(&b, data, size);
	u64 initrd_len = size >= 0x268 ? (u64)data[0x21C] << 20 | 0x123 : 0x123;
	for (u32 i = 0; i < sizeof(ram_ends) / sizeof(ram_ends[0]); i++) {
		u64 at = bzimage_load_addr(&b, ram_ends[i]);
		check_load(&b, ram_ends[i], at);
		u64 floor = at + bzimage_need(&b);
		u64 initrd = bzimage_initrd_addr(&b, floor, ram_ends[i], initrd_len);
		check_initrd(&b, floor, ram_ends[i], initrd_len, initrd);
		if (at)
			check_zero_page(&b, ram_ends[i], at, initrd, initrd ? initrd_len : 0);
	}
	return 0;
}
