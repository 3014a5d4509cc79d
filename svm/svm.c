/* cordon AMD-V: detection, enabling SVM on the CPU, and the backend function table. */
#include <svm/svm.h>
#include <arch/x86_64/cpu.h>
#include <kernel/mem/pmm.h>
#include <lib/str.h>
#include <cordon/hypercall.h>

struct svm_cpu svm_cpu;

/* CPUID Fn8000_0001 ECX[2] = SVM; Fn8000_000A EDX[0] = NP, EDX[3] = NRIPS (APM vol. 3, E.4). */
static const char *svm_probe(void)
{
	u32 r[4];
	cpuid(0x80000000u, 0, r);
	if (r[0] < 0x8000000au)
		return "CPU has no AMD-V (SVM) leaves";
	cpuid(0x80000001u, 0, r);
	if (!(r[2] & (1u << 2)))
		return "CPU has no AMD-V (SVM)";
	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS)
		return "AMD-V is disabled by the firmware (VM_CR.SVMDIS)";
	cpuid(0x8000000au, 0, r);
	if (!(r[3] & 1u))
		return "AMD-V without nested paging (NPT) is not supported";
	if (r[1] < 2)
		return "AMD-V reports no guest ASIDs";
	svm_cpu.nasid = r[1];
	svm_cpu.nrip = r[3] & (1u << 3);
	return NULL;
}

static int svm_cpu_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	svm_cpu.hsave_pa = pmm_alloc_filled(PAGE_SIZE, 0);
	svm_cpu.host_vmcb_pa = pmm_alloc_filled(PAGE_SIZE, 0);
	svm_cpu.iopm_pa = pmm_alloc_filled(3 * PAGE_SIZE, 0xff);  /* APM 15.10.1: 12 KiB */
	svm_cpu.msrpm_pa = pmm_alloc_filled(2 * PAGE_SIZE, 0xff); /* APM 15.11: 8 KiB */
	if (!svm_cpu.hsave_pa || !svm_cpu.host_vmcb_pa || !svm_cpu.iopm_pa || !svm_cpu.msrpm_pa)
		return -1;
	wrmsr(MSR_VM_HSAVE_PA, svm_cpu.hsave_pa);
	return 0;
}

const struct backend svm_backend = {
	.name = "AMD-V",
	.hcall_insn = CORDON_HCALL_VMMCALL,
	.probe = svm_probe,
	.cpu_init = svm_cpu_init,
	.vm_init = svm_vm_init,
	.vm_destroy = svm_vm_destroy,
	.vcpu_init = svm_vcpu_init,
	.vcpu_destroy = svm_vcpu_destroy,
	.run = svm_run,
	.inject_exception = svm_inject,
	.single_step = svm_single_step,
	.get_sreg = svm_get_sreg,
	.set_sreg = svm_set_sreg,
	.map_page = svm_map_page,
	.unmap_page = svm_unmap_page,
	.inject_irq = svm_inject_irq,
	.cpl = svm_cpl,
	.nested_name = "NPT",
	.describe_exit = svm_describe_exit,
};
