/* cordon: the FADT, MADT, MCFG and TPM2 tables of a VM (ACPI 6.4 5.2.9, 5.2.12; PCI Firmware 3.2 4.1.2; TCG ACPI 1.3). */
#include <lib/acpi/acpi_int.h>
#include <lib/str.h>

/* 5.2.9 Fixed feature flags (FADT offset 112). */
#define FADT_PWR_BUTTON (1u << 4)	 /* no fixed power button */
#define FADT_SLP_BUTTON (1u << 5)	 /* no fixed sleep button */
#define FADT_RESET_REG_SUP (1u << 10)	 /* RESET_REG and RESET_VALUE are valid */
#define FADT_APIC_PHYSICAL (1u << 19)	 /* FORCE_APIC_PHYSICAL_DESTINATION_MODE */
#define FADT_HW_REDUCED_ACPI (1u << 20)

/* 5.2.9.3 IA-PC boot architecture flags (FADT offset 109). */
#define IAPC_VGA_NOT_PRESENT (1u << 2)
#define IAPC_MSI_NOT_SUPPORTED (1u << 3)
#define IAPC_PCIE_ASPM_CONTROLS (1u << 4) /* OSPM must not touch ASPM: there is no link to manage */
#define IAPC_CMOS_RTC_NOT_PRESENT (1u << 5)

#define FADT_REVISION 6
#define FADT_MINOR 4	/* ACPI 6.4 */
#define MADT_REVISION 5 /* ACPI 6.2b-6.4 */

/* An 8-bit register in I/O space, as 4.8.3.7 requires of the sleep registers (width 8, offset 0). */
static struct acpi_gas io_byte(u16 port)
{
	return (struct acpi_gas){ .space_id = ACPI_GAS_SYSTEM_IO, .bit_width = 8,
				  .access_size = ACPI_GAS_ACCESS_BYTE, .address = port };
}

static u16 iapc_flags(const struct acpi_platform *p)
{
	/* Bits 0 (LEGACY_DEVICES) and 1 (8042) stay clear: Linux then skips the i8042 probe. */
	u16 f = IAPC_VGA_NOT_PRESENT | IAPC_PCIE_ASPM_CONTROLS;
	if (!p->msi)
		f |= IAPC_MSI_NOT_SUPPORTED;
	if (!p->cmos_rtc)
		f |= IAPC_CMOS_RTC_NOT_PRESENT;
	return f;
}

/*
 * Hardware-reduced (4.1): Linux 6.1 then sets legacy_pic = null_legacy_pic and skips the PIT/HPET
 * tick (arch/x86/kernel/acpi/boot.c), needs no SCI, PM timer, PM1 blocks or FACS, and enters S5
 * through sleep_control (acpi_hw_extended_sleep). Physical destination mode keeps the IOAPIC and
 * MSI destinations plain APIC IDs, so the interrupt model need not decode logical/cluster IDs.
 */
void acpi_build_fadt(struct acpi_buf *b, const struct acpi_platform *p, u64 dsdt_gpa)
{
	struct acpi_fadt f;
	u32 start = b->len;
	c_memset(&f, 0, sizeof(f));
	acpi_header_init(&f.h, "FACP", FADT_REVISION);
	f.minor_version = FADT_MINOR;
	/* DSDT is the 32-bit copy of X_DSDT; equal values keep ACPICA from warning (5.2.9: X_ wins). */
	f.dsdt = dsdt_gpa < GiB(4) ? (u32)dsdt_gpa : 0;
	f.x_dsdt = dsdt_gpa;
	f.iapc_boot_arch = iapc_flags(p);
	f.flags = FADT_HW_REDUCED_ACPI | FADT_RESET_REG_SUP | FADT_PWR_BUTTON | FADT_SLP_BUTTON |
		  FADT_APIC_PHYSICAL;
	f.reset_reg = io_byte(p->reset_port);
	f.reset_value = p->reset_value;
	f.sleep_control = io_byte(p->sleep_ctl_port);
	f.sleep_status = io_byte(p->sleep_sts_port);
	c_memcpy(f.hypervisor_vendor, "CORDONHV", 8);
	acpi_put(b, &f, sizeof(f));
	acpi_table_end(b, start);
}

