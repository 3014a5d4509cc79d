/* cordon: the DSDT of a VM: \_S5, COM1, the power button, the TPM and the PCI root bridge with its windows and INTx routing. */
#include <lib/acpi/acpi_int.h>

/* Revision 2: 64-bit AML integers (ACPI 6.4 5.2.11.1). */
#define DSDT_REVISION 2
/* Resource templates are built here first, since a Buffer states its size before its bytes. */
#define CRS_MAX 128
#define PCI_SLOTS 32
/* I/O BARs go above the legacy ports (Linux allocates from 0x1000 anyway; PCIBIOS_MIN_IO). */
#define PCI_IO_MIN 0x1000
#define PCI_IO_MAX 0xFFFF
#define PCI_CONFIG_PORT 0xCF8
/* 6.3.7 _STA bits 0-3: present, enabled, shown in the UI, functioning properly. */
#define ACPI_STA_ALL 0x0F

/*
 * 7.4.2 \_Sx: SLP_TYPa, SLP_TYPb, two reserved. HW-reduced OSPM writes SLP_TYPa into the sleep control
 * register (4.8.3.7). Linux registers its ACPI power-off handler only if \_S5 exists.
 */
static void put_s5(struct acpi_buf *b)
{
	u32 pkg;
	aml_name(b, "\\_S5_");
	pkg = aml_package(b, 4);
	aml_int(b, ACPI_SLP_TYP_S5);
	aml_int(b, 0);
	aml_int(b, 0);
	aml_int(b, 0);
	aml_close(b, pkg);
}

/*
 * The 16550 as a PNP device: Linux's 8250_pnp takes its IRQ from here. On a HW-reduced platform
 * Linux has no legacy PIC and so no identity map of ISA IRQs 0-15; without this _CRS IRQ 4 would
 * not be wired to IOAPIC pin 4 (Firecracker describes its UARTs the same way).
 */
static void put_com1(struct acpi_buf *b)
{
	u8 crs[CRS_MAX];
	struct acpi_buf r = { .p = crs, .cap = sizeof(crs) };
	u32 dev = aml_device(b, "COM1");
	aml_name_eisaid(b, "_HID", "PNP0501");
	aml_name_int(b, "_UID", 0);
	res_io(&r, ACPI_COM1_PORT, 8);
	res_irq(&r, ACPI_COM1_GSI);
	res_end(&r);
	aml_name_buffer(b, "_CRS", &r);
	aml_close(b, dev);
}

/*
 * The power button of a HW-reduced platform (ACPI 6.4 4.8.2.2.1.2: a control-method power button,
 * PNP0C0C) and the Generic Event Device that signals it (5.6.9, ACPI0013): one edge-triggered,
 * active-high interrupt in its _CRS; OSPM runs _EVT(GSI) when it fires, and _EVT notifies the button
 * with 0x80, "pressed" (4.8.3.1.1). Linux's evged driver requests the interrupt, its button driver
 * turns the notification into KEY_POWER.
 */
static void put_power_button(struct acpi_buf *b, const struct acpi_platform *p)
{
	u8 crs[CRS_MAX];
	struct acpi_buf r = { .p = crs, .cap = sizeof(crs) };
	u32 dev = aml_device(b, "PWRB"), m;
	aml_name_eisaid(b, "_HID", "PNP0C0C");
	aml_name_int(b, "_UID", 0);
	aml_close(b, dev);
	dev = aml_device(b, "GED0");
	aml_name_string(b, "_HID", "ACPI0013");
	aml_name_int(b, "_UID", 0);
	res_irq(&r, p->power_button_gsi); /* consumer, edge, active high, exclusive */
	res_end(&r);
	aml_name_buffer(b, "_CRS", &r);
	m = aml_method(b, "_EVT", 1); /* Arg0 = the GSI; this GED has only the one */
	aml_notify(b, "\\_SB_.PWRB", 0x80);
	aml_close(b, m);
	aml_close(b, dev);
}

/*
 * The TPM 2.0 device (TCG ACPI Specification 1.3, "ACPI Device" for TPM 2.0: _HID "MSFT0101", a
 * string since it is no EISA ID) with _STA 0x0F (ACPI 6.4 6.3.7: present, enabled, shown in the UI,
 * functioning) and two fixed read-write memory ranges (6.4.3.4): the CRB register page, whose
 * offset 0x40 is the control area the TPM2 table names, and the command/response buffer page. Linux
 * 6.1's tpm_crb maps each of them from the resource that contains it, and uses the locality
 * registers only if the control area is the first range's base + 0x40.
 */
