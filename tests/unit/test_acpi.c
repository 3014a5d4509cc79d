/* cordon unit tests: ACPI tables for Linux VMs (lib/acpi/acpi.c and friends): RSDP, XSDT, FADT, MADT, MCFG, TPM2, limits. */
/* sources: lib/acpi/acpi.c lib/acpi/acpi_tables.c lib/acpi/acpi_dsdt.c lib/acpi/acpi_res.c lib/acpi/aml.c lib/str.c */
#include <tests/unit/acpi_fixture.h>

/* ---------------------------------------------------------------- RSDP, XSDT and the headers */

static void test_rsdp(void **state)
{
	(void)state;
	defaults();
	build();
	assert_memory_equal(buf, "RSD PTR ", 8);
	assert_true(acpi_checksum_ok(buf, 20));
	assert_true(acpi_checksum_ok(buf, 36));
	assert_memory_equal(buf + 9, "CORDON", 6);
	assert_int_equal(buf[15], 2);
	assert_int_equal(rd32(buf + 16), 0); /* no RSDT */
	assert_int_equal(rd32(buf + 20), 36);
	assert_int_equal(rd64(buf + 24) % 16, 0);
}

static void test_xsdt_lists_fadt_madt(void **state)
{
	const u8 *x;
	(void)state;
	defaults();
	build();
	x = at_gpa(rd64(buf + 24));
	check_header(x, "XSDT", 1);
	assert_int_equal(rd32(x + 4), 36 + 2 * 8);
	assert_memory_equal(at_gpa(rd64(x + 36)), "FACP", 4);
	assert_memory_equal(at_gpa(rd64(x + 44)), "APIC", 4);
	assert_null(find("MCFG"));
	assert_null(find("TPM2"));
}

static void test_every_table(void **state)
{
	(void)state;
	defaults();
	plat.pci_ecam_base = 0xB0000000;
	build();
	check_header(find("FACP"), "FACP", 6);
	assert_int_equal(rd32(find("FACP") + 4), 276);
	check_header(find("APIC"), "APIC", 5);
	check_header(find("MCFG"), "MCFG", 1);
	assert_int_equal(rd32(find("MCFG") + 4), 60);
	check_header(find("DSDT"), "DSDT", 2);
	assert_int_equal(rd32(at_gpa(rd64(buf + 24)) + 4), 36 + 3 * 8);
	assert_null(find("TPM2"));
}

/* ---------------------------------------------------------------- FADT */

/* 5.2.3.2: {space, width, offset, access size, address}. */
static void check_gas(const u8 *g, u8 space, u8 width, u8 access, u64 addr)
{
	assert_int_equal(g[0], space);
	assert_int_equal(g[1], width);
	assert_int_equal(g[2], 0);
	assert_int_equal(g[3], access);
	assert_int_equal(rd64(g + 4), addr);
}

static void test_fadt(void **state)
{
	const u8 *f;
	(void)state;
	defaults();
	build();
	f = find("FACP");
	assert_int_equal(f[131], 4);			     /* FADT minor version: 6.4 */
	assert_int_equal(rd32(f + 36), 0);		     /* no FACS */
	assert_int_equal(rd32(f + 40), rd64(f + 140));	     /* DSDT == X_DSDT */
	assert_int_equal(rd16(f + 46), 0);		     /* no SCI */
	assert_int_equal(rd32(f + 76), 0);		     /* no PM timer */
	assert_int_equal(rd32(f + 112), 1u << 20 | 1u << 19 | 1u << 10 | 1u << 5 | 1u << 4);
	assert_int_equal(rd16(f + 109), 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5);
	check_gas(f + 116, 1, 8, 1, 0x604);		     /* RESET_REG */
	assert_int_equal(f[128], 1);			     /* RESET_VALUE */
	check_gas(f + 208, 0, 0, 0, 0);			     /* X_PM_TMR_BLK */
	check_gas(f + 244, 1, 8, 1, 0x600);		     /* SLEEP_CONTROL_REG */
	check_gas(f + 256, 1, 8, 1, 0x601);		     /* SLEEP_STATUS_REG */
	assert_memory_equal(f + 268, "CORDONHV", 8);
}

