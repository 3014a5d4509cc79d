/* cordon unit tests: VT-x pure parts: control computation, fixed bits, EPTP/EPT encoding, exit decoding and naming, VMCS widths. */
/* sources: vmx/caps.c vmx/vmx_exit.c vmx/ept.c kernel/mem/nested.c lib/x86/pt.c lib/str.c kernel/mem/gpmap.c kernel/vm_describe.c lib/fmt.c */
#include <tests/unit/unit.h>
#include <lib/x86/pt.h>
#include <vmx/vmx.h>
#include <kernel/mem/nested.h>
#include <kernel/mem/pmm.h>
#include <kernel/vm.h>

/* Linked by vmx_exit.c/ept.c paths these tests never run. */
struct vmx_cpu vmx_cpu;
const struct pt_ops *pmm_pt_ops(void) { return NULL; }
int vmx_load(struct vcpu *v) { (void)v; return -1; }
void vmx_expire_shadow(struct vcpu *v) { (void)v; }
int vmx_enter(struct gpregs *regs, u64 launched) { (void)regs, (void)launched; return 1; }
const char vmx_exit_point[1];
u64 tsc_khz(void) { return 1000; }

/* ---------------------------------------------------------------- controls */

static void test_ctl_adjust(void **state)
{
	u32 miss;
	(void)state;
	/* must-be-1 0x16, may-be-1 0xff: wanted 0x81 -> 0x97, nothing missing */
	assert_int_equal(vmx_ctl_adjust(0x000000ff00000016ULL, 0x81, &miss), 0x97);
	assert_int_equal(miss, 0);
	/* bit 8 wanted but not allowed: reported missing and left clear */
	assert_int_equal(vmx_ctl_adjust(0x000000ff00000016ULL, 0x101, &miss), 0x17);
	assert_int_equal(miss, 0x100);
}

/* Capability MSRs shaped like a Skylake-class CPU under KVM (values from SDM appendix A rules). */
static void good_caps(u64 m[VMX_NCAPS])
{
	memset(m, 0, sizeof(u64) * VMX_NCAPS);
	m[0] = (1ULL << 55) | (6ULL << 50) | (0x1000ULL << 32) | 0x12;	 /* basic: true ctls, WB, rev 0x12 */
	m[1] = 0x0000007f00000016ULL;					 /* pin */
	m[2] = 0xfff9fffe0401e172ULL;					 /* proc: CR3 exits forced on */
	m[3] = 0x003fffff00036dffULL;					 /* exit */
	m[4] = 0x0000ffff000011ffULL;					 /* entry */
	m[5] = 5;							 /* misc: preemption timer = TSC >> 5 */
	m[6] = 0x80000021, m[7] = 0xffffffff, m[8] = 0x2000, m[9] = 0x3727ff;	 /* CR0/CR4 fixed */
	m[0xb] = 0x00000fff00000000ULL;					 /* proc2 */
	m[0xc] = (1ULL << 6) | (1ULL << 14) | (1ULL << 20) | (1ULL << 26) | (1ULL << 32) | (1ULL << 42);
	m[0xd] = 0x0000007f00000016ULL;					 /* true pin */
	m[0xe] = 0xfff9fffe04006172ULL;					 /* true proc: CR3 exits may be 0 */
	m[0xf] = 0x003fffff00036dfbULL;					 /* true exit */
	m[0x10] = 0x0000ffff000011fbULL;				 /* true entry */
}

static void test_caps_good(void **state)
{
	u64 m[VMX_NCAPS];
	struct vmx_caps c;
	(void)state;
	good_caps(m);
	assert_null(vmx_caps_compute(m, &c));
	assert_int_equal(c.revision, 0x12);
	assert_true(c.true_ctls);
	assert_true(c.vpid);
	assert_true(c.pin & PIN_EXTINT_EXIT);
	assert_true(c.preempt);
	assert_true(c.pin & PIN_PREEMPT_TIMER);
	assert_int_equal(c.preempt_shift, 5);
	assert_true(c.proc & PROC_HLT_EXIT);
	assert_true(c.proc & PROC_IO_BITMAPS);
	assert_true(c.proc & PROC_MSR_BITMAPS);
	assert_false(c.proc & (PROC_CR3_LOAD_EXIT | PROC_CR3_STORE_EXIT));
	assert_int_equal(c.proc2, PROC2_EPT | PROC2_VPID | PROC2_WBINVD | PROC2_RDTSCP);
	assert_true(c.rdtscp);
	assert_true(c.exit & EXIT_HOST_64);
	assert_true(c.entry & ENTRY_GUEST_64);
	assert_int_equal(c.cr4_fixed0, 0x2000);
	/* state VM entry would otherwise leave shared: DR7 through the debug controls, CR8 through the TPR shadow */
	assert_true(c.exit & EXIT_SAVE_DEBUG);
	assert_true(c.entry & ENTRY_LOAD_DEBUG);
	assert_true(c.tpr_shadow);
	assert_true(c.proc & PROC_TPR_SHADOW);
	assert_false(c.proc & (PROC_CR8_LOAD_EXIT | PROC_CR8_STORE_EXIT));
}

