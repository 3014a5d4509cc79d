/* cordon EFI loader: places the hypervisor ELF at a 2 MiB-aligned base and builds its first page tables. */
#include <boot/loader.h>
#include <lib/boot/elf.h>
#include <lib/x86/pt.h>

static u64 efi_pt_alloc(void *ctx)
{
	u64 pa;
	(void)ctx;
	return EFI_ERROR(pages_alloc(PAGE_SIZE, &pa)) ? 0 : pa;
}

static void *efi_pt_virt(void *ctx, u64 pa)
{
	(void)ctx;
	return (void *)pa; /* firmware runs identity-mapped (UEFI 2.10, 2.3.4) */
}

static void efi_pt_free(void *ctx, u64 pa)
{
	(void)ctx;
	uefi_call_wrapper(BS->FreePages, 2, pa, 1);
}

static const struct pt_ops efi_pt = { NULL, efi_pt_alloc, efi_pt_virt, efi_pt_free };

/* Allocates size bytes at a 2 MiB boundary by over-allocating and returning the slack. */
static EFI_STATUS alloc_2m_aligned(u64 size, u64 *out)
{
	EFI_PHYSICAL_ADDRESS raw;
	u64 base, pages = size / PAGE_SIZE + 512;
	EFI_STATUS st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages, EfiLoaderData, pages, &raw);
	if (EFI_ERROR(st))
		return st;
	base = ALIGN_UP(raw, MiB(2));
	if (base > raw)
		uefi_call_wrapper(BS->FreePages, 2, raw, (base - raw) / PAGE_SIZE);
	if (raw + pages * PAGE_SIZE > base + size)
		uefi_call_wrapper(BS->FreePages, 2, base + size, (raw + pages * PAGE_SIZE - base - size) / PAGE_SIZE);
	*out = base;
	return EFI_SUCCESS;
}

EFI_STATUS hv_place(const struct loaded_file *f, struct bootinfo *bi, u64 *entry)
{
	struct elf_image img;
	const char *why = elf_check((const void *)f->phys, f->size, &img);
	EFI_STATUS st;
	if (why) {
		say("%s: %s", HV_FILE, why);
		return EFI_LOAD_ERROR;
	}
	if (img.lo < HV_VIRT_BASE || img.hi - HV_VIRT_BASE > MiB(64)) {
		say("%s: not linked at 0x%llx or larger than 64 MiB", HV_FILE, HV_VIRT_BASE);
		return EFI_LOAD_ERROR;
	}
	bi->hv_size = ALIGN_UP(img.hi - HV_VIRT_BASE, MiB(2));
	st = alloc_2m_aligned(bi->hv_size, &bi->hv_phys);
	if (EFI_ERROR(st))
		return st;
	elf_load(&img, (void *)(bi->hv_phys + (img.lo - HV_VIRT_BASE)));
	*entry = img.entry;
	say("hypervisor at 0x%llx (%llu KiB), entry 0x%llx", bi->hv_phys, bi->hv_size >> 10, img.entry);
	return EFI_SUCCESS;
}

/*
 * The hypervisor starts on: an identity map of [0, max(4 GiB, top of RAM))
 * in 2 MiB pages (firmware, boot-info and modules stay reachable), and its
 * link window HV_VIRT_BASE -> hv_phys. It replaces these tables early.
 */
EFI_STATUS hv_page_tables(const struct bootinfo *bi, u64 ram_top, u64 *cr3)
{
	u64 top = ALIGN_UP(ram_top > GiB(4) ? ram_top : GiB(4), GiB(1));
	u64 root = efi_pt_alloc(NULL);
	if (!root)
		return EFI_OUT_OF_RESOURCES;
	if (pt_map(&efi_pt, root, 0, 0, top, PTE_W, MiB(2)) < 0 ||
	    pt_map(&efi_pt, root, HV_VIRT_BASE, bi->hv_phys, bi->hv_size, PTE_W, MiB(2)) < 0)
		return EFI_OUT_OF_RESOURCES;
	*cr3 = root;
	return EFI_SUCCESS;
}
