/* cordon VT-x: computing every VMCS control from the capability MSRs (Intel SDM vol. 3, appendix A). */
#include <vmx/vmx.h>

/* msr[] is indexed by MSR number - 0x480. */
#define CAP(m) (msr[(m) - MSR_VMX_BASIC])

/*
 * A control word's capability MSR holds allowed-0 settings in bits 31:0 (a 1
 * there means the bit must be 1) and allowed-1 settings in bits 63:32 (a 0
 * there means the bit must be 0); SDM vol. 3, A.3-A.5.
 */
u32 vmx_ctl_adjust(u64 cap, u32 want, u32 *missing)
{
	u32 must1 = (u32)cap, may1 = (u32)(cap >> 32);
	*missing = want & ~may1;
	return (want | must1) & may1;
}

/* CR0/CR4 under VMX: bits set in FIXED0 must be 1, bits clear in FIXED1 must be 0 (SDM vol. 3, A.7-A.8). */
u64 vmx_fixed(u64 value, u64 fixed0, u64 fixed1)
{
	return (value | fixed0) & fixed1;
}

/*
 * The CR0 bits VMX fixes (must be 1, or must be 0), among those CR0 defines (SDM vol. 3, 2.5): cordon
 * owns them through the CR0 guest/host mask. A CPU in VMX operation raises #GP(0) for a write that
 * would change one (SDM vol. 3, 23.8); owning them makes that exit, so cordon raises the #GP itself
 * on every CPU model (Bochs let a guest clear PG and then failed the next VM entry instead).
 */
u64 vmx_cr0_owned(const struct vmx_caps *c)
{
	return (c->cr0_fixed0 | ~c->cr0_fixed1) & CR0_DEFINED;
}

/* EPTP: write-back paging structures, 4-level walk (length - 1 = 3), SDM vol. 3, 24.6.11. */
u64 vmx_eptp(u64 root)
{
	return root | 6 | (3 << 3);
}

static const char *ept_caps(const u64 *msr, struct vmx_caps *c)
{
	u64 ept = CAP(MSR_VMX_EPT_VPID_CAP);
	if (!(ept & EPT_CAP_WALK4) || !(ept & EPT_CAP_WB))
		return "EPT lacks 4-level walks or write-back paging structures";
	if (!(ept & EPT_CAP_INVEPT_ALL))
		return "EPT lacks all-context INVEPT";
	c->vpid = (c->proc2 & PROC2_VPID) && (ept & EPT_CAP_INVVPID_ALL);
	if (!c->vpid)
		c->proc2 &= ~PROC2_VPID; /* optional: without it every entry and exit flushes the TLB */
	return NULL;
}

/*
 * A 64-bit guest's MOV CR8 reaches the physical APIC's TPR unless it is
 * shadowed or intercepted (SDM vol. 3, 29.3): one VM could raise it for all.
 * With the TPR shadow it goes to the vCPU's virtual-APIC page; without it,
 * CR8-access exits end the VM (cordon does not emulate them).
 */
static const char *cr8_control(const u64 *msr, u32 cap, struct vmx_caps *c)
{
	u32 miss;
	u32 proc = vmx_ctl_adjust(CAP(cap), c->proc | PROC_TPR_SHADOW, &miss);
	c->tpr_shadow = !miss;
	if (c->tpr_shadow) {
		c->proc = proc; /* CR8 exits stay off unless the CPU forces them on */
		return NULL;
	}
	c->proc = vmx_ctl_adjust(CAP(cap), c->proc | PROC_CR8_LOAD_EXIT | PROC_CR8_STORE_EXIT, &miss);
	return miss ? "VT-x can neither shadow nor intercept CR8 (the task-priority register)" : NULL;
}

