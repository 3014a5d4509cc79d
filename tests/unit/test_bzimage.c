/* cordon unit tests: bzImage setup-header checks, kernel and initrd placement (lib/boot/bzimage.c). */
/* sources: lib/boot/bzimage.c lib/boot/e820.c lib/fmt.c lib/str.c */
#include <tests/unit/unit.h>
#include <tests/unit/bzimage_fixture.h>

static struct bzimage bz;

/* Parses the first len bytes from an exact-size heap copy, so ASan sees any read past len. */
static const char *parse_len(u64 len)
{
	u8 *copy = malloc(len ? len : 1);
	memcpy(copy, fx_img, len);
	const char *why = bzimage_parse(copy, len, &bz);
	static char msg[sizeof(bz.why)];
	snprintf(msg, sizeof(msg), "%s", why ? why : "");
	free(copy);
	return why ? msg : NULL;
}

static void test_valid(void **state)
{
	(void)state;
	fx_make();
	assert_null(bzimage_parse(fx_img, FX_LEN, &bz));
	assert_ptr_equal(bz.setup, fx_img);
	assert_int_equal(bz.setup_len, FX_SETUP_LEN);
	assert_ptr_equal(bz.kernel, fx_img + FX_SETUP_LEN);
	assert_int_equal(bz.kernel_len, FX_PM_LEN);
	assert_int_equal(bz.version, 0x020F);
	assert_int_equal(bz.setup_sects, 4);
	assert_int_equal(bz.loadflags, 1);
	assert_int_equal(bz.xloadflags, 3);
	assert_int_equal(bz.relocatable, 1);
	assert_int_equal(bz.min_alignment, 21);
	assert_int_equal(bz.kernel_alignment, FX_ALIGN);
	assert_int_equal(bz.pref_address, FX_PREF);
	assert_int_equal(bz.init_size, FX_INIT_SIZE);
	assert_int_equal(bz.cmdline_size, 0x7FF);
	assert_int_equal(bz.initrd_addr_max, 0x7FFFFFFF);
	assert_int_equal(bz.hdr_len, FX_HDR_END - 0x1F1);
	assert_memory_equal(bz.hdr, fx_img + 0x1F1, FX_HDR_END - 0x1F1);
	assert_int_equal(bzimage_need(&bz), FX_INIT_SIZE);
}

/* Bytes after syssize * 16 (Debian's kernel carries a PE signature there) are allowed, not loaded. */
static void test_trailing_bytes(void **state)
{
	(void)state;
	fx_make();
	assert_null(parse_len(sizeof(fx_img)));
	assert_int_equal(bz.kernel_len, FX_PM_LEN);
}

static void test_setup_sects_zero_means_four(void **state)
{
	(void)state;
	fx_make();
	fx_img[0x1F1] = 0;
	assert_null(parse_len(FX_LEN));
	assert_int_equal(bz.setup_sects, 4);
	assert_int_equal(bz.setup_len, 5 * 512);
	assert_int_equal(bz.kernel_len, FX_PM_LEN);
}

/* Every shorter length fails, with the message for the part it cuts. */
static void test_truncations(void **state)
{
	(void)state;
	fx_make();
	for (u64 len = 0; len < FX_LEN; len++) {
		const char *why = parse_len(len);
		const char *want = len < 0x200		? "less than a boot sector"
				   : len < 0x208	? "end inside the setup header"
				   : len < FX_SETUP_LEN ? "setup claims 4 sectors (2560 bytes)"
							: "syssize says 1024 bytes";
		if (!why || !strstr(why, want))
			fail_msg("length %llu: '%s' lacks '%s'", (unsigned long long)len, why ? why : "accepted", want);
	}
	assert_contains(parse_len(0x9FF), "file has 2559 bytes");
	assert_contains(parse_len(0xDFF), "file has 1023 after the setup");
	assert_null(parse_len(FX_LEN));
}