static void test_fadt_follows_platform(void **state)
{
	const u8 *f;
	(void)state;
	defaults();
	plat.msi = plat.cmos_rtc = true;
	plat.sleep_ctl_port = 0xB000;
	plat.sleep_sts_port = 0xB004;
	plat.reset_port = 0xCF9;
	plat.reset_value = 6;
	build();
	f = find("FACP");
	assert_int_equal(rd16(f + 109), 1u << 2 | 1u << 4);
	check_gas(f + 244, 1, 8, 1, 0xB000);
	check_gas(f + 256, 1, 8, 1, 0xB004);
	check_gas(f + 116, 1, 8, 1, 0xCF9);
	assert_int_equal(f[128], 6);
	/* What Linux writes to power off: SLP_TYP 5 from \_S5 in bits 4:2, SLP_EN in bit 5. */
	assert_int_equal(ACPI_SLEEP_CTL_S5, 0x34);
}

/* ---------------------------------------------------------------- MADT and MCFG */

static void test_madt_one_cpu(void **state)
{
	static const u8 entries[] = {
		0, 8, 0, 0, 1, 0, 0, 0,				/* Local APIC: UID 0, APIC ID 0, enabled */
		1, 12, 1, 0, 0x00, 0x00, 0xC0, 0xFE, 0, 0, 0, 0, /* IOAPIC ID 1 at 0xFEC00000, GSI base 0 */
		2, 10, 0, 0, 2, 0, 0, 0, 0, 0,			/* ISA IRQ 0 -> GSI 2, conforming */
	};
	const u8 *m;
	(void)state;
	defaults();
	build();
	m = find("APIC");
	assert_int_equal(rd32(m + 4), 44 + sizeof(entries));
	assert_int_equal(rd32(m + 36), 0xFEE00000);
	assert_int_equal(rd32(m + 40), 0); /* no PCAT_COMPAT: no 8259s */
	assert_memory_equal(m + 44, entries, sizeof(entries));
}

/* APIC IDs below 255 in type 0, from 255 on in type 9 (ACPI 6.4 5.2.12.12). */
static void test_madt_many_cpus(void **state)
{
	const u8 *m, *e;
	(void)state;
	defaults();
	plat.ncpus = ACPI_MAX_CPUS;
	plat.ioapic_id = 0;
	build();
	m = find("APIC");
	e = m + 44;
	for (u32 i = 0; i < 255; i++, e += 8) {
		assert_int_equal(e[0], 0);
		assert_int_equal(e[1], 8);
		assert_int_equal(e[2], i);
		assert_int_equal(e[3], i);
		assert_int_equal(rd32(e + 4), 1);
	}
	assert_int_equal(e[0], 9);
	assert_int_equal(e[1], 16);
	assert_int_equal(rd32(e + 4), 255);
	assert_int_equal(rd32(e + 8), 1);
	assert_int_equal(rd32(e + 12), 255);
	assert_int_equal(e[16], 1);
	assert_int_equal(e[18], 0);
	assert_int_equal(e + 16 + 12 + 10, m + rd32(m + 4));
}

static void test_mcfg(void **state)
{
	const u8 *c;
	(void)state;
	defaults();
	plat.pci_ecam_base = 0xB0000000;
	plat.pci_last_bus = 7;
	build();
	c = find("MCFG");
	assert_int_equal(rd64(c + 36), 0);
	assert_int_equal(rd64(c + 44), 0xB0000000);
	assert_int_equal(rd16(c + 52), 0);
	assert_int_equal(c[54], 0);
	assert_int_equal(c[55], 7);
}

/* ---------------------------------------------------------------- TPM2 */

/*
 * TCG ACPI Specification 1.3, Table 7, read back at its byte offsets: revision 4, 76 bytes, client
 * class, the CRB control area at the register page + 0x40, start method 7 (CRB), 12 zero bytes of
 * start-method parameters, then LAML (64) and LASA (68).
 */
static void test_tpm2(void **state)
{
	static const u8 zero[12];
	const u8 *t, *x;
	(void)state;
	defaults();
	plat.tpm = true;
	build();
	t = find("TPM2");
	check_header(t, "TPM2", 4);
	assert_int_equal(rd32(t + 4), 76);
	assert_int_equal(rd16(t + 36), 0);	   /* platform class: client */
	assert_int_equal(rd16(t + 38), 0);	   /* reserved */
	assert_int_equal(rd64(t + 40), 0xFED40040); /* control area */
	assert_int_equal(rd32(t + 48), 7);	   /* start method: Command Response Buffer */
	assert_memory_equal(t + 52, zero, 12);
	assert_int_equal(rd32(t + 64), 0);	   /* LAML: no log yet */
	assert_int_equal(rd64(t + 68), 0);	   /* LASA */
	/* listed last, after FACP and APIC */
	x = at_gpa(rd64(buf + 24));
	assert_int_equal(rd32(x + 4), 36 + 3 * 8);
	assert_ptr_equal(at_gpa(rd64(x + 52)), t);
	assert_int_equal((t - buf) % 16, 0);
}

