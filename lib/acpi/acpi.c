/* cordon: lays out a VM's ACPI tables in one buffer (RSDP, XSDT, DSDT, FADT, MADT, MCFG, TPM2) and checksums them. */
#include <lib/acpi/acpi_int.h>
#include <lib/str.h>

/* The RSDP is first: 16-byte aligned for the legacy 0xE0000-0xFFFFF scan (ACPI 6.4 5.2.5.1). */
#define TABLE_ALIGN 16

/* ---------------------------------------------------------------- the writer */

void acpi_put(struct acpi_buf *b, const void *src, u32 n)
{
	if (b->over || n > b->cap - b->len) {
		b->over = true;
		return;
	}
	c_memcpy(b->p + b->len, src, n);
	b->len += n;
}

void acpi_put8(struct acpi_buf *b, u8 v)
{
	acpi_put(b, &v, 1);
}

void acpi_put_le(struct acpi_buf *b, u64 v, u32 n)
{
	for (u32 i = 0; i < n; i++)
		acpi_put8(b, (u8)(v >> (8 * i)));
}

void acpi_zero(struct acpi_buf *b, u32 n)
{
	if (b->over || n > b->cap - b->len) {
		b->over = true;
		return;
	}
	c_memset(b->p + b->len, 0, n);
	b->len += n;
}

void acpi_pad(struct acpi_buf *b, u32 align)
{
	acpi_zero(b, (u32)(ALIGN_UP(b->len, align) - b->len));
}

u8 acpi_sum(const u8 *t, u32 len)
{
	u8 s = 0;
	while (len--)
		s = (u8)(s + *t++);
	return s;
}

bool acpi_checksum_ok(const u8 *t, u32 len)
{
	return acpi_sum(t, len) == 0;
}

void acpi_header_init(struct acpi_header *h, const char *sig, u8 revision)
{
	c_memset(h, 0, sizeof(*h));
	c_memcpy(h->sig, sig, 4);
	h->revision = revision;
	c_memcpy(h->oem_id, ACPI_OEM_ID, 6);
	c_memcpy(h->oem_table_id, ACPI_OEM_TABLE_ID, 8);
	h->oem_revision = 1;
	c_memcpy(h->creator_id, ACPI_CREATOR_ID, 4);
	h->creator_revision = 1;
}

u32 acpi_table_begin(struct acpi_buf *b, const char *sig, u8 revision)
{
	struct acpi_header h;
	u32 start = b->len;
	acpi_header_init(&h, sig, revision);
	acpi_put(b, &h, sizeof(h));
	return start;
}

/* Length and checksum go in last, once every byte of the table is known (5.2.6). */
void acpi_table_end(struct acpi_buf *b, u32 start)
{
	struct acpi_header *h;
	if (b->over)
		return;
	h = (struct acpi_header *)(b->p + start);
	h->length = b->len - start;
	h->checksum = 0;
	h->checksum = (u8)-acpi_sum(b->p + start, h->length);
}

/* ---------------------------------------------------------------- the platform */

void acpi_platform_defaults(struct acpi_platform *p, u64 base_gpa)
{
	c_memset(p, 0, sizeof(*p));
	p->base_gpa = base_gpa;
	p->ncpus = 1;
	p->ioapic_addr = 0xFEC00000;
	p->ioapic_id = 1;
	p->sleep_ctl_port = 0x600;
	p->sleep_sts_port = 0x601;
	p->reset_port = 0x604;
	p->reset_value = 1;
	p->uart = true;
	p->pci = true;
	p->pci_irq_base = 16;
	p->power_button_gsi = ACPI_POWER_BUTTON_GSI;
	p->pci_mmio_base = 0xC0000000;
	p->pci_mmio_size = 0xFEC00000 - 0xC0000000;
}

static bool pci_ok(const struct acpi_platform *p)
{
	u64 win_end = (u64)p->pci_mmio_base + p->pci_mmio_size;
	u64 ecam_end = p->pci_ecam_base + MiB((u64)p->pci_last_bus + 1);
	/* INTA..INTD on four IOAPIC pins above the ISA range, so no ISA default polarity applies. */
	if (p->pci_irq_base < 16 || p->pci_irq_base + 4 > ACPI_IOAPIC_PINS)
		return false;
	if (p->pci_mmio_size && win_end > GiB(4))
		return false;
	if (!p->pci_ecam_base)
		return true;
	/* The DSDT reserves ECAM with a 32-bit descriptor; BARs must never be placed over it. */
	if (p->pci_ecam_base % MiB(1) || ecam_end > GiB(4))
		return false;
	return !p->pci_mmio_size || ecam_end <= p->pci_mmio_base || p->pci_ecam_base >= win_end;
}

/* The GED's interrupt is a pin of its own: not COM1's, not one of the PCI INTx lines. */
static bool power_button_ok(const struct acpi_platform *p)
{
	u32 g = p->power_button_gsi;
	if (!g)
		return true;
	if (g >= ACPI_IOAPIC_PINS || (p->uart && g == ACPI_COM1_GSI))
		return false;
	return !p->pci || g < p->pci_irq_base || g >= (u32)p->pci_irq_base + 4;
}

