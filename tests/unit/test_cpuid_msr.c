/* cordon unit tests: filtered CPUID view (kernel/cpuid.c) and the guest MSR allowlist (kernel/msr.c). */
/* sources: kernel/cpuid.c kernel/msr.c kernel/linux/linux_cpu.c kernel/linux/vlapic.c kernel/linux/kvmclock.c kernel/linux/vioapic.c kernel/dev/pci.c kernel/dev/virtio_net.c kernel/dev/virtq.c kernel/dev/devices.c kernel/linux/acpi_regs.c kernel/mem/gpmap.c kernel/cpuid_xsave.c kernel/guest_boot.c kernel/linux/linux_profile.c kernel/sched_wake.c kernel/dev/vuart.c lib/boot/elf.c lib/boot/e820.c lib/x86/pt.c lib/str.c */
#include <tests/unit/unit.h>
#include <kernel/handlers.h>
#include <kernel/backend.h>
#include <kernel/dev/devices.h>
#include <kernel/linux/platform.h>
#include <kernel/profile.h>
#include <cordon/hypercall.h>
#include <arch/x86_64/cpu.h>

/* ---------------------------------------------------------------- host stand-ins for the core */

static u64 sregs[SREG__COUNT];
static int injected = -1, set_count;

static void fake_inject(struct vcpu *v, u8 vector, bool has_error, u32 error)
{
	(void)v, (void)has_error, (void)error;
	injected = vector;
}

static u64 fake_get(struct vcpu *v, enum sreg r)
{
	(void)v;
	return sregs[r];
}

static void fake_set(struct vcpu *v, enum sreg r, u64 value)
{
	(void)v;
	set_count++;
	sregs[r] = r == SREG_EFER ? value | (1ULL << 12) : value; /* as svm_set_sreg: SVME stays set */
}

static const struct backend fake = {
	.name = "fake", .inject_exception = fake_inject, .get_sreg = fake_get, .set_sreg = fake_set,
};
const struct backend *hv = &fake;

/* No XSAVE on this pretend host: the XSAVE view (tests/unit/test_xsave.c) leaves cpuid_filter's alone. */
u64 fpu_host_xcr0(void) { return 0; }

/* The switch is not under test here (kernel/share/vnic.c): no frames, no MAC. */
s64 nic_send_frame(struct vm *vm, const u8 *f, u64 len) { (void)vm, (void)f, (void)len; return 0; }
bool nic_take_frame(struct vm *vm, u8 *dst, u64 cap, u64 *len) { (void)vm, (void)dst, (void)cap, (void)len; return false; }
bool nic_mac(const struct vm *vm, u8 mac[6]) { (void)vm, (void)mac; return false; }

/* The Linux profile's boot (kernel/linux/linux_boot.c) is not under test here either. */
const char *linux_boot_prepare(struct vm *v, u64 tsc_khz) { (void)v, (void)tsc_khz; return "not here"; }

static int ended = -1;
void vm_end(struct vm *vm, enum end_reason why, u64 d, u64 d2)
{
	(void)vm, (void)d, (void)d2;
	ended = (int)why;
}

void vcpu_skip(struct vcpu *v, const struct vm_exit *e)
{
	v->regs.rip += e->inst_len;
}

/* ---------------------------------------------------------------- cpuid_filter */

#define ALL 0xffffffffu

static void filter(u32 leaf, u32 a, u32 b, u32 c, u32 d, u32 out[4])
{
	const u32 host[4] = { a, b, c, d };
	cpuid_filter(leaf, 0, host, 7, out);
}

