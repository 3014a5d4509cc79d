/* cordon core: VM lifecycle: create from the boot-info, start, end, tear down and scrub. */
#include <kernel/vm.h>
#include <kernel/vm_units.h>
#include <kernel/backend.h>
#include <kernel/console.h>
#include <kernel/profile.h>
#include <kernel/dev/vuart.h>
#include <kernel/mem/pmm.h>
#include <lib/boot/bzimage.h>
#include <lib/str.h>
#include <kernel/vcpu_state.h>
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>

static u64 boot_loader_tsc;
static struct vuart uarts[MAX_VMS]; /* vm->uart, by VM id */
static const struct vm_unit *units; /* what a start walks forward and a stop backward (kernel/units.c) */
static u32 nunits;
static bool retry_held; /* a policy change is under way: no VM starts under the old policy meanwhile */

static void print_line(void *ctx, const char *line)
{
	struct vm *vm = ctx;
	kprintf("%s: %s\n", vm->cfg->name, line);
}

/*
 * One host allocation, mapped from guest-physical 0. The profile says how much
 * goes below 4 GiB: a Linux VM's RAM goes around the 3-4 GiB hole its e820 map
 * and ACPI tables describe (the PCI window, IOAPIC, LAPIC, TPM), the rest from
 * 4 GiB (lib/boot/e820.c); a tiny guest's is flat.
 */
static int map_ram(struct vm *vm)
{
	u64 low = vm->profile->low_ram(vm->mem_size);
	if (gpmap_add(&vm->map, 0, low, vm->mem_hpa, GP_RWX) < 0)
		return -1;
	if (low == vm->mem_size)
		return 0;
	return gpmap_add(&vm->map, E820_HIGH_RAM_BASE, vm->mem_size - low, vm->mem_hpa + low, GP_RWX);
}

/* Memory, start-info, page tables and the backend's control state; NULL or why not. */
static const char *vm_build(struct vm *vm)
{
	const char *why;
	vm->mem_size = vm->cfg->memory;
	vm->mem_hpa = pmm_alloc(vm->mem_size, MiB(2));
	if (!vm->mem_hpa)
		return "not enough contiguous host memory";
	if (map_ram(vm) < 0)
		return "bad memory map";
	if ((why = vm->profile->prepare(vm, tsc_khz(), boot_loader_tsc)))
		return why;
	if (hv->vm_init(vm) < 0)
		return "backend could not set up nested paging";
	if (hv->vcpu_init(&vm->vcpu) < 0)
		return "backend could not set up the vCPU";
	if (vcpu_state_init(&vm->vcpu) < 0)
		return "no memory for the vCPU's register save area";
	return NULL;
}

/*
 * A VM ended and its memory is scrubbed: VMs the Chinese Wall held back may
 * start now. Not before: a VM the wall kept apart from the ended one never
 * runs while that one's memory still holds its data, and the memory may be
 * what the waiting VM needs.
 */
static void retry_blocked(void)
{
	if (retry_held || pmm_scrub_busy())
		return; /* the last scrub to finish calls again */
	for (u32 i = 0; i < vm_count(); i++)
		if (vm_at(i)->blocked && vm_at(i)->state == VM_WAITING)
			vm_try_start(vm_at(i));
}

void vm_retry_hold(bool hold)
{
	retry_held = hold;
	if (!hold)
		retry_blocked();
}

static void scrubbed(void *ctx)
{
	struct vm *vm = ctx;
	kprintf("cordon: vm '%s': %llu MiB scrubbed and returned\n", vm->cfg->name, vm->mem_size >> 20);
	retry_blocked();
}

/* Backend state first (it may point into guest memory), then scrub and return the RAM. */
void vm_core_stop(struct vm *vm)
{
	if (vm->vcpu.hw)
		hv->vcpu_destroy(&vm->vcpu);
	vcpu_state_free(&vm->vcpu);
	if (vm->nested_root)
		hv->vm_destroy(vm);
	if (vm->mem_hpa) { /* scrubbed between scheduler passes (pmm_scrub_step), then freed */
		pmm_free_scrubbed(vm->mem_hpa, vm->mem_size, scrubbed, vm);
		vm->mem_hpa = 0;
	}
	vm->map.n = 0;
}

const char *vm_core_start(struct vm *vm)
{
	const char *why = vm_build(vm);
	if (why) {
		vm_core_stop(vm); /* whatever vm_build got before it failed */
		return why;
	}
	vm->start_tsc = rdtsc();
	vm->deadline_tsc = vm->cfg->timeout ? vm->start_tsc + (u64)vm->cfg->timeout * 1000 * tsc_khz() : 0;
	kprintf("cordon: vm %u '%s' started: label %s, %llu MiB at 0x%llx, image %s\n", vm->id, vm->cfg->name,
		vm->cfg->label, vm->mem_size >> 20, vm->mem_hpa, vm->cfg->image);
	return NULL;
}

