/* cordon core: kvmclock: the pvclock time structures a Linux VM registers through two MSRs. */
#include <kernel/linux/kvmclock.h>
#include <kernel/vm.h>
#include <lib/str.h>

/* struct pvclock_vcpu_time_info and pvclock_wall_clock (Documentation/virt/kvm/x86/msr.rst). */
struct pvclock_time {
	u32 version;
	u32 pad0;
	u64 tsc_timestamp;
	u64 system_time;
	u32 tsc_to_system_mul;
	s8 tsc_shift;
	u8 flags;
	u8 pad[2];
} __attribute__((packed));

struct pvclock_wall {
	u32 version;
	u32 sec;
	u32 nsec;
} __attribute__((packed));

#define PVCLOCK_TSC_STABLE 1u
#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3)
#define KVM_FEATURE_CLOCKSOURCE_STABLE (1u << 24)

/* ns = ((tsc delta << shift) * mul) >> 32, with mul below 2^32 (the pvclock scaling rule). */
void kvmclock_reset(struct kvmclock *c, u64 tsc_khz, u64 now)
{
	u64 mul = (1000000ULL << 32) / (tsc_khz ? tsc_khz : 1);
	s8 shift = 0;
	while (mul >= (1ULL << 32)) {
		mul >>= 1;
		shift++;
	}
	c->system_time_gpa = 0;
	c->start_tsc = now;
	c->mul = (u32)mul;
	c->shift = shift;
}

bool kvmclock_cpuid(u32 leaf, u32 out[4])
{
	if (leaf == KVM_CPUID_BASE) {
		out[0] = KVM_CPUID_BASE + 1;
		out[1] = 0x4b4d564b; /* "KVMK" */
		out[2] = 0x564b4d56; /* "VMKV" */
		out[3] = 0x0000004d; /* "M\0\0\0" */
		return true;
	}
	if (leaf == KVM_CPUID_BASE + 1) {
		out[0] = KVM_FEATURE_CLOCKSOURCE2 | KVM_FEATURE_CLOCKSOURCE_STABLE;
		out[1] = out[2] = out[3] = 0;
		return true;
	}
	return false;
}

/* Writes the time structure once: the TSC is constant, so one (tsc, time) pair holds forever. */
static int publish(struct vm *vm, const struct kvmclock *c)
{
	struct pvclock_time *t = gpmap_access(&vm->map, c->system_time_gpa & ~1ULL, sizeof(*t), GP_W);
	u64 now = __builtin_ia32_rdtsc();
	u64 d = now - c->start_tsc;
	if (!t)
		return -1;
	t->version = 1; /* odd: an update is in progress */
	__asm__ volatile("" ::: "memory");
	t->tsc_timestamp = now;
	t->system_time = (u64)(((unsigned __int128)(d << c->shift) * c->mul) >> 32);
	t->tsc_to_system_mul = c->mul;
	t->tsc_shift = c->shift;
	t->flags = PVCLOCK_TSC_STABLE;
	__asm__ volatile("" ::: "memory");
	t->version = 2;
	return 0;
}

int kvmclock_wrmsr(struct vm *vm, struct kvmclock *c, u32 msr, u64 val)
{
	u64 old = c->system_time_gpa;
	if (msr == MSR_KVM_WALL_CLOCK_NEW) {
		/* No real-time clock is emulated: the wall clock starts at the epoch. */
		struct pvclock_wall *w = gpmap_access(&vm->map, val, sizeof(*w), GP_W);
		if (!w)
			return -1;
		w->version = 2;
		w->sec = w->nsec = 0;
		return 0;
	}
	c->system_time_gpa = val;
	if ((val & 1) && publish(vm, c) < 0) {
		c->system_time_gpa = old; /* a WRMSR that faults has no effect */
		return -1;
	}
	return 0;
}

int kvmclock_rdmsr(const struct kvmclock *c, u32 msr, u64 *val)
{
	*val = msr == MSR_KVM_SYSTEM_TIME_NEW ? c->system_time_gpa : 0;
	return 0;
}
