/* cordon fuzz target: ACPI tables (lib/acpi/acpi.c and friends) for arbitrary platforms and buffer sizes. */
/* sources: lib/acpi/acpi.c lib/acpi/acpi_tables.c lib/acpi/acpi_dsdt.c lib/acpi/acpi_res.c lib/acpi/aml.c lib/str.c */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <tests/unit/aml_walk.h>
#include <lib/acpi/acpi.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "fuzz_acpi: check failed: %s\n", #c);   \
			abort();                                               \
		}                                                              \
	} while (0)

/* Consumes n bytes of input as a little-endian integer (zeros once the input runs out). */
static u64 take(const uint8_t **p, const uint8_t *end, u32 n)
{
	u64 v = 0;
	for (u32 i = 0; i < n && *p < end; i++)
		v |= (u64)*(*p)++ << (8 * i);
	return v;
}

/* Field by field: a bool must only ever hold 0 or 1. */
static void platform_from(struct acpi_platform *pl, const uint8_t **p, const uint8_t *end)
{
	pl->base_gpa = take(p, end, 1) & 1 ? take(p, end, 8) : take(p, end, 2) << 4;
	pl->ncpus = (u32)take(p, end, 2);
	pl->ioapic_addr = take(p, end, 1) & 1 ? take(p, end, 8) : 0xFEC00000;
	pl->ioapic_id = (u8)take(p, end, 1);
	pl->sleep_ctl_port = (u16)take(p, end, 2);
	pl->sleep_sts_port = (u16)take(p, end, 2);
	pl->reset_port = (u16)take(p, end, 2);
	pl->reset_value = (u8)take(p, end, 1);
	u32 flags = (u32)take(p, end, 1);
	pl->uart = flags & 1, pl->msi = flags >> 1 & 1, pl->cmos_rtc = flags >> 2 & 1, pl->pci = flags >> 3 & 1;
	pl->pci_irq_base = (u8)take(p, end, 1);
	pl->pci_last_bus = (u8)take(p, end, 1);
	pl->pci_mmio_base = (u32)take(p, end, 4);
	pl->pci_mmio_size = (u32)take(p, end, 4);
	pl->pci_ecam_base = flags >> 4 & 1 ? take(p, end, 8) : (flags >> 5 & 1) * take(p, end, 2) << 20;
	pl->power_button_gsi = (u8)take(p, end, 1);
	/* the vTPM's TPM2 table and TPM0 device, with or without (and with inconsistent) log fields */
	pl->tpm = flags >> 6 & 1;
	if (flags >> 7 & 1) {
		pl->tpm_log_len = (u32)take(p, end, 4);
		pl->tpm_log_gpa = take(p, end, 8);
	}
}

static u32 rd32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/* What acpi_build promises about tables it returns: whole, checksummed, the DSDT well-formed. */
static void check_tables(const u8 *b, u32 n)
{
	static struct aw w;
	u32 off = 48;
	CHECK(n >= 36 && acpi_checksum_ok(b, 20) && acpi_checksum_ok(b, 36));
	while (off + 36 <= n) {
		u32 len = rd32(b + off + 4);
		CHECK(len >= 36 && len <= n - off && acpi_checksum_ok(b + off, len));
		if (!memcmp(b + off, "DSDT", 4)) {
			memset(&w, 0, sizeof(w));
			CHECK(aw_termlist(&w, b + off + 36, b + off + len, ""));
		}
		off = (off + len + 15) & ~15u;
	}
	CHECK(off >= n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct acpi_platform pl = { 0 };
	u32 cap = (u32)take(&p, end, 2) % (ACPI_BUILD_MAX + 1), n;
	u64 rsdp = 0;
	u8 *b;
	platform_from(&pl, &p, end);
	b = malloc(cap ? cap : 1); /* exact size: AddressSanitizer catches a write past cap */
	n = acpi_build(b, cap, &pl, &rsdp);
	CHECK(n <= cap);
	if (n) {
		CHECK(rsdp == pl.base_gpa);
		check_tables(b, n);
	}
	free(b);
	return 0;
}
