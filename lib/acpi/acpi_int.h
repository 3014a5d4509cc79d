/* cordon: ACPI table layouts, the append-only table writer and the AML encoder shared by the lib/acpi/ files. */
#ifndef CORDON_LIB_ACPI_INT_H
#define CORDON_LIB_ACPI_INT_H
#include <lib/acpi/acpi.h>

#define ACPI_CHECK(type, field, off) _Static_assert(__builtin_offsetof(type, field) == (off), #type "." #field)

/* Every table carries the same identity; the FADT's OEM Table ID must match the XSDT's (5.2.9). */
#define ACPI_OEM_ID "CORDON"
#define ACPI_OEM_TABLE_ID "CORDONVM"
#define ACPI_CREATOR_ID "CRDN"

/* ---------------------------------------------------------------- layouts (ACPI 6.4, little-endian) */

/* 5.2.5.3 Root System Description Pointer (RSDP), revision 2. */
struct acpi_rsdp {
	char sig[8];	/* "RSD PTR " */
	u8 checksum;	/* over bytes 0-19 (the ACPI 1.0 part) */
	char oem_id[6];
	u8 revision;	/* 2: XSDT present */
	u32 rsdt_addr;	/* 0: no RSDT, the XSDT supersedes it */
	u32 length;	/* 36 */
	u64 xsdt_addr;
	u8 ext_checksum; /* over all 36 bytes */
	u8 reserved[3];
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_rsdp) == 36, "RSDP size");
ACPI_CHECK(struct acpi_rsdp, xsdt_addr, 24);

/* 5.2.6 System Description Table Header. */
struct acpi_header {
	char sig[4];
	u32 length;	/* of the whole table, header included */
	u8 revision;
	u8 checksum;	/* all bytes of the table sum to zero */
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	char creator_id[4];
	u32 creator_revision;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_header) == 36, "header size");

/* 5.2.3.2 Generic Address Structure (GAS). */
struct acpi_gas {
	u8 space_id;	/* 1 = System I/O */
	u8 bit_width;
	u8 bit_offset;
	u8 access_size; /* 1 = byte access */
	u64 address;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_gas) == 12, "GAS size");
#define ACPI_GAS_SYSTEM_IO 1
#define ACPI_GAS_ACCESS_BYTE 1

/* 5.2.9 Fixed ACPI Description Table (FADT), revision 6; the legacy blocks stay zero when HW-reduced. */
struct acpi_fadt {
	struct acpi_header h;
	u32 firmware_ctrl;	/* 36: FACS; none on a HW-reduced platform (5.2.10) */
	u32 dsdt;		/* 40 */
	u8 reserved0;		/* 44: was INT_MODEL */
	u8 pm_profile;		/* 45: Preferred_PM_Profile */
	u16 sci_int;		/* 46 */
	u32 smi_cmd;		/* 48 */
	u8 acpi_enable, acpi_disable, s4bios_req, pstate_cnt; /* 52 */
	u32 pm1a_evt, pm1b_evt, pm1a_cnt, pm1b_cnt, pm2_cnt, pm_tmr, gpe0, gpe1; /* 56 */
	u8 pm1_evt_len, pm1_cnt_len, pm2_cnt_len, pm_tmr_len, gpe0_len, gpe1_len, gpe1_base, cst_cnt; /* 88 */
	u16 p_lvl2_lat, p_lvl3_lat, flush_size, flush_stride; /* 96 */
	u8 duty_offset, duty_width, day_alrm, mon_alrm, century; /* 104 */
	u16 iapc_boot_arch;	/* 109: 5.2.9.3 */
	u8 reserved1;		/* 111 */
	u32 flags;		/* 112: fixed feature flags */
	struct acpi_gas reset_reg; /* 116 */
	u8 reset_value;		/* 128 */
	u16 arm_boot_arch;	/* 129 */
	u8 minor_version;	/* 131 */
	u64 x_firmware_ctrl;	/* 132 */
	u64 x_dsdt;		/* 140 */
	struct acpi_gas x_pm1a_evt, x_pm1b_evt, x_pm1a_cnt, x_pm1b_cnt, x_pm2_cnt, x_pm_tmr, x_gpe0, x_gpe1; /* 148 */
	struct acpi_gas sleep_control; /* 244: 4.8.3.7 */
	struct acpi_gas sleep_status;  /* 256 */
	u8 hypervisor_vendor[8];       /* 268 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_fadt) == 276, "FADT size");
ACPI_CHECK(struct acpi_fadt, iapc_boot_arch, 109);
ACPI_CHECK(struct acpi_fadt, flags, 112);
ACPI_CHECK(struct acpi_fadt, reset_reg, 116);
ACPI_CHECK(struct acpi_fadt, minor_version, 131);
ACPI_CHECK(struct acpi_fadt, x_dsdt, 140);
ACPI_CHECK(struct acpi_fadt, x_pm_tmr, 208);
ACPI_CHECK(struct acpi_fadt, sleep_control, 244);
ACPI_CHECK(struct acpi_fadt, sleep_status, 256);

/* 5.2.12 Multiple APIC Description Table (MADT), then its interrupt controller structures. */
struct acpi_madt {
	struct acpi_header h;
	u32 lapic_addr;	/* 36: xAPIC MMIO base */
	u32 flags;	/* 40: bit 0 PCAT_COMPAT (dual 8259s present) */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt) == 44, "MADT size");

