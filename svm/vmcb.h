/* cordon AMD-V: VMCB layout, pinned by static asserts (AMD APM vol. 2, appendix B, tables B-1 and B-2). */
/* Fields are naturally aligned, so no packing is needed; the asserts below prove the offsets. */
#ifndef CORDON_SVM_VMCB_H
#define CORDON_SVM_VMCB_H
#include <cordon/types.h>

struct vmcb_seg {
	u16 sel;
	u16 attrib; /* descriptor bits 40-47 and 52-55 packed into 12 bits (APM vol. 2, 15.5.1) */
	u32 limit;
	u64 base;
};

struct vmcb_control {
	u32 intercept_cr;	/* 0x000: reads 0-15, writes 16-31 */
	u32 intercept_dr;	/* 0x004 */
	u32 intercept_exc;	/* 0x008 */
	u32 intercept_misc1;	/* 0x00c */
	u32 intercept_misc2;	/* 0x010 */
	u32 intercept_misc3;	/* 0x014 */
	u8 rsvd1[0x3c - 0x18];
	u16 pause_threshold;	/* 0x03c */
	u16 pause_count;	/* 0x03e */
	u64 iopm_base;		/* 0x040 */
	u64 msrpm_base;		/* 0x048 */
	u64 tsc_offset;		/* 0x050 */
	u32 asid;		/* 0x058 */
	u8 tlb_control;		/* 0x05c */
	u8 rsvd2[3];
	u64 vintr;		/* 0x060: V_TPR, V_IRQ, V_INTR_MASKING (bit 24) ... */
	u64 int_shadow;		/* 0x068 */
	u64 exitcode;		/* 0x070 */
	u64 exitinfo1;		/* 0x078 */
	u64 exitinfo2;		/* 0x080 */
	u64 exitintinfo;	/* 0x088 */
	u64 np_control;		/* 0x090: bit 0 NP_ENABLE */
	u64 avic_bar;		/* 0x098 */
	u64 ghcb;		/* 0x0a0 */
	u64 eventinj;		/* 0x0a8 */
	u64 ncr3;		/* 0x0b0 */
	u64 lbr_virt;		/* 0x0b8 */
	u32 clean;		/* 0x0c0 */
	u32 rsvd3;
	u64 nrip;		/* 0x0c8 */
	u8 insn_len;		/* 0x0d0 */
	u8 insn_bytes[15];
	u8 rsvd4[0x400 - 0xe0];
};

struct vmcb_save {
	struct vmcb_seg es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr; /* 0x400 - 0x49f */
	u8 rsvd1[0xcb - 0xa0];
	u8 cpl;			/* 0x4cb */
	u32 rsvd2;
	u64 efer;		/* 0x4d0 */
	u8 rsvd3[0x148 - 0xd8];
	u64 cr4;		/* 0x548 */
	u64 cr3;		/* 0x550 */
	u64 cr0;		/* 0x558 */
	u64 dr7;		/* 0x560 */
	u64 dr6;		/* 0x568 */
	u64 rflags;		/* 0x570 */
	u64 rip;		/* 0x578 */
	u8 rsvd4[0x1d8 - 0x180];
	u64 rsp;		/* 0x5d8 */
	u64 s_cet, ssp, isst;	/* 0x5e0 */
	u64 rax;		/* 0x5f8 */
	u64 star, lstar, cstar, sfmask, kernel_gs_base; /* 0x600 */
	u64 sysenter_cs, sysenter_esp, sysenter_eip;	 /* 0x628 */
	u64 cr2;		/* 0x640 */
	u8 rsvd5[0x268 - 0x248];
	u64 g_pat;		/* 0x668 */
	u64 dbgctl;		/* 0x670 */
	u64 br_from, br_to, lastexcp_from, lastexcp_to; /* 0x678 */
};

struct vmcb {
	struct vmcb_control ctl;
	struct vmcb_save save;
	u8 pad[4096 - 0x400 - sizeof(struct vmcb_save)];
};