static void test_leaf1_all_ones(void **state)
{
	u32 o[4];
	(void)state;
	filter(1, ALL, ALL, ALL, ALL, o);
	assert_int_equal(o[0], ALL);
	assert_int_equal(o[1], 0x0001ffffu); /* APIC ID 0, one logical CPU */
	/* MONITOR VMX SMX FMA DCA x2APIC TSC-deadline XSAVE OSXSAVE AVX F16C */
	assert_int_equal(o[2], ALL & ~(1u << 3 | 1u << 5 | 1u << 6 | 1u << 12 | 1u << 18 | 1u << 21 | 1u << 24 |
				       1u << 26 | 1u << 27 | 1u << 28 | 1u << 29));
	/* MCE APIC MCA ACPI HTT TM PBE */
	assert_int_equal(o[3], ALL & ~(1u << 7 | 1u << 9 | 1u << 14 | 1u << 22 | 1u << 28 | 1u << 29 | 1u << 31));
}

static void test_leaf1_hypervisor_bit(void **state)
{
	u32 o[4];
	(void)state;
	filter(1, 0x00a20f12, 0x12345678, 0, 0x178bfbff, o);
	assert_int_equal(o[0], 0x00a20f12);
	assert_int_equal(o[1], 0x00015678);
	assert_int_equal(o[2], 1u << 31);
	assert_true(o[3] & 1u << 25);	/* SSE passes */
	assert_false(o[3] & 1u << 9);	/* APIC hidden */
	assert_false(o[3] & 1u << 7);	/* MCE hidden */
}

static void test_leaf0_clamped(void **state)
{
	u32 o[4];
	(void)state;
	filter(0, 0x20, 0x68747541, 0x444d4163, 0x69746e65, o); /* "AuthenticAMD" */
	assert_int_equal(o[0], 0xd);
	assert_int_equal(o[1], 0x68747541);
	assert_int_equal(o[2], 0x444d4163);
	assert_int_equal(o[3], 0x69746e65);
	filter(0, 0x7, 1, 2, 3, o);
	assert_int_equal(o[0], 0x7);
}

static void test_hv_leaves(void **state)
{
	u32 o[4];
	char sig[13] = { 0 };
	(void)state;
	filter(CORDON_CPUID_BASE, ALL, ALL, ALL, ALL, o);
	assert_int_equal(o[0], CORDON_CPUID_INFO);
	memcpy(sig, &o[1], 4), memcpy(sig + 4, &o[2], 4), memcpy(sig + 8, &o[3], 4);
	assert_string_equal(sig, "CordonHV");
	assert_int_equal(o[3], 0);
	filter(CORDON_CPUID_INFO, ALL, ALL, ALL, ALL, o);
	assert_int_equal(o[0], CORDON_ABI_VERSION);
	assert_int_equal(o[1], 7); /* the vm id passed by filter() */
	assert_int_equal(o[2], 0);
	assert_int_equal(o[3], 0);
}

static void test_ext_leaves(void **state)
{
	u32 o[4];
	(void)state;
	filter(0x80000000u, 0x80000021u, 1, 2, 3, o);
	assert_int_equal(o[0], 0x80000008u);
	assert_int_equal(o[1], 1);
	filter(0x80000000u, 0x80000005u, 0, 0, 0, o);
	assert_int_equal(o[0], 0x80000005u);
	filter(0x80000001u, ALL, ALL, ALL, ALL, o);
	/* CmpLegacy SVM ExtApicSpace IBS SKINIT WDT LWP TOPOEXT PerfCtrCore MONITORX */
	assert_int_equal(o[2], ALL & ~(1u << 1 | 1u << 2 | 1u << 3 | 1u << 10 | 1u << 12 | 1u << 13 | 1u << 15 |
				       1u << 22 | 1u << 23 | 1u << 29));
	assert_int_equal(o[3], ALL); /* NX, LM ... pass */
	assert_int_equal(o[0], ALL);
	filter(0x80000008u, 0x3030, ALL, ALL, ALL, o); /* address sizes pass; cores and features do not */
	assert_int_equal(o[0], 0x3030);
	assert_int_equal(o[1] | o[2] | o[3], 0);
}

