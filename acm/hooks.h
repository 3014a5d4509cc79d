/* Access Control Module (sHype): the hooks the core calls, and their contract. */
#ifndef CORDON_ACM_HOOKS_H
#define CORDON_ACM_HOOKS_H
#include <cordon/bootinfo.h>
#include <acm/acm.h>

struct vm;

/*
 * Contract (after sHype): a PRE hook decides permit, permit-and-audit or
 * deny and changes no state; the core then either commits with the POST
 * hook, which never fails, or rolls back with FAIL. Decisions are made when
 * something is bound (a VM starts, a grant is mapped, a channel is bound, a
 * NIC is attached), never per access. With no policy every PRE permits
 * (the NULL policy), so enforcement cost can be measured against it.
 */

/* Loads and validates the boot.cfg policy and resolves every VM's label. Prints what it did. */
void acm_init(const struct bootinfo *bi);
const struct policy *acm_policy(void); /* NULL: the NULL policy */

/* VM start: the label must be in the policy and the Chinese Wall must allow it. */
enum acm_decision acm_pre_vm_start(const struct vm *vm, const struct vm **culprit);
void acm_post_vm_start(struct vm *vm);
void acm_fail_vm_start(struct vm *vm);

/* Sharing between a VM and an object with a label index (another VM, a segment): Simple Type Enforcement. */
enum acm_decision acm_pre_share(const struct vm *vm, int obj_label);

#endif