/* The log fields are the platform's, so an event log can be named without reshaping the table. */
static void test_tpm2_log(void **state)
{
	const u8 *t;
	(void)state;
	defaults();
	plat.tpm = true;
	plat.pci_ecam_base = 0xB0000000;
	plat.tpm_log_len = 0x10000;
	plat.tpm_log_gpa = 0x9F0000;
	build();
	t = find("TPM2");
	check_header(t, "TPM2", 4);
	assert_int_equal(rd32(t + 64), 0x10000);
	assert_int_equal(rd64(t + 68), 0x9F0000);
	check_header(find("MCFG"), "MCFG", 1);
	assert_int_equal(rd32(at_gpa(rd64(buf + 24)) + 4), 36 + 4 * 8);
}

/* FNV-1a (64-bit) of the bytes acpi_build wrote: a fingerprint, not a checksum anyone relies on. */
static u64 fingerprint(void)
{
	u64 h = 0xcbf29ce484222325ULL;
	for (u32 i = 0; i < used; i++)
		h = (h ^ buf[i]) * 0x100000001b3ULL;
	return h;
}

/*
 * Without tpm the tables are byte for byte those cordon built before the TPM existed (the values
 * were taken from the tree just before the TPM2 table was added): a VM without a vTPM must see no
 * change at all, nor may its measured configuration's tables move. A deliberate change of the
 * tables updates these two values.
 */
static void test_tpm_off_unchanged(void **state)
{
	(void)state;
	defaults();
	build();
	assert_int_equal(used, 2378);
	assert_int_equal(fingerprint(), 0x3508788df5963eb1ULL);
	plat.pci_ecam_base = 0xB0000000;
	plat.pci_last_bus = 15;
	plat.ncpus = 4;
	build();
	assert_int_equal(used, 2540);
	assert_int_equal(fingerprint(), 0x093009ad4badca97ULL);
	/* with it, the TPM2 table is the last one */
	plat.tpm = true;
	build();
	assert_int_equal(find("TPM2") + 76, buf + used);
}

/* ---------------------------------------------------------------- limits */

/* Every cap short of the size fails, writing nothing at or past buf[cap]; ASan sees exact buffers. */
static void check_all_caps(void)
{
	u64 rsdp;
	u8 *exact;
	build();
	for (u32 cap = 0; cap < used; cap++) {
		exact = malloc(cap ? cap : 1);
		assert_int_equal(acpi_build(exact, cap, &plat, &rsdp), 0);
		free(exact);
	}
	memset(buf, 0xA5, sizeof(buf));
	assert_int_equal(acpi_build(buf, used - 1, &plat, &rsdp), 0);
	for (u32 i = used - 1; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0xA5);
	exact = malloc(used);
	assert_int_equal(acpi_build(exact, used, &plat, &rsdp), used);
	free(exact);
}

static void test_capacity(void **state)
{
	(void)state;
	defaults();
	check_all_caps();
	plat.ncpus = ACPI_MAX_CPUS;
	plat.pci_ecam_base = 0xB0000000;
	plat.pci_last_bus = 255;
	check_all_caps();
	assert_true(used <= ACPI_BUILD_MAX);
	plat.tpm = true;
	check_all_caps();
	assert_true(used <= ACPI_BUILD_MAX);
}

