/* cordon unit tests: the e820 map (lib/boot/e820.c) and the zero page for the 64-bit entry (lib/boot/bzimage.c). */
/* sources: lib/boot/bzimage.c lib/boot/e820.c lib/fmt.c lib/str.c */
#include <tests/unit/unit.h>
#include <tests/unit/bzimage_fixture.h>

#define M(x) ((u64)(x) << 20)
#define HOLE 0x9FC00ULL

/*
 * What every map must be: sorted, overlap-free, merged, ACPI exactly where asked, and gapless over the
 * RAM except for the 3-4 GiB hole (low RAM ends at 3 GiB, the rest starts at 4 GiB).
 */
static void check_map(const struct e820_entry *t, u32 n, const struct e820_layout *l)
{
	u64 at = 0, low = e820_low_ram(l->mem_size), high = e820_high_ram(l->mem_size);
	assert_true(n > 0);
	for (u32 i = 0; i < n; i++) {
		bool after_hole = high && at == low;
		if (after_hole)
			at = E820_HIGH_RAM_BASE;
		assert_int_equal(t[i].addr, at);
		assert_true(t[i].size > 0);
		assert_true(i == 0 || after_hole || t[i].type != t[i - 1].type);
		assert_true(t[i].addr >= E820_HIGH_RAM_BASE || t[i].addr + t[i].size <= E820_LOW_RAM_END);
		u64 end = t[i].addr + t[i].size, acpi_end = l->acpi_gpa + l->acpi_size;
		if (t[i].type == E820_ACPI)
			assert_true(t[i].addr >= l->acpi_gpa && end <= acpi_end);
		else
			assert_true(!l->acpi_size || end <= l->acpi_gpa || t[i].addr >= acpi_end);
		if (t[i].type == E820_RESERVED)
			assert_true(t[i].addr >= HOLE && end <= M(1));
		if (t[i].type == E820_RAM)
			assert_true(end <= HOLE || t[i].addr >= M(1));
		at = end;
	}
	assert_int_equal(at, high ? E820_HIGH_RAM_BASE + high : l->mem_size);
}

struct map_case {
	const char *name;
	struct e820_layout l;
	u32 n;
	struct e820_entry want[6];
};

#define RAM(a, b) { (a), (b) - (a), E820_RAM }
#define RES(a, b) { (a), (b) - (a), E820_RESERVED }
#define ACPI(a, b) { (a), (b) - (a), E820_ACPI }

static const struct map_case maps[] = {
	{ "64 MiB, no ACPI", { M(64), 0, 0 }, 3, { RAM(0, HOLE), RES(HOLE, M(1)), RAM(M(1), M(64)) } },
	{ "exactly 1 MiB", { M(1), 0, 0 }, 2, { RAM(0, HOLE), RES(HOLE, M(1)) } },
	{ "ACPI in the BIOS area", { M(64), 0xE0000, 0x10000 }, 5,
	  { RAM(0, HOLE), RES(HOLE, 0xE0000), ACPI(0xE0000, 0xF0000), RES(0xF0000, M(1)), RAM(M(1), M(64)) } },
	{ "ACPI at the top of RAM", { M(64), M(64) - 0x10000, 0x10000 }, 4,
	  { RAM(0, HOLE), RES(HOLE, M(1)), RAM(M(1), M(64) - 0x10000), ACPI(M(64) - 0x10000, M(64)) } },
	{ "ACPI in low RAM", { M(64), 0x80000, 0x1000 }, 5,
	  { RAM(0, 0x80000), ACPI(0x80000, 0x81000), RAM(0x81000, HOLE), RES(HOLE, M(1)), RAM(M(1), M(64)) } },
	{ "ACPI across the hole's start", { M(64), 0x9F000, 0x1000 }, 4,
	  { RAM(0, 0x9F000), ACPI(0x9F000, 0xA0000), RES(0xA0000, M(1)), RAM(M(1), M(64)) } },
	{ "ACPI over the whole hole", { M(64), 0x90000, 0x80000 }, 3,
	  { RAM(0, 0x90000), ACPI(0x90000, 0x110000), RAM(0x110000, M(64)) } },
	{ "ACPI at address 0", { M(64), 0, 0x1000 }, 4,
	  { ACPI(0, 0x1000), RAM(0x1000, HOLE), RES(HOLE, M(1)), RAM(M(1), M(64)) } },
	{ "ACPI is all of RAM", { M(1), 0, M(1) }, 1, { ACPI(0, M(1)) } },
	{ "ACPI right after the hole", { M(64), M(1), 0x1000 }, 4,
	  { RAM(0, HOLE), RES(HOLE, M(1)), ACPI(M(1), M(1) + 0x1000), RAM(M(1) + 0x1000, M(64)) } },
	{ "4 GiB: 1 GiB of it above the 3-4 GiB hole", { 4ULL << 30, 0, 0 }, 4,
	  { RAM(0, HOLE), RES(HOLE, M(1)), RAM(M(1), 3ULL << 30), RAM(4ULL << 30, 5ULL << 30) } },
};