/* Leaf 7: only the allowlisted EBX features of subleaf 0; no AVX2/AVX-512, RTM, MPX, PKU or ECX/EDX bits. */
static void test_leaf7(void **state)
{
	u32 o[4];
	(void)state;
	filter(7, 2, ALL, ALL, ALL, o);
	assert_int_equal(o[0], 0);
	assert_true(o[1] & (1u << 0 | 1u << 3 | 1u << 7 | 1u << 8 | 1u << 9 | 1u << 20)); /* FSGSBASE BMI1 SMEP BMI2 ERMS SMAP */
	assert_false(o[1] & (1u << 5 | 1u << 11 | 1u << 14 | 1u << 16)); /* AVX2 RTM MPX AVX512F */
	assert_int_equal(o[2] | o[3], 0);
	cpuid_filter(7, 1, (const u32[4]){ ALL, ALL, ALL, ALL }, 0, o); /* other subleaves are empty */
	assert_int_equal(o[0] | o[1] | o[2] | o[3], 0);
}

/* Leaves outside the exposed ranges, and the ones cordon blanks, read as zeros. */
static void test_zero_leaves(void **state)
{
	static const u32 leaves[] = { 4, 5, 6, 0xa, 0xb, 0xd, 0xe, 0x14, 0x1f, 0x3fffffffu, 0x40000002u,
				      0x4fffffffu, 0x7fffffffu, 0x80000009u, 0x8000000au, 0x8000001fu, 0xffffffffu };
	u32 o[4];
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(leaves); i++) {
		filter(leaves[i], ALL, ALL, ALL, ALL, o);
		if (o[0] | o[1] | o[2] | o[3])
			fail_msg("leaf 0x%x not zeroed: %x %x %x %x", leaves[i], o[0], o[1], o[2], o[3]);
	}
}

static void test_passthrough_leaves(void **state)
{
	static const u32 leaves[] = { 2, 3, 8, 9, 0xc, 0x80000002u, 0x80000005u };
	u32 o[4];
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(leaves); i++) {
		filter(leaves[i], 0x11, 0x22, 0x33, 0x44, o);
		assert_int_equal(o[0], 0x11);
		assert_int_equal(o[3], 0x44);
	}
}

/* ---------------------------------------------------------------- msr_allowed */

struct msr_case {
	u32 msr;
	bool read, write;
};

static const struct msr_case msrs[] = {
	{ 0x10, true, false },	       /* TSC: read only */
	{ MSR_EFER, true, true },      { 0x277, true, true },	      /* PAT */
	{ 0xc0000100u, true, true },   { 0xc0000101u, true, true },   { 0xc0000102u, true, true },
	{ MSR_APIC_BASE, false, false }, { 0xc0010114u, false, false }, /* VM_CR */
	{ 0xc0010117u, false, false }, /* VM_HSAVE_PA */
	{ 0x3a, false, false },	       /* FEATURE_CONTROL */
	{ 0, false, false },	       { 0xffffffffu, false, false }, { 0xc0000081u, false, false }, /* STAR */
	{ 0xc0000103u, false, false }, /* TSC_AUX */
	{ 0x6e0, false, false },       /* TSC_DEADLINE */
	{ 0x1010, false, false },      /* TSC | 0x1000: no aliasing */
};

static void test_msr_allowed(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(msrs); i++) {
		if (msr_allowed(msrs[i].msr, false) != msrs[i].read)
			fail_msg("rdmsr 0x%x: expected %d", msrs[i].msr, msrs[i].read);
		if (msr_allowed(msrs[i].msr, true) != msrs[i].write)
			fail_msg("wrmsr 0x%x: expected %d", msrs[i].msr, msrs[i].write);
	}
}

/* ---------------------------------------------------------------- the handlers over a fake backend */

static struct vm vm;
static struct cfg_vm elf_cfg, linux_cfg = { .linux_boot = 1 };
static struct linux_platform plat;

/* What VM creation gives a VM of this configuration: its profile, and a platform only if that is Linux. */
static void kind(const struct cfg_vm *c)
{
	vm.cfg = c;
	vm.profile = guest_profile_for(c);
	vm.plat = c->linux_boot ? &plat : NULL;
}

