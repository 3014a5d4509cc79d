/* cordon EFI loader: checks that each guest image and the whole VM set fit before anything starts. */
#include <boot/loader.h>
#include <lib/boot/elf.h>
#include <lib/boot/bzimage.h>
#include <cordon/hypercall.h>

/* Per-VM cordon overhead beyond guest RAM: nested page tables (1/512 of RAM) and control pages. */
static u64 vm_overhead(u64 mem)
{
	return mem / 512 + KiB(64);
}

#define HV_RESERVE MiB(16) /* hypervisor heap: its own page tables, VMCBs, bitmaps */

void check_guest(const struct cfg_vm *vm, const struct loaded_file *f)
{
	struct elf_image img;
	const char *why = elf_check((const void *)f->phys, f->size, &img);
	if (why)
		fail_cfg(vm->line, "VM '%s': image '%s' is not a valid guest ELF: %s", vm->name, vm->image, why);
	if (img.lo < CORDON_GUEST_IMAGE_MIN)
		fail_cfg(vm->line, "VM '%s': image '%s' loads at 0x%llx, below the guest minimum 0x%llx",
			 vm->name, vm->image, img.lo, CORDON_GUEST_IMAGE_MIN);
	if (img.hi > vm->memory - CORDON_GUEST_STACK_MIN)
		fail_cfg(vm->line, "VM '%s': memory %llu KiB is too small for image '%s' (needs %llu KiB with stack)",
			 vm->name, vm->memory >> 10, vm->image, (img.hi + CORDON_GUEST_STACK_MIN + 1023) >> 10);
}

/*
 * A Linux VM's kernel must be a bzImage with the 64-bit entry that fits the
 * VM's memory, and its initrd (when there is one) must fit above it, as
 * kernel/linux/linux_boot.c will place them. Refused here, before anything runs.
 */
void check_kernel(const struct cfg_vm *vm, const struct loaded_file *k, const struct loaded_file *rd)
{
	static struct bzimage b;
	const char *why = bzimage_parse((const u8 *)k->phys, k->size, &b);
	enum bz_place r;
	u64 at, rd_at;
	if (why)
		fail_cfg(vm->line, "VM '%s': kernel '%s' is not a usable Linux bzImage: %s", vm->name, vm->image, why);
	r = bzimage_place(&b, vm->memory, rd ? rd->size : 0, &at, &rd_at);
	if (r == BZ_NO_ROOM_KERNEL)
		fail_cfg(vm->line, "VM '%s': memory %llu MiB is too small for kernel '%s' (it needs %llu MiB from %llu MiB)",
			 vm->name, vm->memory >> 20, vm->image, (bzimage_need(&b) + MiB(1) - 1) >> 20,
			 b.pref_address >> 20);
	if (r == BZ_NO_ROOM_INITRD)
		fail_cfg(vm->line, "VM '%s': initrd '%s' (%llu KiB) does not fit in memory %llu MiB above the kernel",
			 vm->name, vm->initrd, rd->size >> 10, vm->memory >> 20);
}

static bool usable_type(UINT32 t)
{
	return t == EfiConventionalMemory || t == EfiBootServicesCode || t == EfiBootServicesData;
}

static bool ram_type(UINT32 t)
{
	return usable_type(t) || t == EfiLoaderCode || t == EfiLoaderData || t == EfiRuntimeServicesCode ||
	       t == EfiRuntimeServicesData || t == EfiACPIReclaimMemory || t == EfiACPIMemoryNVS;
}

/* Sums the memory that will be free after ExitBootServices; reports the top of RAM. */
static u64 free_after_exit(u64 *ram_top)
{
	UINTN n, key, dsize;
	UINT32 dver;
	EFI_MEMORY_DESCRIPTOR *map = LibMemoryMap(&n, &key, &dsize, &dver);
	u64 total = 0;
	*ram_top = 0;
	if (!map)
		fatal("cannot read the firmware memory map");
	for (UINTN i = 0; i < n; i++) {
		EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)((u8 *)map + i * dsize);
		u64 end = d->PhysicalStart + d->NumberOfPages * PAGE_SIZE;
		if (usable_type(d->Type))
			total += d->NumberOfPages * PAGE_SIZE;
		if (ram_type(d->Type) && end > *ram_top)
			*ram_top = end;
	}
	FreePool(map);
	return total;
}

void check_memory_fits(const struct cfg *cfg, u64 *ram_top)
{
	u64 avail = free_after_exit(ram_top), need = HV_RESERVE;
	for (u32 i = 0; i < cfg->nvms; i++) {
		const struct cfg_vm *vm = &cfg->vms[i];
		need += vm->memory + vm_overhead(vm->memory);
		if (need > avail)
			fail_cfg(vm->line, "VM '%s' (memory %llu MiB) does not fit: the VMs need %llu MiB, "
				 "the machine has %llu MiB free (too many VMs for this machine's memory)",
				 vm->name, vm->memory >> 20, need >> 20, avail >> 20);
	}
	say("memory: VMs and hypervisor need %llu MiB of %llu MiB free", need >> 20, avail >> 20);
}