/* The VM no longer runs: why, printed once. Its units are still to be stopped. */
static void mark_ended(struct vm *vm, enum end_reason why, u64 detail, u64 detail2)
{
	char buf[VM_END_TEXT];
	vuart_flush(vm->uart);
	vm->state = VM_ENDED;
	vm->vcpu.state = VCPU_DEAD;
	vm->end = why;
	vm->end_detail = detail;
	vm->end_detail2 = detail2;
	vm_describe_end(vm, buf, sizeof(buf));
	kprintf("cordon: vm '%s' ended: %s\n", vm->cfg->name, buf);
	if (vm->stop_tsc) /* an orderly stop was asked for (kernel/vm_ctl.c): how long it took, for the docs */
		kprintf("cordon: vm '%s' ended %llu ms after the stop request\n", vm->cfg->name,
			(rdtsc() - vm->stop_asked_tsc) / tsc_khz());
}

/*
 * Every start begins from a zeroed slot, a start again after an end too: the
 * last run's exits, grants, ports, pending events, NIC, end reason, vCPU
 * registers and counts, platform pointer and stop deadline are gone. What
 * creation and rmon_init set, and the lifecycle's history, stay. The
 * teardown of the last run has finished (its scrub too: vm_try_start waits
 * for every scrub), so nothing points into the old state any more.
 */
static void slot_reset(struct vm *vm)
{
	const struct cfg_vm *cfg = vm->cfg;
	const struct guest_profile *profile = vm->profile;
	const struct bi_module *image = vm->image, *initrd = vm->initrd;
	struct vuart *uart = vm->uart;
	struct vm_life life = vm->life;
	u32 id = vm->id;
	int label = vm->label;
	c_memset(vm, 0, sizeof(*vm));
	vm->id = id;
	vm->cfg = cfg;
	vm->profile = profile;
	vm->image = image;
	vm->initrd = initrd;
	vm->uart = uart;
	vm->label = label;
	vm->life = life;
}

/* Walks the units forward; a failed start ends the VM and rolls back the units that had started. */
static void vm_start(struct vm *vm)
{
	const char *why = NULL;
	u32 k = 0;
	slot_reset(vm);
	vm->state = VM_RUNNING;
	vm->vcpu.vm = vm;
	vm->vcpu.state = VCPU_RUNNABLE;
	vuart_init(vm->uart, print_line, vm);
	k = vm_units_start(units, nunits, vm, &why);
	if (!why)
		return;
	kprintf("cordon: vm '%s' not started: %s\n", vm->cfg->name, why);
	mark_ended(vm, END_CREATE_FAILED, 0, 0);
	vm_units_undo(units, k, vm);
	retry_blocked();
}

void vms_create_all(const struct bootinfo *bi, const struct vm_unit *u, u32 n)
{
	units = u;
	nunits = n;
	boot_loader_tsc = bi->loader_tsc;
	for (u32 i = 0; i < bi->nmods; i++) {
		const struct bi_module *m = &bi->mods[i];
		struct vm *vm;
		if (m->kind != BI_MOD_GUEST)
			continue;
		vm = vm_add(); /* bootinfo_check allows at most CFG_MAX_VMS guests */
		vm->cfg = &bi->cfg.vms[m->vm];
		vm->image = m;
		vm->profile = guest_profile_for(vm->cfg); /* once: the core never asks the config again */
		vm->uart = &uarts[vm->id];
		vm->state = VM_WAITING;
	}
	for (u32 i = 0; i < bi->nmods; i++) /* a Linux VM's initrd: boot-info VM index = VM id */
		if (bi->mods[i].kind == BI_MOD_INITRD && vm_at(bi->mods[i].vm))
			vm_at(bi->mods[i].vm)->initrd = &bi->mods[i];
}

void vms_start_boot(void)
{
	for (u32 i = 0; i < vm_count(); i++) {
		struct vm *vm = vm_at(i);
		if (vm->cfg->vtpm_domain)
			continue; /* its client's start starts it (vtpm/vtpm.h) */
		if (vm->cfg->start == CFG_START_BOOT)
			vm_try_start(vm);
		else
			kprintf("cordon: vm %u '%s' (label %s) waits: start = manual\n", i, vm->cfg->name, vm->cfg->label);
	}
}

void vm_try_start(struct vm *vm)
{
	if (pmm_scrub_busy()) { /* an ended VM's memory may be what this one needs: wait for the scrub */
		vm->blocked = true;
		kprintf("cordon: vm '%s' waits: memory of an ended VM is still being scrubbed\n", vm->cfg->name);
		return;
	}
	vm->blocked = !vm_units_may_start(units, nunits, vm); /* a refusal is audited and printed there */
	if (!vm->blocked)
		vm_start(vm);
}

void vm_end(struct vm *vm, enum end_reason why, u64 detail, u64 detail2)
{
	if (vm->state != VM_RUNNING)
		return;
	mark_ended(vm, why, detail, detail2);
	vm_units_stop(units, nunits, vm);
	retry_blocked();
}
