/* cordon unit tests: builds a VM's ACPI tables and finds them again through the RSDP (test_acpi*.c). */
#ifndef CORDON_TESTS_ACPI_FIXTURE_H
#define CORDON_TESTS_ACPI_FIXTURE_H
#include <tests/unit/unit.h>
#include <lib/acpi/acpi_int.h>

/* Tables are read back at the byte offsets of ACPI 6.4, never through lib/acpi/acpi_int.h's structs. */
#define BASE 0xE0000ULL

static u8 buf[ACPI_BUILD_MAX];
static struct acpi_platform plat;
static u32 used;

static u32 rd16(const u8 *p) { return p[0] | (u32)p[1] << 8; }
static u32 rd32(const u8 *p) { return rd16(p) | rd16(p + 2) << 16; }
static u64 rd64(const u8 *p) { return rd32(p) | (u64)rd32(p + 4) << 32; }

static void defaults(void)
{
	acpi_platform_defaults(&plat, BASE);
}

static void build(void)
{
	u64 rsdp = 0;
	memset(buf, 0xA5, sizeof(buf));
	used = acpi_build(buf, sizeof(buf), &plat, &rsdp);
	assert_true(used > 0);
	assert_int_equal(rsdp, BASE);
}

/* The table at gpa, which must lie whole inside what acpi_build wrote. */
static const u8 *at_gpa(u64 gpa)
{
	assert_true(gpa >= BASE && gpa - BASE + 36 <= used);
	assert_true(gpa - BASE + rd32(buf + (gpa - BASE) + 4) <= used);
	return buf + (gpa - BASE);
}

/* Follows RSDP -> XSDT -> sig, or RSDP -> XSDT -> FACP -> DSDT; NULL if the XSDT lists none. */
static const u8 *find(const char *sig)
{
	const u8 *x = at_gpa(rd64(buf + 24));
	if (!strcmp(sig, "DSDT"))
		return at_gpa(rd64(find("FACP") + 140));
	for (u32 off = 36; off < rd32(x + 4); off += 8) {
		const u8 *t = at_gpa(rd64(x + off));
		if (!memcmp(t, sig, 4))
			return t;
	}
	return NULL;
}

/* ACPI 6.4 5.2.6: signature, length, revision, checksum and the OEM/creator identity. */
static void check_header(const u8 *t, const char *sig, u8 revision)
{
	assert_non_null(t);
	assert_memory_equal(t, sig, 4);
	assert_int_equal(t[8], revision);
	assert_true(acpi_checksum_ok(t, rd32(t + 4)));
	assert_memory_equal(t + 10, "CORDON", 6);
	assert_memory_equal(t + 16, "CORDONVM", 8);
	assert_memory_equal(t + 28, "CRDN", 4);
}


#endif
