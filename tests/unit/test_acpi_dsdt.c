/* cordon unit tests: the DSDT of a Linux VM (lib/acpi/acpi_dsdt.c) and the AML encoder (lib/acpi/aml.c). */
/* sources: lib/acpi/acpi.c lib/acpi/acpi_tables.c lib/acpi/acpi_dsdt.c lib/acpi/acpi_res.c lib/acpi/aml.c lib/str.c */
#include <tests/unit/acpi_fixture.h>
#include <tests/unit/aml_walk.h>

/*
 * Cross-checked by hand with acpica-tools 20200925 (not a test dependency): `iasl -d` of the default
 * tables decodes without a warning to the ASL below (the _PRT holds 128 entries), and recompiling that
 * ASL gives the same AML except 2 bytes iasl saves by dropping the redundant '\' of \_S5 and \_SB.
 *
 *     Name (\_S5, Package (0x04) { 0x05, Zero, Zero, Zero })
 *     Scope (\_SB) {
 *         Device (COM1) { Name (_HID, EisaId ("PNP0501")) Name (_UID, Zero)
 *             Name (_CRS, ResourceTemplate () { IO (Decode16, 0x03F8, 0x03F8, 0x01, 0x08)
 *                 Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive, ,, ) { 0x00000004 } }) }
 *         Device (PCI0) { Name (_HID, EisaId ("PNP0A03")) Name (_UID, Zero)
 *             Name (_CRS, ResourceTemplate () {
 *                 WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode, 0, 0, 0, 0, 1)
 *                 IO (Decode16, 0x0CF8, 0x0CF8, 0x01, 0x08)
 *                 WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange,
 *                         0, 0x1000, 0xFFFF, 0, 0xF000)
 *                 DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, NonCacheable, ReadWrite,
 *                         0, 0xC0000000, 0xFEBFFFFF, 0, 0x3EC00000) })
 *             Name (_PRT, Package (0x80) { Package (0x04) { 0xFFFF, Zero, Zero, 0x10 }, ... }) } }
 *
 * With ECAM, PCI0 becomes _HID PNP0A08 / _CID PNP0A03 and Device (RES0) { _HID PNP0C02,
 * Memory32Fixed (ReadWrite, ECAM, size) } follows; `iasl -d` of FACP and APIC decodes every field
 * ("Hardware Reduced (V5) : 1", "Sleep Control Register ... Address : 0000000000000600", ...).
 */

static struct aw walk;

/* Builds the tables for plat; the independent decoder must consume the DSDT's AML exactly. */
static void build_dsdt(void)
{
	const u8 *d;
	build();
	d = find("DSDT");
	memset(&walk, 0, sizeof(walk));
	assert_true(aw_termlist(&walk, d + 36, d + rd32(d + 4), ""));
}

static const u8 *named(const char *path)
{
	const struct aw_name *n = aw_find(&walk, path);
	if (!n)
		fail_msg("%s is not in the DSDT", path);
	return n->obj;
}

static u64 next_int(const u8 **p)
{
	u64 v = 0;
	*p = aw_int(*p, buf + used, &v);
	assert_non_null(*p);
	return v;
}

/* The first element of the Package at p; *n gets NumElements. */
static const u8 *elements(const u8 *p, u32 *n)
{
	const u8 *end, *q;
	assert_int_equal(p[0], 0x12);
	q = aw_frame(p + 1, buf + used, &end);
	assert_non_null(q);
	*n = *q;
	return q + 1;
}

/* The bytes of the Buffer at p (a ResourceTemplate); *len gets BufferSize. */
static const u8 *buffer_bytes(const u8 *p, u32 *len)
{
	const u8 *end, *q;
	assert_int_equal(p[0], 0x11);
	q = aw_frame(p + 1, buf + used, &end);
	*len = (u32)next_int(&q);
	return q;
}

/* 6.4.2/6.4.3: descriptors chained by their own lengths, the End tag last; returns the nth with tag. */
static const u8 *descriptor(const u8 *crs, u32 len, u8 tag, int nth)
{
	const u8 *p = crs, *hit = NULL;
	while (p < crs + len && *p != 0x79) {
		u32 size = *p & 0x80 ? 3 + rd16(p + 1) : 1 + (u32)(*p & 7);
		if (*p == tag && nth-- == 0)
			hit = p;
		p += size;
	}
	assert_true(p + 2 == crs + len); /* End tag {0x79, checksum} closes the buffer */
	return hit;
}

