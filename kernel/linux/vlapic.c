/* cordon core: the virtual x2APIC: registers, priority, EOI and the one-shot, periodic and TSC-deadline timer. */
#include <kernel/linux/vlapic.h>
#include <lib/str.h>

/* x2APIC register numbers: MSR index - 0x800 (Intel SDM vol. 3A, table 11-6). */
enum {
	R_ID = 0x02, R_VER = 0x03, R_TPR = 0x08, R_PPR = 0x0a, R_EOI = 0x0b, R_LDR = 0x0d, R_SVR = 0x0f,
	R_ISR = 0x10, R_TMR = 0x18, R_IRR = 0x20, R_ESR = 0x28, R_LVT_CMCI = 0x2f, R_ICR = 0x30,
	R_LVT_TIMER = 0x32, R_LVT_THERMAL = 0x33, R_LVT_PERF = 0x34, R_LVT_LINT0 = 0x35, R_LVT_LINT1 = 0x36,
	R_LVT_ERROR = 0x37, R_TMICT = 0x38, R_TMCCT = 0x39, R_TDCR = 0x3e, R_SELF_IPI = 0x3f,
};
#define LVT_MASKED (1u << 16)
#define TIMER_MODE(l) (((l) >> 17) & 3) /* 0 one-shot, 1 periodic, 2 TSC-deadline (SDM 11.5.4) */
#define APIC_VERSION 0x50014u		/* version 0x14, 6 LVT entries (max LVT index 5) */
#define APIC_BASE_VALUE (0xfee00000ULL | (1u << 11) | (1u << 10) | (1u << 8)) /* enabled, x2APIC, BSP */
/* The count-down timer ticks at the TSC rate divided by TDCR; the guest learns that rate from kvmclock. */

static void set(u32 *v, int bit) { v[bit >> 5] |= 1u << (bit & 31); }
static void clear(u32 *v, int bit) { v[bit >> 5] &= ~(1u << (bit & 31)); }

static int highest(const u32 *v)
{
	for (int i = 7; i >= 0; i--)
		if (v[i])
			return i * 32 + 31 - __builtin_clz(v[i]);
	return -1;
}

void vlapic_reset(struct vlapic *a)
{
	c_memset(a, 0, sizeof(*a));
	a->svr = 0xff; /* APIC software-disabled until the guest sets bit 8 (SDM 11.4.7.1) */
	a->lvt_timer = a->lvt_lint0 = a->lvt_lint1 = a->lvt_error = LVT_MASKED;
	a->lvt_thermal = a->lvt_perf = a->lvt_cmci = LVT_MASKED;
	a->tsc_per_tick = 1;
}

/* TDCR bits 0,1,3 encode divide by 2, 4, 8, 16, 32, 64, 128 or 1 (SDM figure 11-10). */
static u32 divisor(u32 tdcr)
{
	u32 v = (tdcr & 3) | ((tdcr >> 1) & 4);
	return v == 7 ? 1 : 2u << v;
}

static void arm_count(struct vlapic *a, u64 now)
{
	a->timer_start = now;
	a->deadline = a->tmict ? now + (u64)a->tmict * divisor(a->tdcr) * a->tsc_per_tick : 0;
}

static u32 current_count(const struct vlapic *a, u64 now)
{
	u64 per = (u64)divisor(a->tdcr) * a->tsc_per_tick;
	if (!a->deadline || now >= a->deadline || TIMER_MODE(a->lvt_timer) == 2)
		return 0;
	return (u32)((a->deadline - now) / per);
}

void vlapic_tick(struct vlapic *a, u64 now)
{
	if (!a->deadline || now < a->deadline)
		return;
	if (!(a->lvt_timer & LVT_MASKED) && (a->svr & (1u << 8)))
		set(a->irr, a->lvt_timer & 0xff);
	/* Periodic: reload at the deadline so late ticks do not drift; from now if a whole period was missed. */
	if (TIMER_MODE(a->lvt_timer) == 1 && a->tmict)
		arm_count(a, now - a->deadline < a->deadline - a->timer_start ? a->deadline : now);
	else
		a->deadline = 0;
}

static u32 ppr(const struct vlapic *a)
{
	int isr = highest(a->isr);
	u32 isrv = isr < 0 ? 0 : (u32)isr & 0xf0;
	return (a->tpr & 0xf0) >= isrv ? a->tpr : isrv;
}

int vlapic_pending(const struct vlapic *a)
{
	int irr = highest(a->irr);
	if (irr < 0 || !(a->svr & (1u << 8)))
		return -1;
	return ((u32)irr & 0xf0) > (ppr(a) & 0xf0) ? irr : -1;
}

void vlapic_accept(struct vlapic *a, int vec)
{
	clear(a->irr, vec);
	set(a->isr, vec);
}

