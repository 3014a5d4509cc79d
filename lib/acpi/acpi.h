/* cordon: ACPI tables (RSDP, XSDT, FADT, MADT, DSDT, optional MCFG and TPM2) describing a Linux VM's platform. */
#ifndef CORDON_LIB_ACPI_H
#define CORDON_LIB_ACPI_H
#include <cordon/types.h>

/*
 * The platform the tables describe: exactly what cordon's device models emulate, nothing more.
 *
 * Decisions (the reasons are next to the code in lib/acpi/acpi_tables.c and lib/acpi/acpi_dsdt.c):
 * - Hardware-reduced ACPI (FADT flag HW_REDUCED_ACPI): no PM timer, no SCI, no PM1 blocks, no FACS,
 *   no 8259. Linux then skips the PIT/HPET tick and the legacy PIC, powers off through the FADT
 *   sleep control register and reboots through RESET_REG.
 * - MADT: one Processor Local APIC (type 0) per vCPU with an APIC ID below 255 and a Processor Local
 *   x2APIC (type 9) above (ACPI 6.4, 5.2.12.12 asks for exactly this split); the APIC mode (xAPIC or
 *   x2APIC) is decided by CPUID and IA32_APIC_BASE, not by the entry type.
 * - The DSDT carries \_S5, COM1 (PNP0501) and, with pci, a PCI root bridge with _CRS and a _PRT that
 *   routes INTx to IOAPIC pins: without a root bridge in the namespace Linux 6.1 scans no PCI bus.
 * - A HW-reduced platform has no fixed power button: with power_button_gsi, a power button device
 *   (PNP0C0C) and a Generic Event Device (ACPI0013) whose interrupt on that pin notifies it.
 * - With tpm, a TPM 2.0 behind a Command Response Buffer: the TPM2 table (TCG ACPI Specification)
 *   and a DSDT device TPM0 (MSFT0101) whose _CRS holds the register page and the command buffer.
 */
struct acpi_platform {
	u64 base_gpa;	     /* guest-physical address of buf[0]; 16-byte aligned (the RSDP is first) */
	u32 ncpus;	     /* vCPUs 0..ncpus-1, APIC ID = index; 1..ACPI_MAX_CPUS */
	u64 ioapic_addr;     /* IOAPIC MMIO base, below 4 GiB */
	u8 ioapic_id;	     /* its IOAPIC ID; GSI base 0, ACPI_IOAPIC_PINS pins */
	u16 sleep_ctl_port;  /* I/O port of the sleep control register (byte, ACPI 6.4 4.8.3.7) */
	u16 sleep_sts_port;  /* I/O port of the sleep status register (byte) */
	u16 reset_port;	     /* I/O port of RESET_REG (byte) */
	u8 reset_value;	     /* the byte Linux writes there to reboot */
	bool uart;	     /* COM1: 16550 at 0x3F8-0x3FF, GSI 4 */
	bool msi;	     /* false: FADT says "MSI Not Supported" and Linux uses INTx only */
	bool cmos_rtc;	     /* false: FADT says "CMOS RTC Not Present" */
	bool pci;	     /* a PCI host bridge, config space through 0xCF8/0xCFC */
	u8 pci_irq_base;     /* GSI of INTA on slot 0; 4 GSIs from here, all >= 16 */
	u8 pci_last_bus;     /* buses 0..pci_last_bus decoded by the root bridge (0: bus 0 only) */
	u32 pci_mmio_base;   /* 32-bit memory window for BARs; size 0: none */
	u32 pci_mmio_size;
	u64 pci_ecam_base;   /* ECAM for buses 0..pci_last_bus, 1 MiB each, below 4 GiB; 0: no MCFG */
	u8 power_button_gsi; /* the Generic Event Device's edge interrupt for the power button; 0: none */
	bool tpm;	     /* a CRB TPM 2.0 at ACPI_TPM_CRB_BASE (the VM's vTPM, vtpm/) */
	u32 tpm_log_len;     /* with tpm: the TCG event log's area for the TPM2 table (LAML); 0: none */
	u64 tpm_log_gpa;     /* its guest-physical address (LASA) */
};

#define ACPI_MAX_CPUS 256
#define ACPI_IOAPIC_PINS 24
#define ACPI_COM1_PORT 0x3F8
#define ACPI_COM1_GSI 4
/* A free IOAPIC pin above the PCI INTx lines (16-19): the power button's Generic Event Device. */
#define ACPI_POWER_BUTTON_GSI 20

/*
 * The TPM's two 4 KiB pages in the 3-4 GiB hole: the CRB registers (locality registers at 0, the
 * control area at ACPI_TPM_CRB_CTRL) and the command/response buffer right after them. Linux 6.1's
 * tpm_crb uses the locality registers only when the control area sits at its _CRS base + 0x40, and
 * it ioremaps the buffer, so neither page may be e820 RAM.
 */
#define ACPI_TPM_CRB_BASE 0xFED40000u
#define ACPI_TPM_CRB_CTRL (ACPI_TPM_CRB_BASE + 0x40)
#define ACPI_TPM_CRB_BUF (ACPI_TPM_CRB_BASE + 0x1000)
#define ACPI_TPM_PAGE 0x1000u

/* What Linux writes to the sleep control register to power off: SLP_TYP (bits 4:2) and SLP_EN (bit 5),
 * ACPI 6.4 4.8.3.7; the SLP_TYP value is the first element of \_S5 in the DSDT. */
#define ACPI_SLP_TYP_SHIFT 2
#define ACPI_SLP_TYP_MASK 0x1C
#define ACPI_SLP_EN 0x20
#define ACPI_SLP_TYP_S5 5
#define ACPI_SLEEP_CTL_S5 ((ACPI_SLP_TYP_S5 << ACPI_SLP_TYP_SHIFT) | ACPI_SLP_EN)
/* Bit 7 of the sleep status register (WAK_STS); Linux writes it before sleeping. */
#define ACPI_WAK_STS 0x80

/* Enough for every table at ACPI_MAX_CPUS with PCI and MCFG (a test checks it). */
#define ACPI_BUILD_MAX 8192

/*
 * The platform above with cordon's usual choices: one vCPU, IOAPIC 0xFEC00000 ID 1, sleep control
 * 0x600, sleep status 0x601, reset 0x604 value 1, COM1, PCI with INTA..INTD on GSIs 16-19 and a
 * memory window [0xC0000000, 0xFEC00000), no ECAM/MCFG, no MSI, no CMOS RTC, the power button's
 * GED on GSI ACPI_POWER_BUTTON_GSI.
 */
void acpi_platform_defaults(struct acpi_platform *p, u64 base_gpa);

/*
 * Writes every table into buf[0, cap), which the guest sees at p->base_gpa, with the RSDP first;
 * *rsdp_gpa gets its address (for boot_params.acpi_rsdp_addr). Returns the bytes used, or 0 (and
 * nothing beyond buf[cap-1] is touched) if cap is too small or p is inconsistent. The range must be
 * reported to the guest as e820 ACPI (type 3) memory.
 */
u32 acpi_build(u8 *buf, u32 cap, const struct acpi_platform *p, u64 *rsdp_gpa);

/* True if the len bytes at t sum to zero modulo 256 (every ACPI table, ACPI 6.4 5.2.6). */
bool acpi_checksum_ok(const u8 *t, u32 len);

#endif