static void run_map(void **state)
{
	const struct map_case *c = *state;
	struct e820_entry t[ZP_E820_MAX];
	assert_null(e820_layout_check(&c->l));
	u32 n = e820_build(t, ZP_E820_MAX, &c->l);
	assert_int_equal(n, c->n);
	check_map(t, n, &c->l);
	for (u32 i = 0; i < n; i++) { /* field by field: the struct's tail padding is not written */
		assert_int_equal(t[i].addr, c->want[i].addr);
		assert_int_equal(t[i].size, c->want[i].size);
		assert_int_equal(t[i].type, c->want[i].type);
	}
	assert_int_equal(e820_build(t, n, &c->l), n); /* exactly enough room */
	assert_int_equal(e820_build(t, n - 1, &c->l), 0);
}

static void test_bad_layouts(void **state)
{
	(void)state;
	struct e820_entry t[8];
	const struct e820_layout bad[] = {
		{ 0, 0, 0 }, { M(1) - 1, 0, 0 }, { M(64), M(64), 1 }, { M(64), M(64) - 0x1000, 0x1001 },
		{ M(64), ~0ULL - 0xFFF, 0x2000 }, { M(64), 0x1000, ~0ULL },
	};
	for (u32 i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_non_null(e820_layout_check(&bad[i]));
		assert_int_equal(e820_build(t, ARRAY_SIZE(t), &bad[i]), 0);
	}
	assert_contains(e820_layout_check(&bad[1]), "below 1 MiB");
	assert_contains(e820_layout_check(&bad[2]), "ACPI range is not inside guest RAM");
}

/* ---------------------------------------------------------------- zero page */

static struct bzimage bz;
static u8 zp[ZP_SIZE];

static const struct bzimage_layout base = {
	.mem = { M(256), 0xE0000, 0x10000 },
	.kernel_gpa = M(16),
	.cmdline_gpa = BZ_GPA_CMDLINE,
	.initrd_gpa = M(200),
	.initrd_size = 0x123456,
	.rsdp_gpa = 0xE0000,
};

static u64 le(u64 off, u32 width)
{
	u64 v = 0;
	for (u32 i = 0; i < width; i++)
		v |= (u64)zp[off + i] << (8 * i);
	return v;
}

static void load(void)
{
	assert_null(bzimage_parse(fx_img, FX_LEN, &bz));
	memset(zp, 0xAA, sizeof(zp)); /* stale bytes must not survive */
}

/* Offsets are literals from bootparam.h's struct boot_params comments. */
static void test_zero_page_fields(void **state)
{
	(void)state;
	fx_make();
	load();
	assert_null(bzimage_boot_params(zp, &bz, &base));
	assert_int_equal(le(0x1F1, 1), 4);		/* setup_sects, copied */
	assert_int_equal(le(0x1FE, 2), 0xAA55);		/* boot_flag, copied */
	assert_int_equal(le(0x202, 4), 0x53726448);	/* HdrS */
	assert_int_equal(le(0x210, 1), 0xFF);		/* type_of_loader: undefined */
	assert_int_equal(le(0x211, 1), 0x01);		/* loadflags: LOADED_HIGH, no CAN_USE_HEAP */
	assert_int_equal(le(0x214, 4), M(16));		/* code32_start */
	assert_int_equal(le(0x218, 4), M(200));		/* ramdisk_image */
	assert_int_equal(le(0x21C, 4), 0x123456);	/* ramdisk_size */
	assert_int_equal(le(0x228, 4), BZ_GPA_CMDLINE); /* cmd_line_ptr */
	assert_int_equal(le(0x0C0, 4) | le(0x0C4, 4) | le(0x0C8, 4), 0); /* ext_ halves */
	assert_int_equal(le(0x070, 8), 0xE0000);	/* acpi_rsdp_addr */
	assert_int_equal(le(0x1EF, 1), 0);		/* sentinel */
	assert_int_equal(le(0x1E8, 1), 5);		/* e820_entries */
	const u64 want[5][3] = { { 0, HOLE, 1 }, { HOLE, 0xE0000 - HOLE, 2 }, { 0xE0000, 0x10000, 3 },
				 { 0xF0000, 0x10000, 2 }, { M(1), M(255), 1 } };
	for (u32 i = 0; i < 5; i++) {
		assert_int_equal(le(0x2D0 + 20 * i, 8), want[i][0]);
		assert_int_equal(le(0x2D0 + 20 * i + 8, 8), want[i][1]);
		assert_int_equal(le(0x2D0 + 20 * i + 16, 4), want[i][2]);
	}
}

