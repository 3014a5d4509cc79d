/* cordon core: starts a Linux bzImage through the 64-bit boot protocol (Documentation/arch/x86/boot.rst). */
#include <kernel/guest_boot.h>
#include <lib/boot/bzimage.h>
#include <lib/acpi/acpi.h>
#include <kernel/handlers.h>
#include <kernel/linux/platform.h>
#include <lib/str.h>

/*
 * Guest-physical layout (lib/boot/bzimage.h explains the low addresses):
 *   0x7000 zero page, 0x8000 command line, 0x10000 GDT, 0x11000 page tables,
 *   0x90000 entry stack, the kernel at its load address (16 MiB for Debian's),
 *   the initrd as high as the kernel allows, below the end of RAM.
 */
#define LINUX_STACK 0x90000ULL
#define LINUX_ACPI 0xe0000ULL /* where Linux would also scan for the RSDP; e820 says ACPI */
#define GDT_CODE64 0x00af9a000000ffffULL /* __BOOT_CS 0x10: present, DPL 0, code, L=1 */
#define GDT_DATA 0x00cf92000000ffffULL	 /* __BOOT_DS 0x18: present, DPL 0, data, 4 GiB */

static bool copy_in(struct vm *vm, u64 gpa, const void *src, u64 len)
{
	void *dst = gpmap_access(&vm->map, gpa, len, GP_W);
	if (!dst)
		return false;
	c_memcpy(dst, src, len);
	return true;
}

/* boot.rst "64-bit Boot Protocol": __BOOT_CS and __BOOT_DS flat, 4 GiB identity map, IF clear. */
static const char *entry_state(struct vm *vm, u64 kernel_gpa)
{
	static const u64 gdt[4] = { 0, 0, GDT_CODE64, GDT_DATA };
	struct vcpu *v = &vm->vcpu;
	const char *why;
	if (!copy_in(vm, BZ_GPA_GDT, gdt, sizeof(gdt)))
		return "no room for the boot GDT";
	if ((why = guest_page_tables(vm, BZ_GPA_PGTABLES)))
		return why;
	v->boot_cr3 = BZ_GPA_PGTABLES;
	v->boot_gdt = BZ_GPA_GDT;
	v->boot_gdt_limit = sizeof(gdt) - 1;
	v->boot_cs = 0x10;
	v->boot_ds = 0x18;
	c_memset(&v->regs, 0, sizeof(v->regs));
	v->regs.rip = kernel_gpa + BZ_ENTRY64_OFFSET;
	v->regs.rsi = BZ_GPA_ZERO_PAGE;
	v->regs.rsp = LINUX_STACK;
	v->regs.rflags = 0x2;
	return NULL;
}

/* The platform cordon emulates, as ACPI tables in guest memory (lib/acpi/acpi.h). */
static const char *acpi_tables(struct vm *vm, struct bzimage_layout *l)
{
	struct acpi_platform p;
	u8 *buf = gpmap_access(&vm->map, LINUX_ACPI, ACPI_BUILD_MAX, GP_W);
	u32 n;
	acpi_platform_defaults(&p, LINUX_ACPI);
	p.ioapic_addr = VIOAPIC_BASE;
	p.ioapic_id = VIOAPIC_ID;
	p.sleep_ctl_port = LINUX_SLEEP_CTL;
	p.sleep_sts_port = LINUX_SLEEP_STS;
	p.reset_port = LINUX_RESET;
	p.reset_value = LINUX_RESET_VALUE;
	p.pci = true; /* host bridge 00:00.0, virtio-net 00:01.0 when the VM has a NIC */
	p.power_button_gsi = ACPI_POWER_BUTTON_GSI; /* pulsed by the profile's request_stop */
	p.tpm = vm->cfg->vtpm; /* the CRB front end of the VM's vTPM (vtpm/vtpm.h) answers there */
	if (!buf || !(n = acpi_build(buf, ACPI_BUILD_MAX, &p, &l->rsdp_gpa)))
		return "cannot build the ACPI tables";
	l->mem.acpi_gpa = LINUX_ACPI;
	l->mem.acpi_size = ALIGN_UP(n, PAGE_SIZE);
	return NULL;
}

const char *linux_boot_prepare(struct vm *vm, u64 tsc_khz)
{
	static u8 zp[ZP_SIZE];
	static struct bzimage b;
	const struct bi_module *rd = vm->initrd;
	struct bzimage_layout l = { .mem = { .mem_size = vm->mem_size }, .cmdline_gpa = BZ_GPA_CMDLINE };
	const char *why = bzimage_parse((const u8 *)vm->image->phys, vm->image->size, &b);
	u64 len = c_strlen(vm->cfg->cmdline);
	if (why || (why = acpi_tables(vm, &l)))
		return why;
	l.initrd_size = rd ? rd->size : 0;
	switch (bzimage_place(&b, vm->mem_size, l.initrd_size, &l.kernel_gpa, &l.initrd_gpa)) {
	case BZ_NO_ROOM_KERNEL: return "the kernel does not fit the VM's memory";
	case BZ_NO_ROOM_INITRD: return "the initrd does not fit the VM's memory above the kernel";
	case BZ_PLACED: break;
	}
	if (len > b.cmdline_size)
		return "the command line is longer than the kernel accepts";
	if (!copy_in(vm, l.kernel_gpa, b.kernel, b.kernel_len) || !copy_in(vm, BZ_GPA_CMDLINE, vm->cfg->cmdline, len + 1) ||
	    (rd && !copy_in(vm, l.initrd_gpa, (const void *)rd->phys, rd->size)))
		return "the kernel, its command line or its initrd lies outside guest memory";
	if ((why = bzimage_boot_params(zp, &b, &l)) || !copy_in(vm, BZ_GPA_ZERO_PAGE, zp, sizeof(zp)))
		return why ? why : "no room for the zero page";
	if (!linux_platform_attach(vm, tsc_khz))
		return "no device state for this VM slot";
	return entry_state(vm, l.kernel_gpa);
}
