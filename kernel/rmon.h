/* cordon core: the reference monitor's side of VM start: asks the ACM, audits, commits or rolls back. */
#ifndef CORDON_KERNEL_RMON_H
#define CORDON_KERNEL_RMON_H
#include <cordon/bootinfo.h>

struct vm;

/* Hands the boot.cfg policy (if any) to the ACM, prints what it made of it, and gives every VM its label index. */
void rmon_init(const struct bootinfo *bi);

/* The reference monitor's unit (kernel/units.c), first in the table: it decides first and rolls back last. */
bool rmon_may_start(struct vm *vm);	/* PRE: audited unless a plain permit; a refusal is printed */
const char *rmon_start(struct vm *vm);	/* POST: the VM joins the ACM's running set; never fails */
void rmon_undo(struct vm *vm);		/* FAIL: the start failed after POST */
void rmon_stop(struct vm *vm);		/* the VM ended */

#endif
