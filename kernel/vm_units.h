/* cordon core: VM start and stop as a walk over a const table of subsystem units, in the order rollback needs. */
#ifndef CORDON_KERNEL_VM_UNITS_H
#define CORDON_KERNEL_VM_UNITS_H
#include <cordon/types.h>

struct vm;

/*
 * One subsystem's part in a VM's life (after Jailhouse's units). A start
 * walks the table forward; a stop walks it backward, so each unit is
 * stopped while the units it builds on still stand. Every hook but name is
 * optional.
 */
struct vm_unit {
	const char *name;
	/* PRE: may the VM start? Decides and changes nothing (it may audit and print why not). */
	bool (*may_start)(struct vm *vm);
	/* NULL, or why the VM cannot start; a unit that fails leaves nothing of its own behind. */
	const char *(*start)(struct vm *vm);
	/* Rolls back start when a later unit fails (the ACM's FAIL); NULL: stop does it. */
	void (*undo)(struct vm *vm);
	/* The VM ended (it had started completely). */
	void (*stop)(struct vm *vm);
};

/* Asks each unit's may_start in order; false at the first that refuses (the later ones are not asked). */
bool vm_units_may_start(const struct vm_unit *u, u32 n, struct vm *vm);
/*
 * Starts the units in order. Returns n when all started; else the index k
 * of the unit that failed, with *why its reason: units 0..k-1 are still
 * started and the caller rolls them back with vm_units_undo(u, k, vm).
 */
u32 vm_units_start(const struct vm_unit *u, u32 n, struct vm *vm, const char **why);
/* Rolls back units k-1..0, in that order: each one's undo, or its stop when it has none. */
void vm_units_undo(const struct vm_unit *u, u32 k, struct vm *vm);
/* Stops units n-1..0, in that order. */
void vm_units_stop(const struct vm_unit *u, u32 n, struct vm *vm);

/* kernel/units.c: cordon's own table, which only main.c names (it hands it to vms_create_all). */
extern const struct vm_unit cordon_units[];
extern const u32 cordon_nunits;

#endif