static const char *primary(const u64 *msr, struct vmx_caps *c)
{
	u32 base = c->true_ctls ? MSR_VMX_TRUE_PINBASED : MSR_VMX_PINBASED, miss;
	const char *why;
	c->pin = vmx_ctl_adjust(CAP(base), PIN_EXTINT_EXIT | PIN_NMI_EXIT, &miss);
	if (miss)
		return "VT-x lacks external-interrupt or NMI exiting";
	/* Optional second line of preemption: a slice ends even if an interrupt is held back. */
	c->pin = vmx_ctl_adjust(CAP(base), c->pin | PIN_PREEMPT_TIMER, &miss);
	c->preempt = !miss;
	c->preempt_shift = (u32)CAP(MSR_VMX_MISC) & 0x1f;
	c->proc = vmx_ctl_adjust(CAP(base + 1), PROC_HLT_EXIT | PROC_MWAIT_EXIT | PROC_IO_BITMAPS |
				 PROC_MSR_BITMAPS | PROC_MONITOR_EXIT | PROC_SECONDARY, &miss);
	if (miss)
		return "VT-x lacks HLT/MWAIT/MONITOR exiting, I/O or MSR bitmaps, or secondary controls";
	if (c->proc & (PROC_CR3_LOAD_EXIT | PROC_CR3_STORE_EXIT))
		return "VT-x cannot turn off CR3-access exiting (no true controls)";
	if ((why = cr8_control(msr, base + 1, c)))
		return why;
	/* DR7 and IA32_DEBUGCTL are guest state only with the debug controls (SDM vol. 3, 24.7.1, 24.8.1). */
	c->exit = vmx_ctl_adjust(CAP(base + 2), EXIT_SAVE_DEBUG | EXIT_HOST_64 | EXIT_SAVE_PAT | EXIT_LOAD_PAT |
				 EXIT_SAVE_EFER | EXIT_LOAD_EFER, &miss);
	if (miss)
		return "VT-x lacks 64-bit host, or DR7/PAT/EFER switching on exit";
	c->entry = vmx_ctl_adjust(CAP(base + 3), ENTRY_LOAD_DEBUG | ENTRY_GUEST_64 | ENTRY_LOAD_PAT | ENTRY_LOAD_EFER,
				  &miss);
	if (miss)
		return "VT-x lacks 64-bit guests, or DR7/PAT/EFER loading on entry";
	return NULL;
}

/*
 * Whether capability MSR 0x480 + i exists (reading one that does not is #GP), given the values of
 * those below it: 0x480-0x489 with VMX; VMCS_ENUM (0x48a) is not needed; PROCBASED_CTLS2 with the
 * 1-setting of "activate secondary controls"; EPT_VPID_CAP with EPT or VPID allowed there; the TRUE
 * controls with IA32_VMX_BASIC[55] (SDM vol. 3, A.1, A.3.3, A.10).
 */
bool vmx_cap_exists(u32 i, const u64 msr[VMX_NCAPS])
{
	u32 m = MSR_VMX_BASIC + i;
	if (m <= MSR_VMX_CR4_FIXED1)
		return true;
	if (m == MSR_VMX_PROCBASED2)
		return CAP(MSR_VMX_PROCBASED) >> 32 & PROC_SECONDARY;
	if (m == MSR_VMX_EPT_VPID_CAP)
		return vmx_cap_exists(MSR_VMX_PROCBASED2 - MSR_VMX_BASIC, msr) &&
		       (CAP(MSR_VMX_PROCBASED2) >> 32 & (PROC2_EPT | PROC2_VPID));
	if (m >= MSR_VMX_TRUE_PINBASED && i < VMX_NCAPS)
		return CAP(MSR_VMX_BASIC) & (1ULL << 55);
	return false;
}

const char *vmx_caps_compute(const u64 msr[VMX_NCAPS], struct vmx_caps *c)
{
	u64 basic = CAP(MSR_VMX_BASIC);
	u32 miss;
	const char *why;
	if (!(CAP(MSR_VMX_PROCBASED) >> 32 & PROC_SECONDARY))
		return "VT-x without secondary controls (so without EPT) is not supported";
	/* WBINVD exiting (SDM vol. 3, 24.6.2) keeps a VM from flushing caches others use; INVD always exits. */
	c->proc2 = vmx_ctl_adjust(CAP(MSR_VMX_PROCBASED2), PROC2_EPT | PROC2_VPID | PROC2_WBINVD | PROC2_RDTSCP,
				  &miss);
	c->rdtscp = !(miss & PROC2_RDTSCP); /* optional: Linux uses it when CPUID offers it */
	if (miss & PROC2_EPT) /* first: the requirement an operator knows, not whichever else an old CPU lacks */
		return "VT-x without EPT is not supported";
	c->revision = (u32)basic & 0x7fffffffu;
	c->true_ctls = basic & (1ULL << 55);
	if (((basic >> 50) & 0xf) != 6)
		return "VMCS memory type is not write-back";
	if ((why = primary(msr, c)))
		return why;
	if (miss & PROC2_WBINVD)
		return "VT-x lacks WBINVD exiting";
	c->cr0_fixed0 = CAP(MSR_VMX_CR0_FIXED0);
	c->cr0_fixed1 = CAP(MSR_VMX_CR0_FIXED1);
	c->cr4_fixed0 = CAP(MSR_VMX_CR4_FIXED0);
	c->cr4_fixed1 = CAP(MSR_VMX_CR4_FIXED1);
	return ept_caps(msr, c);
}

/* CPUID Fn8000_0001 EDX[27] = RDTSCP (SDM vol. 2A, CPUID): offered only when VM entry enables it. */
void vmx_cpuid_view(const struct vmx_caps *c, u32 leaf, u32 out[4])
{
	if (leaf == 0x80000001u && !c->rdtscp)
		out[3] &= ~(1u << 27);
}
