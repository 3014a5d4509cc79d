/* cordon core: reading guest memory by guest-virtual address (instruction fetch for MMIO emulation). */
#ifndef CORDON_KERNEL_GVA_H
#define CORDON_KERNEL_GVA_H
#include <kernel/vm.h>

/*
 * Copies up to len bytes at guest-virtual va, walking the guest's 4-level
 * page tables from cr3 (AMD APM vol. 2, 5.3; Intel SDM vol. 3A, 4.5). With
 * paging off, va is physical. Returns the bytes copied: fewer when a page
 * is not present or lies outside the VM's memory.
 */
u32 gva_read(struct vm *vm, u64 cr3, bool paging, u64 va, void *out, u32 len);

/* Where the len guest bytes at va are in cordon's mapping, if they lie in one page; NULL otherwise. */
const void *gva_ptr(struct vm *vm, u64 cr3, bool paging, u64 va, u32 len);

#endif
