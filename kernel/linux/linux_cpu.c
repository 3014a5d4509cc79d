/* cordon core: the CPUID bits and MSRs a Linux VM sees beyond the ELF guests' view (x2APIC, kvmclock, SYSCALL). */
#include <kernel/handlers.h>
#include <kernel/backend.h>
#include <kernel/linux/platform.h>

/*
 * Leaf 1 (Intel SDM vol. 2A, CPUID; AMD APM vol. 3, E.3.2): an APIC (EDX 9)
 * in x2APIC mode (ECX 21) with the TSC-deadline timer (ECX 24), so Linux
 * needs neither the xAPIC MMIO page nor a timer calibration.
 */
void linux_cpuid(u32 leaf, u32 out[4])
{
	if (kvmclock_cpuid(leaf, out))
		return;
	if (leaf == 1) {
		out[2] |= (1u << 21) | (1u << 24);
		out[3] |= 1u << 9;
	}
}

/* IA32_MISC_ENABLE as a VM sees it: fast strings on, no branch trace store, no PEBS (bits 0, 11, 12). */
#define MSR_MISC_ENABLE 0x1a0u
#define MISC_ENABLE_VALUE ((1ULL << 0) | (1ULL << 11) | (1ULL << 12))

/* IA32_BIOS_SIGN_ID: a VM's CPU reports microcode revision 1 (bits 63:32) and ignores writes. */
#define MSR_UCODE_REV 0x8bu
#define UCODE_REV_VALUE (1ULL << 32)

/* SYSCALL/SYSENTER state lives in the VMCB; Linux programs it once at boot. */
static int sreg_of(u32 msr)
{
	switch (msr) {
	case 0x174: return SREG_SYSENTER_CS;
	case 0x175: return SREG_SYSENTER_ESP;
	case 0x176: return SREG_SYSENTER_EIP;
	case 0xc0000081u: return SREG_STAR;
	case 0xc0000082u: return SREG_LSTAR;
	case 0xc0000083u: return SREG_CSTAR;
	case 0xc0000084u: return SREG_SFMASK;
	default: return -1;
	}
}

/*
 * Handles the MSRs only Linux VMs have. Returns 1 when done (value in *val
 * for reads), -1 to raise #GP, 0 when the MSR is not one of them.
 */
int linux_msr(struct vcpu *v, u32 msr, bool write, u64 *val)
{
	struct linux_platform *p = v->vm->plat;
	int r = sreg_of(msr);
	if (r >= 0) {
		if (write)
			hv->set_sreg(v, (enum sreg)r, *val);
		else
			*val = hv->get_sreg(v, (enum sreg)r);
		return 1;
	}
	if (msr == MSR_X2APIC_EOI && write) /* a level-triggered IOAPIC pin waits for this EOI (82093AA, 3.2.4) */
		vioapic_eoi(&p->ioapic, vlapic_in_service(&p->lapic));
	if (msr == MSR_APIC_BASE || msr == MSR_TSC_DEADLINE || (msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST))
		return (write ? vlapic_wrmsr(&p->lapic, msr, *val) : vlapic_rdmsr(&p->lapic, msr, val)) < 0 ? -1 : 1;
	if (msr == MSR_MISC_ENABLE) { /* Intel's: read at boot (SDM vol. 4, table 2-2); nothing to switch */
		if (!write)
			*val = MISC_ENABLE_VALUE;
		return write && *val != MISC_ENABLE_VALUE ? -1 : 1;
	}
	if (msr == MSR_UCODE_REV) { /* Linux writes 0, runs CPUID, reads the revision (SDM vol. 3A, 10.11.7.1) */
		if (!write)
			*val = UCODE_REV_VALUE;
		return 1;
	}
	if (msr == 0xfe || msr == 0x2ff) { /* MTRRcap, MTRRdefType: no MTRRs (SDM vol. 3A, 11.11.1) */
		if (!write)
			*val = 0;
		return 1;
	}
	if (msr == MSR_KVM_WALL_CLOCK_NEW || msr == MSR_KVM_SYSTEM_TIME_NEW) {
		r = write ? kvmclock_wrmsr(v->vm, &p->clock, msr, *val) : kvmclock_rdmsr(&p->clock, msr, val);
		return r < 0 ? -1 : 1;
	}
	return 0;
}

/*
 * Before each entry: receive frames into virtio-net, drive its INTx line
 * (level: an ISR bit, queue or configuration change), fire a due APIC timer, and deliver the highest
 * pending vector the guest accepts now.
 */
void linux_irq(struct vcpu *v)
{
	struct vm *vm = v->vm;
	struct linux_platform *p = vm->plat;
	struct vlapic *a = &p->lapic;
	int vec;
	if (vm->nic) {
		vnet_poll(vm);
		vioapic_level(&p->ioapic, VNET_GSI, (p->vnet.isr & 3) && !(p->pci.cmd & 0x400), a);
	}
	vlapic_tick(a, __builtin_ia32_rdtsc());
	vec = vlapic_pending(a);
	if (vec >= 0 && hv->inject_irq(v, (u8)vec))
		vlapic_accept(a, vec);
}

/* HLT must not sleep past an interrupt that is already due. */
bool linux_wake_pending(struct vcpu *v)
{
	vlapic_tick(&v->vm->plat->lapic, __builtin_ia32_rdtsc());
	return vlapic_pending(&v->vm->plat->lapic) >= 0;
}