static void put_tpm(struct acpi_buf *b)
{
	u8 crs[CRS_MAX];
	struct acpi_buf r = { .p = crs, .cap = sizeof(crs) };
	u32 dev = aml_device(b, "TPM0");
	aml_name_string(b, "_HID", "MSFT0101");
	aml_name_int(b, "_STA", ACPI_STA_ALL);
	res_mem_fixed(&r, ACPI_TPM_CRB_BASE, ACPI_TPM_PAGE);
	res_mem_fixed(&r, ACPI_TPM_CRB_BUF, ACPI_TPM_PAGE);
	res_end(&r);
	aml_name_buffer(b, "_CRS", &r);
	aml_close(b, dev);
}

/* Bus numbers, the config ports (consumed, not forwarded), and the I/O and memory windows. */
static void put_pci_crs(struct acpi_buf *b, const struct acpi_platform *p)
{
	u8 crs[CRS_MAX];
	struct acpi_buf r = { .p = crs, .cap = sizeof(crs) };
	res_bus_window(&r, p->pci_last_bus);
	res_io(&r, PCI_CONFIG_PORT, 8);
	res_io_window(&r, PCI_IO_MIN, PCI_IO_MAX);
	if (p->pci_mmio_size)
		res_mem_window(&r, p->pci_mmio_base, p->pci_mmio_size);
	res_end(&r);
	aml_name_buffer(b, "_CRS", &r);
}

/*
 * 6.2.13 _PRT: one entry per slot and pin, {address 0xSSSSFFFF (any function), pin 0-3 = INTA-INTD,
 * source 0, GSI}. A zero source means a GSI wired level-triggered, active-low and shareable, so Linux
 * programs the IOAPIC pin that way. Pins rotate across slots (INTA of slot s on base + s % 4) like the
 * usual PCI swizzle, so neighbouring devices rarely share a line.
 */
static void put_prt(struct acpi_buf *b, const struct acpi_platform *p)
{
	u32 outer;
	aml_name(b, "_PRT");
	outer = aml_package(b, PCI_SLOTS * 4);
	for (u32 slot = 0; slot < PCI_SLOTS; slot++) {
		for (u32 pin = 0; pin < 4; pin++) {
			u32 e = aml_package(b, 4);
			aml_int(b, (u64)slot << 16 | 0xFFFF);
			aml_int(b, pin);
			aml_int(b, 0);
			aml_int(b, p->pci_irq_base + ((slot + pin) & 3));
			aml_close(b, e);
		}
	}
	aml_close(b, outer);
}

/*
 * Linux 6.1 enumerates PCI only below a PNP0A03/PNP0A08 device when ACPI is on (pci_acpi_init()
 * returns 0, so pci_legacy_init() never scans). With ECAM the bridge is PCI Express (PNP0A08, and
 * PNP0A03 for older OSes); Linux evaluates _OSC there, finds none, and leaves ASPM and AER alone.
 */
static void put_pci0(struct acpi_buf *b, const struct acpi_platform *p)
{
	u32 dev = aml_device(b, "PCI0");
	if (p->pci_ecam_base) {
		aml_name_eisaid(b, "_HID", "PNP0A08");
		aml_name_eisaid(b, "_CID", "PNP0A03");
	} else {
		aml_name_eisaid(b, "_HID", "PNP0A03");
	}
	aml_name_int(b, "_UID", 0);
	put_pci_crs(b, p);
	put_prt(b, p);
	aml_close(b, dev);
}

/*
 * Linux uses MCFG's ECAM only if the range is reserved by a motherboard-resources device (or e820):
 * pci_mmcfg_check_reserved() in arch/x86/pci/mmconfig-shared.c.
 */
static void put_ecam_reservation(struct acpi_buf *b, const struct acpi_platform *p)
{
	u8 crs[CRS_MAX];
	struct acpi_buf r = { .p = crs, .cap = sizeof(crs) };
	u32 dev = aml_device(b, "RES0");
	aml_name_eisaid(b, "_HID", "PNP0C02");
	aml_name_int(b, "_UID", 0);
	res_mem_fixed(&r, (u32)p->pci_ecam_base, (u32)MiB((u32)p->pci_last_bus + 1));
	res_end(&r);
	aml_name_buffer(b, "_CRS", &r);
	aml_close(b, dev);
}

void acpi_build_dsdt(struct acpi_buf *b, const struct acpi_platform *p)
{
	u32 start = acpi_table_begin(b, "DSDT", DSDT_REVISION);
	u32 sb;
	put_s5(b);
	sb = aml_scope(b, "\\_SB_");
	if (p->uart)
		put_com1(b);
	if (p->power_button_gsi)
		put_power_button(b, p);
	if (p->tpm)
		put_tpm(b);
	if (p->pci) {
		put_pci0(b, p);
		if (p->pci_ecam_base)
			put_ecam_reservation(b, p);
	}
	aml_close(b, sb);
	acpi_table_end(b, start);
}