static void msr_exit(u32 msr, bool write, u64 val)
{
	struct vm_exit e = { .kind = write ? EXIT_MSR_WRITE : EXIT_MSR_READ, .inst_len = 2 };
	vm.vcpu.vm = &vm;
	if (!vm.cfg)
		kind(&elf_cfg);
	vm.vcpu.regs.rcx = 0xffffffff00000000ULL | msr; /* the index is ECX */
	vm.vcpu.regs.rip = 0x1000;
	vm.vcpu.regs.rax = (u32)val | 0xdead00000000ULL; /* upper halves are ignored */
	vm.vcpu.regs.rdx = val >> 32;
	injected = -1;
	set_count = 0;
	handle_msr(&vm.vcpu, &e);
}

static void expect_gp(void)
{
	assert_int_equal(injected, 13);
	assert_int_equal(vm.vcpu.regs.rip, 0x1000);
	assert_int_equal(set_count, 0);
}

static void expect_done(void)
{
	assert_int_equal(injected, -1);
	assert_int_equal(vm.vcpu.regs.rip, 0x1002);
}

static void test_handle_msr_efer(void **state)
{
	(void)state;
	sregs[SREG_EFER] = 0x1d01; /* SCE LME LMA NXE SVME */
	msr_exit(MSR_EFER, false, 0);
	expect_done();
	assert_int_equal(vm.vcpu.regs.rax, 0xd01); /* SVME hidden */
	assert_int_equal(vm.vcpu.regs.rdx, 0);
	msr_exit(MSR_EFER, true, 0xd00); /* clear SCE */
	expect_done();
	assert_int_equal(sregs[SREG_EFER], 0x1d00);
	msr_exit(MSR_EFER, true, 0x900); /* clear LMA */
	expect_gp();
	msr_exit(MSR_EFER, true, 0x1d00); /* set SVME */
	expect_gp();
	assert_int_equal(sregs[SREG_EFER], 0x1d00);
}

static void test_handle_msr_pat_and_bases(void **state)
{
	(void)state;
	msr_exit(0x277, true, 0x0007040600070406ULL); /* power-on PAT */
	expect_done();
	assert_int_equal(sregs[SREG_PAT], 0x0007040600070406ULL);
	msr_exit(0x277, true, 0x0007040600070402ULL); /* type 2 is reserved */
	expect_gp();
	msr_exit(0x277, true, 0x0007040603070406ULL); /* type 3 too */
	expect_gp();
	msr_exit(0x277, true, 0x0807040600070406ULL);
	expect_gp();
	msr_exit(0x277, true, 0x0706050401000000ULL); /* every defined type */
	expect_done();
	msr_exit(0xc0000100u, true, 0xffff800000001000ULL);
	expect_done();
	assert_int_equal(sregs[SREG_FS_BASE], 0xffff800000001000ULL);
	msr_exit(0xc0000102u, true, 0x0000800000000000ULL); /* not canonical */
	expect_gp();
	msr_exit(0xc0000101u, false, 0);
	expect_done();
}

static void test_handle_msr_denied(void **state)
{
	(void)state;
	msr_exit(0x10, true, 0);
	expect_gp();
	msr_exit(0xc0010114u, false, 0);
	expect_gp();
	msr_exit(0x10, false, 0);
	expect_done();
}

static void test_handle_cpuid_hv_leaf(void **state)
{
	struct vm_exit e = { .kind = EXIT_CPUID, .inst_len = 2 };
	(void)state;
	vm.id = 3;
	vm.vcpu.vm = &vm;
	kind(&elf_cfg);
	vm.vcpu.regs.rip = 0x2000;
	vm.vcpu.regs.rax = 0xffffffff00000000ULL | CORDON_CPUID_INFO;
	handle_cpuid(&vm.vcpu, &e);
	assert_int_equal(vm.vcpu.regs.rax, CORDON_ABI_VERSION);
	assert_int_equal(vm.vcpu.regs.rbx, 3);
	assert_int_equal(vm.vcpu.regs.rip, 0x2002);
	vm.vcpu.regs.rax = 1;
	handle_cpuid(&vm.vcpu, &e);
	assert_true(vm.vcpu.regs.rcx & 1u << 31);
	assert_false(vm.vcpu.regs.rcx & 1u << 5);
	assert_false(vm.vcpu.regs.rcx & 1u << 21); /* ELF guests: no x2APIC */
}

