/* cordon core: the read-only management operations: the VM list, the policy in force, audit records. */
#include <kernel/trust/ctl.h>
#include <kernel/trust/audit.h>
#include <kernel/vm.h>
#include <kernel/vm_ctl.h>
#include <kernel/policy_update.h>
#include <lib/mgmt/mgmt_frame.h>
#include <lib/fmt.h>
#include <cordon/policy.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/arch.h>

#define INFO_MAX 320

static u64 uptime_ms(const struct vm *vm)
{
	return vm->state == VM_RUNNING ? (rdtsc() - vm->start_tsc) / tsc_khz() : 0;
}

static void vm_info(struct mgmt_wr *w, const struct vm *vm)
{
	char end[VM_END_TEXT], line[INFO_MAX];
	u64 n;
	if (vm->state == VM_ENDED)
		vm_describe_end(vm, end, sizeof(end));
	else
		fmt_snprintf(end, sizeof(end), "-");
	n = fmt_snprintf(line, sizeof(line), "name=%s label=%s state=%s vcpus=%u memory_mib=%llu uptime_ms=%llu exits=%llu "
			 "end=%s", vm->cfg->name, vm->cfg->label, vm_ctl_state(vm), vm->cfg->vcpus, vm->cfg->memory >> 20,
			 uptime_ms(vm), vm->vcpu.nexits, end);
	mgmt_item(w, MGMT_T_VM_INFO, line, n < sizeof(line) ? (u32)n : sizeof(line) - 1);
}

void ctl_list(struct mgmt_wr *w)
{
	for (u32 i = 0; i < vm_count(); i++)
		vm_info(w, vm_at(i));
}

void ctl_policy_show(struct mgmt_wr *w)
{
	static char line[POLICY_MAX_LABELS * POLICY_NAME_MAX + 256]; /* room for every label name */
	u32 n = policy_describe(line, sizeof(line));
	mgmt_item(w, MGMT_T_POLICY_INFO, line, n);
}

/* Records from 'from' on (or from the oldest still held), at most MGMT_AUDIT_BATCH, and where to go on. */
void ctl_audit(struct mgmt_wr *w, u64 from)
{
	u64 next = audit_count(), first = next > AUDIT_RING ? next - AUDIT_RING : 0, seq = from < first ? first : from;
	char line[AUDIT_TEXT + 80];
	u32 sent = 0;
	mgmt_item_u64(w, MGMT_T_AUDIT_FIRST, first);
	for (; seq < next && sent < MGMT_AUDIT_BATCH; seq++, sent++) {
		u64 n = audit_format(audit_get(seq), line, sizeof(line));
		mgmt_item(w, MGMT_T_AUDIT_REC, line, n < sizeof(line) ? (u32)n : sizeof(line) - 1);
	}
	mgmt_item_u64(w, MGMT_T_SEQ, seq);
}
