/* cordon core: guest boot protocol of docs/GUEST.md (64-bit, identity-mapped, start-info page). */
#include <kernel/guest_boot.h>
#include <kernel/profile.h>
#include <kernel/dev/devices.h>
#include <lib/boot/elf.h>
#include <lib/x86/pt.h>
#include <lib/str.h>
#include <cordon/hypercall.h>

/* Table pages come from the six guest pages at CORDON_GUEST_PT, named by guest-physical address. */
struct guest_pt {
	struct vm *vm;
	u64 next, end;
};

static u64 gpt_alloc(void *ctx)
{
	struct guest_pt *g = ctx;
	u64 gpa = g->next;
	void *p;
	if (gpa >= g->end)
		return 0;
	p = gpmap_access(&g->vm->map, gpa, PAGE_SIZE, GP_W);
	if (!p)
		return 0;
	c_memset(p, 0, PAGE_SIZE);
	g->next += PAGE_SIZE;
	return gpa;
}

static void *gpt_virt(void *ctx, u64 gpa)
{
	struct guest_pt *g = ctx;
	return gpmap_access(&g->vm->map, gpa, PAGE_SIZE, GP_R);
}

static void gpt_free(void *ctx, u64 gpa)
{
	(void)ctx;
	(void)gpa;
}

/* Identity map of the first 4 GiB with 2 MiB pages at base: PML4, PDPT and four PDs. */
const char *guest_page_tables(struct vm *vm, u64 base)
{
	struct guest_pt g = { vm, base, base + 6 * PAGE_SIZE };
	struct pt_ops ops = { &g, gpt_alloc, gpt_virt, gpt_free };
	u64 root = gpt_alloc(&g);
	if (root != base || pt_map(&ops, root, 0, 0, GiB(4), PTE_W, MiB(2)) < 0)
		return "cannot build the guest page tables";
	return NULL;
}

static void write_start_info(struct vm *vm, u64 tsc_khz, u64 loader_tsc)
{
	struct cordon_start_info *si = gpmap_access(&vm->map, CORDON_START_INFO, sizeof(*si), GP_W);
	si->magic = CORDON_START_MAGIC;
	si->version = CORDON_ABI_VERSION;
	si->size = sizeof(*si);
	si->mem_size = vm->mem_size;
	si->vm_id = vm->id;
	si->nvcpus = 1;
	si->tsc_khz = tsc_khz;
	si->loader_tsc = loader_tsc;
	c_strlcpy(si->name, vm->cfg->name, sizeof(si->name));
	c_strlcpy(si->label, vm->cfg->label, sizeof(si->label));
	c_strlcpy(si->cmdline, vm->cfg->cmdline, sizeof(si->cmdline));
}

static const char *guest_boot_prepare(struct vm *vm, u64 tsc_khz, u64 loader_tsc)
{
	struct elf_image img;
	struct gpregs *r = &vm->vcpu.regs;
	const char *why = elf_check((const void *)vm->image->phys, vm->image->size, &img);
	void *dst;
	if (why)
		return why;
	if (img.lo < CORDON_GUEST_IMAGE_MIN || img.hi > vm->mem_size - CORDON_GUEST_STACK_MIN)
		return "image does not fit the guest memory layout";
	dst = gpmap_access(&vm->map, img.lo, img.hi - img.lo, GP_W);
	if (!dst)
		return "image outside guest memory";
	elf_load(&img, dst);
	if ((why = guest_page_tables(vm, CORDON_GUEST_PT)))
		return why;
	vm->vcpu.boot_cr3 = CORDON_GUEST_PT;
	vm->vcpu.boot_cs = 0x08;
	vm->vcpu.boot_ds = 0x10;
	vm->vcpu.boot_gdt = vm->vcpu.boot_gdt_limit = 0;
	write_start_info(vm, tsc_khz, loader_tsc);
	c_memset(r, 0, sizeof(*r));
	r->rip = img.entry;
	r->rsp = vm->mem_size;
	r->rdi = CORDON_START_INFO;
	r->rflags = 0x2; /* bit 1 is always one; IF clear */
	return NULL;
}

/* Tiny guests are at most 4 GiB (lib/cfg/cfg_keys.c) and flat: all their RAM from guest-physical 0. */
static u64 flat_ram(u64 mem_size)
{
	return mem_size;
}

/* Its TPM's register page when it has vtpm = yes (vm->tpm); any other fault ends it. */
static const struct mmio_dev *elf_mmio(const struct vm *vm, u64 gpa)
{
	return mmio_dev_at(vm->tpm, gpa);
}

/*
 * No devices but the UART every VM has and, with vtpm = yes, its TPM; no extra CPUID bits or MSRs; the
 * NIC speaks through its event bit.
 */
const struct guest_profile elf_guest_profile = {
	.name = "elf",
	.low_ram = flat_ram,
	.prepare = guest_boot_prepare,
	.mmio = elf_mmio,
};