/* Outside the fields written, the page is the image's header (0x1F1-0x26C) or zero. */
static void test_zero_page_is_otherwise_clean(void **state)
{
	(void)state;
	static const u32 written[][2] = { { 0x070, 8 }, { 0x1E8, 1 }, { 0x210, 2 }, { 0x214, 12 }, { 0x228, 4 },
					  { 0x2D0, 5 * 20 } };
	fx_make();
	load();
	assert_null(bzimage_boot_params(zp, &bz, &base));
	for (u32 off = 0; off < ZP_SIZE; off++) {
		bool w = false;
		for (u32 i = 0; i < ARRAY_SIZE(written); i++)
			w |= off >= written[i][0] && off < written[i][0] + written[i][1];
		u8 expect = off >= 0x1F1 && off < FX_HDR_END ? fx_img[off] : 0;
		if (!w && zp[off] != expect)
			fail_msg("zero page byte 0x%x is 0x%02x, expected 0x%02x", off, zp[off], expect);
	}
}

/* Loader-owned header fields are written even when the image holds junk in them. */
static void test_loader_fields_reset(void **state)
{
	(void)state;
	fx_make();
	fx_put(fx_img, 0x211, 1, 0xE3);			/* loadflags with heap, quiet, keep-segs, KASLR */
	fx_put(fx_img, 0x218, 8, 0x1111111122222222ULL); /* ramdisk_image/size */
	fx_put(fx_img, 0x224, 4, 0x33333333);		/* heap_end_ptr, ext_loader_ver/type */
	fx_put(fx_img, 0x23C, 4, 0x44444444);		/* hardware_subarch */
	fx_put(fx_img, 0x240, 8, 0x4444444444444444ULL); /* hardware_subarch_data */
	fx_put(fx_img, 0x250, 8, 0x5555555555555555ULL); /* setup_data */
	load();
	struct bzimage_layout l = base;
	l.initrd_size = 0;
	assert_null(bzimage_boot_params(zp, &bz, &l));
	assert_int_equal(le(0x211, 1), 0x01);
	assert_int_equal(le(0x218, 8), 0);
	assert_int_equal(le(0x224, 4), 0);
	assert_int_equal(le(0x23C, 4) | le(0x240, 8), 0);
	assert_int_equal(le(0x250, 8), 0);
}

/* Above 4 GiB the high halves go to ext_cmd_line_ptr / ext_ramdisk_* (bootparam.h 0x0C0-0x0C8). */
static void test_high_addresses(void **state)
{
	(void)state;
	fx_make();
	load();
	struct bzimage_layout l = base;
	l.mem.mem_size = 0x300000000ULL;
	l.cmdline_gpa = 0x280001000ULL;
	l.initrd_gpa = 0x1FFFFE000ULL;
	l.initrd_size = 0x100002000ULL; /* ends exactly at the top of RAM */
	assert_null(bzimage_boot_params(zp, &bz, &l));
	assert_int_equal(le(0x228, 4), 0x80001000);
	assert_int_equal(le(0x0C8, 4), 2);
	assert_int_equal(le(0x218, 4), 0xFFFFE000);
	assert_int_equal(le(0x0C0, 4), 1);
	assert_int_equal(le(0x21C, 4), 0x2000);
	assert_int_equal(le(0x0C4, 4), 1);
	l.kernel_gpa = 0x100000000ULL; /* code32_start cannot say it: left 0 */
	assert_null(bzimage_boot_params(zp, &bz, &l));
	assert_int_equal(le(0x214, 4), 0);
}