/* Checks the _HID of dev (a compressed EISA ID) and returns its _CRS bytes. */
static const u8 *device_crs(const char *dev, u32 hid, u32 *len)
{
	char path[48];
	const u8 *p;
	snprintf(path, sizeof(path), "%s._HID", dev);
	p = named(path);
	assert_int_equal(next_int(&p), hid);
	snprintf(path, sizeof(path), "%s._CRS", dev);
	return buffer_bytes(named(path), len);
}

struct dsdt_case {
	const char *what;
	bool uart, pci;
	u64 ecam;
	u8 pwrb; /* power_button_gsi */
	bool tpm;
};

static const struct dsdt_case dsdt_cases[] = {
	{ "DSDT: defaults", true, true, 0, ACPI_POWER_BUTTON_GSI, false },
	{ "DSDT: ECAM", true, true, 0xB0000000, ACPI_POWER_BUTTON_GSI, false },
	{ "DSDT: no PCI", true, false, 0, ACPI_POWER_BUTTON_GSI, false },
	{ "DSDT: no UART", false, true, 0, ACPI_POWER_BUTTON_GSI, false },
	{ "DSDT: no power button", true, true, 0, 0, false },
	{ "DSDT: only \\_S5", false, false, 0, 0, false },
	{ "DSDT: TPM", true, true, 0, ACPI_POWER_BUTTON_GSI, true },
	{ "DSDT: TPM and ECAM", true, true, 0xB0000000, ACPI_POWER_BUTTON_GSI, true },
	{ "DSDT: only \\_S5 and the TPM", false, false, 0, 0, true },
};

static void test_dsdt_shape(void **state)
{
	const struct dsdt_case *c = *state;
	u32 n;
	defaults();
	plat.uart = c->uart;
	plat.pci = c->pci;
	plat.pci_ecam_base = c->ecam;
	plat.power_button_gsi = c->pwrb;
	plat.tpm = c->tpm;
	build_dsdt();
	check_header(find("DSDT"), "DSDT", 2);
	/* \_S5 = Package { SLP_TYPa 5, SLP_TYPb 0, reserved, reserved } (ACPI 6.4 7.4.2). */
	const u8 *e = elements(named("\\_S5_"), &n);
	assert_int_equal(n, 4);
	assert_int_equal(next_int(&e), ACPI_SLP_TYP_S5);
	assert_int_equal(aw_find(&walk, "\\_SB_.COM1._HID") != NULL, c->uart);
	assert_int_equal(aw_find(&walk, "\\_SB_.PCI0._PRT") != NULL, c->pci);
	assert_int_equal(aw_find(&walk, "\\_SB_.RES0._CRS") != NULL, c->ecam != 0);
	assert_int_equal(aw_find(&walk, "\\_SB_.GED0._EVT") != NULL, c->pwrb != 0);
	assert_int_equal(aw_find(&walk, "\\_SB_.TPM0._CRS") != NULL, c->tpm);
	/* PWRB: _HID _UID; GED0: _HID _UID _CRS _EVT and the Notify inside _EVT; TPM0: _HID _STA _CRS */
	assert_int_equal(walk.count, 1 + 3 * c->uart + 4 * c->pci + (c->ecam ? 4 : 0) + (c->pwrb ? 7 : 0) + 3 * c->tpm);
}

static void test_dsdt_com1(void **state)
{
	const u8 *p, *crs;
	u32 len;
	(void)state;
	defaults();
	build_dsdt();
	crs = device_crs("\\_SB_.COM1", 0x0105D041, &len); /* EisaId("PNP0501") */
	p = descriptor(crs, len, 0x47, 0);
	assert_non_null(p);
	assert_memory_equal(p, "\x47\x01\xF8\x03\xF8\x03\x01\x08", 8);
	p = descriptor(crs, len, 0x89, 0);
	assert_non_null(p);
	/* consumer, edge, active high, exclusive; one interrupt: GSI 4 */
	assert_memory_equal(p, "\x89\x06\x00\x03\x01\x04\x00\x00\x00", 9);
}

/*
 * ACPI 6.4 5.6.9: a Generic Event Device (_HID "ACPI0013", a string) with one edge, active-high
 * interrupt on the power button's GSI, and _EVT (one argument) that does Notify(\_SB.PWRB, 0x80);
 * PWRB is a power button (PNP0C0C) in the same scope.
 */