/* ---------------------------------------------------------------- one field changed */

struct patch {
	const char *name;
	u64 off;
	u32 width;
	u64 value;
	const char *msg; /* NULL: still accepted */
};

static const struct patch patches[] = {
	{ "boot flag swapped", 0x1FE, 2, 0x55AA, "not a bzImage: no 0xAA55 boot flag at 0x1fe" },
	{ "no HdrS", 0x202, 4, 0x53726447, "not a bzImage: no HdrS signature at 0x202" },
	{ "protocol 2.11", 0x206, 2, 0x020B, "boot protocol 2.11 is too old: cordon needs 2.12" },
	{ "protocol 2.00", 0x206, 2, 0x0200, "boot protocol 2.00 is too old" },
	{ "protocol 2.12 accepted", 0x206, 2, 0x020C, NULL },
	{ "protocol 3.0 accepted", 0x206, 2, 0x0300, NULL },
	{ "jump opcode not EB", 0x200, 1, 0xE9, "the jump at 0x200 (e9 6a)" },
	{ "header ends before 0x268", 0x201, 1, 0x65, "gives no header end in [0x268, 0x281]" },
	{ "header ends at 0x268", 0x201, 1, 0x66, NULL },
	{ "header ends at 0x281", 0x201, 1, 0x7F, NULL },
	{ "backward jump", 0x201, 1, 0x80, "gives no header end" },
	{ "zImage (no LOADED_HIGH)", 0x211, 1, 0x80, "loadflags 0x80 has no LOADED_HIGH" },
	{ "no 64-bit entry", 0x236, 2, 0x0002, "kernel has no 64-bit entry point (xloadflags 0x0002" },
	{ "syssize one paragraph too many", 0x1F4, 4, FX_PM_LEN / 16 + 1, "syssize says 1040 bytes" },
	{ "syssize huge", 0x1F4, 4, 0xFFFFFFFF, "syssize says 68719476720 bytes" },
	{ "syssize zero", 0x1F4, 4, 0, "protected-mode code of 0 bytes cannot hold the 64-bit entry" },
	{ "syssize 512 bytes", 0x1F4, 4, 0x20, "of 512 bytes cannot hold" },
	{ "syssize 528 bytes accepted", 0x1F4, 4, 0x21, NULL },
	{ "setup_sects 255", 0x1F1, 1, 255, "setup claims 255 sectors (131072 bytes), file has 3584 bytes" },
	{ "setup_sects 6 leaves nothing", 0x1F1, 1, 6, "file has 0 after the setup" },
	{ "setup_sects 5 leaves too little", 0x1F1, 1, 5, "file has 512 after the setup" },
	{ "setup_sects 1 accepted", 0x1F1, 1, 1, NULL },
	{ "alignment zero", 0x230, 4, 0, "kernel_alignment 0x0 is not a power of two" },
	{ "alignment 3 MiB", 0x230, 4, 0x300000, "kernel_alignment 0x300000 is not" },
	{ "alignment 2 GiB accepted", 0x230, 4, 0x80000000, NULL },
	{ "alignment 1 accepted", 0x230, 4, 1, NULL },
	{ "fixed kernel at pref_address", 0x234, 1, 0, NULL },
	{ "pref_address huge accepted", 0x258, 8, 0xFFFFFFFFFFE00000ULL, NULL },
	{ "pref_address zero", 0x258, 8, 0, "pref_address 0x0 is below 1 MiB" },
	{ "pref_address at 1 MiB accepted", 0x258, 8, 0x100000, NULL },
};

static void run_patch(void **state)
{
	const struct patch *p = *state;
	fx_make();
	fx_put(fx_img, p->off, p->width, p->value);
	if (!p->msg)
		assert_null(parse_len(FX_LEN));
	else
		assert_contains(parse_len(FX_LEN), p->msg);
}

