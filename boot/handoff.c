/* cordon EFI loader: final memory map, ExitBootServices and the jump into the hypervisor. */
#include <boot/loader.h>
#include <lib/str.h>

/* UEFI 2.10, 7.2: EFI_MEMORY_TYPE reduced to what the hypervisor must know. */
static u32 bi_type(UINT32 t)
{
	switch (t) {
	case EfiConventionalMemory:
	case EfiBootServicesCode:
	case EfiBootServicesData:
		return BI_MEM_USABLE;
	case EfiLoaderCode:
	case EfiLoaderData:
		return BI_MEM_LOADER;
	case EfiRuntimeServicesCode:
	case EfiRuntimeServicesData:
		return BI_MEM_RUNTIME;
	case EfiACPIReclaimMemory:
	case EfiACPIMemoryNVS:
		return BI_MEM_ACPI;
	default:
		return BI_MEM_RESERVED;
	}
}

/* Inserts one range keeping bi->mem sorted, merging with an adjacent range of the same type. */
static void add_range(struct bootinfo *bi, u64 base, u64 pages, u32 type)
{
	u32 i = bi->nmem;
	while (i > 0 && bi->mem[i - 1].base > base)
		i--;
	if (i > 0) {
		struct bi_mem *p = &bi->mem[i - 1];
		if (p->type == type && p->base + p->pages * PAGE_SIZE == base && i == bi->nmem) {
			p->pages += pages;
			return;
		}
	}
	if (bi->nmem == BI_MAX_MEM)
		return; /* dropped ranges are simply never used; the map stays safe */
	for (u32 j = bi->nmem; j > i; j--)
		bi->mem[j] = bi->mem[j - 1];
	bi->mem[i] = (struct bi_mem){ .base = base, .pages = pages, .type = type };
	bi->nmem++;
}

static void convert_map(struct bootinfo *bi, const u8 *map, UINTN size, UINTN dsize)
{
	bi->nmem = 0;
	for (UINTN off = 0; off + dsize <= size; off += dsize) {
		const EFI_MEMORY_DESCRIPTOR *d = (const EFI_MEMORY_DESCRIPTOR *)(map + off);
		if (d->NumberOfPages)
			add_range(bi, d->PhysicalStart, d->NumberOfPages, bi_type(d->Type));
	}
}

static void __attribute__((noreturn)) jump(u64 entry, u64 cr3, struct bootinfo *bi)
{
	__asm__ volatile("cli\n\t"
			 "mov %0, %%cr3\n\t"
			 "mov %1, %%rdi\n\t"
			 "jmp *%2"
			 :
			 : "r"(cr3), "r"(bi), "r"(entry)
			 : "rdi", "memory");
	__builtin_unreachable();
}

void handoff(EFI_HANDLE image, struct bootinfo *bi, u64 entry, u64 cr3)
{
	UINTN size = 0, key, dsize, cap;
	UINT32 dver;
	u8 *map;
	EFI_STATUS st;
	bool tried = false;

	uefi_call_wrapper(BS->GetMemoryMap, 5, &size, NULL, &key, &dsize, &dver);
	cap = size + 16 * dsize; /* room for the entries this allocation adds */
	map = AllocatePool(cap);
	if (!map)
		fatal("out of memory for the memory map");
	for (int tries = 0; tries < 4; tries++) {
		size = cap;
		st = uefi_call_wrapper(BS->GetMemoryMap, 5, &size, (EFI_MEMORY_DESCRIPTOR *)map, &key, &dsize, &dver);
		if (EFI_ERROR(st))
			break;
		tried = true;
		st = uefi_call_wrapper(BS->ExitBootServices, 2, image, key);
		if (!EFI_ERROR(st)) {
			convert_map(bi, map, size, dsize);
			jump(entry, cr3, bi);
		}
	}
	if (!tried) /* boot services are intact: say why */
		fatal("cannot read the final memory map (status 0x%llx)", (u64)st);
	/* After a failed ExitBootServices only GetMemoryMap, ExitBootServices and runtime services are
	 * allowed (UEFI 2.10, 7.4): no console. Power off through the runtime service. */
	uefi_call_wrapper(RT->ResetSystem, 4, EfiResetShutdown, st, 0, NULL);
	for (;;)
		__asm__ volatile("cli; hlt");
}