/* Without "enable RDTSCP" the instruction is #UD in a guest: the backend still runs, CPUID hides it. */
static void test_caps_no_rdtscp(void **state)
{
	u64 m[VMX_NCAPS];
	struct vmx_caps c;
	u32 r[4] = { 0, 0, 0, 0xffffffffu };
	(void)state;
	good_caps(m);
	vmx_caps_compute(m, &c);
	vmx_cpuid_view(&c, 0x80000001u, r);
	assert_int_equal(r[3], 0xffffffffu); /* offered when enabled */
	m[0xb] &= ~((u64)PROC2_RDTSCP << 32);
	assert_null(vmx_caps_compute(m, &c));
	assert_false(c.rdtscp);
	assert_false(c.proc2 & PROC2_RDTSCP);
	vmx_cpuid_view(&c, 0x80000001u, r);
	assert_int_equal(r[3], 0xffffffffu & ~(1u << 27));
	r[3] = 0xffffffffu;
	vmx_cpuid_view(&c, 0x80000000u, r); /* other leaves untouched */
	assert_int_equal(r[3], 0xffffffffu);
}

/*
 * Reading a capability MSR the CPU lacks is #GP in cordon: only those that exist are read (SDM A.1-A.10).
 * Bochs's core2_penryn_t9600 has secondary controls but neither EPT nor VPID, and cordon took #GP in
 * the hypervisor reading IA32_VMX_EPT_VPID_CAP there.
 */
static void test_cap_exists(void **state)
{
	u64 m[VMX_NCAPS];
	(void)state;
	good_caps(m);
	for (u32 i = 0; i <= 9; i++)
		assert_true(vmx_cap_exists(i, m));
	assert_false(vmx_cap_exists(0xa, m)); /* VMCS_ENUM: never needed */
	assert_true(vmx_cap_exists(0xb, m));
	assert_true(vmx_cap_exists(0xc, m));
	for (u32 i = 0xd; i <= 0x10; i++)
		assert_true(vmx_cap_exists(i, m));
	assert_false(vmx_cap_exists(VMX_NCAPS, m));
	m[0xb] &= ~((u64)(PROC2_EPT | PROC2_VPID) << 32); /* secondary controls without EPT or VPID */
	assert_false(vmx_cap_exists(0xc, m));
	m[0xb] |= (u64)PROC2_VPID << 32; /* VPID alone: the MSR exists */
	assert_true(vmx_cap_exists(0xc, m));
	m[0] &= ~(1ULL << 55); /* no TRUE controls */
	for (u32 i = 0xd; i <= 0x10; i++)
		assert_false(vmx_cap_exists(i, m));
}

/*
 * A MOV to CR0 that changes a fixed bit: what any CPU refuses is #GP (PG without PE; PG cleared in 64-bit
 * mode or with PCIDE), leaving paging from compatibility mode ends the VM by name, NE is #GP.
 */
static void test_cr0_write_kind(void **state)
{
	(void)state;
	assert_int_equal(vmx_cr0_write_kind(0x80000011ULL, true, false), EXIT_GP_INSN);  /* NE cleared */
	assert_int_equal(vmx_cr0_write_kind(0x80000011ULL, false, false), EXIT_GP_INSN);
	assert_int_equal(vmx_cr0_write_kind(0x00000031ULL, false, false), EXIT_PAGING_OFF); /* Linux's restart */
	assert_int_equal(vmx_cr0_write_kind(0x00000031ULL, true, false), EXIT_GP_INSN);	   /* PG off in 64-bit mode */
	assert_int_equal(vmx_cr0_write_kind(0x00000031ULL, false, true), EXIT_GP_INSN);   /* PG off with PCIDE */
	assert_int_equal(vmx_cr0_write_kind(0x80000030ULL, false, false), EXIT_GP_INSN);  /* PG without PE */
	assert_int_equal(vmx_cr0_write_kind(0x80000030ULL, true, false), EXIT_GP_INSN);
	assert_int_equal(vmx_cr0_write_kind(0x00000030ULL, false, false), EXIT_PAGING_OFF); /* PE and PG off */
	assert_int_equal(vmx_cr0_write_kind(0, false, false), EXIT_PAGING_OFF);
	assert_int_equal(vmx_cr0_write_kind(~0ULL, true, true), EXIT_GP_INSN);
}

/* cordon owns exactly the CR0 bits VMX fixes: PE, NE and PG on every CPU so far (SDM A.7). */
static void test_cr0_owned(void **state)
{
	u64 m[VMX_NCAPS];
	struct vmx_caps c;
	(void)state;
	good_caps(m);
	assert_null(vmx_caps_compute(m, &c));
	assert_int_equal(vmx_cr0_owned(&c), 0x80000021ULL);
	c.cr0_fixed1 &= ~(1ULL << 30); /* a CPU that fixed CD to 0 would own it too */
	assert_int_equal(vmx_cr0_owned(&c), 0xc0000021ULL);
	c.cr0_fixed1 = 0; /* reserved bits are never owned: a write to one is #GP from the CPU itself */
	assert_int_equal(vmx_cr0_owned(&c), CR0_DEFINED);
}