/* 5.2.12.2 Processor Local APIC Structure (type 0). */
struct acpi_madt_lapic {
	u8 type, length;	/* 0, 8 */
	u8 uid;			/* ACPI Processor UID */
	u8 apic_id;
	u32 flags;		/* bit 0 Enabled */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt_lapic) == 8, "LAPIC entry size");

/* 5.2.12.3 I/O APIC Structure (type 1). */
struct acpi_madt_ioapic {
	u8 type, length;	/* 1, 12 */
	u8 id, reserved;
	u32 addr;
	u32 gsi_base;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt_ioapic) == 12, "IOAPIC entry size");

/* 5.2.12.5 Interrupt Source Override Structure (type 2). */
struct acpi_madt_iso {
	u8 type, length;	/* 2, 10 */
	u8 bus;			/* 0 = ISA */
	u8 source;		/* ISA IRQ */
	u32 gsi;
	u16 flags;		/* MPS INTI flags; 0 = conforms to the bus (ISA: edge, active high) */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt_iso) == 10, "ISO entry size");

/* 5.2.12.12 Processor Local x2APIC Structure (type 9). */
struct acpi_madt_x2apic {
	u8 type, length;	/* 9, 16 */
	u16 reserved;
	u32 x2apic_id;
	u32 flags;		/* as in type 0 */
	u32 uid;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt_x2apic) == 16, "x2APIC entry size");

#define ACPI_MADT_LAPIC 0
#define ACPI_MADT_IOAPIC 1
#define ACPI_MADT_ISO 2
#define ACPI_MADT_X2APIC 9
#define ACPI_MADT_ENABLED 1u
#define ACPI_LAPIC_ADDR 0xFEE00000u

/* MCFG: PCI Firmware Specification 3.2, 4.1.2 (a signature ACPI 6.4 5.2.6 reserves for it). */
struct acpi_mcfg {
	struct acpi_header h;
	u8 reserved[8];
} __attribute__((packed));
struct acpi_mcfg_alloc {
	u64 base;		/* ECAM base; bus N's 1 MiB starts at base + N MiB */
	u16 segment;
	u8 start_bus, end_bus;
	u32 reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_mcfg) == 44 && sizeof(struct acpi_mcfg_alloc) == 16, "MCFG sizes");

/*
 * TPM2: TCG ACPI Specification, Family "1.2" and "2.0", Version 1.3, Table 7 "TPM2 ACPI Table"
 * (ACPI 6.4 5.2.6 Table 5.6 reserves the signature for it). Revision 4 is the layout with the
 * 12-byte Start Method Specific Parameters and the optional LAML/LASA pair at the end; a table that
 * stops at 52 bytes has no log fields, and Linux (tpm_read_log_acpi) reads them only at length 76.
 */
struct acpi_tpm2 {
	struct acpi_header h;	/* 0: "TPM2", revision 4 */
	u16 platform_class;	/* 36: 0 client, 1 server */
	u16 reserved;		/* 38 */
	u64 control_area;	/* 40: Address of CRB Control Area; 0 for start methods without one */
	u32 start_method;	/* 48: Table 8 of the same specification */
	u8 start_params[12];	/* 52: Start Method Specific Parameters; zero for start method 7 */
	u32 laml;		/* 64: Log Area Minimum Length (optional) */
	u64 lasa;		/* 68: Log Area Start Address (optional) */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_tpm2) == 76, "TPM2 size");
