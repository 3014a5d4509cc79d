/* Access Control Module (sHype): policy loading at boot and the VM-start and sharing hooks. */
#include <acm/hooks.h>
#include <kernel/trust/audit.h>
#include <kernel/console.h>
#include <kernel/vm.h>

static struct policy policy;
static const struct policy *active; /* NULL = NULL policy */
static const char *broken;	    /* set when boot.cfg names a policy cordon cannot use */

static const struct bi_module *find_policy(const struct bootinfo *bi)
{
	for (u32 i = 0; i < bi->nmods; i++)
		if (bi->mods[i].kind == BI_MOD_POLICY)
			return &bi->mods[i];
	return NULL;
}

static void resolve_labels(void)
{
	for (u32 i = 0; i < vm_count(); i++) {
		struct vm *vm = vm_at(i);
		vm->label = active ? policy_label(active, vm->cfg->label) : -1;
		if (active && vm->label < 0)
			kprintf("cordon: vm '%s': label '%s' is not in policy '%s': it will not start\n", vm->cfg->name,
				vm->cfg->label, policy.hdr->name);
	}
}

void acm_init(const struct bootinfo *bi)
{
	const struct bi_module *m = find_policy(bi);
	if (!m) {
		kprintf("cordon: no policy in boot.cfg: NULL policy, every decision permits\n");
	} else if ((broken = policy_load((const void *)m->phys, m->size, &policy))) {
		kprintf("cordon: policy '%s' rejected: %s; no labelled VM will start\n", m->name, broken);
	} else {
		active = &policy;
		kprintf("cordon: policy '%s' loaded: %u labels, %u STE types, %u CW types, %u conflict sets\n",
			policy.hdr->name, policy.hdr->nlabels, policy.hdr->nste, policy.hdr->ncw, policy.hdr->nconflicts);
	}
	resolve_labels();
}

const struct policy *acm_policy(void)
{
	return active;
}

/* The labels of the running VMs other than vm, and the VMs behind them. */
static u32 running_labels(const struct vm *vm, int *labels, const struct vm **who)
{
	u32 n = 0;
	for (u32 i = 0; i < vm_count(); i++)
		if (vm_at(i) != vm && vm_alive(vm_at(i))) {
			labels[n] = vm_at(i)->label;
			who[n++] = vm_at(i);
		}
	return n;
}

enum acm_decision acm_pre_vm_start(const struct vm *vm, const struct vm **culprit)
{
	int labels[MAX_VMS];
	const struct vm *who[MAX_VMS];
	u32 n, bad = 0;
	enum acm_decision d;
	*culprit = NULL;
	if (broken || (active && vm->label < 0))
		return ACM_DENY;
	n = running_labels(vm, labels, who);
	d = acm_start(active, vm->label, labels, n, &bad);
	if (d == ACM_DENY)
		*culprit = who[bad];
	return d;
}

/* The running set is the VM table itself, so committing or rolling back needs no extra state. */
void acm_post_vm_start(struct vm *vm)
{
	(void)vm;
}

void acm_fail_vm_start(struct vm *vm)
{
	(void)vm;
}

enum acm_decision acm_pre_share(const struct vm *vm, int obj_label)
{
	if (broken)
		return ACM_DENY;
	return acm_share(active, vm->label, obj_label);
}
