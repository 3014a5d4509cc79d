/* cordon core: the units a VM's start walks forward and its stop backward (kernel/vm_units.h), in rollback order. */
#include <kernel/vm_units.h>
#include <kernel/vm.h>
#include <kernel/rmon.h>
#include <kernel/share/share.h>
#include <kernel/trust/tpm.h>
#include <kernel/trust/audit.h>
#include <vtpm/crb.h>
#include <vtpm/vtpm.h>

static const char *measure_start(struct vm *vm)
{
	return rtlog_vm_start(vm) ? NULL : "its start could not be measured into the TPM";
}

static void measure_stop(struct vm *vm)
{
	char why[VM_END_TEXT];
	vm_describe_end(vm, why, sizeof(why));
	rtlog_vm_stop(vm, why);
}

/* The audit trail's state for a VM: the open runs of its counted repeats, written when it ends. */
static void close_audit_runs(struct vm *vm)
{
	audit_end_runs(vm->cfg->name);
}

/* A refused NIC is no failed start: the VM runs without one (the refusal is audited and printed). */
static const char *attach_nic(struct vm *vm)
{
	nic_attach(vm);
	return NULL;
}

/*
 * The reference monitor decides first and forgets the VM last; the runtime
 * log records the start before anything of the VM exists (a start that then
 * fails is logged with its stop); the VM's counted audit repeats are
 * written before that stop is (sharing's teardown writes them at a normal
 * end already, this covers a start that fails later); the VM's own memory
 * and vCPU come next; a client's vTPM domain starts once the client has its
 * memory and ends before that is scrubbed; sharing last, torn down first so
 * that peers lose their view of the VM before its memory is scrubbed.
 */
const struct vm_unit cordon_units[] = {
	{ .name = "reference monitor", .may_start = rmon_may_start, .start = rmon_start, .undo = rmon_undo,
	  .stop = rmon_stop },
	{ .name = "runtime log", .start = measure_start, .stop = measure_stop },
	{ .name = "audit trail", .stop = close_audit_runs },
	{ .name = "memory and vCPU", .start = vm_core_start, .stop = vm_core_stop },
	/* needs the nested tables to map its pages, and unmaps them before they go */
	{ .name = "vTPM front end", .start = crb_unit_start, .stop = crb_unit_stop },
	/* after the front end: the domain's end answers an outstanding command into the client's pages */
	{ .name = "vTPM", .start = vtpm_unit_start, .stop = vtpm_unit_stop },
	{ .name = "sharing", .start = attach_nic, .stop = share_teardown },
};
const u32 cordon_nunits = sizeof(cordon_units) / sizeof(cordon_units[0]);
