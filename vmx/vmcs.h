/* cordon VT-x: VMCS field encodings (Intel SDM vol. 3, appendix B) and width-checked access. */
#ifndef CORDON_VMX_VMCS_H
#define CORDON_VMX_VMCS_H
#include <cordon/types.h>

/* Encoding bits 14:13 give the width (SDM vol. 3, 24.11.2); the accessors below check it at compile time. */
#define VMCS_W16 0
#define VMCS_W64 1
#define VMCS_W32 2
#define VMCS_WNAT 3
#define VMCS_WIDTH(f) (((f) >> 13) & 3)

enum vmcs_field {
	/* 16-bit */
	VMCS_VPID = 0x0000,
	GUEST_ES_SEL = 0x0800, GUEST_CS_SEL = 0x0802, GUEST_SS_SEL = 0x0804, GUEST_DS_SEL = 0x0806,
	GUEST_FS_SEL = 0x0808, GUEST_GS_SEL = 0x080a, GUEST_LDTR_SEL = 0x080c, GUEST_TR_SEL = 0x080e,
	HOST_ES_SEL = 0x0c00, HOST_CS_SEL = 0x0c02, HOST_SS_SEL = 0x0c04, HOST_DS_SEL = 0x0c06,
	HOST_FS_SEL = 0x0c08, HOST_GS_SEL = 0x0c0a, HOST_TR_SEL = 0x0c0c,
	/* 64-bit */
	IO_BITMAP_A = 0x2000, IO_BITMAP_B = 0x2002, MSR_BITMAP = 0x2004, VIRTUAL_APIC_PAGE = 0x2012, EPT_POINTER = 0x201a,
	GUEST_PHYS_ADDR = 0x2400,
	VMCS_LINK_PTR = 0x2800, GUEST_PAT = 0x2804, GUEST_EFER = 0x2806,
	HOST_PAT = 0x2c00, HOST_EFER = 0x2c02,
	/* 32-bit */
	PIN_CONTROLS = 0x4000, PROC_CONTROLS = 0x4002, EXCEPTION_BITMAP = 0x4004, CR3_TARGET_COUNT = 0x400a,
	EXIT_CONTROLS = 0x400c, EXIT_MSR_STORE_COUNT = 0x400e, EXIT_MSR_LOAD_COUNT = 0x4010,
	ENTRY_CONTROLS = 0x4012, ENTRY_MSR_LOAD_COUNT = 0x4014, ENTRY_INTR_INFO = 0x4016,
	ENTRY_EXC_ERROR = 0x4018, ENTRY_INSN_LEN = 0x401a, TPR_THRESHOLD = 0x401c, PROC_CONTROLS2 = 0x401e,
	VM_INSN_ERROR = 0x4400, EXIT_REASON = 0x4402, EXIT_INTR_INFO = 0x4404, EXIT_INTR_ERROR = 0x4406,
	IDT_VECTORING_INFO = 0x4408, IDT_VECTORING_ERROR = 0x440a, EXIT_INSN_LEN = 0x440c,
	GUEST_ES_LIMIT = 0x4800, GUEST_CS_LIMIT = 0x4802, GUEST_SS_LIMIT = 0x4804, GUEST_DS_LIMIT = 0x4806,
	GUEST_FS_LIMIT = 0x4808, GUEST_GS_LIMIT = 0x480a, GUEST_LDTR_LIMIT = 0x480c, GUEST_TR_LIMIT = 0x480e,
	GUEST_GDTR_LIMIT = 0x4810, GUEST_IDTR_LIMIT = 0x4812,
	GUEST_ES_AR = 0x4814, GUEST_CS_AR = 0x4816, GUEST_SS_AR = 0x4818, GUEST_DS_AR = 0x481a,
	GUEST_FS_AR = 0x481c, GUEST_GS_AR = 0x481e, GUEST_LDTR_AR = 0x4820, GUEST_TR_AR = 0x4822,
	GUEST_INTERRUPTIBILITY = 0x4824, GUEST_ACTIVITY = 0x4826, GUEST_SYSENTER_CS = 0x482a,
	PREEMPT_TIMER_VALUE = 0x482e,
	HOST_SYSENTER_CS = 0x4c00,
	/* natural width */
	CR0_GUEST_HOST_MASK = 0x6000, CR4_GUEST_HOST_MASK = 0x6002, CR0_READ_SHADOW = 0x6004,
	CR4_READ_SHADOW = 0x6006,
	EXIT_QUALIFICATION = 0x6400,
	GUEST_CR0 = 0x6800, GUEST_CR3 = 0x6802, GUEST_CR4 = 0x6804,
	GUEST_ES_BASE = 0x6806, GUEST_CS_BASE = 0x6808, GUEST_SS_BASE = 0x680a, GUEST_DS_BASE = 0x680c,
	GUEST_FS_BASE = 0x680e, GUEST_GS_BASE = 0x6810, GUEST_LDTR_BASE = 0x6812, GUEST_TR_BASE = 0x6814,
	GUEST_GDTR_BASE = 0x6816, GUEST_IDTR_BASE = 0x6818, GUEST_DR7 = 0x681a, GUEST_RSP = 0x681c,
	GUEST_RIP = 0x681e, GUEST_RFLAGS = 0x6820, GUEST_PENDING_DBG = 0x6822,
	GUEST_SYSENTER_ESP = 0x6824, GUEST_SYSENTER_EIP = 0x6826,
	HOST_CR0 = 0x6c00, HOST_CR3 = 0x6c02, HOST_CR4 = 0x6c04, HOST_FS_BASE = 0x6c06, HOST_GS_BASE = 0x6c08,
	HOST_TR_BASE = 0x6c0a, HOST_GDTR_BASE = 0x6c0c, HOST_IDTR_BASE = 0x6c0e, HOST_SYSENTER_ESP = 0x6c10,
	HOST_SYSENTER_EIP = 0x6c12, HOST_RSP = 0x6c14, HOST_RIP = 0x6c16,
};

