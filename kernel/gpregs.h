/* cordon core: the guest general registers cordon carries across VM entry, laid out for the world-switch assembly. */
#ifndef CORDON_KERNEL_GPREGS_H
#define CORDON_KERNEL_GPREGS_H

/*
 * Byte offsets in struct gpregs, for svm/svm_entry.S and vmx/vmx_entry.S (which include this file
 * too). The asserts below make a reordered or resized struct fail to compile instead of making the
 * assembly load one guest register into another.
 */
#define GPR_RAX 0
#define GPR_RBX 8
#define GPR_RCX 16
#define GPR_RDX 24
#define GPR_RSI 32
#define GPR_RDI 40
#define GPR_RBP 48
#define GPR_R8 56
#define GPR_R9 64
#define GPR_R10 72
#define GPR_R11 80
#define GPR_R12 88
#define GPR_R13 96
#define GPR_R14 104
#define GPR_R15 112
#define GPR_RSP 120
#define GPR_RIP 128
#define GPR_RFLAGS 136
#define GPR_SIZE 144

#ifndef __ASSEMBLER__
#include <cordon/types.h>

/* RSP, RIP and RFLAGS are switched by the CPU through the VMCB/VMCS; the backend copies them here. */
struct gpregs {
	u64 rax, rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rsp, rip, rflags;
};

/* A register by its number in instruction encodings and VT-x exit qualifications: 0 RAX, 1 RCX, 2 RDX,
 * 3 RBX, 4 RSP, 5 RBP, 6 RSI, 7 RDI, 8-15 R8-R15 (SDM vol. 2A, table 2-2; vol. 3, table 27-3). */
static inline u64 *gpregs_by_number(struct gpregs *r, u32 i)
{
	u64 *const map[16] = { &r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi, &r->rdi,
			       &r->r8,	&r->r9,	 &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15 };
	return map[i & 15];
}

#define GPR_CHECK(field, off) _Static_assert(__builtin_offsetof(struct gpregs, field) == (off), "gpregs." #field)
GPR_CHECK(rax, GPR_RAX);
GPR_CHECK(rbx, GPR_RBX);
GPR_CHECK(rcx, GPR_RCX);
GPR_CHECK(rdx, GPR_RDX);
GPR_CHECK(rsi, GPR_RSI);
GPR_CHECK(rdi, GPR_RDI);
GPR_CHECK(rbp, GPR_RBP);
GPR_CHECK(r8, GPR_R8);
GPR_CHECK(r9, GPR_R9);
GPR_CHECK(r10, GPR_R10);
GPR_CHECK(r11, GPR_R11);
GPR_CHECK(r12, GPR_R12);
GPR_CHECK(r13, GPR_R13);
GPR_CHECK(r14, GPR_R14);
GPR_CHECK(r15, GPR_R15);
GPR_CHECK(rsp, GPR_RSP);
GPR_CHECK(rip, GPR_RIP);
GPR_CHECK(rflags, GPR_RFLAGS);
_Static_assert(sizeof(struct gpregs) == GPR_SIZE, "gpregs size");
#undef GPR_CHECK
#endif

#endif
