/* cordon AMD-V: one VMCB per vCPU, set to the 64-bit boot state of docs/GUEST.md. */
#include <svm/svm.h>
#include <kernel/console.h>
#include <arch/x86_64/dreg.h>
#include <kernel/guest_boot.h>
#include <kernel/mem/pmm.h>
#include <cordon/hypercall.h>

/* Segment attributes, APM vol. 2, 15.5.1: type | S<<4 | DPL<<5 | P<<7 | L<<9 | DB<<10 | G<<11. */
#define ATTR_CODE64 0xa9b
#define ATTR_DATA 0xc93
#define ATTR_LDT 0x082
#define ATTR_TSS64 0x08b

static void set_intercepts(struct vmcb_control *c)
{
	c->intercept_misc1 = INTERCEPT_INTR | INTERCEPT_NMI | INTERCEPT_INIT | INTERCEPT_CPUID | INTERCEPT_INVD |
			     INTERCEPT_HLT | INTERCEPT_INVLPGA | INTERCEPT_IOIO | INTERCEPT_MSR | INTERCEPT_TASKSW |
			     INTERCEPT_SHUTDOWN;
	c->intercept_misc2 = INTERCEPT_VMRUN | INTERCEPT_VMMCALL | INTERCEPT_VMLOAD | INTERCEPT_VMSAVE |
			     INTERCEPT_STGI | INTERCEPT_CLGI | INTERCEPT_SKINIT | INTERCEPT_MONITOR |
			     INTERCEPT_MWAIT | INTERCEPT_XSETBV | INTERCEPT_WBINVD;
}

static void set_segments(struct vmcb_save *s, const struct vcpu *v)
{
	struct vmcb_seg data = { v->boot_ds, ATTR_DATA, 0xffffffff, 0 };
	s->cs = (struct vmcb_seg){ v->boot_cs, ATTR_CODE64, 0xffffffff, 0 };
	s->ds = s->es = s->ss = s->fs = s->gs = data;
	s->ldtr = (struct vmcb_seg){ 0, ATTR_LDT, 0xffff, 0 };
	s->tr = (struct vmcb_seg){ 0, ATTR_TSS64, 0x67, 0 };
	s->gdtr = (struct vmcb_seg){ 0, 0, v->boot_gdt_limit, v->boot_gdt };
	s->idtr = (struct vmcb_seg){ 0, 0, 0, 0 };
}

int svm_vcpu_init(struct vcpu *v)
{
	struct vmcb *vmcb = (struct vmcb *)pmm_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!vmcb)
		return -1;
	set_intercepts(&vmcb->ctl);
	vmcb->ctl.iopm_base = svm_cpu.iopm_pa;
	vmcb->ctl.msrpm_base = svm_cpu.msrpm_pa;
	vmcb->ctl.asid = v->vm->tag;
	vmcb->ctl.vintr = VINTR_MASKING; /* guest IF masks only virtual interrupts: host timer always wins */
	vmcb->ctl.np_control = NP_ENABLE;
	vmcb->ctl.ncr3 = v->vm->nested_root;
	set_segments(&vmcb->save, v);
	vmcb->save.cpl = 0;
	vmcb->save.efer = BOOT_EFER | EFER_SVME; /* SVME must be set in guest EFER (APM 15.5.1) */
	vmcb->save.cr0 = BOOT_CR0;
	vmcb->save.cr3 = v->boot_cr3;
	vmcb->save.cr4 = BOOT_CR4;
	vmcb->save.dr6 = DR6_RESET; /* VMRUN switches DR6, DR7 and CR2 through the VMCB (APM vol. 2, 15.5.1) */
	vmcb->save.dr7 = DR7_RESET;
	vmcb->save.g_pat = BOOT_PAT;
	v->hw = vmcb;
	v->launched = false;
	return 0;
}

void svm_vcpu_destroy(struct vcpu *v)
{
	pmm_free((u64)v->hw, PAGE_SIZE);
	v->hw = NULL;
}

/* EVENTINJ: vector, type 3 = exception, EV = error code valid, V = valid (APM vol. 2, 15.20). */
void svm_inject(struct vcpu *v, u8 vector, bool has_error, u32 error)
{
	struct vmcb *vmcb = v->hw;
	vmcb->ctl.eventinj = vector | 3u << 8 | (has_error ? 1u << 11 : 0) | 1u << 31 | (u64)error << 32;
}

/*
 * EVENTINJ delivers a #DB without touching DR6, so the single-step status (DR6.BS, bit 14) goes into
 * the guest's DR6 in the VMCB, as the trap would have set it (APM vol. 2, 13.1.1.3 and 15.20).
 */
void svm_single_step(struct vcpu *v)
{
	struct vmcb *vmcb = v->hw;
	vmcb->save.dr6 |= 1ULL << 14;
	svm_inject(v, 1 /* #DB */, false, 0);
}

/* External interrupt (EVENTINJ type 0) when RFLAGS.IF is set, no interrupt shadow and no event queued. */
/* When the core completed an instruction (RIP moved), an STI or MOV SS interrupt shadow has expired. */
void svm_expire_shadow(struct vcpu *v)
{
	struct vmcb *vmcb = v->hw;
	if (v->regs.rip != vmcb->save.rip)
		vmcb->ctl.int_shadow = 0;
}

bool svm_inject_irq(struct vcpu *v, u8 vector)
{
	struct vmcb *vmcb = v->hw;
	svm_expire_shadow(v);
	if (!(v->regs.rflags & (1ULL << 9)) || (vmcb->ctl.int_shadow & 1) || (vmcb->ctl.eventinj & (1u << 31)))
		return false;
	vmcb->ctl.eventinj = vector | 0u << 8 | 1u << 31;
	return true;
}

static inline u64 *sreg_slot(struct vmcb *vmcb, enum sreg r)
{
	switch (r) {
	case SREG_CR0: return &vmcb->save.cr0;
	case SREG_CR3: return &vmcb->save.cr3;
	case SREG_CR4: return &vmcb->save.cr4;
	case SREG_EFER: return &vmcb->save.efer;
	case SREG_PAT: return &vmcb->save.g_pat;
	case SREG_FS_BASE: return &vmcb->save.fs.base;
	case SREG_GS_BASE: return &vmcb->save.gs.base;
	case SREG_STAR: return &vmcb->save.star;
	case SREG_LSTAR: return &vmcb->save.lstar;
	case SREG_CSTAR: return &vmcb->save.cstar;
	case SREG_SFMASK: return &vmcb->save.sfmask;
	case SREG_SYSENTER_CS: return &vmcb->save.sysenter_cs;
	case SREG_SYSENTER_ESP: return &vmcb->save.sysenter_esp;
	case SREG_SYSENTER_EIP: return &vmcb->save.sysenter_eip;
	case SREG_KGS_BASE: return &vmcb->save.kernel_gs_base;
	case SREG__COUNT: break; /* no default: -Wswitch names a register added to enum sreg but not here */
	}
	panic("svm: no VMCB slot for guest register %u", (u32)r);
}

/* VMCB CPL field (APM vol. 2, 15.5.1): the CPU's current privilege level, whatever the segment state. */
u32 svm_cpl(struct vcpu *v)
{
	return ((struct vmcb *)v->hw)->save.cpl & 3;
}

u64 svm_get_sreg(struct vcpu *v, enum sreg r)
{
	return *sreg_slot(v->hw, r);
}

void svm_set_sreg(struct vcpu *v, enum sreg r, u64 value)
{
	if (r == SREG_EFER)
		value |= EFER_SVME;
	*sreg_slot(v->hw, r) = value;
}