struct bad_case {
	const char *what;
	void (*edit)(struct acpi_platform *p);
};
static void e_base(struct acpi_platform *p) { p->base_gpa += 8; }
static void e_wrap(struct acpi_platform *p) { p->base_gpa = 0xFFFFFFFFFFFFF000ULL; }
static void e_nocpu(struct acpi_platform *p) { p->ncpus = 0; }
static void e_cpus(struct acpi_platform *p) { p->ncpus = ACPI_MAX_CPUS + 1; }
static void e_ioapic(struct acpi_platform *p) { p->ioapic_addr = GiB(4); }
static void e_ctl(struct acpi_platform *p) { p->sleep_ctl_port = 0; }
static void e_sts(struct acpi_platform *p) { p->sleep_sts_port = p->sleep_ctl_port; }
static void e_reset(struct acpi_platform *p) { p->reset_port = 0; }
static void e_isa_gsi(struct acpi_platform *p) { p->pci_irq_base = 15; }
static void e_high_gsi(struct acpi_platform *p) { p->pci_irq_base = 21; }
static void e_window(struct acpi_platform *p) { p->pci_mmio_base = 0xF0000000, p->pci_mmio_size = 0x20000000; }
static void e_ecam_align(struct acpi_platform *p) { p->pci_ecam_base = 0xB0080000; }
static void e_ecam_high(struct acpi_platform *p) { p->pci_ecam_base = 0xF0100000, p->pci_last_bus = 255; }
static void e_ecam_window(struct acpi_platform *p) { p->pci_ecam_base = 0xBFF00000, p->pci_last_bus = 1; }
static void e_ecam_nopci(struct acpi_platform *p) { p->pci_ecam_base = 0xB0000000, p->pci = false; }
static void e_pwrb_com1(struct acpi_platform *p) { p->power_button_gsi = ACPI_COM1_GSI; }
static void e_pwrb_intx(struct acpi_platform *p) { p->power_button_gsi = 17; }
static void e_pwrb_high(struct acpi_platform *p) { p->power_button_gsi = ACPI_IOAPIC_PINS; }
static void e_tpm_log(struct acpi_platform *p) { p->tpm_log_len = 0x1000, p->tpm_log_gpa = 0x100000; }
static void e_tpm_laml(struct acpi_platform *p) { p->tpm = true, p->tpm_log_len = 0x1000; }
static void e_tpm_lasa(struct acpi_platform *p) { p->tpm = true, p->tpm_log_gpa = 0x100000; }
static void e_tpm_wrap(struct acpi_platform *p) { p->tpm = true, p->tpm_log_len = 2, p->tpm_log_gpa = ~0ULL; }
static void e_tpm_window(struct acpi_platform *p) { p->tpm = true, p->pci_mmio_size = 0xFED41000 - 0xC0000000; }
static void e_tpm_ecam(struct acpi_platform *p) { p->tpm = true, p->pci_mmio_size = 0x10000000, p->pci_ecam_base = 0xFED00000; }

static const struct bad_case bad[] = {
	{ "base not 16-byte aligned", e_base },	       { "tables past 2^64", e_wrap },
	{ "no vCPU", e_nocpu },			       { "too many vCPUs", e_cpus },
	{ "IOAPIC above 4 GiB", e_ioapic },	       { "no sleep control port", e_ctl },
	{ "sleep status = control", e_sts },	       { "no reset port", e_reset },
	{ "INTx on an ISA GSI", e_isa_gsi },	       { "INTx past pin 23", e_high_gsi },
	{ "window past 4 GiB", e_window },	       { "ECAM not 1 MiB aligned", e_ecam_align },
	{ "ECAM past 4 GiB", e_ecam_high },	       { "ECAM over the BAR window", e_ecam_window },
	{ "ECAM without PCI", e_ecam_nopci },	       { "power button on COM1's GSI", e_pwrb_com1 },
	{ "power button on a PCI INTx GSI", e_pwrb_intx }, { "power button past pin 23", e_pwrb_high },
	{ "TPM log without a TPM", e_tpm_log },	       { "TPM log length without address", e_tpm_laml },
	{ "TPM log address without length", e_tpm_lasa }, { "TPM log past 2^64", e_tpm_wrap },
	{ "TPM pages in the BAR window", e_tpm_window }, { "TPM pages in ECAM", e_tpm_ecam },
};

static void test_bad_platform(void **state)
{
	const struct bad_case *c = *state;
	u64 rsdp = 0x1234;
	defaults();
	c->edit(&plat);
	assert_int_equal(acpi_build(buf, sizeof(buf), &plat, &rsdp), 0);
	assert_int_equal(rsdp, 0x1234);
}

static void test_null_args(void **state)
{
	u64 rsdp;
	(void)state;
	defaults();
	assert_int_equal(acpi_build(NULL, sizeof(buf), &plat, &rsdp), 0);
	assert_int_equal(acpi_build(buf, sizeof(buf), NULL, &rsdp), 0);
	assert_int_equal(acpi_build(buf, sizeof(buf), &plat, NULL), 0);
}

int main(void)
{
	static struct unit_group g;
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_rsdp),	      cmocka_unit_test(test_xsdt_lists_fadt_madt),
		cmocka_unit_test(test_every_table),   cmocka_unit_test(test_fadt),
		cmocka_unit_test(test_fadt_follows_platform), cmocka_unit_test(test_madt_one_cpu),
		cmocka_unit_test(test_madt_many_cpus), cmocka_unit_test(test_mcfg),
		cmocka_unit_test(test_capacity),      cmocka_unit_test(test_null_args),
		cmocka_unit_test(test_tpm2),	      cmocka_unit_test(test_tpm2_log),
		cmocka_unit_test(test_tpm_off_unchanged),
	};
	UNIT_ADD_ALL(&g, fixed);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		unit_add(&g, bad[i].what, test_bad_platform, (void *)&bad[i]);
	return unit_run("acpi", &g);
}
