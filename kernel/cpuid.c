/* cordon core: the filtered CPUID view guests get (docs/CPUID.md) and its exit handler. */
#include <kernel/handlers.h>
#include <kernel/backend.h>
#include <kernel/vm.h>
#include <kernel/profile.h>
#include <cordon/hypercall.h>
#include <arch/x86_64/cpu.h>
#include <arch/x86_64/xstate.h>
#include <kernel/vcpu_state.h>

#define MAX_BASIC 0xdu
#define MAX_EXT 0x80000008u

/* Leaf 1 (AMD APM vol. 3, E.3.2; Intel SDM vol. 2A, CPUID): hide what cordon does not virtualize. */
static void leaf1(u32 r[4], u32 vm_id)
{
	(void)vm_id;
	r[1] &= 0x0000ffffu; /* one logical CPU, initial APIC ID 0 */
	r[1] |= 1u << 16;
	/* MONITOR VMX SMX FMA DCA x2APIC TSC-deadline XSAVE OSXSAVE AVX F16C: no MWAIT, no nested
	 * VMX, no APIC yet; cpuid_xsave.c offers XSAVE, AVX, FMA and F16C back where the host has them. */
	r[2] &= ~((1u << 3) | (1u << 5) | (1u << 6) | (1u << 12) | (1u << 18) | (1u << 21) | (1u << 24) |
		  (1u << 26) | (1u << 27) | (1u << 28) | (1u << 29));
	r[2] |= 1u << 31; /* hypervisor present */
	/* MCE APIC MCA ACPI TM HTT PBE: no machine-check, APIC, thermal or multi-thread view */
	r[3] &= ~((1u << 7) | (1u << 9) | (1u << 14) | (1u << 22) | (1u << 28) | (1u << 29) | (1u << 31));
}

/* Leaf 7 subleaf 0: only instruction-set extensions that need no extra state or MSRs. */
#define LEAF7_EBX_ALLOWED ((1u << 0) | (1u << 3) | (1u << 7) | (1u << 8) | (1u << 9) | (1u << 19) | \
			   (1u << 20) | (1u << 23) | (1u << 24) | (1u << 29)) /* FSGSBASE BMI1 SMEP BMI2
			   ERMS ADX SMAP CLFLUSHOPT CLWB SHA */

static void leaf7(u32 sub, u32 r[4])
{
	r[0] = 0; /* max subleaf 0 */
	r[1] = sub ? 0 : r[1] & LEAF7_EBX_ALLOWED;
	r[2] = r[3] = 0;
}

static void hv_leaf(u32 leaf, u32 vm_id, u32 out[4])
{
	out[0] = out[1] = out[2] = out[3] = 0;
	if (leaf == CORDON_CPUID_BASE) {
		out[0] = CORDON_CPUID_INFO;
		out[1] = 0x64726f43; /* "Cord" */
		out[2] = 0x56486e6f; /* "onHV" */
	} else if (leaf == CORDON_CPUID_INFO) {
		out[0] = CORDON_ABI_VERSION;
		out[1] = vm_id;
	}
}

void cpuid_filter(u32 leaf, u32 sub, const u32 host[4], u32 vm_id, u32 out[4])
{
	for (int i = 0; i < 4; i++)
		out[i] = host[i];
	if (leaf >= 0x40000000u && leaf < 0x80000000u)
		return hv_leaf(leaf, vm_id, out);
	if ((leaf < 0x80000000u && leaf > MAX_BASIC) || leaf > MAX_EXT) {
		out[0] = out[1] = out[2] = out[3] = 0;
		return;
	}
	switch (leaf) {
	case 0:
		out[0] = out[0] < MAX_BASIC ? out[0] : MAX_BASIC;
		break;
	case 1:
		leaf1(out, vm_id);
		break;
	case 4: case 5: case 6: case 0xa: case 0xb: case 0xd: /* caches/cores, monitor, power, PMU, topology, XSAVE */
		out[0] = out[1] = out[2] = out[3] = 0;
		break;
	case 7:
		leaf7(sub, out);
		break;
	case 0x80000000u:
		out[0] = out[0] < MAX_EXT ? out[0] : MAX_EXT;
		break;
	case 0x80000001u: /* CmpLegacy SVM ExtApicSpace IBS SKINIT WDT LWP TOPOEXT PerfCtrCore MONITORX */
		out[2] &= ~((1u << 1) | (1u << 2) | (1u << 3) | (1u << 10) | (1u << 12) | (1u << 13) | (1u << 15) |
			    (1u << 22) | (1u << 23) | (1u << 29));
		break;
	case 0x80000008u: /* keep address sizes; one core, no speculation-control features */
		out[1] = out[2] = out[3] = 0;
		break;
	default:
		break;
	}
}

/* Bytes an XSAVE of every offered component needs: the end of the highest one (SDM vol. 1, 13.4.3). */
static u32 xsave_max_size(u64 allowed)
{
	u32 r[4];
	int top = 63 - __builtin_clzll(allowed | 1);
	if (top < 2)
		return 576; /* legacy region and header */
	cpuid(0xd, (u32)top, r);
	return r[0] + r[1];
}

void handle_cpuid(struct vcpu *v, const struct vm_exit *e)
{
	u32 host[4], out[4];
	u32 leaf = (u32)v->regs.rax, sub = (u32)v->regs.rcx;
	u64 allowed = xcr0_guest_allowed(fpu_host_xcr0());
	cpuid(leaf, sub, host); /* the CPU holds the guest's XCR0 now, so leaf 0xD EBX is the guest's size */
	cpuid_filter(leaf, sub, host, v->vm->id, out);
	cpuid_xsave_view(leaf, sub, host, allowed, leaf == 0xd ? xsave_max_size(allowed) : 0,
			 leaf == 1 && (hv->get_sreg(v, SREG_CR4) & CR4_OSXSAVE), out);
	if (v->vm->profile->cpuid)
		v->vm->profile->cpuid(leaf, out);
	if (hv->cpuid_adjust)
		hv->cpuid_adjust(leaf, out);
	if (leaf == CORDON_CPUID_INFO)
		out[2] = hv->hcall_insn; /* which instruction traps on this backend */
	v->regs.rax = out[0];
	v->regs.rbx = out[1];
	v->regs.rcx = out[2];
	v->regs.rdx = out[3];
	vcpu_skip(v, e);
}
