/* cordon x86_64: saving and restoring a vCPU's x87/MMX/SSE state (FXSAVE area, AMD APM vol. 2, 11.4.4). */
#ifndef CORDON_ARCH_FPU_H
#define CORDON_ARCH_FPU_H
#include <cordon/types.h>

/* The 512-byte FXSAVE image; the hypervisor itself never touches these registers. */
struct fpu_state {
	u8 bytes[512];
} __attribute__((aligned(16)));

/* Host setup: CR4.OSFXSR so FXSAVE covers XMM, and XCR0 = x87|SSE so guests cannot reach wider state. */
void fpu_init(void);
/* The power-on state: FCW 0x37f, MXCSR 0x1f80, every register zero. */
void fpu_reset(struct fpu_state *s);

static inline void fpu_save(struct fpu_state *s) { __asm__ volatile("fxsave64 %0" : "=m"(*s)); }
static inline void fpu_restore(const struct fpu_state *s) { __asm__ volatile("fxrstor64 %0" : : "m"(*s)); }

#endif