ACPI_CHECK(struct acpi_tpm2, control_area, 40);
ACPI_CHECK(struct acpi_tpm2, start_method, 48);
ACPI_CHECK(struct acpi_tpm2, laml, 64);
ACPI_CHECK(struct acpi_tpm2, lasa, 68);
#define ACPI_TPM2_REVISION 4
#define ACPI_TPM2_CLASS_CLIENT 0
#define ACPI_TPM2_START_CRB 7	/* "Uses the Command Response Buffer Interface" */

/* ---------------------------------------------------------------- the writer (lib/acpi/acpi.c) */

/* Appends to p[0, cap); a write that does not fit writes nothing and sets over for good. */
struct acpi_buf {
	u8 *p;
	u32 cap, len;
	bool over;
};

void acpi_put(struct acpi_buf *b, const void *src, u32 n);
void acpi_put8(struct acpi_buf *b, u8 v);
/* The low n bytes of v, least significant first (all ACPI and AML integers are little-endian). */
void acpi_put_le(struct acpi_buf *b, u64 v, u32 n);
void acpi_zero(struct acpi_buf *b, u32 n);
void acpi_pad(struct acpi_buf *b, u32 align);
/* Starts a table with a header whose length and checksum acpi_table_end fills in; returns its offset. */
u32 acpi_table_begin(struct acpi_buf *b, const char *sig, u8 revision);
void acpi_table_end(struct acpi_buf *b, u32 start);
void acpi_header_init(struct acpi_header *h, const char *sig, u8 revision);
u8 acpi_sum(const u8 *t, u32 len);

/* The tables (lib/acpi/acpi_tables.c, lib/acpi/acpi_dsdt.c); each appends one whole table. */
void acpi_build_fadt(struct acpi_buf *b, const struct acpi_platform *p, u64 dsdt_gpa);
void acpi_build_madt(struct acpi_buf *b, const struct acpi_platform *p);
void acpi_build_mcfg(struct acpi_buf *b, const struct acpi_platform *p);
void acpi_build_dsdt(struct acpi_buf *b, const struct acpi_platform *p);
void acpi_build_tpm2(struct acpi_buf *b, const struct acpi_platform *p);

/* ---------------------------------------------------------------- AML (lib/acpi/aml.c, ACPI 6.4 chapter 20) */

/* A PkgLength-framed object: *_open writes the opcode and reserves the length, aml_close encodes it. */
u32 aml_open(struct acpi_buf *b);
void aml_close(struct acpi_buf *b, u32 at);
u32 aml_scope(struct acpi_buf *b, const char *path);
u32 aml_device(struct acpi_buf *b, const char *name);
u32 aml_package(struct acpi_buf *b, u8 nelems);
void aml_namestring(struct acpi_buf *b, const char *path);
void aml_int(struct acpi_buf *b, u64 v);
void aml_name(struct acpi_buf *b, const char *name);
u32 aml_eisaid(const char *id);
void aml_name_int(struct acpi_buf *b, const char *name, u64 v);
void aml_name_eisaid(struct acpi_buf *b, const char *name, const char *id);
void aml_name_buffer(struct acpi_buf *b, const char *name, const struct acpi_buf *data);
void aml_string(struct acpi_buf *b, const char *s);
void aml_name_string(struct acpi_buf *b, const char *name, const char *s);
/* Method(name, nargs) { ... }: close it with aml_close. */
u32 aml_method(struct acpi_buf *b, const char *name, u8 nargs);
void aml_notify(struct acpi_buf *b, const char *path, u64 value);

/* Resource data for _CRS buffers (lib/acpi/acpi_res.c, ACPI 6.4 6.4). */
void res_io(struct acpi_buf *b, u16 base, u8 len);
void res_irq(struct acpi_buf *b, u32 gsi);
void res_bus_window(struct acpi_buf *b, u8 last_bus);
void res_io_window(struct acpi_buf *b, u16 min, u16 max);
void res_mem_window(struct acpi_buf *b, u32 base, u32 size);
void res_mem_fixed(struct acpi_buf *b, u32 base, u32 size);
void res_end(struct acpi_buf *b);

#endif
