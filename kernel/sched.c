/* cordon core: round-robin scheduler; the LAPIC timer preempts guests through the backend's interrupt exit. */
#include <kernel/sched.h>
#include <kernel/trust/tpm.h>
#include <kernel/backend.h>
#include <kernel/console.h>
#include <kernel/handlers.h>
#include <kernel/vm.h>
#include <kernel/vm_ctl.h>
#include <kernel/profile.h>
#include <kernel/mem/pmm.h>
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>
#include <kernel/vcpu_state.h>
#include <cordon/hypercall.h>

static volatile u64 ticks;
static volatile bool need_resched;

void sched_tick(void)
{
	ticks++;
	need_resched = true;
}

/* 's' starts the start = manual VMs (through the reference monitor, like any start). */
static void start_manual(void)
{
	kprintf("cordon: 's' pressed: starting the start = manual VMs\n");
	for (u32 i = 0; i < vm_count(); i++) {
		struct vm *vm = vm_at(i);
		/* a vTPM domain starts with its client (vtpm/vtpm.h), never on its own */
		if (vm->state == VM_WAITING && !vm->blocked && vm->cfg->start == CFG_START_MANUAL && !vm->cfg->vtpm_domain)
			vm_try_start(vm);
	}
}

/* 'p' is every running VM's power button: an orderly stop, destroyed after VM_STOP_DEADLINE_MS (kernel/vm_ctl.h). */
static void stop_all(void)
{
	kprintf("cordon: 'p' pressed: orderly stop of every running VM\n");
	for (u32 i = 0; i < vm_count(); i++)
		if (vm_at(i)->state == VM_RUNNING)
			vm_ctl_stop(vm_at(i), VM_STOP_DEADLINE_MS);
}

/* Operator keys on the hypervisor console: 's' starts manual VMs, 'p' stops every VM in order, 'q' ends every VM. */
static void poll_console(void)
{
	int c = serial_getc();
	if (c == 's' || c == 'S')
		start_manual();
	if (c == 'p' || c == 'P')
		stop_all();
	if (c != 'q' && c != 'Q')
		return;
	kprintf("cordon: 'q' pressed: stopping every VM\n");
	for (u32 i = 0; i < vm_count(); i++) /* a restart waiting for its scrub is cancelled too */
		if (vm_at(i)->state == VM_RUNNING || vm_at(i)->life.restart)
			vm_ctl_destroy(vm_at(i));
}

static void run_slice(struct vcpu *v)
{
	struct vm_exit e;
	need_resched = false;
	v->yield = false;
	vcpu_state_load(v); /* VMRUN / VM entry do not switch FPU, XSAVE, XCR0 or DR0-DR3: we do, once per slice */
	while (v->state == VCPU_RUNNABLE && !need_resched && !v->yield) {
		if (v->vm->irq_pending && hv->inject_irq(v, CORDON_EVENT_VECTOR))
			v->vm->irq_pending = false; /* else retried at the next entry, when IF may be set */
		if (v->vm->profile->before_entry)
			v->vm->profile->before_entry(v);
		hv->run(v, &e);
		exit_dispatch(v, &e);
	}
	vcpu_state_store(v);
}

static bool check_deadline(struct vm *vm)
{
	if (vm->deadline_tsc && rdtsc() >= vm->deadline_tsc) {
		vm_end(vm, END_TIMEOUT, 0, 0);
		return false;
	}
	return true;
}

/* One pass over all VMs in order; returns how many were still alive. */
static u32 pass(u64 *seen_tick)
{
	bool woke = ticks != *seen_tick;
	u32 alive;
	*seen_tick = ticks;
	alive = vm_ctl_tick(rdtsc()); /* stop deadlines, resets, restarts: a pending restart keeps us going */
	for (u32 i = 0; i < vm_count(); i++) {
		struct vm *vm = vm_at(i);
		if (!vm_alive(vm) || !check_deadline(vm))
			continue;
		alive++;
		if (woke)
			vcpu_wake(&vm->vcpu);
		if (vm->vcpu.state == VCPU_RUNNABLE)
			run_slice(&vm->vcpu);
	}
	if (pmm_scrub_step(alive == 0)) /* ended VMs' memory, a bounded piece per pass (kernel/mem/pmm_scrub.c) */
		alive++;
	return alive;
}

static bool any_runnable(void)
{
	for (u32 i = 0; i < vm_count(); i++)
		if (vm_alive(vm_at(i)) && vm_at(i)->vcpu.state == VCPU_RUNNABLE)
			return true;
	return false;
}

void sched_run(void)
{
	u64 seen = ticks;
	while (pass(&seen)) {
		poll_console();
		mgmt_poll();
		cli(); /* no tick may slip between the check and the halt */
		if (!any_runnable() && ticks == seen)
			sti_hlt(); /* everyone waits for the next tick */
		else
			sti();
	}
}
