/* cordon core: the reference monitor's side of VM start: asks the ACM, audits, commits or rolls back. */
#include <kernel/rmon.h>
#include <kernel/vm.h>
#include <kernel/console.h>
#include <kernel/trust/audit.h>
#include <acm/hooks.h>
#include <lib/fmt.h>

static const char *policy_name; /* a loaded policy's name; NULL with none or a rejected one */

static void report(const struct bi_module *m, const struct acm_status *s)
{
	switch (s->state) {
	case ACM_NO_POLICY:
		kprintf("cordon: no policy in boot.cfg: NULL policy, every decision permits\n");
		break;
	case ACM_POLICY_REJECTED:
		kprintf("cordon: policy '%s' rejected: %s; no labelled VM will start\n", m->name, s->reason);
		break;
	case ACM_POLICY_LOADED:
		kprintf("cordon: policy '%s' loaded: %u labels, %u STE types, %u CW types, %u conflict sets\n", s->name,
			s->nlabels, s->nste, s->ncw, s->nconflicts);
		break;
	}
}

void rmon_init(const struct bootinfo *bi)
{
	const struct bi_module *m = bootinfo_module(bi, BI_MOD_POLICY);
	struct acm_status s;
	acm_init(m ? (const void *)m->phys : NULL, m ? m->size : 0, &s);
	report(m, &s);
	policy_name = s.state == ACM_POLICY_LOADED ? s.name : NULL;
	for (u32 i = 0; i < vm_count(); i++) {
		struct vm *vm = vm_at(i);
		vm->label = acm_label(vm->cfg->label);
		if (policy_name && vm->label < 0)
			kprintf("cordon: vm '%s': label '%s' is not in policy '%s': it will not start\n", vm->cfg->name,
				vm->cfg->label, policy_name);
	}
}

static void audit_start(const struct vm *vm, enum acm_decision d, const struct vm *culprit)
{
	char obj[40];
	if (d == ACM_PERMIT)
		return;
	fmt_snprintf(obj, sizeof(obj), "vm:%s", culprit ? culprit->cfg->name : "-");
	audit_log(AUDIT_VM_START, vm->cfg->name, vm->cfg->label, obj, culprit ? culprit->cfg->label : "-",
		  acm_decision_name(d));
}

bool rmon_may_start(struct vm *vm)
{
	u32 culprit_id;
	enum acm_decision d = acm_pre_vm_start(vm->id, vm->label, &culprit_id);
	const struct vm *culprit = d == ACM_DENY ? vm_by_id(culprit_id) : NULL;
	audit_start(vm, d, culprit);
	if (d != ACM_DENY)
		return true;
	if (culprit)
		kprintf("cordon: vm '%s' (label %s) refused: Chinese Wall conflict with running vm '%s' (label %s); "
			"it starts when that VM ends\n", vm->cfg->name, vm->cfg->label, culprit->cfg->name,
			culprit->cfg->label);
	else
		kprintf("cordon: vm '%s' (label %s) refused by the reference monitor\n", vm->cfg->name, vm->cfg->label);
	return false;
}

const char *rmon_start(struct vm *vm)
{
	acm_post_vm_start(vm->id, vm->label);
	return NULL;
}

/* A start that failed ends the VM as a subject too: its counted audit repeats are written now (a failed measurement). */
void rmon_undo(struct vm *vm)
{
	acm_fail_vm_start(vm->id);
	audit_end_runs(vm->cfg->name);
}

void rmon_stop(struct vm *vm)
{
	acm_vm_stop(vm->id);
}