/* Non-relocatable: alignment is not looked at; pref_address must still be above the first MiB. */
static void test_fixed_kernel(void **state)
{
	(void)state;
	fx_make();
	fx_img[0x234] = 0;
	fx_put(fx_img, 0x230, 4, 0);
	assert_null(parse_len(FX_LEN));
	fx_put(fx_img, 0x258, 8, 0xFFFFF);
	assert_contains(parse_len(FX_LEN), "pref_address 0xfffff is below 1 MiB, where cordon keeps");
}

/* ---------------------------------------------------------------- load address */

struct place {
	const char *name;
	u8 relocatable;
	u32 align;
	u64 pref;
	u32 init_size;
	u64 ram_end;
	u64 want;
};

#define M(x) ((u64)(x) << 20)
static const struct place places[] = {
	{ "pref fits", 1, FX_ALIGN, M(16), M(48), M(128), M(16) },
	{ "pref fits exactly", 1, FX_ALIGN, M(16), M(48), M(64), M(16) },
	{ "one byte short: no lower fallback", 1, FX_ALIGN, M(16), M(48), M(64) - 1, 0 },
	{ "pref misaligned: rounded up", 1, FX_ALIGN, M(17), M(48), M(128), M(18) },
	{ "pref misaligned, page alignment", 1, 0x1000, M(16) + 0x800, M(48), M(128), M(16) + 0x1000 },
	{ "pref high, RAM larger", 1, FX_ALIGN, M(256), M(48), M(512), M(256) },
	{ "4 MiB alignment", 1, 0x400000, M(18), M(48), M(68), M(20) },
	{ "4 MiB alignment, a byte short", 1, 0x400000, M(18), M(48), M(68) - 1, 0 },
	{ "32 MiB alignment", 1, 0x2000000, M(16), M(48), M(128), M(32) },
	{ "alignment 1 at 1 MiB", 1, 1, M(1), M(48), M(49), M(1) },
	{ "nothing fits", 1, FX_ALIGN, M(16), M(48), M(40), 0 },
	{ "RAM below 1 MiB", 1, FX_ALIGN, M(1), 0x1000, 0x80000, 0 },
	{ "rounding up wraps to 0", 1, FX_ALIGN, 0xFFFFFFFFFFF00000ULL, M(48), ~0ULL, 0 },
	{ "pref near 2^64: init_size wraps", 1, FX_ALIGN, 0xFFFFFFFFFFE00000ULL, M(48), ~0ULL, 0 },
	{ "init_size smaller than the image", 1, FX_ALIGN, M(16), 0, M(16) + FX_PM_LEN, M(16) },
	{ "fixed kernel fits at pref", 0, 0, M(16), M(48), M(128), M(16) },
	{ "fixed kernel never moves", 0, 0, M(16), M(48), M(63), 0 },
	{ "fixed kernel misaligned pref is kept", 0, 0, M(16) + 0x1000, M(48), M(128), M(16) + 0x1000 },
};

static void run_place(void **state)
{
	const struct place *p = *state;
	fx_make();
	fx_img[0x234] = p->relocatable;
	fx_put(fx_img, 0x230, 4, p->align);
	fx_put(fx_img, 0x258, 8, p->pref);
	fx_put(fx_img, 0x260, 4, p->init_size);
	assert_null(parse_len(FX_LEN));
	assert_int_equal(bzimage_load_addr(&bz, p->ram_end), p->want);
}