/* VMX without secondary controls: refused for EPT, with no PROCBASED_CTLS2 or EPT_VPID_CAP read. */
static void test_caps_no_secondary(void **state)
{
	u64 m[VMX_NCAPS];
	struct vmx_caps c;
	const char *why;
	(void)state;
	good_caps(m);
	m[2] &= ~((u64)PROC_SECONDARY << 32);
	m[0xe] &= ~((u64)PROC_SECONDARY << 32);
	assert_false(vmx_cap_exists(0xb, m));
	assert_false(vmx_cap_exists(0xc, m));
	m[0xb] = m[0xc] = 0; /* what the probe leaves for MSRs it does not read */
	why = vmx_caps_compute(m, &c);
	assert_non_null(why);
	assert_non_null(strstr(why, "without secondary controls"));
}

struct caps_case {
	const char *name;
	int idx;
	u64 and_mask, or_mask;
	const char *why; /* NULL: accepted */
};

static const struct caps_case caps_cases[] = {
	{ "no true controls: CR3 exiting forced", 0, ~(1ULL << 55), 0, "CR3-access exiting" },
	{ "no EPT", 0xb, ~(2ULL << 32), 0, "without EPT" },
	{ "no VPID is fine", 0xb, ~(0x20ULL << 32), 0, NULL },
	{ "no INVVPID is fine", 0xc, ~(1ULL << 42), 0, NULL },
	{ "no preemption timer is fine", 0xd, ~((u64)PIN_PREEMPT_TIMER << 32), 0, NULL },
	{ "no 4-level EPT walk", 0xc, ~(1ULL << 6), 0, "4-level" },
	{ "no write-back EPT", 0xc, ~(1ULL << 14), 0, "write-back" },
	{ "no all-context INVEPT", 0xc, ~(1ULL << 26), 0, "INVEPT" },
	{ "no WBINVD exiting", 0xb, ~((u64)PROC2_WBINVD << 32), 0, "WBINVD exiting" },
	{ "no HLT exiting", 0xe, ~((u64)PROC_HLT_EXIT << 32), 0, "HLT" },
	{ "no MSR bitmaps", 0xe, ~((u64)PROC_MSR_BITMAPS << 32), 0, "MSR bitmaps" },
	{ "no external-interrupt exiting", 0xd, ~((u64)PIN_EXTINT_EXIT << 32), 0, "external-interrupt" },
	{ "no 64-bit host", 0xf, ~((u64)EXIT_HOST_64 << 32), 0, "64-bit host" },
	{ "no 64-bit guest", 0x10, ~((u64)ENTRY_GUEST_64 << 32), 0, "64-bit guests" },
	{ "VMCS not write-back", 0, ~(0xfULL << 50), 0, "write-back" },
	{ "no DR7 save on exit", 0xf, ~((u64)EXIT_SAVE_DEBUG << 32), 0, "DR7" },
	{ "no DR7 load on entry", 0x10, ~((u64)ENTRY_LOAD_DEBUG << 32), 0, "DR7" },
	{ "no TPR shadow: CR8 exits instead", 0xe, ~((u64)PROC_TPR_SHADOW << 32), 0, NULL },
	{ "neither TPR shadow nor CR8 exits", 0xe,
	  ~((u64)(PROC_TPR_SHADOW | PROC_CR8_LOAD_EXIT | PROC_CR8_STORE_EXIT) << 32), 0, "CR8" },
};

static void run_caps_case(void **state)
{
	const struct caps_case *k = *state;
	u64 m[VMX_NCAPS];
	struct vmx_caps c;
	const char *why;
	good_caps(m);
	m[k->idx] = (m[k->idx] & k->and_mask) | k->or_mask;
	why = vmx_caps_compute(m, &c);
	if (!k->why) {
		assert_null(why);
		if (k->idx == 0xb || k->idx == 0xc)
			assert_false(c.vpid || (c.proc2 & PROC2_VPID));
		if (k->idx == 0xd)
			assert_false(c.preempt || (c.pin & PIN_PREEMPT_TIMER));
		if (k->idx == 0xe) { /* no TPR shadow: MOV CR8 must exit, never reach the physical TPR */
			assert_false(c.tpr_shadow || (c.proc & PROC_TPR_SHADOW));
			assert_int_equal(c.proc & (PROC_CR8_LOAD_EXIT | PROC_CR8_STORE_EXIT),
					 PROC_CR8_LOAD_EXIT | PROC_CR8_STORE_EXIT);
		}
	} else {
		assert_contains(why, k->why);
	}
}

static void test_fixed_and_eptp(void **state)
{
	(void)state;
	assert_int_equal(vmx_fixed(0x20, 0x2000, 0x3727ff), 0x2020);	 /* VMXE forced on */
	assert_int_equal(vmx_fixed(0x400000, 0x2000, 0x3727ff), 0x2000); /* bit 22 not allowed */
	assert_int_equal(vmx_eptp(0x123000), 0x123000 | 6 | (3 << 3));
}

/* ---------------------------------------------------------------- EPT */

static u64 pages[16][512] __attribute__((aligned(4096)));
static int used;
static u64 a_alloc(void *c) { (void)c; memset(pages[used], 0, 4096); return (u64)(uptr)pages[used++]; }
static void *a_virt(void *c, u64 pa) { (void)c; return (void *)(uptr)pa; }
static void a_free(void *c, u64 pa) { (void)c, (void)pa; }
static const struct pt_ops ops = { NULL, a_alloc, a_virt, a_free };

