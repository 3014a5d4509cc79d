/* cordon unit tests: register names and helpers shared by test_vlapic*.c (kernel/linux/vlapic.c). */
#ifndef CORDON_TESTS_VLAPIC_FIXTURE_H
#define CORDON_TESTS_VLAPIC_FIXTURE_H
#include <tests/unit/unit.h>
#include <kernel/linux/vlapic.h>

/* x2APIC MSRs (Intel SDM vol. 3A, table 11-6). */
enum {
	ID = 0x802, VER = 0x803, TPR = 0x808, PPR = 0x80a, EOI = 0x80b, LDR = 0x80d, SVR = 0x80f, ISR = 0x810,
	TMR = 0x818, IRR = 0x820, ESR = 0x828, CMCI = 0x82f, ICR = 0x830, LVTT = 0x832, THERM = 0x833,
	PERF = 0x834, LINT0 = 0x835, LINT1 = 0x836, LVTERR = 0x837, TMICT = 0x838, TMCCT = 0x839, TDCR = 0x83e,
	SELF = 0x83f,
};
#define ONESHOT 0u
#define PERIODIC (1u << 17)
#define DEADLINE (2u << 17)
#define MASKED (1u << 16)

static struct vlapic a;

static inline int fresh(void **state)
{
	(void)state;
	vlapic_reset(&a);
	return 0;
}

static inline u64 rd(u32 msr)
{
	u64 v = 0xdeadbeefdeadbeefULL;
	if (vlapic_rdmsr(&a, msr, &v))
		fail_msg("rdmsr 0x%x faulted", msr);
	return v;
}

static inline void wr(u32 msr, u64 v)
{
	if (vlapic_wrmsr(&a, msr, v))
		fail_msg("wrmsr 0x%x faulted", msr);
}

static inline void enable(void) { wr(SVR, 0x1ff); }

/* Delivers the pending vector as the injection path does and checks it is the one expected. */
static inline void take(int vec)
{
	assert_int_equal(vlapic_pending(&a), vec);
	vlapic_accept(&a, vec);
}

#endif
