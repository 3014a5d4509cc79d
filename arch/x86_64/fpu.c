/* cordon x86_64: x87/SSE state setup so each vCPU's registers stay its own. */
#include "fpu.h"
#include "cpu.h"
#include "str.h"

#define CR0_EM (1ULL << 2)
#define CR0_TS (1ULL << 3)
#define CR4_OSFXSR (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)
#define CR4_OSXSAVE (1ULL << 18)

/*
 * VMRUN does not switch XCR0 (AMD APM vol. 2, 15.5.1), so the guest runs with
 * the host's. Limiting it to x87|SSE keeps AVX and wider state, which FXSAVE
 * would not preserve, unusable in guests (they get #UD).
 */
void fpu_init(void)
{
	write_cr0(read_cr0() & ~(CR0_EM | CR0_TS));
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	if (read_cr4() & CR4_OSXSAVE)
		__asm__ volatile("xsetbv" : : "c"(0), "a"(3u), "d"(0u));
}

void fpu_reset(struct fpu_state *s)
{
	c_memset(s, 0, sizeof(*s));
	s->bytes[0] = 0x7f; /* FCW = 0x037f: all x87 exceptions masked */
	s->bytes[1] = 0x03;
	s->bytes[24] = 0x80; /* MXCSR = 0x1f80: all SSE exceptions masked */
	s->bytes[25] = 0x1f;
}
