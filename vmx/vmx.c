/* cordon VT-x: detection from the VMX MSRs, VMXON, and the backend function table (mirror of svm/svm.c). */
#include <vmx/vmx.h>
#include <vmx/vmx_insn.h>
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>
#include <kernel/mem/pmm.h>
#include <kernel/sched.h>
#include <lib/str.h>
#include <cordon/hypercall.h>

struct vmx_cpu vmx_cpu;

/* IA32_FEATURE_CONTROL: firmware may lock VMX off; unlocked, we enable and lock it (SDM vol. 3, 23.7). */
static const char *feature_control(void)
{
	u64 fc = rdmsr(MSR_FEATURE_CONTROL);
	if ((fc & FC_LOCK) && !(fc & FC_VMXON_OUTSIDE_SMX))
		return "VT-x is disabled by the firmware (IA32_FEATURE_CONTROL locked)";
	if (!(fc & FC_LOCK))
		wrmsr(MSR_FEATURE_CONTROL, fc | FC_LOCK | FC_VMXON_OUTSIDE_SMX);
	return NULL;
}

/* CPUID.1:ECX[5] = VMX (SDM vol. 3, 23.6); then every capability MSR decides the controls. */
static const char *vmx_probe(void)
{
	u64 msr[VMX_NCAPS];
	u32 r[4];
	const char *why;
	cpuid(1, 0, r);
	if (!(r[2] & (1u << 5)))
		return "CPU has no VT-x (VMX)";
	if ((why = feature_control()))
		return why;
	for (u32 i = 0; i < VMX_NCAPS; i++) /* in order: whether one exists depends on those below it */
		msr[i] = vmx_cap_exists(i, msr) ? rdmsr(MSR_VMX_BASIC + i) : 0;
	return vmx_caps_compute(msr, &vmx_cpu.caps);
}

static int vmx_cpu_init(void)
{
	const struct vmx_caps *c = &vmx_cpu.caps;
	vmx_cpu.vmxon_pa = pmm_alloc_filled(PAGE_SIZE, 0);
	vmx_cpu.io_bitmap_pa = pmm_alloc_filled(2 * PAGE_SIZE, 0xff); /* every port exits (SDM 24.6.4) */
	vmx_cpu.msr_bitmap_pa = pmm_alloc_filled(PAGE_SIZE, 0xff);	  /* every MSR exits (SDM 24.6.9) */
	if (!vmx_cpu.vmxon_pa || !vmx_cpu.io_bitmap_pa || !vmx_cpu.msr_bitmap_pa)
		return -1;
	*(u32 *)vmx_cpu.vmxon_pa = c->revision;
	vmx_cpu.preempt_slice = (u32)(tsc_khz() * 1000 / SCHED_HZ >> c->preempt_shift); /* lapic_init ran */
	write_cr0(vmx_fixed(read_cr0(), c->cr0_fixed0, c->cr0_fixed1));
	write_cr4(vmx_fixed(read_cr4() | CR4_VMXE, c->cr4_fixed0, c->cr4_fixed1));
	return vmxon(vmx_cpu.vmxon_pa);
}

static void vmx_cpuid_adjust(u32 leaf, u32 out[4])
{
	vmx_cpuid_view(&vmx_cpu.caps, leaf, out);
}

const struct backend vmx_backend = {
	.name = "VT-x",
	.hcall_insn = CORDON_HCALL_VMCALL,
	.probe = vmx_probe,
	.cpu_init = vmx_cpu_init,
	.vm_init = vmx_vm_init,
	.vm_destroy = vmx_vm_destroy,
	.vcpu_init = vmx_vcpu_init,
	.vcpu_destroy = vmx_vcpu_destroy,
	.run = vmx_run,
	.inject_exception = vmx_inject,
	.single_step = vmx_single_step,
	.get_sreg = vmx_get_sreg,
	.set_sreg = vmx_set_sreg,
	.map_page = vmx_map_page,
	.unmap_page = vmx_unmap_page,
	.inject_irq = vmx_inject_irq,
	.cpl = vmx_cpl,
	.cpuid_adjust = vmx_cpuid_adjust,
	.nested_name = "EPT",
	.describe_exit = vmx_describe_exit,
};
