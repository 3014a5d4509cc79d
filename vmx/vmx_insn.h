/* cordon VT-x: VMXON, VMCLEAR, VMPTRLD, INVEPT and INVVPID (Intel SDM vol. 3, chapter 31). */
#ifndef CORDON_VMX_INSN_H
#define CORDON_VMX_INSN_H
#include <cordon/types.h>

/* Each returns 0 on VMsucceed, -1 on VMfailInvalid (CF) or VMfailValid (ZF); SDM vol. 3, 31.2. */
static inline int vmxon(u64 pa)
{
	u8 bad;
	__asm__ volatile("vmxon %1; setna %0" : "=q"(bad) : "m"(pa) : "cc", "memory");
	return bad ? -1 : 0;
}

static inline int vmclear(u64 pa)
{
	u8 bad;
	__asm__ volatile("vmclear %1; setna %0" : "=q"(bad) : "m"(pa) : "cc", "memory");
	return bad ? -1 : 0;
}

static inline int vmptrld(u64 pa)
{
	u8 bad;
	__asm__ volatile("vmptrld %1; setna %0" : "=q"(bad) : "m"(pa) : "cc", "memory");
	return bad ? -1 : 0;
}

/* All-context invalidation (type 2) of EPT-derived and VPID-tagged translations. */
static inline void invept_all(void)
{
	struct { u64 eptp, rsvd; } desc = { 0, 0 };
	__asm__ volatile("invept %0, %1" : : "m"(desc), "r"(2ULL) : "cc", "memory");
}

static inline void invvpid_all(void)
{
	struct { u64 vpid, addr; } desc = { 0, 0 };
	__asm__ volatile("invvpid %0, %1" : : "m"(desc), "r"(2ULL) : "cc", "memory");
}

#endif