/* ---------------------------------------------------------------- Linux VMs (kernel/linux/linux_cpu.c) */

static u64 cpuid_exit(u32 leaf, int reg)
{
	struct vm_exit e = { .kind = EXIT_CPUID, .inst_len = 2 };
	u64 *r[4] = { &vm.vcpu.regs.rax, &vm.vcpu.regs.rbx, &vm.vcpu.regs.rcx, &vm.vcpu.regs.rdx };
	vm.vcpu.vm = &vm;
	vm.vcpu.regs.rax = leaf;
	vm.vcpu.regs.rcx = 0;
	handle_cpuid(&vm.vcpu, &e);
	return *r[reg];
}

static void test_linux_cpuid(void **state)
{
	(void)state;
	kind(&linux_cfg);
	assert_true(cpuid_exit(1, 2) & 1u << 21);  /* x2APIC */
	assert_true(cpuid_exit(1, 2) & 1u << 24);  /* TSC deadline */
	assert_true(cpuid_exit(1, 3) & 1u << 9);   /* APIC */
	assert_int_equal(cpuid_exit(0x40000100, 0), 0x40000101);
	assert_int_equal(cpuid_exit(0x40000100, 1), 0x4b4d564b); /* "KVMKVMKVM" */
	assert_int_equal(cpuid_exit(0x40000101, 0), 1u << 3 | 1u << 24); /* CLOCKSOURCE2, stable */
	assert_int_equal(cpuid_exit(CORDON_CPUID_BASE, 1), 0x64726f43); /* cordon's own leaf stays */
	kind(&elf_cfg);
	assert_int_equal(cpuid_exit(0x40000100, 0), 0);
}

static void test_linux_msrs(void **state)
{
	(void)state;
	kind(&linux_cfg);
	vlapic_reset(&plat.lapic);
	msr_exit(0x1b, false, 0); /* APIC base: enabled, x2APIC, BSP */
	expect_done();
	assert_int_equal(vm.vcpu.regs.rax, 0xfee00d00);
	msr_exit(0x1b, true, 0xfee00900); /* leaving x2APIC mode is refused */
	expect_gp();
	msr_exit(0x803, false, 0); /* version */
	expect_done();
	assert_int_equal(vm.vcpu.regs.rax, 0x50014);
	msr_exit(0x80f, true, 0x1ff); /* SVR: enable */
	expect_done();
	msr_exit(0x83f, true, 0x31); /* self-IPI vector 0x31 */
	expect_done();
	assert_int_equal(vlapic_pending(&plat.lapic), 0x31);
	vlapic_accept(&plat.lapic, 0x31);
	assert_int_equal(vlapic_pending(&plat.lapic), -1);
	msr_exit(0x820 + 1, false, 0); /* IRR bits 32-63 are clear */
	expect_done();
	assert_int_equal(vm.vcpu.regs.rax, 0);
	msr_exit(0x811, false, 0); /* ISR bits 32-63: 0x31 in service */
	assert_int_equal(vm.vcpu.regs.rax, 1u << 17);
	msr_exit(0x80b, true, 0); /* EOI */
	msr_exit(0x811, false, 0);
	assert_int_equal(vm.vcpu.regs.rax, 0);
	msr_exit(0x80b, false, 0); /* EOI is write-only */
	expect_gp();
	msr_exit(0x832, true, 0x400ec); /* LVT timer: vector 0xec, TSC-deadline mode (bits 18:17 = 2) */
	expect_done();
	msr_exit(0x6e0, true, 1); /* a deadline long past */
	expect_done();
	vlapic_tick(&plat.lapic, 2);
	assert_int_equal(vlapic_pending(&plat.lapic), 0xec);
	msr_exit(0xc0000082u, true, 0xffffffff81000000ULL); /* LSTAR */
	expect_done();
	assert_int_equal(sregs[SREG_LSTAR], 0xffffffff81000000ULL);
	msr_exit(0x4b564d01u, true, 0); /* kvmclock off: nothing to write */
	expect_done();
	msr_exit(0x1a0, false, 0); /* IA32_MISC_ENABLE (Linux on Intel): fast strings, no BTS, no PEBS */
	expect_done();
	assert_int_equal(vm.vcpu.regs.rax, 0x1801);
	assert_int_equal(vm.vcpu.regs.rdx, 0);
	msr_exit(0x1a0, true, 0x1801); /* writing it back unchanged is fine */
	expect_done();
	msr_exit(0x1a0, true, 0x1800); /* turning fast strings off is not */
	expect_gp();
	msr_exit(0x8b, true, 0); /* IA32_BIOS_SIGN_ID: Linux writes 0, runs CPUID, reads the revision */
	expect_done();
	msr_exit(0x8b, false, 0);
	expect_done();
	assert_int_equal(vm.vcpu.regs.rdx, 1); /* microcode revision 1, in bits 63:32 */
	kind(&elf_cfg);
	msr_exit(0xc0000082u, true, 1); /* ELF guests: still #GP */
	expect_gp();
	msr_exit(0x1a0, false, 0); /* nor do they read Intel's MSRs */
	expect_gp();
	msr_exit(0x1b, false, 0);
	expect_gp();
}