static void test_ept_build(void **state)
{
	struct gpmap m = { 0 };
	u64 root, pa, fl;
	(void)state;
	used = 0;
	root = a_alloc(NULL);
	gpmap_add(&m, 0, MiB(1), 0x40000000, GP_RWX);
	gpmap_add(&m, MiB(1), 0x2000, 0x50000000, GP_R);
	gpmap_add(&m, MiB(2), 0x1000, 0x60000000, GP_W | GP_X); /* no R: never mapped */
	assert_int_equal(nested_build(&ept_format, &ops, root, &m), 0);
	assert_int_equal(pt_lookup(&ops, root, 0x5000, &pa, &fl), 0);
	assert_int_equal(pa, 0x40005000);
	assert_int_equal(fl & 0x3f, EPT_R | EPT_W | EPT_X | EPT_MT_WB);
	assert_int_equal(pt_lookup(&ops, root, MiB(1) + 0x1000, &pa, &fl), 0);
	assert_int_equal(fl & 0x3f, EPT_R | EPT_MT_WB);
	assert_int_equal(pt_lookup(&ops, root, MiB(2), &pa, &fl), -1);
	/* non-leaf entries carry exactly R|W|X and no memory type (bits 7:3 reserved, SDM 28.3.2) */
	assert_int_equal(pages[0][0] & 0xff, EPT_R | EPT_W | EPT_X);
}

/* ---------------------------------------------------------------- exit decoding */

struct exit_case {
	const char *name;
	u32 reason;
	u64 qual;
	u32 len;
	u64 gpa;
	enum exit_kind kind;
	u32 want_len;
};

static const struct exit_case exits[] = {
	{ "cpuid", 10, 0, 2, 0, EXIT_CPUID, 2 },
	{ "hlt", 12, 0, 1, 0, EXIT_HLT, 1 },
	{ "vmcall", 18, 0, 3, 0, EXIT_HYPERCALL, 3 },
	{ "rdmsr", 31, 0, 2, 0, EXIT_MSR_READ, 2 },
	{ "wrmsr", 32, 0, 2, 0, EXIT_MSR_WRITE, 2 },
	{ "triple fault", 2, 0, 0, 0, EXIT_TRIPLE_FAULT, 0 },
	{ "external interrupt", 1, 0, 0, 0, EXIT_EXTINT, 0 },
	{ "NMI (exception exit)", 0, 0, 0, 0, EXIT_EXTINT, 0 },
	{ "bad guest state", 33 | (1u << 31), 0, 0, 0, EXIT_INVALID_STATE, 0 },
	{ "MSR loading failed", 34 | (1u << 31), 0, 0, 0, EXIT_INVALID_STATE, 0 },
	/* bit 31 (VM-entry failure, SDM vol. 3, 24.9.1 and 26.7) wins over whatever the basic reason says */
	{ "failed entry with basic reason 0", 1u << 31, 0, 0, 0, EXIT_INVALID_STATE, 0 },
	{ "failed entry reading like cpuid", 10 | (1u << 31), 0, 2, 0, EXIT_INVALID_STATE, 0 },
	{ "failed entry reading like wrmsr", 32 | (1u << 31), 0, 2, 0, EXIT_INVALID_STATE, 0 },
	{ "machine check during entry", 41 | (1u << 31), 0, 0, 0, EXIT_INVALID_STATE, 0 },
	{ "bad guest state without bit 31", 33, 0, 0, 0, EXIT_INVALID_STATE, 0 },
	{ "machine check without bit 31", 41, 0, 2, 0, EXIT_INVALID_STATE, 2 },
	{ "bad guest state: qualification kept", 33 | (1u << 31), 4, 0, 0, EXIT_INVALID_STATE, 0 },
	{ "wbinvd completes as a no-op", 54, 0, 2, 0, EXIT_WBINVD, 2 },
	{ "prefixed wbinvd: hardware length", 54, 0, 3, 0, EXIT_WBINVD, 3 },
	{ "invd is #UD", 13, 0, 2, 0, EXIT_UD_INSN, 0 },
	{ "prefixed cpuid: hardware length", 10, 0, 3, 0, EXIT_CPUID, 3 },
	{ "vmlaunch is #UD", 20, 0, 3, 0, EXIT_UD_INSN, 0 },
	{ "vmxon is #UD", 27, 0, 4, 0, EXIT_UD_INSN, 0 },
	{ "vmclear is #UD (lowest VMX-instruction reason, SDM vol. 3, C)", 19, 0, 4, 0, EXIT_UD_INSN, 0 },
	{ "reason 17 (RSM) is unknown", 17, 0, 2, 0, EXIT_UNKNOWN, 2 },
	{ "invept is #UD", 50, 0, 5, 0, EXIT_UD_INSN, 0 },
	{ "xsetbv is emulated", 55, 0, 3, 0, EXIT_XSETBV, 3 },
	{ "mwait is #UD", 36, 0, 3, 0, EXIT_UD_INSN, 0 },
	{ "preemption timer ends the slice", 52, 0, 0, 0, EXIT_EXTINT, 0 },
	/* CR access (SDM table 27-3): only MOV to CR4 (the guest setting VMXE) and MOV to CR0 (changing a
	 * bit VMX fixes) are #GP(0); RIP stays */
	{ "mov to cr4 from rax is #GP", 28, 0x004, 3, 0, EXIT_GP_INSN, 0 },
	{ "mov to cr4 from r15 is #GP", 28, 0xf04, 4, 0, EXIT_GP_INSN, 0 },
	{ "mov to cr4 with LMSW data bits set is #GP", 28, 0xabcd0004ULL, 3, 0, EXIT_GP_INSN, 0 },
	{ "mov from cr4 is unknown (never exits)", 28, 0x014, 3, 0, EXIT_UNKNOWN, 3 },
	{ "mov to cr8 (no TPR shadow) is unknown", 28, 0x008, 4, 0, EXIT_UNKNOWN, 4 },
	{ "mov from cr8 (no TPR shadow) is unknown", 28, 0x318, 4, 0, EXIT_UNKNOWN, 4 },
	{ "mov to cr0 from rax is #GP", 28, 0x000, 3, 0, EXIT_GP_INSN, 0 },
	{ "mov to cr0 from rbx is #GP", 28, 0x300, 3, 0, EXIT_GP_INSN, 0 },
	{ "mov from cr0 is unknown (never exits)", 28, 0x010, 3, 0, EXIT_UNKNOWN, 3 },
	{ "mov to cr3 is unknown", 28, 0x203, 3, 0, EXIT_UNKNOWN, 3 },
	{ "mov to cr12 (cr number bit 3) is unknown", 28, 0x00c, 3, 0, EXIT_UNKNOWN, 3 },
	{ "clts is unknown", 28, 0x020, 2, 0, EXIT_UNKNOWN, 2 },
	{ "lmsw is unknown", 28, 0x030, 3, 0, EXIT_UNKNOWN, 3 },
	{ "lmsw naming cr4 bits is unknown", 28, 0x034, 3, 0, EXIT_UNKNOWN, 3 },
	/* INIT ends the VM (a reset from outside it); SIPI needs wait-for-SIPI, which cordon never sets */
	{ "init", 3, 0, 0, 0, EXIT_INIT, 0 },
	{ "init with a stale length", 3, 0, 5, 0, EXIT_INIT, 0 },
	{ "sipi is unknown", 4, 0x9a, 0, 0, EXIT_UNKNOWN, 0 },
	{ "ept misconfiguration", 49, 0, 0, 0x201000, EXIT_NESTED_MISCONFIG, 0 },
};