static void test_dsdt_power_button(void **state)
{
	const u8 *p, *crs;
	u32 len;
	(void)state;
	defaults();
	build_dsdt();
	p = named("\\_SB_.PWRB._HID");
	assert_int_equal(next_int(&p), 0x0C0CD041); /* EisaId("PNP0C0C") */
	p = named("\\_SB_.GED0._HID");
	assert_memory_equal(p, "\x0D" "ACPI0013", 10); /* StringPrefix, the ID and its NUL */
	crs = buffer_bytes(named("\\_SB_.GED0._CRS"), &len);
	p = descriptor(crs, len, 0x89, 0);
	assert_non_null(p);
	assert_memory_equal(p, "\x89\x06\x00\x03\x01\x14\x00\x00\x00", 9); /* consumer, edge, high: GSI 20 */
	assert_int_equal(*named("\\_SB_.GED0._EVT"), 1); /* MethodFlags: one argument, not serialized */
	p = named("\\_SB_.GED0._EVT>\\_SB_.PWRB");
	assert_int_equal(next_int(&p), 0x80);
}

/*
 * TCG ACPI Specification 1.3: the TPM 2.0 device is _HID "MSFT0101" (a string), present and working
 * (_STA 0x0F, ACPI 6.4 6.3.7), with the CRB register page and the command/response buffer page as two
 * read-write Memory32Fixed ranges (6.4.3.4) in that order: Linux 6.1's tpm_crb takes the locality
 * registers from the range whose base + 0x40 is the TPM2 table's control area.
 */
static void test_dsdt_tpm(void **state)
{
	struct aw_mem32 r[4];
	const u8 *p, *crs;
	u32 len;
	(void)state;
	defaults();
	plat.tpm = true;
	build_dsdt();
	assert_memory_equal(named("\\_SB_.TPM0._HID"), "\x0D" "MSFT0101", 10);
	p = named("\\_SB_.TPM0._STA");
	assert_int_equal(next_int(&p), 0x0F);
	crs = buffer_bytes(named("\\_SB_.TPM0._CRS"), &len);
	assert_int_equal(aw_mem32_ranges(crs, len, r, 4), 2);
	assert_int_equal(r[0].info, 1); /* read-write */
	assert_int_equal(r[0].base, 0xFED40000);
	assert_int_equal(r[0].len, 0x1000);
	assert_int_equal(r[1].info, 1);
	assert_int_equal(r[1].base, 0xFED41000);
	assert_int_equal(r[1].len, 0x1000);
	assert_int_equal(r[0].base + 0x40, rd64(find("TPM2") + 40));
	/* nothing but the two ranges and the End tag */
	assert_int_equal(len, 2 * 12 + 2);
}

static void test_dsdt_pci_crs(void **state)
{
	const u8 *p, *crs;
	u32 len;
	(void)state;
	defaults();
	build_dsdt();
	crs = device_crs("\\_SB_.PCI0", 0x030AD041, &len); /* EisaId("PNP0A03") */
	p = descriptor(crs, len, 0x88, 0); /* bus numbers 0-0 */
	assert_memory_equal(p, "\x88\x0D\x00\x02\x0C\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00", 16);
	p = descriptor(crs, len, 0x47, 0); /* the CF8/CFC config ports */
	assert_memory_equal(p, "\x47\x01\xF8\x0C\xF8\x0C\x01\x08", 8);
	p = descriptor(crs, len, 0x88, 1); /* I/O window 0x1000-0xFFFF, entire range */
	assert_memory_equal(p, "\x88\x0D\x00\x01\x0C\x03\x00\x00\x00\x10\xFF\xFF\x00\x00\x00\xF0", 16);
	p = descriptor(crs, len, 0x87, 0); /* memory window, read/write, non-cacheable */
	assert_memory_equal(p, "\x87\x17\x00\x00\x0C\x01", 6);
	assert_int_equal(rd32(p + 10), 0xC0000000);
	assert_int_equal(rd32(p + 14), 0xFEBFFFFF);
	assert_int_equal(rd32(p + 18), 0);
	assert_int_equal(rd32(p + 22), 0x3EC00000);
}