/* The FADT's sleep and reset registers end only the Linux VM that writes them; other ports are not ours. */
static void test_linux_ports(void **state)
{
	u32 val = 0x34; /* SLP_TYP 5 (S5) | SLP_EN */
	(void)state;
	vm.vcpu.vm = &vm;
	kind(&linux_cfg);
	ended = -1;
	assert_true(devices_port(&vm, LINUX_SLEEP_STS, false, 1, &(u32){ 0x80 }));
	assert_int_equal(ended, -1);
	assert_true(devices_port(&vm, LINUX_SLEEP_CTL, false, 1, &(u32){ 0x14 })); /* S5 without SLP_EN */
	assert_int_equal(ended, -1);
	assert_true(devices_port(&vm, LINUX_SLEEP_CTL, false, 1, &(u32){ 0x20 })); /* SLP_EN with S0 */
	assert_int_equal(ended, -1);
	assert_true(devices_port(&vm, LINUX_SLEEP_CTL, false, 1, &val));
	assert_int_equal(ended, END_POWER_OFF);
	ended = -1;
	assert_true(devices_port(&vm, LINUX_RESET, false, 1, &(u32){ 2 }));
	assert_int_equal(ended, -1);
	assert_true(devices_port(&vm, LINUX_RESET, false, 1, &(u32){ 1 }));
	assert_int_equal(ended, END_RESET);
	val = 0xffffffff;
	assert_true(devices_port(&vm, LINUX_SLEEP_CTL, true, 1, &val));
	assert_int_equal(val, 0);
	assert_false(devices_port(&vm, 0x3f8, false, 1, &val));
	assert_false(devices_port(&vm, 0x605, true, 1, &val));
}

/* PCI configuration space (kernel/dev/pci.c): the bridge always, virtio-net only with a NIC the monitor allowed. */
static u32 cfg_read(u32 dev, u32 reg)
{
	u32 a = 0x80000000u | dev << 11 | reg, v = 0;
	assert_true(devices_port(&vm, 0xcf8, false, 4, &a));
	assert_true(devices_port(&vm, 0xcfc, true, 4, &v));
	return v;
}