static void run_exit_case(void **state)
{
	const struct exit_case *k = *state;
	struct vm_exit e;
	vmx_decode_exit(k->reason, k->qual, k->len, k->gpa, &e);
	assert_int_equal(e.kind, k->kind);
	assert_int_equal(e.inst_len, k->want_len);
	assert_int_equal(e.raw, k->reason);
}

/* I/O qualification (SDM table 27-5): size-1 in bits 2:0, IN bit 3, string bit 4, REP bit 5, port 31:16. */
static void test_io_decode(void **state)
{
	struct vm_exit e;
	(void)state;
	vmx_decode_exit(30, (0x3f8ULL << 16) | 0, 1, 0, &e);
	assert_int_equal(e.kind, EXIT_IO);
	assert_int_equal(e.io.port, 0x3f8);
	assert_int_equal(e.io.size, 1);
	assert_false(e.io.in);
	assert_int_equal(e.inst_len, 1);
	vmx_decode_exit(30, (0xcfcULL << 16) | 8 | 3, 2, 0, &e);
	assert_int_equal(e.io.size, 4);
	assert_true(e.io.in);
	assert_false(e.io.string);
	vmx_decode_exit(30, (0x1f0ULL << 16) | 0x30 | 8 | 1, 3, 0, &e);
	assert_int_equal(e.io.size, 2);
	assert_true(e.io.string);
	assert_true(e.io.rep);
}

/* EPT violation qualification (SDM table 27-7): access in bits 2:0, entry permissions in 5:3. */
static void test_ept_decode(void **state)
{
	struct vm_exit e;
	(void)state;
	vmx_decode_exit(48, 2, 0, 0x201000, &e);
	assert_int_equal(e.kind, EXIT_NPF);
	assert_int_equal(e.npf.gpa, 0x201000);
	assert_true(e.npf.write);
	assert_false(e.npf.fetch);
	assert_false(e.npf.present);
	vmx_decode_exit(48, 4 | (1 << 3), 0, 0x5000, &e);
	assert_true(e.npf.fetch);
	assert_true(e.npf.present);
	/* a misconfiguration is cordon's EPT, not the guest's access (SDM vol. 3, 28.2.3.1) */
	vmx_decode_exit(49, 0, 3, 0x7000, &e);
	assert_int_equal(e.kind, EXIT_NESTED_MISCONFIG);
	assert_int_equal(e.npf.gpa, 0x7000);
	assert_int_equal(e.inst_len, 0);
}