/* Raw VMREAD/VMWRITE; callers use the width-checked macros. Failures are caught by VM-entry checks. */
static inline u64 __vmread(u64 field)
{
	u64 v = 0;
	__asm__ volatile("vmread %1, %0" : "=rm"(v) : "r"(field) : "cc");
	return v;
}

static inline void __vmwrite(u64 field, u64 v)
{
	__asm__ volatile("vmwrite %1, %0" : : "r"(field), "rm"(v) : "cc", "memory");
}

#define VMCS_ACCESS_CHECK(f, w) _Static_assert(VMCS_WIDTH(f) == (w), "VMCS field width mismatch")
#define vmcs_read16(f) ({ VMCS_ACCESS_CHECK(f, VMCS_W16); (u16)__vmread(f); })
#define vmcs_read32(f) ({ VMCS_ACCESS_CHECK(f, VMCS_W32); (u32)__vmread(f); })
#define vmcs_read64(f) ({ VMCS_ACCESS_CHECK(f, VMCS_W64); __vmread(f); })
#define vmcs_readnat(f) ({ VMCS_ACCESS_CHECK(f, VMCS_WNAT); __vmread(f); })
#define vmcs_write16(f, v) ({ VMCS_ACCESS_CHECK(f, VMCS_W16); __vmwrite(f, (u16)(v)); })
#define vmcs_write32(f, v) ({ VMCS_ACCESS_CHECK(f, VMCS_W32); __vmwrite(f, (u32)(v)); })
#define vmcs_write64(f, v) ({ VMCS_ACCESS_CHECK(f, VMCS_W64); __vmwrite(f, (u64)(v)); })
#define vmcs_writenat(f, v) ({ VMCS_ACCESS_CHECK(f, VMCS_WNAT); __vmwrite(f, (u64)(v)); })

/* Basic exit reasons (SDM vol. 3, appendix C). Bit 31 of the reason marks a VM-entry failure. */
#define VMX_EXIT_EXCEPTION 0
#define VMX_EXIT_EXTINT 1
#define VMX_EXIT_TRIPLE_FAULT 2
#define VMX_EXIT_INIT 3
#define VMX_EXIT_SIPI 4
#define VMX_EXIT_CPUID 10
#define VMX_EXIT_HLT 12
#define VMX_EXIT_INVD 13
#define VMX_EXIT_VMCALL 18
#define VMX_EXIT_VMCLEAR 19
#define VMX_EXIT_VMXON 27
#define VMX_EXIT_CR_ACCESS 28
#define VMX_EXIT_IO 30
#define VMX_EXIT_RDMSR 31
#define VMX_EXIT_WRMSR 32
#define VMX_EXIT_BAD_GUEST 33
#define VMX_EXIT_BAD_MSR_LOAD 34
#define VMX_EXIT_MWAIT 36
#define VMX_EXIT_MONITOR 39
#define VMX_EXIT_BAD_MCE 41 /* machine-check event during VM entry */
#define VMX_EXIT_EPT_VIOLATION 48
#define VMX_EXIT_EPT_MISCONFIG 49
#define VMX_EXIT_INVEPT 50
#define VMX_EXIT_INVVPID 53
#define VMX_EXIT_PREEMPT_TIMER 52
#define VMX_EXIT_WBINVD 54 /* also WBNOINVD */
#define VMX_EXIT_XSETBV 55
#define VMX_EXIT_ENTRY_FAILED (1u << 31)

/* vm_exit.raw above the 32-bit exit reason: the guest never ran (vmx_run, named by vmx_describe_exit). */
#define VMX_VMFAIL (1ULL << 32)		/* VMLAUNCH/VMRESUME VMfailValid; bits 31:0 = the VM-instruction error */
#define VMX_VMFAIL_INVALID (1ULL << 33) /* VMfailInvalid: no current VMCS, so no error number (SDM vol. 3, 30.2) */
#define VMX_VMFAIL_RESUME (1ULL << 34)	/* with either: the instruction was VMRESUME (else VMLAUNCH) */
#define VMX_VMPTRLD_FAILED (1ULL << 35) /* the vCPU's VMCS could not be made current: nothing was tried */

#endif
