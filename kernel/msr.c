/* cordon core: the guest MSR allowlist; every other RDMSR/WRMSR gets #GP (docs/GUEST.md). */
#include <kernel/handlers.h>
#include <kernel/backend.h>
#include <kernel/vm.h>
#include <kernel/profile.h>
#include <arch/x86_64/cpu.h>

#define MSR_TSC 0x10u
#define MSR_PAT 0x277u
#define MSR_FS_BASE 0xc0000100u
#define MSR_GS_BASE 0xc0000101u
#define MSR_KGS_BASE 0xc0000102u
#define EFER_SCE (1ULL << 0)
#define EFER_SVME (1ULL << 12)

struct msr_rule {
	u32 msr;
	bool writable;
	int sreg; /* -1 when handled specially */
};

static const struct msr_rule rules[] = {
	{ MSR_TSC, false, -1 },
	{ MSR_EFER, true, SREG_EFER },
	{ MSR_PAT, true, SREG_PAT },
	{ MSR_FS_BASE, true, SREG_FS_BASE },
	{ MSR_GS_BASE, true, SREG_GS_BASE },
	{ MSR_KGS_BASE, true, SREG_KGS_BASE },
};

static const struct msr_rule *find(u32 msr)
{
	for (u32 i = 0; i < ARRAY_SIZE(rules); i++)
		if (rules[i].msr == msr)
			return &rules[i];
	return NULL;
}

bool msr_allowed(u32 msr, bool write)
{
	const struct msr_rule *r = find(msr);
	return r && (!write || r->writable);
}

/* PAT entries must be a defined memory type: 0, 1, 4, 5, 6 or 7 (AMD APM vol. 2, 7.8.1). */
static bool pat_valid(u64 v)
{
	for (int i = 0; i < 8; i++) {
		u8 t = (u8)(v >> (8 * i));
		if (t > 7 || t == 2 || t == 3)
			return false;
	}
	return true;
}

/* Guests may flip only SCE and NXE in EFER; SVME stays hidden and set. */
static bool write_ok(const struct msr_rule *r, struct vcpu *v, u64 val)
{
	u64 cur;
	if (r->sreg == SREG_PAT)
		return pat_valid(val);
	if (r->sreg != SREG_EFER)
		return (s64)(val << 16) >> 16 == (s64)val; /* bases must be canonical */
	cur = hv->get_sreg(v, SREG_EFER) & ~EFER_SVME;
	return ((val ^ cur) & ~(EFER_SCE | EFER_NXE)) == 0;
}

void handle_msr(struct vcpu *v, const struct vm_exit *e)
{
	u32 msr = (u32)v->regs.rcx; /* RDMSR/WRMSR take the index in ECX on both vendors */
	const struct msr_rule *r = find(msr);
	bool write = e->kind == EXIT_MSR_WRITE;
	u64 val = (v->regs.rdx << 32) | (u32)v->regs.rax;
	int lx = v->vm->profile->msr ? v->vm->profile->msr(v, msr, write, &val) : 0;
	if (lx < 0) {
		hv->inject_exception(v, 13 /* #GP */, true, 0);
		return;
	}
	if (lx > 0) {
		if (!write) {
			v->regs.rax = (u32)val;
			v->regs.rdx = val >> 32;
		}
		vcpu_skip(v, e);
		return;
	}
	if (!msr_allowed(msr, write) || (write && !write_ok(r, v, val))) {
		struct vm *vm = v->vm;
		bool seen = false;
		for (u32 i = 0; i < vm->ndefault_msrs; i++)
			seen |= vm->default_msrs[i] == msr;
		if (!seen && vm->ndefault_msrs < ARRAY_SIZE(vm->default_msrs))
			vm->default_msrs[vm->ndefault_msrs++] = msr;
		hv->inject_exception(v, 13 /* #GP */, true, 0);
		return;
	}
	if (write) {
		hv->set_sreg(v, (enum sreg)r->sreg, val);
	} else {
		val = r->sreg < 0 ? rdtsc() : hv->get_sreg(v, (enum sreg)r->sreg);
		if (r->sreg == SREG_EFER)
			val &= ~EFER_SVME;
		v->regs.rax = (u32)val;
		v->regs.rdx = val >> 32;
	}
	vcpu_skip(v, e);
}