/* APIC IDs below 255 go in type-0 entries, the rest in type-9 entries (5.2.12.12). */
static void put_cpu(struct acpi_buf *b, u32 id)
{
	if (id < 255) {
		struct acpi_madt_lapic e = { .type = ACPI_MADT_LAPIC, .length = sizeof(e), .uid = (u8)id,
					     .apic_id = (u8)id, .flags = ACPI_MADT_ENABLED };
		acpi_put(b, &e, sizeof(e));
	} else {
		struct acpi_madt_x2apic e = { .type = ACPI_MADT_X2APIC, .length = sizeof(e), .x2apic_id = id,
					      .flags = ACPI_MADT_ENABLED, .uid = id };
		acpi_put(b, &e, sizeof(e));
	}
}

void acpi_build_madt(struct acpi_buf *b, const struct acpi_platform *p)
{
	u32 start = acpi_table_begin(b, "APIC", MADT_REVISION);
	/* PCAT_COMPAT stays clear: there is no 8259 pair behind the IOAPIC. */
	struct { u32 lapic_addr, flags; } __attribute__((packed)) rest = { ACPI_LAPIC_ADDR, 0 };
	struct acpi_madt_ioapic io = { .type = ACPI_MADT_IOAPIC, .length = sizeof(io), .id = p->ioapic_id,
				       .addr = (u32)p->ioapic_addr, .gsi_base = 0 };
	/* ISA IRQ 0 (the PIT) arrives on pin 2, as on every PC since the IOAPIC; flags 0: ISA edge/high. */
	struct acpi_madt_iso iso = { .type = ACPI_MADT_ISO, .length = sizeof(iso), .bus = 0, .source = 0,
				     .gsi = 2, .flags = 0 };
	acpi_put(b, &rest, sizeof(rest));
	/* The boot processor first (5.2.12.1). */
	for (u32 i = 0; i < p->ncpus; i++)
		put_cpu(b, i);
	acpi_put(b, &io, sizeof(io));
	acpi_put(b, &iso, sizeof(iso));
	acpi_table_end(b, start);
}

void acpi_build_mcfg(struct acpi_buf *b, const struct acpi_platform *p)
{
	u32 start = acpi_table_begin(b, "MCFG", 1);
	struct acpi_mcfg_alloc a = { .base = p->pci_ecam_base, .segment = 0, .start_bus = 0,
				     .end_bus = p->pci_last_bus };
	acpi_zero(b, 8);
	acpi_put(b, &a, sizeof(a));
	acpi_table_end(b, start);
}

/*
 * TCG ACPI Specification 1.3, Table 7: a client-class TPM 2.0 driven through the Command Response
 * Buffer (start method 7, Table 8), whose control area is the register page's offset 0x40, as on a
 * PC client CRB TPM (the CRB register space of the PC Client Platform TPM Profile 2.0). Start method 7 takes no specific
 * parameters. LAML/LASA stay present (revision 4 length, 76 bytes) so an event log can be named
 * later without changing the table's shape; with both zero Linux finds no log and goes on.
 */
void acpi_build_tpm2(struct acpi_buf *b, const struct acpi_platform *p)
{
	struct acpi_tpm2 t;
	u32 start = b->len;
	c_memset(&t, 0, sizeof(t));
	acpi_header_init(&t.h, "TPM2", ACPI_TPM2_REVISION);
	t.platform_class = ACPI_TPM2_CLASS_CLIENT;
	t.control_area = ACPI_TPM_CRB_CTRL;
	t.start_method = ACPI_TPM2_START_CRB;
	t.laml = p->tpm_log_len;
	t.lasa = p->tpm_log_gpa;
	acpi_put(b, &t, sizeof(t));
	acpi_table_end(b, start);
}
