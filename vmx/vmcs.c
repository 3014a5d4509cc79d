/* cordon VT-x: one VMCS per vCPU, set to the 64-bit boot state of docs/GUEST.md (mirror of svm/vmcb.c). */
#include <vmx/vmx.h>
#include <vmx/vmx_insn.h>
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/dreg.h>
#include <kernel/console.h>
#include <kernel/guest_boot.h>
#include <kernel/mem/pmm.h>
#include <cordon/hypercall.h>

/* Access rights, SDM vol. 3, 24.4.1: type | S<<4 | DPL<<5 | P<<7 | L<<13 | DB<<14 | G<<15 | unusable<<16. */
#define AR_CODE64 0xa09b
#define AR_DATA 0xc093
#define AR_TSS64 0x008b
#define AR_UNUSABLE 0x10000
#define DBG_BS (1ULL << 14) /* pending debug exceptions: single step */

int vmx_load(struct vcpu *v)
{
	if (vmx_cpu.current == v->hw)
		return 0;
	if (vmptrld((u64)v->hw) < 0)
		return -1;
	vmx_cpu.current = v->hw;
	return 0;
}

static void set_controls(struct vcpu *v)
{
	struct vm *vm = v->vm;
	const struct vmx_caps *c = &vmx_cpu.caps;
	vmcs_write32(PIN_CONTROLS, c->pin);
	vmcs_write32(PROC_CONTROLS, c->proc);
	vmcs_write32(PROC_CONTROLS2, c->proc2);
	vmcs_write32(EXIT_CONTROLS, c->exit);
	vmcs_write32(ENTRY_CONTROLS, c->entry);
	vmcs_write32(EXCEPTION_BITMAP, 0);
	vmcs_write64(IO_BITMAP_A, vmx_cpu.io_bitmap_pa);
	vmcs_write64(IO_BITMAP_B, vmx_cpu.io_bitmap_pa + PAGE_SIZE);
	vmcs_write64(MSR_BITMAP, vmx_cpu.msr_bitmap_pa);
	vmcs_write64(EPT_POINTER, vmx_eptp(vm->nested_root));
	if (c->vpid)
		vmcs_write16(VMCS_VPID, vm->tag);
	if (c->tpr_shadow) { /* the page after struct vmx_vcpu; threshold 0: a TPR write never exits */
		vmcs_write64(VIRTUAL_APIC_PAGE, (u64)v->hw + 2 * PAGE_SIZE);
		vmcs_write32(TPR_THRESHOLD, 0);
	}
	/* The guest sees CR4 without VMXE (which VMX requires set): mask it and shadow the boot value. */
	vmcs_writenat(CR4_GUEST_HOST_MASK, CR4_VMXE);
	vmcs_writenat(CR4_READ_SHADOW, BOOT_CR4);
	/* CR0 bits VMX fixes (PE, NE, PG): a write that would change one exits, and is #GP (vmx_exit.c). */
	vmcs_writenat(CR0_GUEST_HOST_MASK, vmx_cr0_owned(c));
	vmcs_writenat(CR0_READ_SHADOW, vmx_fixed(BOOT_CR0, c->cr0_fixed0, c->cr0_fixed1));
	vmcs_write64(VMCS_LINK_PTR, ~0ULL);
	/* VMCLEAR leaves field contents undefined (SDM vol. 3, 24.11.3): write every count we rely on. */
	vmcs_write32(CR3_TARGET_COUNT, 0);
	vmcs_write32(EXIT_MSR_STORE_COUNT, 0);
	vmcs_write32(EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write32(ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write32(ENTRY_INTR_INFO, 0);
}

static void set_host_state(void)
{
	struct desc_ptr gdt, idt;
	sgdt(&gdt);
	sidt(&idt);
	vmcs_writenat(HOST_CR0, read_cr0());
	vmcs_writenat(HOST_CR3, read_cr3());
	vmcs_writenat(HOST_CR4, read_cr4());
	vmcs_write16(HOST_CS_SEL, SEL_KCODE);
	vmcs_write16(HOST_SS_SEL, SEL_KDATA);
	vmcs_write16(HOST_DS_SEL, SEL_KDATA);
	vmcs_write16(HOST_ES_SEL, SEL_KDATA);
	vmcs_write16(HOST_TR_SEL, SEL_TSS);
	vmcs_write16(HOST_FS_SEL, 0);
	vmcs_write16(HOST_GS_SEL, 0);
	vmcs_writenat(HOST_FS_BASE, 0);
	vmcs_writenat(HOST_GS_BASE, 0);
	vmcs_write32(HOST_SYSENTER_CS, 0);
	vmcs_writenat(HOST_SYSENTER_ESP, 0);
	vmcs_writenat(HOST_SYSENTER_EIP, 0);
	vmcs_writenat(HOST_TR_BASE, tss_base());
	vmcs_writenat(HOST_GDTR_BASE, gdt.base);
	vmcs_writenat(HOST_IDTR_BASE, idt.base);
	vmcs_write64(HOST_EFER, rdmsr(MSR_EFER));
	vmcs_write64(HOST_PAT, rdmsr(0x277));
	vmcs_writenat(HOST_RIP, (u64)vmx_exit_point);
}

static void set_segment(u32 sel_f, u32 limit_f, u32 ar_f, u32 base_f, u16 sel, u32 limit, u32 ar)
{
	__vmwrite(sel_f, sel);
	__vmwrite(limit_f, limit);
	__vmwrite(ar_f, ar);
	__vmwrite(base_f, 0);
}

/* The vCPU's boot_* entry state: flat selectors of its own GDT (ELF guests: none) and its page tables. */
static void set_guest_state(const struct vcpu *v)
{
	const struct vmx_caps *c = &vmx_cpu.caps;
	u16 ds = v->boot_ds;
	set_segment(GUEST_CS_SEL, GUEST_CS_LIMIT, GUEST_CS_AR, GUEST_CS_BASE, v->boot_cs, 0xffffffff, AR_CODE64);
	set_segment(GUEST_DS_SEL, GUEST_DS_LIMIT, GUEST_DS_AR, GUEST_DS_BASE, ds, 0xffffffff, AR_DATA);
	set_segment(GUEST_ES_SEL, GUEST_ES_LIMIT, GUEST_ES_AR, GUEST_ES_BASE, ds, 0xffffffff, AR_DATA);
	set_segment(GUEST_SS_SEL, GUEST_SS_LIMIT, GUEST_SS_AR, GUEST_SS_BASE, ds, 0xffffffff, AR_DATA);
	set_segment(GUEST_FS_SEL, GUEST_FS_LIMIT, GUEST_FS_AR, GUEST_FS_BASE, ds, 0xffffffff, AR_DATA);
	set_segment(GUEST_GS_SEL, GUEST_GS_LIMIT, GUEST_GS_AR, GUEST_GS_BASE, ds, 0xffffffff, AR_DATA);
	set_segment(GUEST_TR_SEL, GUEST_TR_LIMIT, GUEST_TR_AR, GUEST_TR_BASE, 0, 0x67, AR_TSS64);
	set_segment(GUEST_LDTR_SEL, GUEST_LDTR_LIMIT, GUEST_LDTR_AR, GUEST_LDTR_BASE, 0, 0, AR_UNUSABLE);
	vmcs_write32(GUEST_GDTR_LIMIT, v->boot_gdt_limit);
	vmcs_write32(GUEST_IDTR_LIMIT, 0);
	vmcs_writenat(GUEST_GDTR_BASE, v->boot_gdt);
	vmcs_writenat(GUEST_IDTR_BASE, 0);
	vmcs_writenat(GUEST_CR0, vmx_fixed(BOOT_CR0, c->cr0_fixed0, c->cr0_fixed1));
	vmcs_writenat(GUEST_CR3, v->boot_cr3);
	vmcs_writenat(GUEST_CR4, vmx_fixed(BOOT_CR4, c->cr4_fixed0, c->cr4_fixed1));
	vmcs_writenat(GUEST_DR7, DR7_RESET);
	vmcs_write64(GUEST_EFER, BOOT_EFER);
	vmcs_write64(GUEST_PAT, BOOT_PAT);
	vmcs_write32(GUEST_INTERRUPTIBILITY, 0);
	vmcs_write32(GUEST_ACTIVITY, 0);
	vmcs_writenat(GUEST_PENDING_DBG, 0);
	vmcs_write32(GUEST_SYSENTER_CS, 0);
	vmcs_writenat(GUEST_SYSENTER_ESP, 0);
	vmcs_writenat(GUEST_SYSENTER_EIP, 0);
}

int vmx_vcpu_init(struct vcpu *v)
{
	u64 pa = pmm_alloc(VMX_VCPU_PAGES * PAGE_SIZE, PAGE_SIZE); /* zeroed: TPR 0, CR2 0 */
	if (!pa)
		return -1;
	*(u32 *)pa = vmx_cpu.caps.revision;
	v->hw = (void *)pa;
	if (vmclear(pa) < 0 || vmx_load(v) < 0)
		return -1;
	set_controls(v);
	set_host_state();
	set_guest_state(v);
	vmx_data(v)->dr6 = DR6_RESET;
	v->launched = false;
	return 0;
}

void vmx_vcpu_destroy(struct vcpu *v)
{
	vmclear((u64)v->hw);
	if (vmx_cpu.current == v->hw)
		vmx_cpu.current = NULL;
	if (vmx_cpu.syscall_owner == v->hw)
		vmx_cpu.syscall_owner = NULL; /* a later vCPU may get this memory: its MSRs must be loaded */
	pmm_free((u64)v->hw, VMX_VCPU_PAGES * PAGE_SIZE);
	v->hw = NULL;
}

/* VM-entry interruption information: vector, type 3 = hardware exception, bit 11 = error code, bit 31 = valid. */
void vmx_inject(struct vcpu *v, u8 vector, bool has_error, u32 error)
{
	vmx_load(v);
	vmcs_write32(ENTRY_INTR_INFO, vector | 3u << 8 | (has_error ? 1u << 11 : 0) | 1u << 31);
	vmcs_write32(ENTRY_EXC_ERROR, error);
}

/*
 * BS (bit 14) in the pending debug exceptions field (SDM vol. 3, 24.4.2 table 24-4): after entry the
 * CPU delivers the single-step #DB itself and sets DR6.BS, which VM entry does not do for an injected
 * #DB (SDM vol. 3, 26.6.3). DR6 is not in the VMCS, so this needs no guest DR6 of cordon's own.
 */
void vmx_single_step(struct vcpu *v)
{
	vmx_load(v);
	vmcs_writenat(GUEST_PENDING_DBG, vmcs_readnat(GUEST_PENDING_DBG) | DBG_BS);
}

/* External interrupt (type 0) when RFLAGS.IF is set, no STI/MOV-SS blocking and nothing queued (SDM 26.3.1.4). */
/* When the core completed an instruction (RIP moved), STI / MOV SS blocking has expired. */
void vmx_expire_shadow(struct vcpu *v)
{
	if (v->regs.rip != vmcs_readnat(GUEST_RIP))
		vmcs_write32(GUEST_INTERRUPTIBILITY, vmcs_read32(GUEST_INTERRUPTIBILITY) & ~3u);
}

bool vmx_inject_irq(struct vcpu *v, u8 vector)
{
	vmx_load(v);
	vmx_expire_shadow(v);
	if (!(v->regs.rflags & (1ULL << 9)) || (vmcs_read32(GUEST_INTERRUPTIBILITY) & 3) ||
	    (vmcs_read32(ENTRY_INTR_INFO) & (1u << 31)) || (vmcs_readnat(GUEST_PENDING_DBG) & DBG_BS))
		return false; /* a single-step trap outranks an external interrupt (SDM vol. 3, 6.9) */
	vmcs_write32(ENTRY_INTR_INFO, vector | 0u << 8 | 1u << 31);
	return true;
}

/* In 64-bit mode the CPL is SS.DPL, access-rights bits 6:5 (SDM vol. 3, 24.4.1 and 5.5). */
u32 vmx_cpl(struct vcpu *v)
{
	vmx_load(v);
	return (vmcs_read32(GUEST_SS_AR) >> 5) & 3;
}

/*
 * The VMCS field of a guest register. KernelGSbase and the SYSCALL MSRs have
 * no field: they live beside the VMCS (vmx_data, vmx_msr_slot).
 */
static u32 sreg_field(enum sreg r)
{
	switch (r) {
	case SREG_CR0: return GUEST_CR0;
	case SREG_CR3: return GUEST_CR3;
	case SREG_CR4: return GUEST_CR4;
	case SREG_EFER: return GUEST_EFER;
	case SREG_PAT: return GUEST_PAT;
	case SREG_FS_BASE: return GUEST_FS_BASE;
	case SREG_GS_BASE: return GUEST_GS_BASE;
	case SREG_SYSENTER_CS: return GUEST_SYSENTER_CS;
	case SREG_SYSENTER_ESP: return GUEST_SYSENTER_ESP;
	case SREG_SYSENTER_EIP: return GUEST_SYSENTER_EIP;
	case SREG_KGS_BASE: case SREG_STAR: case SREG_LSTAR: case SREG_CSTAR: case SREG_SFMASK: case SREG__COUNT:
		break; /* no default: -Wswitch names a register added to enum sreg but not here */
	}
	panic("vmx: no VMCS field for guest register %u", (u32)r);
}

/* The registers cordon switches itself (vmx_exit.c loads them before entry); NULL for VMCS fields. */
static u64 *vmx_msr_slot(struct vcpu *v, enum sreg r)
{
	struct vmx_vcpu *d = vmx_data(v);
	switch (r) {
	case SREG_KGS_BASE: return &d->kgs_base;
	case SREG_STAR: return &d->syscall[VMX_STAR];
	case SREG_LSTAR: return &d->syscall[VMX_LSTAR];
	case SREG_CSTAR: return &d->syscall[VMX_CSTAR];
	case SREG_SFMASK: return &d->syscall[VMX_SFMASK];
	case SREG_CR0: case SREG_CR3: case SREG_CR4: case SREG_EFER: case SREG_PAT: case SREG_FS_BASE:
	case SREG_GS_BASE: case SREG_SYSENTER_CS: case SREG_SYSENTER_ESP: case SREG_SYSENTER_EIP: case SREG__COUNT:
		break;
	}
	return NULL;
}

u64 vmx_get_sreg(struct vcpu *v, enum sreg r)
{
	u64 *slot = vmx_msr_slot(v, r);
	u64 val;
	if (slot)
		return *slot;
	vmx_load(v);
	val = __vmread(sreg_field(r));
	if (r == SREG_CR4) /* what the guest reads: shadowed bits from the read shadow */
		val = (val & ~CR4_VMXE) | (vmcs_readnat(CR4_READ_SHADOW) & CR4_VMXE);
	return val;
}

void vmx_set_sreg(struct vcpu *v, enum sreg r, u64 value)
{
	u64 *slot = vmx_msr_slot(v, r);
	if (slot) {
		*slot = value;
		if (r != SREG_KGS_BASE && vmx_cpu.syscall_owner == v->hw)
			vmx_cpu.syscall_owner = NULL; /* the CPU's copy is stale: load it again before entry */
		return;
	}
	vmx_load(v);
	__vmwrite(sreg_field(r), value);
}