static void test_linux_pci(void **state)
{
	static char nic_token;
	u32 v = 0xffffffff, a;
	(void)state;
	vm.vcpu.vm = &vm;
	kind(&linux_cfg);
	vm.nic = NULL;
	plat.pci.cmd = 1;
	plat.pci.bar0 = VNET_IO_BASE;
	assert_int_equal(cfg_read(0, 0), 0x00081b36);	     /* host bridge */
	assert_int_equal(cfg_read(0, 8) >> 8, 0x060000);     /* class: host bridge */
	assert_int_equal(cfg_read(1, 0), 0xffffffff);	     /* no NIC: no device */
	assert_int_equal(cfg_read(2, 0), 0xffffffff);
	vm.nic = (struct vnic *)&nic_token;
	assert_int_equal(cfg_read(1, 0), 0x10001af4);	     /* virtio, legacy network */
	assert_int_equal(cfg_read(1, 0x2c), 0x00011af4);     /* subsystem 1: network */
	assert_int_equal(cfg_read(1, 0x10), VNET_IO_BASE | 1); /* BAR0 in I/O space */
	a = 0x80000000u | 1 << 11 | 0x10;
	assert_true(devices_port(&vm, 0xcf8, false, 4, &a));
	assert_true(devices_port(&vm, 0xcfc, false, 4, &v)); /* BAR sizing */
	assert_int_equal(cfg_read(1, 0x10), 0xffffffe1);
	v = 0xd000;
	assert_true(devices_port(&vm, 0xcfc, false, 4, &v));
	assert_int_equal(cfg_read(1, 0x10), 0xd001);
	assert_int_equal(cfg_read(1 | 1 << 5, 0), 0xffffffff); /* bus 1 */
	a = 0x80000000u | 1 << 11 | 1 << 8;		       /* function 1 */
	assert_true(devices_port(&vm, 0xcf8, false, 4, &a));
	assert_true(devices_port(&vm, 0xcfc, true, 4, &v));
	assert_int_equal(v, 0xffffffff);
	v = 0;
	assert_true(devices_port(&vm, 0xd000, true, 4, &v)); /* the BAR moved with the write */
	assert_int_equal(v, 1u << 5);			       /* device features: MAC */
	vm.nic = NULL;
	plat.pci.bar0 = VNET_IO_BASE;
}

/* One TSC tick per microsecond at 1 GHz needs no shift; slower TSCs need mul < 2^32 with a shift. */
static void test_kvmclock_scale(void **state)
{
	struct kvmclock c;
	(void)state;
	kvmclock_reset(&c, 2000000, 0); /* 2 GHz: 0.5 ns per tick */
	assert_int_equal(c.shift, 0);
	assert_int_equal(c.mul, 1u << 31);
	kvmclock_reset(&c, 1000000, 0); /* 1 GHz: exactly 1 ns needs a shift */
	assert_int_equal(c.shift, 1);
	assert_int_equal(c.mul, 1u << 31);
	kvmclock_reset(&c, 1000, 0); /* 1 MHz */
	assert_true((((u64)1 << c.shift) * c.mul) >> 32 == 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaf1_all_ones),	      cmocka_unit_test(test_leaf1_hypervisor_bit),
		cmocka_unit_test(test_leaf0_clamped),	      cmocka_unit_test(test_hv_leaves),
		cmocka_unit_test(test_ext_leaves), cmocka_unit_test(test_leaf7),	      cmocka_unit_test(test_zero_leaves),
		cmocka_unit_test(test_passthrough_leaves),    cmocka_unit_test(test_msr_allowed),
		cmocka_unit_test(test_handle_msr_efer),	      cmocka_unit_test(test_handle_msr_pat_and_bases),
		cmocka_unit_test(test_handle_msr_denied),     cmocka_unit_test(test_handle_cpuid_hv_leaf),
		cmocka_unit_test(test_linux_cpuid), cmocka_unit_test(test_linux_msrs), cmocka_unit_test(test_kvmclock_scale),
		cmocka_unit_test(test_linux_ports), cmocka_unit_test(test_linux_pci),
	};
	return cmocka_run_group_tests_name("cpuid_msr", tests, NULL, NULL);
}