/* 6.2.13: {0xSSSSFFFF, pin, source 0, GSI} for every slot and pin, INTx rotating over 4 GSIs. */
static void test_dsdt_prt(void **state)
{
	const u8 *e;
	u32 n, n4;
	(void)state;
	defaults();
	plat.pci_irq_base = 20;
	plat.power_button_gsi = 9; /* off the INTx pins */
	build_dsdt();
	e = elements(named("\\_SB_.PCI0._PRT"), &n);
	assert_int_equal(n, 128);
	for (u32 i = 0; i < n; i++) {
		const u8 *f = elements(e, &n4), *next = aw_package(e, buf + used);
		u32 slot = i / 4, pin = i % 4;
		assert_int_equal(n4, 4);
		assert_int_equal(next_int(&f), slot << 16 | 0xFFFF);
		assert_int_equal(next_int(&f), pin);
		assert_int_equal(next_int(&f), 0);
		assert_int_equal(next_int(&f), 20 + (slot + pin) % 4);
		assert_ptr_equal(f, next);
		e = next;
	}
}

static void test_dsdt_ecam(void **state)
{
	const u8 *p, *crs;
	u32 len;
	(void)state;
	defaults();
	plat.pci_ecam_base = 0xB0000000;
	plat.pci_last_bus = 15;
	build_dsdt();
	p = named("\\_SB_.PCI0._CID");
	assert_int_equal(next_int(&p), 0x030AD041); /* PNP0A03 */
	crs = device_crs("\\_SB_.RES0", 0x020CD041, &len); /* PNP0C02 */
	p = descriptor(crs, len, 0x86, 0);
	assert_memory_equal(p, "\x86\x09\x00\x01\x00\x00\x00\xB0\x00\x00\x00\x01", 12); /* 16 buses */
	crs = device_crs("\\_SB_.PCI0", 0x080AD041, &len); /* PNP0A08 */
	p = descriptor(crs, len, 0x88, 0);
	assert_int_equal(rd16(p + 10), 15); /* bus maximum */
	assert_int_equal(rd16(p + 14), 16); /* bus count */
}

/* 20.2.4 at every boundary of the 1-, 2-, 3- and 4-byte forms, read back by the test's decoder. */
static void test_aml_pkglength(void **state)
{
	static const u32 bodies[] = { 0, 62, 63, 4093, 4094, 0xFFFFC, 0xFFFFD, 0x200000 };
	static const u32 sizes[] = { 1, 1, 2, 2, 3, 3, 4, 4 };
	u8 *big = malloc(0x200010);
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bodies); i++) {
		struct acpi_buf b = { .p = big, .cap = 0x200010 };
		const u8 *end;
		u32 at = aml_open(&b);
		acpi_zero(&b, bodies[i]);
		aml_close(&b, at);
		assert_false(b.over);
		assert_int_equal(b.len, bodies[i] + sizes[i]);
		assert_ptr_equal(aw_frame(big, big + b.len, &end), big + sizes[i]);
		assert_ptr_equal(end, big + b.len);
	}
	free(big);
}

static void test_aml_names(void **state)
{
	u8 out[32];
	struct acpi_buf b = { .p = out, .cap = sizeof(out) };
	(void)state;
	aml_namestring(&b, "\\_SB_.PCI0");
	aml_namestring(&b, "COM");
	aml_namestring(&b, "A.B.C");
	assert_int_equal(b.len, 10 + 4 + 14);
	assert_memory_equal(out, "\\\x2E_SB_PCI0COM_\x2F\x03" "A___B___C___", b.len);
	assert_int_equal(aml_eisaid("PNP0A03"), 0x030AD041);
	assert_int_equal(aml_eisaid("PNP0501"), 0x0105D041);
}

int main(void)
{
	static struct unit_group g;
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_dsdt_com1),    cmocka_unit_test(test_dsdt_pci_crs),
		cmocka_unit_test(test_dsdt_prt),     cmocka_unit_test(test_dsdt_ecam),
		cmocka_unit_test(test_aml_pkglength), cmocka_unit_test(test_aml_names),
		cmocka_unit_test(test_dsdt_power_button), cmocka_unit_test(test_dsdt_tpm),
	};
	UNIT_ADD_ALL(&g, fixed);
	for (size_t i = 0; i < ARRAY_SIZE(dsdt_cases); i++)
		unit_add(&g, dsdt_cases[i].what, test_dsdt_shape, (void *)&dsdt_cases[i]);
	return unit_run("acpi_dsdt", &g);
}

