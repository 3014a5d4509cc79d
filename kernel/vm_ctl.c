/* cordon core: VM lifecycle control: start again, orderly stop with a deadline, destroy, restart, on_reboot. */
#include <kernel/vm_ctl.h>
#include <kernel/console.h>
#include <kernel/profile.h>
#include <kernel/share/share.h>
#include <kernel/mem/pmm.h>
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>
#include <cordon/hypercall.h>
#include <lib/str.h>

static u64 ms_to_tsc(u64 ms)
{
	return ms * tsc_khz();
}

/* A vTPM domain lives and dies with its client (vtpm/vtpm.h): the operator manages the client. */
#define DOMAIN_REFUSAL "it is a vTPM domain: it starts and stops with its VM"

/*
 * Not running: never started, start = manual, ended, or waiting. It goes
 * through vm_try_start like a start at boot (reference monitor PRE, runtime
 * log, memory, sharing); a scrub still under way or a Chinese Wall refusal
 * leaves it waiting, and vm.c retries it when the scrub or the conflicting
 * VM ends. The start zeroes the slot's run-time state (vm.c's slot_reset).
 */
static const char *start_vm(struct vm *vm)
{
	if (vm->state == VM_RUNNING)
		return "it is running";
	if (vm->state == VM_EMPTY)
		return "no such VM";
	vm->life.restart = false; /* started now, not again at the next pass */
	vm->state = VM_WAITING;
	vm_try_start(vm);
	return NULL;
}

const char *vm_ctl_start(struct vm *vm)
{
	return vm->cfg->vtpm_domain ? DOMAIN_REFUSAL : start_vm(vm);
}

const char *vm_ctl_start_domain(struct vm *vm)
{
	return vm->cfg->vtpm_domain ? start_vm(vm) : "it is not a vTPM domain";
}

const char *vm_ctl_stop(struct vm *vm, u32 deadline_ms)
{
	const char *how;
	if (vm->cfg->vtpm_domain)
		return DOMAIN_REFUSAL;
	if (vm->state != VM_RUNNING)
		return "it is not running";
	if (vm->stop_tsc)
		return "it is already stopping";
	if (!deadline_ms)
		deadline_ms = VM_STOP_DEADLINE_MS;
	vm->stop_ms = deadline_ms;
	vm->stop_asked_tsc = rdtsc();
	vm->stop_tsc = vm->stop_asked_tsc + ms_to_tsc(deadline_ms) + 1; /* never 0: "no stop asked for" */
	if (vm->profile->request_stop) {
		how = vm->profile->request_stop(vm);
	} else {
		event_raise(vm, 1ULL << CORDON_EVENT_STOP);
		how = "stop event raised";
	}
	kprintf("cordon: vm '%s': orderly stop: %s; destroyed if still running in %u ms\n", vm->cfg->name, how,
		deadline_ms);
	return NULL;
}

/* A VM waiting to start (again) is no longer waiting; a running one ends as if it had exited. */
static const char *destroy_vm(struct vm *vm)
{
	if (vm->state != VM_RUNNING) {
		if (!vm->life.restart && !(vm->state == VM_WAITING && vm->blocked))
			return "it is not running";
		vm->life.restart = false;
		vm->blocked = false;
		kprintf("cordon: vm '%s': its pending start is cancelled\n", vm->cfg->name);
		return NULL;
	}
	vm_end(vm, END_OPERATOR, 0, 0);
	return NULL;
}

const char *vm_ctl_destroy(struct vm *vm)
{
	return vm->cfg->vtpm_domain ? DOMAIN_REFUSAL : destroy_vm(vm);
}

const char *vm_ctl_destroy_domain(struct vm *vm)
{
	return vm->cfg->vtpm_domain ? destroy_vm(vm) : "it is not a vTPM domain";
}

/* The end has queued its memory for scrubbing: vm_ctl_tick starts it once no scrub is left. */
static void start_after_scrub(struct vm *vm)
{
	vm->life.restart = true;
	kprintf("cordon: vm '%s' starts again once its memory is scrubbed\n", vm->cfg->name);
}

const char *vm_ctl_restart(struct vm *vm)
{
	if (vm->cfg->vtpm_domain)
		return DOMAIN_REFUSAL;
	if (vm->state != VM_RUNNING)
		return "it is not running";
	vm_end(vm, END_OPERATOR, 0, 0);
	start_after_scrub(vm);
	return NULL;
}

/* Reboot-loop guard: more than VM_RESTART_MAX restarts within VM_RESTART_WINDOW_MS are refused. */
static bool restart_allowed(struct vm *vm, u64 now)
{
	struct vm_life *l = &vm->life;
	u64 *oldest = &l->restart_tsc[l->nrestarts % VM_RESTART_MAX];
	if (l->nrestarts >= VM_RESTART_MAX && now - *oldest < ms_to_tsc(VM_RESTART_WINDOW_MS))
		return false;
	*oldest = now; /* the ring's oldest entry becomes the newest */
	l->nrestarts++;
	return true;
}

/*
 * The VM ended with END_RESET (kernel/linux/acpi_regs.c ends it like any other end, so the device
 * models never call into the lifecycle control): with on_reboot = restart it starts again.
 */
static void on_reset(struct vm *vm, u64 now)
{
	vm->reset_seen = true;
	if (vm->cfg->on_reboot != CFG_REBOOT_RESTART)
		return;
	if (vm->stop_tsc) { /* the operator asked it to stop: a reboot on the way out is a stop */
		kprintf("cordon: vm '%s': reset while stopping: left ended\n", vm->cfg->name);
		return;
	}
	if (!restart_allowed(vm, now)) {
		kprintf("cordon: vm '%s': reset more than %u times within %u s: left ended (reboot loop; "
			"on_reboot = restart no longer applies)\n",
			vm->cfg->name, VM_RESTART_MAX, VM_RESTART_WINDOW_MS / 1000);
		return;
	}
	kprintf("cordon: vm '%s': on_reboot = restart (restart %u)\n", vm->cfg->name, vm->life.nrestarts);
	start_after_scrub(vm);
}

u32 vm_ctl_tick(u64 now)
{
	u32 pending = 0;
	for (u32 i = 0; i < vm_count(); i++) {
		struct vm *vm = vm_at(i);
		if (vm->state == VM_RUNNING && vm->stop_tsc && now >= vm->stop_tsc)
			vm_end(vm, END_STOP_DEADLINE, vm->stop_ms, 0);
		if (vm->state == VM_ENDED && vm->end == END_RESET && !vm->reset_seen)
			on_reset(vm, now);
		if (vm->state == VM_ENDED && vm->life.restart && !pmm_scrub_busy())
			vm_ctl_start(vm);
		pending += vm->state == VM_ENDED && vm->life.restart;
	}
	return pending;
}

const char *vm_ctl_state(const struct vm *vm)
{
	switch ((enum vm_state)vm->state) {
	case VM_RUNNING:
		if (vm->stop_tsc)
			return "stopping";
		return vm->vcpu.state == VCPU_BLOCKED ? "blocked" : "running";
	case VM_WAITING:
		return vm->blocked ? "waiting" : "stopped";
	case VM_ENDED:
		return vm->life.restart ? "waiting" : "stopped";
	case VM_EMPTY:
		break;
	}
	return "stopped";
}

struct vm *vm_by_name(const char *name)
{
	for (u32 i = 0; i < vm_count(); i++) {
		struct vm *vm = vm_at(i);
		if (vm->state != VM_EMPTY && vm->cfg && c_strcmp(vm->cfg->name, name) == 0)
			return vm;
	}
	return NULL;
}