/* CR-access qualification (SDM table 27-3): CR number bits 3:0, access type 5:4, GPR 11:8, LMSW data 31:16. */
static void test_cr_access(void **state)
{
	static const struct { u64 qual; u32 cr, type, gpr; } t[] = {
		{ 0x004, 4, VMX_CR_MOV_TO, 0 },	      { 0x904, 4, VMX_CR_MOV_TO, 9 },
		{ 0xf04, 4, VMX_CR_MOV_TO, 15 },      { 0x318, 8, VMX_CR_MOV_FROM, 3 },
		{ 0x020, 0, VMX_CR_CLTS, 0 },	      { 0xffff0070ULL, 0, VMX_CR_LMSW, 0 },
		{ 0xb30, 0, VMX_CR_LMSW, 11 },	      { 0x00f, 15, VMX_CR_MOV_TO, 0 },
		{ 0xffffffff00000508ULL, 8, VMX_CR_MOV_TO, 5 },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct vmx_cr_access c = vmx_cr_access(t[i].qual);
		assert_int_equal(c.cr, t[i].cr);
		assert_int_equal(c.type, t[i].type);
		assert_int_equal(c.gpr, t[i].gpr);
	}
}

/* VMLAUNCH/VMRESUME never entered: the guest did not run, nothing to skip, the form kept for the message. */
static void test_vmfail_decode(void **state)
{
	static const u64 raws[] = { VMX_VMFAIL | 7, VMX_VMFAIL | VMX_VMFAIL_RESUME | 5, VMX_VMFAIL_INVALID,
				    VMX_VMFAIL_INVALID | VMX_VMFAIL_RESUME, VMX_VMPTRLD_FAILED };
	struct vm_exit e;
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(raws); i++) {
		memset(&e, 0x5a, sizeof(e));
		vmx_decode_vmfail(raws[i], &e);
		assert_int_equal(e.kind, EXIT_INVALID_STATE);
		assert_int_equal(e.raw, raws[i]);
		assert_int_equal(e.qual, 0);
		assert_int_equal(e.inst_len, 0);
	}
}

/* ---------------------------------------------------------------- naming (vmx_describe_exit) */

struct name_case {
	const char *name;
	u64 raw, qual;
	const char *text;
};

#define FAILED (1ULL << 31)
static const struct name_case names[] = {
	{ "entry failure: invalid guest state, qualification 0", FAILED | 33, 0,
	  "VM entry failed: invalid guest state (qualification 0: no further detail)" },
	{ "entry failure: qualification 1 is reserved", FAILED | 33, 1,
	  "VM entry failed: invalid guest state (qualification 1: reserved value)" },
	{ "entry failure: PDPTE loading", FAILED | 33, 2,
	  "VM entry failed: invalid guest state (qualification 2: PDPTE loading)" },
	{ "entry failure: NMI injection", FAILED | 33, 3,
	  "VM entry failed: invalid guest state (qualification 3: NMI injection)" },
	{ "entry failure: VMCS link pointer", FAILED | 33, 4,
	  "VM entry failed: invalid guest state (qualification 4: invalid VMCS link pointer)" },
	{ "entry failure: qualification 5 is reserved", FAILED | 33, 5,
	  "VM entry failed: invalid guest state (qualification 5: reserved value)" },
	{ "invalid guest state without bit 31", 33, 2,
	  "VM entry failed: invalid guest state (qualification 2: PDPTE loading)" },
	{ "entry failure: MSR loading names the entry", FAILED | 34, 3,
	  "VM entry failed: MSR loading (qualification 3: entry 3 of the MSR-load area)" },
	{ "entry failure: machine check", FAILED | 41, 0, "VM entry failed: machine-check event (qualification 0)" },
	{ "entry failure: another basic reason", FAILED, 0, "VM entry failed: basic exit reason 0 (qualification 0)" },
	{ "VMLAUNCH: error 7", VMX_VMFAIL | 7, 0,
	  "VMLAUNCH failed: VM-instruction error 7 (VM entry with invalid control field(s))" },
	{ "VMRESUME: error 7", VMX_VMFAIL | VMX_VMFAIL_RESUME | 7, 0,
	  "VMRESUME failed: VM-instruction error 7 (VM entry with invalid control field(s))" },
	{ "VMLAUNCH: error 4", VMX_VMFAIL | 4, 0, "VMLAUNCH failed: VM-instruction error 4 (VMLAUNCH with non-clear VMCS)" },
	{ "VMRESUME: error 5", VMX_VMFAIL | VMX_VMFAIL_RESUME | 5, 0,
	  "VMRESUME failed: VM-instruction error 5 (VMRESUME with non-launched VMCS)" },
	{ "VMRESUME: error 6", VMX_VMFAIL | VMX_VMFAIL_RESUME | 6, 0,
	  "VMRESUME failed: VM-instruction error 6 (VMRESUME after VMXOFF)" },
	{ "VMLAUNCH: error 8", VMX_VMFAIL | 8, 0,
	  "VMLAUNCH failed: VM-instruction error 8 (VM entry with invalid host-state field(s))" },
	{ "VMRESUME: error 26", VMX_VMFAIL | VMX_VMFAIL_RESUME | 26, 0,
	  "VMRESUME failed: VM-instruction error 26 (VM entry with events blocked by MOV SS)" },
	{ "VMLAUNCH: error 28 (the last number)", VMX_VMFAIL | 28, 0,
	  "VMLAUNCH failed: VM-instruction error 28 (invalid operand to INVEPT/INVVPID)" },
	{ "VMLAUNCH: error 0 has no name", VMX_VMFAIL, 0, "VMLAUNCH failed: VM-instruction error 0 (no such error number)" },
	{ "VMLAUNCH: reserved error 14", VMX_VMFAIL | 14, 0,
	  "VMLAUNCH failed: VM-instruction error 14 (no such error number)" },
	{ "VMLAUNCH: error 29 is past the table", VMX_VMFAIL | 29, 0,
	  "VMLAUNCH failed: VM-instruction error 29 (no such error number)" },
	{ "VMLAUNCH: error 0xffffffff", VMX_VMFAIL | 0xffffffffULL, 0,
	  "VMLAUNCH failed: VM-instruction error 4294967295 (no such error number)" },
	{ "VMLAUNCH: VMfailInvalid", VMX_VMFAIL_INVALID, 0, "VMLAUNCH failed: VMfailInvalid (no current VMCS)" },
	{ "VMRESUME: VMfailInvalid", VMX_VMFAIL_INVALID | VMX_VMFAIL_RESUME, 0,
	  "VMRESUME failed: VMfailInvalid (no current VMCS)" },
	{ "VMPTRLD failed", VMX_VMPTRLD_FAILED, 0, "VMPTRLD of its VMCS failed (nothing was entered)" },
	{ "CR access: mov to cr8", 28, 0x008, "CR access: MOV to CR8 from rax" },
	{ "CR access: mov from cr8 to r15", 28, 0xf18, "CR access: MOV from CR8 to r15" },
	{ "CR access: mov to cr3 from rsp", 28, 0x403, "CR access: MOV to CR3 from rsp" },
	{ "CR access: clts", 28, 0x020, "CR access: CLTS" },
	{ "CR access: lmsw", 28, 0xffff0030ULL, "CR access: LMSW" },
	{ "sipi", 4, 0x9a, "start-up IPI (vector 0x9a), but no vCPU is ever put in wait-for-SIPI" },
	{ "sipi: only the vector bits", 4, 0x1ff, "start-up IPI (vector 0xff), but no vCPU is ever put in wait-for-SIPI" },
	{ "an unnamed reason", 17, 0, "basic exit reason 17" },
};

