/* cordon core: what the management plane may do to a VM: start, orderly stop, destroy, restart. */
#ifndef CORDON_KERNEL_VM_CTL_H
#define CORDON_KERNEL_VM_CTL_H
#include <kernel/vm.h>

/*
 * Each returns NULL when the request was accepted, or a static reason it
 * was refused in the VM's current state ("it is running", "it is not
 * running"). All of them go through the VM's own start and stop paths
 * (kernel/vm.c: the reference monitor, the runtime log, teardown and
 * scrubbing), never around them.
 */
#define VM_STOP_DEADLINE_MS 30000 /* an orderly stop that has not ended the VM by then destroys it */

/* A VM that is not running (never started, start = manual, or ended): start it again, measured again. */
const char *vm_ctl_start(struct vm *vm);
/* Orderly: a Linux VM gets an ACPI power-button press, a tiny guest the CORDON_EVENT_STOP bit; after
 * deadline_ms (0: VM_STOP_DEADLINE_MS) the VM is destroyed (END_STOP_DEADLINE). A second stop while one
 * is under way is refused. */
const char *vm_ctl_stop(struct vm *vm, u32 deadline_ms);
/* At once (END_OPERATOR). A VM waiting to start (again) stops waiting instead. */
const char *vm_ctl_destroy(struct vm *vm);
/* Destroy, then start again as soon as its memory is scrubbed. */
const char *vm_ctl_restart(struct vm *vm);
/*
 * The operator's requests above refuse a vTPM domain: it lives and dies with
 * its client. The client's vTPM unit (vtpm/link.c) starts and destroys it
 * through these, which refuse every VM but a domain.
 */
const char *vm_ctl_start_domain(struct vm *vm);
const char *vm_ctl_destroy_domain(struct vm *vm);

/* For list: "running", "blocked" (its vCPU waits for an event), "stopping", "stopped", "waiting"
 * (held back by the Chinese Wall or a scrub). */
const char *vm_ctl_state(const struct vm *vm);

/* The VM named name (any state), or NULL. */
struct vm *vm_by_name(const char *name);

/*
 * The scheduler, once per pass (TSC now): destroys VMs past their stop
 * deadline; gives a VM that reset itself (END_RESET, kernel/linux/acpi_regs.c)
 * with on_reboot = restart a restart, unless an orderly stop of it was under
 * way or it has restarted VM_RESTART_MAX times within VM_RESTART_WINDOW_MS (a
 * reboot loop: it is left ended, with a console line saying why); starts the
 * restarts whose scrub has finished. Returns how many restarts still wait
 * for a scrub (the scheduler keeps running for them).
 */
u32 vm_ctl_tick(u64 now);

#endif