static void test_initrd_addr(void **state)
{
	(void)state;
	fx_make();
	assert_null(parse_len(FX_LEN));
	assert_int_equal(bzimage_initrd_addr(&bz, M(64), M(128), M(1)), M(127));
	assert_int_equal(bzimage_initrd_addr(&bz, M(64), M(128), 0x1800), M(128) - 0x2000);
	assert_int_equal(bzimage_initrd_addr(&bz, M(64), 8ULL << 30, M(1)), (8ULL << 30) - M(1)); /* ABOVE_4G */
	assert_int_equal(bzimage_initrd_addr(&bz, M(64), M(65), M(2)), 0); /* below the floor */
	assert_int_equal(bzimage_initrd_addr(&bz, M(64), M(128), 0), 0);
	assert_int_equal(bzimage_initrd_addr(&bz, 0, M(1), M(2)), 0);
	fx_put(fx_img, 0x236, 2, 0x0001); /* no ABOVE_4G: initrd_addr_max caps it */
	fx_put(fx_img, 0x22C, 4, 0x37FFFFFF);
	assert_null(parse_len(FX_LEN));
	assert_int_equal(bzimage_initrd_addr(&bz, M(64), 8ULL << 30, M(1)), 0x38000000 - M(1));
	assert_int_equal(bzimage_initrd_addr(&bz, M(64), M(128), M(1)), M(127));
}

/*
 * The real thing, when CORDON_TEST_VMLINUZ names it. Debian 12's linux-image-6.1.0-56-cloud-amd64
 * (6.1.192-2, vmlinuz 14186432 bytes) has: setup_sects 0x27, syssize 0xd8220 (14164480 bytes; the
 * 1472 bytes after it are the PE signature), jump EB 6A (header ends 0x26c), version 0x020f,
 * loadflags 0x01, initrd_addr_max 0x7fffffff, kernel_alignment 0x200000, relocatable 1,
 * min_alignment 0x15, xloadflags 0x7f, cmdline_size 0x7ff, pref_address 0x1000000,
 * init_size 0x3378000 (~51.5 MiB), handover_offset 0xd72f10, kernel_info_offset 0xd7f91c.
 * So it loads at 16 MiB and needs guest RAM up to 0x4378000 (~67.5 MiB) before its initrd.
 */
static void test_real_kernel(void **state)
{
	(void)state;
	const char *path = getenv("CORDON_TEST_VMLINUZ");
	FILE *f = path ? fopen(path, "rb") : NULL;
	if (!f)
		skip();
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	rewind(f);
	u8 *img = malloc((size_t)size);
	assert_int_equal(fread(img, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	struct bzimage k;
	const char *why = bzimage_parse(img, (u64)size, &k);
	if (why)
		fail_msg("%s: %s", path, why);
	assert_true(k.version >= 0x020C && k.relocatable && (k.xloadflags & 1));
	assert_true(k.setup_len + k.kernel_len <= (u64)size);
	u64 at = bzimage_load_addr(&k, M(256));
	assert_true(at >= M(1) && at % k.kernel_alignment == 0);
	static u8 zp[ZP_SIZE];
	struct bzimage_layout l = { .mem = { M(256), 0xE0000, 0x10000 }, .kernel_gpa = at,
				    .cmdline_gpa = BZ_GPA_CMDLINE, .initrd_size = M(4) };
	l.initrd_gpa = bzimage_initrd_addr(&k, at + bzimage_need(&k), M(256), l.initrd_size);
	assert_int_equal(l.initrd_gpa, M(252));
	assert_null(bzimage_boot_params(zp, &k, &l));
	printf("  %s: protocol %x, setup %llu + kernel %llu bytes, init_size %#x, loads at %#llx\n", path, k.version,
	       k.setup_len, k.kernel_len, k.init_size, at);
	free(img);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_trailing_bytes),
		cmocka_unit_test(test_setup_sects_zero_means_four),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_fixed_kernel),
		cmocka_unit_test(test_initrd_addr),
		cmocka_unit_test(test_real_kernel),
	};
	static struct unit_group g;
	UNIT_ADD_ALL(&g, fixed);
	for (size_t i = 0; i < ARRAY_SIZE(patches); i++)
		unit_add(&g, patches[i].name, run_patch, (void *)&patches[i]);
	for (size_t i = 0; i < ARRAY_SIZE(places); i++)
		unit_add(&g, places[i].name, run_place, (void *)&places[i]);
	return unit_run("bzimage", &g);
}