static void run_name_case(void **state)
{
	const struct name_case *k = *state;
	char buf[VM_END_TEXT];
	memset(buf, 'x', sizeof(buf));
	vmx_describe_exit(k->raw, k->qual, buf, sizeof(buf));
	assert_string_equal(buf, k->text);
}

static void test_name_truncated(void **state)
{
	char buf[9];
	(void)state;
	memset(buf, 'x', sizeof(buf));
	vmx_describe_exit(VMX_VMFAIL | 7, 0, buf, sizeof(buf));
	assert_string_equal(buf, "VMLAUNCH");
}

/* ---------------------------------------------------------------- the end line the console prints */

/* What kernel/exit.c's handlers pass to vm_end for each kind (test_exit_core checks them there). */
static const struct backend fake_vmx = { .name = "VT-x", .nested_name = "EPT", .describe_exit = vmx_describe_exit };
const struct backend *hv = &fake_vmx;

static void end_line(const struct vm_exit *e, char *buf, u64 size)
{
	static struct cfg_vm cfg = { .name = "t" };
	struct vm vm = { .cfg = &cfg };
	switch (e->kind) {
	case EXIT_INVALID_STATE: vm.end = END_INVALID_STATE, vm.end_detail = e->raw, vm.end_detail2 = e->qual; break;
	case EXIT_NESTED_MISCONFIG: vm.end = END_NESTED_MISCONFIG, vm.end_detail = e->npf.gpa; break;
	case EXIT_INIT: vm.end = END_INIT; break;
	case EXIT_TRIPLE_FAULT: vm.end = END_TRIPLE_FAULT; break;
	default: vm.end = END_UNEXPECTED, vm.end_detail = e->raw, vm.end_detail2 = e->qual; break;
	}
	vm_describe_end(&vm, buf, size);
}

struct line_case {
	const char *name;
	u32 reason;
	u64 qual, gpa;
	const char *line;
};

static const struct line_case lines[] = {
	{ "line: invalid guest state", 33 | (1u << 31), 0, 0,
	  "VM entry failed: invalid guest state (qualification 0: no further detail)" },
	{ "line: VMCS link pointer", 33 | (1u << 31), 4, 0,
	  "VM entry failed: invalid guest state (qualification 4: invalid VMCS link pointer)" },
	{ "line: MSR loading", 34 | (1u << 31), 1, 0,
	  "VM entry failed: MSR loading (qualification 1: entry 1 of the MSR-load area)" },
	{ "line: machine check", 41 | (1u << 31), 0, 0, "VM entry failed: machine-check event (qualification 0)" },
	{ "line: EPT misconfiguration", 49, 0, 0x201000,
	  "EPT misconfiguration at gpa 0x201000 (a cordon bug: the VM is ended)" },
	{ "line: INIT", 3, 0, 0, "INIT signal from outside the VM (a reset of its only vCPU, not emulated)" },
	{ "line: SIPI", 4, 0x9a, 0,
	  "unexpected exit: start-up IPI (vector 0x9a), but no vCPU is ever put in wait-for-SIPI (vendor code 0x4, "
	  "info 0x9a)" },
	{ "line: MOV to CR8", 28, 0x008, 0, "unexpected exit: CR access: MOV to CR8 from rax (vendor code 0x1c, info 0x8)" },
	{ "line: triple fault", 2, 0, 0, "triple fault" },
	{ "line: unnamed reason", 17, 0, 0, "unexpected exit: basic exit reason 17 (vendor code 0x11, info 0x0)" },
};

