/* cordon core: hypervisor entry: validate the handover, bring up the CPU, start the VMs, run them. */
#include <kernel/backend.h>
#include <kernel/console.h>
#include <kernel/mem/pmm.h>
#include <kernel/sched.h>
#include <kernel/trust/tpm.h>
#include <kernel/trust/ctl.h>
#include <kernel/vm.h>
#include <kernel/vm_units.h>
#include <kernel/rmon.h>
#include <lib/fmt.h>
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/xstate.h>

void hv_main(struct bootinfo *bi);

/* Lists what a guest probed that cordon does not emulate, so a port or MSR a kernel needs is easy to spot. */
/* The entries lib/cfg added for the VMs with vtpm = yes (they follow the configured ones). */
static u32 vtpm_domains(const struct cfg *c)
{
	u32 n = 0;
	for (u32 i = 0; i < c->nvms && i < CFG_MAX_VMS; i++)
		n += c->vms[i].vtpm_domain;
	return n;
}

static void defaults(const struct vm *vm)
{
	char line[200];
	u32 n = 0;
	if (!vm->ndefault_ports && !vm->ndefault_msrs)
		return;
	for (u32 i = 0; i < vm->ndefault_ports && n < sizeof(line); i++)
		n += (u32)fmt_snprintf(line + n, sizeof(line) - n, " 0x%x", vm->default_ports[i]);
	kprintf("cordon:   %-12s ports answered by default:%s\n", vm->cfg->name, vm->ndefault_ports ? line : " none");
	n = 0;
	for (u32 i = 0; i < vm->ndefault_msrs && n < sizeof(line); i++)
		n += (u32)fmt_snprintf(line + n, sizeof(line) - n, " 0x%x", vm->default_msrs[i]);
	kprintf("cordon:   %-12s MSRs refused with #GP:%s\n", vm->cfg->name, vm->ndefault_msrs ? line : " none");
}

static void summary(void)
{
	char why[VM_END_TEXT];
	kprintf("cordon: all VMs have ended\n");
	for (u32 i = 0; i < vm_count(); i++) {
		const struct vm *vm = vm_at(i);
		const struct vcpu *v = &vm->vcpu;
		if (vm->state == VM_WAITING && vm->end != END_NONE) { /* it ran, and a start again waits */
			kprintf("cordon:   %-12s not started again (%s)\n", vm->cfg->name,
				vm->blocked ? "refused by the reference monitor" : "cancelled");
			continue;
		}
		if (vm->state == VM_WAITING) {
			kprintf("cordon:   %-12s never started (%s)\n", vm->cfg->name,
				vm->blocked ? "refused by the reference monitor" : "start = manual");
			continue;
		}
		vm_describe_end(vm, why, sizeof(why));
		kprintf("cordon:   %-12s %s; %llu exits (cpuid %llu, io %llu, msr %llu, hypercall %llu, wbinvd %llu), "
			"%llu port writes dropped\n",
			vm->cfg->name, why, v->nexits, v->exit_counts[EXIT_CPUID], v->exit_counts[EXIT_IO],
			v->exit_counts[EXIT_MSR_READ] + v->exit_counts[EXIT_MSR_WRITE], v->exit_counts[EXIT_HYPERCALL],
			v->exit_counts[EXIT_WBINVD], vm->ports_dropped);
		defaults(vm);
	}
	kprintf("cordon: %llu MiB free after teardown\n", pmm_free_bytes() >> 20);
}

void hv_main(struct bootinfo *bi)
{
	const char *why;
	serial_init();
	kprintf("\ncordon microhypervisor: booting (boot-info at 0x%llx)\n", (u64)bi);
	if ((why = bootinfo_check(bi)))
		panic("boot-info rejected: %s", why);
	kprintf("cordon: boot-info v%u valid: %u memory ranges, %u modules, ACPI RSDP at 0x%llx\n", bi->version,
		bi->nmem, bi->nmods, bi->acpi_rsdp);
	console_set_level(bi->cfg.loglevel);
	console_set_enabled(bi->cfg.console != CFG_CONSOLE_NONE);
	gdt_init();
	idt_init();
	power_set_runtime(bi->efi_runtime);
	pmm_global_init(bi);
	paging_init(bi, pmm_pt_ops());
	fpu_init();
	lapic_init();
	irq_register(VEC_TIMER, sched_tick);
	if (!backend_select()) {
		kprintf("cordon: no usable hardware virtualization on this CPU "
			"(cordon needs AMD-V with nested paging or VT-x with EPT); no VM was started\n");
		power_off();
	}
	if (hv->cpu_init() < 0)
		panic("%s: could not enable virtualization", hv->name);
	kprintf("cordon: backend %s ready; %u VM(s) in boot.cfg, %u vTPM domain(s)\n", hv->name,
		bi->cfg.nvms - vtpm_domains(&bi->cfg), vtpm_domains(&bi->cfg));
	if (!tpm_init(bi)) {
		kprintf("cordon: boot.cfg requires a TPM; no VM was started\n");
		power_off();
	}
	rtlog_init(bi);
	seal_init(bi);
	attest_init(bi);
	ctl_init(bi); /* the operator and policy keys, before the channel answers */
	mgmt_init(bi);
	vms_create_all(bi, cordon_units, cordon_nunits);
	rmon_init(bi); /* the policy and every VM's label, before any VM asks to start */
	vms_start_boot();
	lapic_timer_start(SCHED_HZ);
	sti();
	sched_run();
	cli();
	summary();
	power_off();
}