int vlapic_in_service(const struct vlapic *a)
{
	return highest(a->isr);
}

void vlapic_raise(struct vlapic *a, u8 vec)
{
	if (vec >= 16)
		set(a->irr, vec);
}

static u32 *lvt(struct vlapic *a, u32 reg)
{
	switch (reg) {
	case R_LVT_TIMER: return &a->lvt_timer;
	case R_LVT_THERMAL: return &a->lvt_thermal;
	case R_LVT_PERF: return &a->lvt_perf;
	case R_LVT_LINT0: return &a->lvt_lint0;
	case R_LVT_LINT1: return &a->lvt_lint1;
	case R_LVT_ERROR: return &a->lvt_error;
	case R_LVT_CMCI: return &a->lvt_cmci;
	default: return NULL;
	}
}

int vlapic_rdmsr(struct vlapic *a, u32 msr, u64 *val)
{
	u32 reg = msr - MSR_X2APIC_FIRST, *l;
	if (msr == MSR_APIC_BASE)
		return *val = APIC_BASE_VALUE, 0;
	if (msr == MSR_TSC_DEADLINE)
		return *val = TIMER_MODE(a->lvt_timer) == 2 ? a->deadline : 0, 0;
	if ((l = lvt(a, reg)))
		return *val = *l, 0;
	if (reg >= R_ISR && reg < R_ISR + 8)
		return *val = a->isr[reg - R_ISR], 0;
	if (reg >= R_IRR && reg < R_IRR + 8)
		return *val = a->irr[reg - R_IRR], 0;
	if (reg >= R_TMR && reg < R_TMR + 8)
		return *val = 0, 0;
	switch (reg) {
	case R_ID: *val = 0; return 0;
	case R_VER: *val = APIC_VERSION; return 0;
	case R_TPR: *val = a->tpr; return 0;
	case R_PPR: *val = ppr(a); return 0;
	case R_LDR: *val = 1; return 0; /* x2APIC logical ID of APIC 0: cluster 0, bit 0 (SDM 11.12.10.2) */
	case R_SVR: *val = a->svr; return 0;
	case R_ESR: *val = a->esr; return 0;
	case R_ICR: *val = 0; return 0;
	case R_TMICT: *val = a->tmict; return 0;
	case R_TMCCT: *val = current_count(a, __builtin_ia32_rdtsc()); return 0;
	case R_TDCR: *val = a->tdcr; return 0;
	default: return -1; /* EOI and SELF_IPI are write-only; the rest is reserved */
	}
}

/* ICR: only fixed self-IPIs have a target on a one-vCPU VM (SDM 11.6.1). */
static void icr_write(struct vlapic *a, u64 val)
{
	u32 shorthand = (val >> 18) & 3, mode = (val >> 8) & 7, dest = (u32)(val >> 32);
	if (mode == 0 && (shorthand == 1 || (shorthand == 0 && dest == 0) || shorthand == 2))
		vlapic_raise(a, (u8)val);
}

int vlapic_wrmsr(struct vlapic *a, u32 msr, u64 val)
{
	u32 reg = msr - MSR_X2APIC_FIRST, *l;
	u64 now = __builtin_ia32_rdtsc();
	if (msr == MSR_APIC_BASE) /* staying enabled in x2APIC mode is the only choice offered */
		return (val & ~0xfffULL) == 0xfee00000ULL && (val & (3u << 10)) == (3u << 10) ? 0 : -1;
	if (msr == MSR_TSC_DEADLINE) {
		if (TIMER_MODE(a->lvt_timer) == 2)
			a->deadline = val;
		return 0;
	}
	if ((l = lvt(a, reg))) {
		u32 old = *l;
		*l = (u32)val & (reg == R_LVT_TIMER ? 0x700ffu : 0x1a7ffu);
		if (reg == R_LVT_TIMER && TIMER_MODE(old) != TIMER_MODE(*l))
			a->deadline = 0; /* a mode switch disarms the timer (SDM 11.5.4.1) */
		return 0;
	}
	switch (reg) {
	case R_TPR: a->tpr = (u32)val & 0xff; return 0;
	case R_EOI: {
		int v = highest(a->isr);
		if (v >= 0)
			clear(a->isr, v);
		return 0;
	}
	case R_SVR: a->svr = (u32)val & 0x11ff; return 0;
	case R_ESR: a->esr = 0; return 0;
	case R_ICR: icr_write(a, val); return 0;
	case R_SELF_IPI: vlapic_raise(a, (u8)val); return 0;
	case R_TMICT:
		a->tmict = (u32)val;
		if (TIMER_MODE(a->lvt_timer) != 2)
			arm_count(a, now);
		return 0;
	case R_TDCR: a->tdcr = (u32)val & 0xb; return 0;
	default: return -1;
	}
}