static void run_line_case(void **state)
{
	const struct line_case *k = *state;
	struct vm_exit e;
	char buf[VM_END_TEXT];
	vmx_decode_exit(k->reason, k->qual, 0, k->gpa, &e);
	end_line(&e, buf, sizeof(buf));
	assert_string_equal(buf, k->line);
}

/* The failed-entry forms vmx_run stores, through vm_describe_end. */
static void test_vmfail_lines(void **state)
{
	struct vm_exit e;
	char buf[VM_END_TEXT];
	(void)state;
	vmx_decode_vmfail(VMX_VMFAIL | VMX_VMFAIL_RESUME | 7, &e);
	end_line(&e, buf, sizeof(buf));
	assert_string_equal(buf, "VMRESUME failed: VM-instruction error 7 (VM entry with invalid control field(s))");
	vmx_decode_vmfail(VMX_VMFAIL | 8, &e);
	end_line(&e, buf, sizeof(buf));
	assert_string_equal(buf, "VMLAUNCH failed: VM-instruction error 8 (VM entry with invalid host-state field(s))");
	vmx_decode_vmfail(VMX_VMFAIL_INVALID, &e);
	end_line(&e, buf, sizeof(buf));
	assert_string_equal(buf, "VMLAUNCH failed: VMfailInvalid (no current VMCS)");
	vmx_decode_vmfail(VMX_VMPTRLD_FAILED, &e);
	end_line(&e, buf, sizeof(buf));
	assert_string_equal(buf, "VMPTRLD of its VMCS failed (nothing was entered)");
}

/* ---------------------------------------------------------------- VMCS field widths (SDM appendix B) */

struct width_case {
	const char *name;
	u32 field, width;
};

#define W(f, w) { #f, f, w }
static const struct width_case widths[] = {
	W(VMCS_VPID, VMCS_W16), W(GUEST_CS_SEL, VMCS_W16), W(HOST_TR_SEL, VMCS_W16),
	W(IO_BITMAP_A, VMCS_W64), W(MSR_BITMAP, VMCS_W64), W(EPT_POINTER, VMCS_W64), W(GUEST_PHYS_ADDR, VMCS_W64),
	W(VMCS_LINK_PTR, VMCS_W64), W(GUEST_EFER, VMCS_W64), W(HOST_PAT, VMCS_W64),
	W(PIN_CONTROLS, VMCS_W32), W(PROC_CONTROLS2, VMCS_W32), W(EXIT_REASON, VMCS_W32),
	W(VM_INSN_ERROR, VMCS_W32), W(GUEST_CS_AR, VMCS_W32), W(GUEST_ACTIVITY, VMCS_W32), W(HOST_SYSENTER_CS, VMCS_W32),
	W(EXIT_QUALIFICATION, VMCS_WNAT), W(GUEST_CR0, VMCS_WNAT), W(GUEST_RIP, VMCS_WNAT), W(HOST_RSP, VMCS_WNAT),
	W(HOST_RIP, VMCS_WNAT), W(CR4_READ_SHADOW, VMCS_WNAT),
};

static void run_width_case(void **state)
{
	const struct width_case *k = *state;
	assert_int_equal(VMCS_WIDTH(k->field), k->width);
	assert_int_equal(k->field & 1, 0); /* full (not "high") access */
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_ctl_adjust), cmocka_unit_test(test_caps_good), cmocka_unit_test(test_caps_no_rdtscp),
		cmocka_unit_test(test_cap_exists), cmocka_unit_test(test_caps_no_secondary), cmocka_unit_test(test_cr0_owned),
		cmocka_unit_test(test_cr0_write_kind),
		cmocka_unit_test(test_fixed_and_eptp), cmocka_unit_test(test_ept_build),
		cmocka_unit_test(test_io_decode), cmocka_unit_test(test_ept_decode), cmocka_unit_test(test_cr_access),
		cmocka_unit_test(test_vmfail_decode), cmocka_unit_test(test_name_truncated),
		cmocka_unit_test(test_vmfail_lines),
	};
	static struct unit_group g;
	UNIT_ADD_ALL(&g, fixed);
	for (size_t i = 0; i < ARRAY_SIZE(caps_cases); i++)
		unit_add(&g, caps_cases[i].name, run_caps_case, (void *)&caps_cases[i]);
	for (size_t i = 0; i < ARRAY_SIZE(exits); i++)
		unit_add(&g, exits[i].name, run_exit_case, (void *)&exits[i]);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		unit_add(&g, names[i].name, run_name_case, (void *)&names[i]);
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		unit_add(&g, lines[i].name, run_line_case, (void *)&lines[i]);
	for (size_t i = 0; i < ARRAY_SIZE(widths); i++)
		unit_add(&g, widths[i].name, run_width_case, (void *)&widths[i]);
	return unit_run("vmx", &g);
}