#define VMCB_CHECK(field, off) _Static_assert(__builtin_offsetof(struct vmcb, field) == (off), #field)
VMCB_CHECK(ctl.intercept_misc1, 0x00c);
VMCB_CHECK(ctl.pause_threshold, 0x03c);
VMCB_CHECK(ctl.iopm_base, 0x040);
VMCB_CHECK(ctl.asid, 0x058);
VMCB_CHECK(ctl.vintr, 0x060);
VMCB_CHECK(ctl.exitcode, 0x070);
VMCB_CHECK(ctl.exitinfo2, 0x080);
VMCB_CHECK(ctl.np_control, 0x090);
VMCB_CHECK(ctl.eventinj, 0x0a8);
VMCB_CHECK(ctl.ncr3, 0x0b0);
VMCB_CHECK(ctl.clean, 0x0c0);
VMCB_CHECK(ctl.nrip, 0x0c8);
VMCB_CHECK(save.es, 0x400);
VMCB_CHECK(save.cs, 0x410);
VMCB_CHECK(save.gdtr, 0x460);
VMCB_CHECK(save.tr, 0x490);
VMCB_CHECK(save.cpl, 0x4cb);
VMCB_CHECK(save.efer, 0x4d0);
VMCB_CHECK(save.cr4, 0x548);
VMCB_CHECK(save.rflags, 0x570);
VMCB_CHECK(save.rip, 0x578);
VMCB_CHECK(save.rsp, 0x5d8);
VMCB_CHECK(save.rax, 0x5f8);
VMCB_CHECK(save.star, 0x600);
VMCB_CHECK(save.kernel_gs_base, 0x620);
VMCB_CHECK(save.cr2, 0x640);
VMCB_CHECK(save.g_pat, 0x668);
_Static_assert(sizeof(struct vmcb) == 4096, "VMCB is one page");

/* Intercept bits (APM vol. 2, B-1, offsets 0x00c and 0x010). */
#define INTERCEPT_INTR (1u << 0)
#define INTERCEPT_NMI (1u << 1)
#define INTERCEPT_SMI (1u << 2)
#define INTERCEPT_INIT (1u << 3)
#define INTERCEPT_CPUID (1u << 18)
#define INTERCEPT_INVD (1u << 22)
#define INTERCEPT_HLT (1u << 24)
#define INTERCEPT_INVLPGA (1u << 26)
#define INTERCEPT_IOIO (1u << 27)
#define INTERCEPT_MSR (1u << 28)
#define INTERCEPT_TASKSW (1u << 29)
#define INTERCEPT_SHUTDOWN (1u << 31)
#define INTERCEPT_VMRUN (1u << 0)   /* misc2: required, or VMRUN fails */
#define INTERCEPT_VMMCALL (1u << 1)
#define INTERCEPT_VMLOAD (1u << 2)
#define INTERCEPT_VMSAVE (1u << 3)
#define INTERCEPT_STGI (1u << 4)
#define INTERCEPT_CLGI (1u << 5)
#define INTERCEPT_SKINIT (1u << 6)
#define INTERCEPT_RDTSCP (1u << 7)
#define INTERCEPT_ICEBP (1u << 8)
#define INTERCEPT_WBINVD (1u << 9) /* also WBNOINVD */
#define INTERCEPT_MONITOR (1u << 10)
#define INTERCEPT_MWAIT (1u << 11)
#define INTERCEPT_XSETBV (1u << 13)

#define VINTR_MASKING (1ULL << 24)
#define NP_ENABLE (1ULL << 0)
#define TLB_FLUSH_ALL 1

/* Exit codes (APM vol. 2, appendix C). */
#define SVM_EXIT_EXCP_BASE 0x40
#define SVM_EXIT_INTR 0x60
#define SVM_EXIT_NMI 0x61
#define SVM_EXIT_SMI 0x62
#define SVM_EXIT_INIT 0x63
#define SVM_EXIT_CPUID 0x72
#define SVM_EXIT_INVD 0x76
#define SVM_EXIT_HLT 0x78
#define SVM_EXIT_INVLPGA 0x7a
#define SVM_EXIT_IOIO 0x7b
#define SVM_EXIT_MSR 0x7c
#define SVM_EXIT_TASKSW 0x7d
#define SVM_EXIT_SHUTDOWN 0x7f
#define SVM_EXIT_VMRUN 0x80
#define SVM_EXIT_VMMCALL 0x81
#define SVM_EXIT_VMLOAD 0x82
#define SVM_EXIT_VMSAVE 0x83
#define SVM_EXIT_STGI 0x84
#define SVM_EXIT_CLGI 0x85
#define SVM_EXIT_SKINIT 0x86
#define SVM_EXIT_RDTSCP 0x87
#define SVM_EXIT_ICEBP 0x88
#define SVM_EXIT_WBINVD 0x89
#define SVM_EXIT_MONITOR 0x8a
#define SVM_EXIT_MWAIT 0x8b
#define SVM_EXIT_XSETBV 0x8d
#define SVM_EXIT_NPF 0x400
#define SVM_EXIT_INVALID 0xffffffffffffffffULL

#endif
