/* cordon core: the virtual local APIC of a Linux VM, in x2APIC mode only (MSR interface, TSC-deadline timer). */
#ifndef CORDON_KERNEL_VLAPIC_H
#define CORDON_KERNEL_VLAPIC_H
#include <cordon/types.h>

/*
 * x2APIC registers are MSRs 0x800 + (xAPIC offset >> 4) (Intel SDM vol. 3A,
 * 11.12.1.2, table 11-6). cordon starts the APIC enabled in x2APIC mode, the
 * state firmware would leave it in, so the guest never touches the xAPIC
 * MMIO page. One vCPU, so IPIs other than self-IPIs have no target.
 */
#define MSR_APIC_BASE 0x1bu
#define MSR_TSC_DEADLINE 0x6e0u
#define MSR_X2APIC_FIRST 0x800u
#define MSR_X2APIC_LAST 0x8ffu
#define MSR_X2APIC_EOI 0x80bu

struct vlapic {
	u32 tpr, svr, esr, ldr;
	u32 lvt_timer, lvt_lint0, lvt_lint1, lvt_error, lvt_thermal, lvt_perf, lvt_cmci;
	u32 tmict, tdcr;
	u64 timer_start;    /* TSC when TMICT was written (one-shot and periodic modes) */
	u64 deadline;	    /* TSC at which the timer fires; 0: not armed */
	u64 tsc_per_tick;   /* TSC cycles per timer tick at divide-by-1 */
	u32 irr[8], isr[8]; /* 256-bit vectors, bit v = vector v */
};

void vlapic_reset(struct vlapic *a);
/* RDMSR/WRMSR of MSR_APIC_BASE, MSR_TSC_DEADLINE or an x2APIC MSR: 0, or -1 for #GP. */
int vlapic_rdmsr(struct vlapic *a, u32 msr, u64 *val);
int vlapic_wrmsr(struct vlapic *a, u32 msr, u64 val);
/* Fires the timer if its time has come (now = TSC). */
void vlapic_tick(struct vlapic *a, u64 now);
/* The vector to inject next, or -1: highest requested above the processor priority (SDM 11.8.3.1). */
int vlapic_pending(const struct vlapic *a);
/* The vector was delivered: IRR to ISR. */
void vlapic_accept(struct vlapic *a, int vec);
/* The vector in service that an EOI now would end, or -1. */
int vlapic_in_service(const struct vlapic *a);
/* Requests a fixed interrupt from a device (MSI, IOAPIC). */
void vlapic_raise(struct vlapic *a, u8 vec);

#endif
