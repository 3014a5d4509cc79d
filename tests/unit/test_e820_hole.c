/* cordon unit tests: a Linux VM's RAM goes around the 3-4 GiB hole (lib/boot/e820.c, bzimage_place, the zero page). */
/* sources: lib/boot/bzimage.c lib/boot/e820.c lib/fmt.c lib/str.c */
#include <tests/unit/unit.h>
#include <tests/unit/bzimage_fixture.h>

#define M(x) ((u64)(x) << 20)
#define G(x) ((u64)(x) << 30)
#define IOAPIC 0xFEC00000ULL
#define LAPIC 0xFEE00000ULL
/* The vTPM's CRB register page and command/response buffer (lib/acpi/acpi.h): Linux's tpm_crb
 * refuses to ioremap them if they are RAM. */
#define TPM_PAGES 0xFED40000ULL
#define TPM_PAGES_END 0xFED42000ULL

static struct e820_entry t[ZP_E820_MAX];

static u32 build(u64 mem, u64 acpi_gpa, u64 acpi_size)
{
	struct e820_layout l = { mem, acpi_gpa, acpi_size };
	assert_null(e820_layout_check(&l));
	return e820_build(t, ZP_E820_MAX, &l);
}

/* No entry of any type touches [3 GiB, 4 GiB): the PCI window, the IOAPIC, the TPM and the LAPIC stay MMIO. */
static void assert_hole_free(u32 n)
{
	for (u32 i = 0; i < n; i++) {
		u64 end = t[i].addr + t[i].size;
		assert_true(end <= E820_LOW_RAM_END || t[i].addr >= G(4));
		assert_false(t[i].addr <= IOAPIC && IOAPIC < end);
		assert_false(t[i].addr <= LAPIC && LAPIC < end);
		assert_false(t[i].addr < TPM_PAGES_END && TPM_PAGES < end);
	}
}

static u64 ram_total(u32 n)
{
	u64 sum = 0;
	for (u32 i = 0; i < n; i++)
		sum += t[i].type == E820_RAM ? t[i].size : 0;
	return sum;
}

static void split_sizes(void **state)
{
	(void)state;
	assert_int_equal(e820_low_ram(M(256)), M(256));
	assert_int_equal(e820_high_ram(M(256)), 0);
	assert_int_equal(e820_low_ram(G(3)), G(3));
	assert_int_equal(e820_high_ram(G(3)), 0);
	assert_int_equal(e820_low_ram(G(8)), G(3));
	assert_int_equal(e820_high_ram(G(8)), G(5));
}

/* The size the report named: 4076 MiB used to be one RAM range up to 0xFEC00000. */
static void reported_4076m(void **state)
{
	(void)state;
	u32 n = build(M(4076), 0xE0000, 0x10000);
	assert_hole_free(n);
	assert_int_equal(t[n - 1].addr, G(4));
	assert_int_equal(t[n - 1].size, M(4076) - G(3));
}

/* An 8 GiB Linux VM as linux_boot.c lays it out: ACPI in the BIOS area, 3 GiB low, 5 GiB from 4 GiB. */
static void eight_gib(void **state)
{
	(void)state;
	u32 n = build(G(8), 0xE0000, 0x10000);
	assert_int_equal(n, 6);
	assert_int_equal(t[4].addr, M(1));
	assert_int_equal(t[4].size, G(3) - M(1));
	assert_int_equal(t[4].type, E820_RAM);
	assert_int_equal(t[5].addr, G(4));
	assert_int_equal(t[5].size, G(5));
	assert_int_equal(t[5].type, E820_RAM);
	assert_hole_free(n);
	assert_int_equal(ram_total(n) + (M(1) - 0x9FC00), G(8)); /* every byte, once (ACPI lies in the PC hole) */
}

/* Up to exactly 3 GiB nothing moves; one page more goes to 4 GiB. */
static void edges(void **state)
{
	(void)state;
	u32 n = build(G(3), 0, 0);
	assert_int_equal(n, 3);
	assert_int_equal(t[2].addr + t[2].size, G(3));
	n = build(G(3) + 4096, 0, 0);
	assert_int_equal(n, 4);
	assert_int_equal(t[3].addr, G(4));
	assert_int_equal(t[3].size, 4096);
}

static void refused(void **state)
{
	(void)state;
	struct e820_layout acpi_high = { G(8), G(5), 0x1000 }, acpi_in_hole = { G(8), G(3), 0x1000 },
			   wraps = { ~0ULL - 4095, 0, 0 };
	assert_non_null(strstr(e820_layout_check(&acpi_high), "below 3 GiB"));
	assert_non_null(strstr(e820_layout_check(&acpi_in_hole), "below 3 GiB"));
	assert_non_null(strstr(e820_layout_check(&wraps), "wrap"));
	assert_int_equal(e820_build(t, ZP_E820_MAX, &wraps), 0);
}

/* Kernel and initrd go below the hole even when the kernel could take an initrd above 4 GiB. */
static void placement_low(void **state)
{
	(void)state;
	struct bzimage b;
	u64 k, rd;
	fx_make(); /* xloadflags KERNEL_64 | CAN_BE_LOADED_ABOVE_4G */
	assert_null(bzimage_parse(fx_img, FX_LEN, &b));
	assert_int_equal(bzimage_place(&b, G(8), M(20), &k, &rd), BZ_PLACED);
	assert_int_equal(k, FX_PREF);
	assert_int_equal(rd, G(3) - M(20));
}

/* The zero page's checks know the hole: an initrd in it is outside RAM, one above 4 GiB is not. */
static void zero_page_knows_the_hole(void **state)
{
	(void)state;
	static u8 zp[ZP_SIZE];
	struct bzimage b;
	struct bzimage_layout l = { .mem = { G(8), 0xE0000, 0x10000 }, .kernel_gpa = FX_PREF,
				    .cmdline_gpa = BZ_GPA_CMDLINE, .initrd_size = M(1) };
	fx_make();
	assert_null(bzimage_parse(fx_img, FX_LEN, &b));
	l.initrd_gpa = G(3) + M(512);
	assert_non_null(strstr(bzimage_boot_params(zp, &b, &l), "initrd outside guest RAM"));
	l.initrd_gpa = G(3) - M(1);
	assert_null(bzimage_boot_params(zp, &b, &l));
	l.initrd_gpa = G(9) - M(1); /* the last MiB of high RAM */
	assert_null(bzimage_boot_params(zp, &b, &l));
	l.initrd_gpa = G(9);
	assert_non_null(strstr(bzimage_boot_params(zp, &b, &l), "initrd outside guest RAM"));
	l.initrd_gpa = G(3) - M(1);
	l.cmdline_gpa = G(3) + 0x1000;
	assert_non_null(strstr(bzimage_boot_params(zp, &b, &l), "command line address"));
	/* the map in the zero page is the hole-free one */
	l.cmdline_gpa = BZ_GPA_CMDLINE;
	assert_null(bzimage_boot_params(zp, &b, &l));
	assert_int_equal(zp[ZP_E820_ENTRIES], 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_sizes),	   cmocka_unit_test(reported_4076m), cmocka_unit_test(eight_gib),
		cmocka_unit_test(edges),	   cmocka_unit_test(refused),	     cmocka_unit_test(placement_low),
		cmocka_unit_test(zero_page_knows_the_hole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
