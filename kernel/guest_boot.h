/* cordon core: building a guest's initial memory (image, start-info, page tables) and registers. */
#ifndef CORDON_KERNEL_GUEST_BOOT_H
#define CORDON_KERNEL_GUEST_BOOT_H
#include <kernel/vm.h>

/*
 * linux_boot.c: a bzImage through the 64-bit boot protocol (Documentation/arch/x86/boot.rst),
 * what the Linux profile's prepare does (the ELF profile's is guest_boot.c's own). Returns NULL
 * on success or a static reason (the VM is then not started).
 */
const char *linux_boot_prepare(struct vm *vm, u64 tsc_khz);
/* Identity map of the first 4 GiB (6 pages at base) for the 64-bit entry. */
const char *guest_page_tables(struct vm *vm, u64 base);

/* Guest control-register values of the boot protocol (AMD APM vol. 2, 3.1). */
#define BOOT_CR0 0x80010033ULL /* PG | WP | NE | ET | MP | PE */
#define BOOT_CR4 0x20ULL	/* PAE */
#define BOOT_EFER 0x500ULL	/* LMA | LME */
#define BOOT_PAT 0x0007040600070406ULL /* power-on default */

#endif