struct refusal {
	const char *name;
	u64 field_off; /* offset in struct bzimage_layout */
	u64 value;
	u16 xloadflags;
	u64 mem; /* 0: the base layout's 256 MiB */
	const char *msg;
};

#define LF(f) offsetof(struct bzimage_layout, f)
static const struct refusal refusals[] = {
	{ "kernel below 1 MiB", LF(kernel_gpa), 0x80000, 3, 0, "kernel load address" },
	{ "kernel init_size past RAM", LF(kernel_gpa), M(210), 3, 0, "kernel load address" },
	{ "kernel past RAM", LF(kernel_gpa), M(512), 3, 0, "kernel load address" },
	{ "kernel below pref_address", LF(kernel_gpa), M(14), 3, 0, "would not run at its load address" },
	{ "kernel misaligned", LF(kernel_gpa), M(16) + 0x1000, 3, 0, "would not run at its load address" },
	{ "kernel aligned above pref_address", LF(kernel_gpa), M(18), 3, 0, NULL },
	{ "no command line", LF(cmdline_gpa), 0, 3, 0, "command line address is 0" },
	{ "command line past RAM", LF(cmdline_gpa), M(256), 3, 0, "outside guest RAM" },
	{ "command line above 4 GiB, not allowed", LF(cmdline_gpa), 1ULL << 32, 1, 8ULL << 30, "above 4 GiB" },
	{ "initrd past RAM", LF(initrd_gpa), M(256) - 0x1000, 3, 0, "initrd outside guest RAM" },
	{ "initrd wraps", LF(initrd_gpa), ~0ULL - 0x1000, 3, 0, "initrd outside guest RAM" },
	{ "initrd over initrd_addr_max", LF(initrd_gpa), 0x7FFFF000, 1, 8ULL << 30, "above the kernel's initrd_addr_max" },
	{ "initrd's last byte at initrd_addr_max", LF(initrd_gpa), 0x80000000 - 0x123456, 1, 8ULL << 30, NULL },
	{ "initrd's last byte one past initrd_addr_max", LF(initrd_gpa), 0x80000000 - 0x123456 + 1, 1, 8ULL << 30,
	  "above the kernel's initrd_addr_max" },
	{ "initrd overlaps the kernel", LF(initrd_gpa), M(60), 3, 0, "initrd overlaps the kernel's init_size area" },
	{ "initrd just below the kernel", LF(initrd_gpa), M(16) - 0x124000, 3, 0, NULL },
	{ "initrd right after init_size", LF(initrd_gpa), M(64), 3, 0, NULL },
	{ "kernel over the ACPI range", LF(mem.acpi_gpa), M(63), 3, 0, "init_size area overlaps the ACPI range" },
	{ "ACPI right after the kernel", LF(mem.acpi_gpa), M(64), 3, 0, NULL },
	{ "initrd over the ACPI range", LF(mem.acpi_gpa), M(201), 3, 0, "initrd overlaps the ACPI range" },
	{ "ACPI outside RAM", LF(mem.acpi_gpa), M(256), 3, 0, "e820: the ACPI range" },
	{ "RAM under 1 MiB", LF(mem.mem_size), 0x9F000, 3, 0, "e820: guest RAM below 1 MiB" },
};

static void run_refusal(void **state)
{
	const struct refusal *r = *state;
	fx_make();
	fx_put(fx_img, 0x236, 2, r->xloadflags);
	load();
	struct bzimage_layout l = base;
	if (r->mem)
		l.mem.mem_size = r->mem;
	memcpy((u8 *)&l + r->field_off, &r->value, 8);
	if (r->msg)
		assert_contains(bzimage_boot_params(zp, &bz, &l), r->msg);
	else
		assert_null(bzimage_boot_params(zp, &bz, &l));
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_bad_layouts),
		cmocka_unit_test(test_zero_page_fields),
		cmocka_unit_test(test_zero_page_is_otherwise_clean),
		cmocka_unit_test(test_loader_fields_reset),
		cmocka_unit_test(test_high_addresses),
	};
	static struct unit_group g;
	UNIT_ADD_ALL(&g, fixed);
	for (size_t i = 0; i < ARRAY_SIZE(maps); i++)
		unit_add(&g, maps[i].name, run_map, (void *)&maps[i]);
	for (size_t i = 0; i < ARRAY_SIZE(refusals); i++)
		unit_add(&g, refusals[i].name, run_refusal, (void *)&refusals[i]);
	return unit_run("bzimage_zp", &g);
}