/* The TPM's two pages are MMIO of their own: not inside the BAR window or ECAM, no log without a TPM. */
static bool tpm_ok(const struct acpi_platform *p)
{
	u64 lo = ACPI_TPM_CRB_BASE, hi = (u64)ACPI_TPM_CRB_BUF + ACPI_TPM_PAGE;
	u64 ecam_end = p->pci_ecam_base + MiB((u64)p->pci_last_bus + 1);
	if (!p->tpm)
		return !p->tpm_log_len && !p->tpm_log_gpa;
	if (p->pci && p->pci_mmio_size && lo < (u64)p->pci_mmio_base + p->pci_mmio_size && p->pci_mmio_base < hi)
		return false;
	if (p->pci_ecam_base && lo < ecam_end && p->pci_ecam_base < hi)
		return false;
	/* LASA and LAML name a log together (TCG ACPI 1.3, Table 7), inside the address space. */
	return !p->tpm_log_len == !p->tpm_log_gpa && p->tpm_log_gpa + p->tpm_log_len >= p->tpm_log_gpa;
}

static bool platform_ok(const struct acpi_platform *p)
{
	if (p->base_gpa % TABLE_ALIGN || p->ncpus == 0 || p->ncpus > ACPI_MAX_CPUS)
		return false;
	if (p->ioapic_addr >= GiB(4) || p->ioapic_addr == 0)
		return false;
	/* Linux refuses to sleep unless both registers exist (drivers/acpi/sleep.c). */
	if (!p->sleep_ctl_port || !p->sleep_sts_port || !p->reset_port || p->sleep_ctl_port == p->sleep_sts_port)
		return false;
	if (!power_button_ok(p) || !tpm_ok(p))
		return false;
	if (!p->pci)
		return p->pci_ecam_base == 0;
	return pci_ok(p);
}

/* ---------------------------------------------------------------- RSDP and XSDT */

static void put_rsdp(struct acpi_buf *b, u64 xsdt_gpa)
{
	struct acpi_rsdp r;
	c_memset(&r, 0, sizeof(r));
	c_memcpy(r.sig, "RSD PTR ", 8);
	c_memcpy(r.oem_id, ACPI_OEM_ID, 6);
	r.revision = 2;
	r.length = sizeof(r);
	r.xsdt_addr = xsdt_gpa;
	r.checksum = (u8)-acpi_sum((const u8 *)&r, 20);
	r.ext_checksum = (u8)-acpi_sum((const u8 *)&r, sizeof(r));
	acpi_put(b, &r, sizeof(r));
}

/* 5.2.8 Extended System Description Table: the header, then 64-bit table addresses. */
static void fill_xsdt(u8 *at, const u64 *entry, u32 n)
{
	struct acpi_buf x = { .p = at, .cap = (u32)sizeof(struct acpi_header) + 8 * n };
	u32 start = acpi_table_begin(&x, "XSDT", 1);
	acpi_put(&x, entry, 8 * n);
	acpi_table_end(&x, start);
}

/* ---------------------------------------------------------------- the whole set */

/* Appends one table the XSDT lists, 16-byte aligned, and records its address in entry[(*n)++]. */
static void listed(struct acpi_buf *b, const struct acpi_platform *p, u64 *entry, u32 *n,
		   void (*table)(struct acpi_buf *, const struct acpi_platform *))
{
	acpi_pad(b, TABLE_ALIGN);
	entry[(*n)++] = p->base_gpa + b->len;
	table(b, p);
}

static u32 xsdt_entries(const struct acpi_platform *p)
{
	return 2 + (p->pci_ecam_base != 0) + p->tpm;
}

u32 acpi_build(u8 *buf, u32 cap, const struct acpi_platform *p, u64 *rsdp_gpa)
{
	struct acpi_buf b = { .p = buf, .cap = cap };
	u64 entry[4];
	u32 n = 0, xsdt, dsdt;
	if (!buf || !p || !rsdp_gpa || !platform_ok(p) || p->base_gpa + cap < p->base_gpa)
		return 0;
	put_rsdp(&b, p->base_gpa + ALIGN_UP(sizeof(struct acpi_rsdp), TABLE_ALIGN));
	acpi_pad(&b, TABLE_ALIGN);
	/* The XSDT's place is kept until the addresses of the tables it lists are known. */
	xsdt = b.len;
	acpi_zero(&b, (u32)sizeof(struct acpi_header) + 8 * xsdt_entries(p));
	acpi_pad(&b, TABLE_ALIGN);
	/* The DSDT goes before the FADT that points at it; the XSDT never lists the DSDT. */
	dsdt = b.len;
	acpi_build_dsdt(&b, p);
	acpi_pad(&b, TABLE_ALIGN);
	entry[n++] = p->base_gpa + b.len;
	acpi_build_fadt(&b, p, p->base_gpa + dsdt);
	listed(&b, p, entry, &n, acpi_build_madt);
	if (p->pci_ecam_base)
		listed(&b, p, entry, &n, acpi_build_mcfg);
	/* Last, so the tables of a VM without a TPM keep their places and bytes. */
	if (p->tpm)
		listed(&b, p, entry, &n, acpi_build_tpm2);
	if (b.over)
		return 0;
	fill_xsdt(buf + xsdt, entry, n);
	*rsdp_gpa = p->base_gpa;
	return b.len;
}
