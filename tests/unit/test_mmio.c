/* cordon unit tests: IOAPIC MMIO emulation for Linux VMs (kernel/dev/mmio.c): fetch, decode, complete, refuse. */
/* sources: kernel/dev/mmio.c kernel/dev/devices.c kernel/dev/pci.c kernel/dev/virtio_net.c kernel/dev/virtq.c kernel/linux/acpi_regs.c kernel/mem/gva.c kernel/mem/gpmap.c kernel/linux/vioapic.c kernel/linux/vlapic.c kernel/linux/linux_profile.c kernel/sched_wake.c kernel/linux/linux_cpu.c kernel/linux/kvmclock.c kernel/guest_boot.c kernel/dev/vuart.c lib/boot/elf.c lib/boot/e820.c lib/x86/pt.c lib/x86/insn.c lib/str.c */
#include <tests/unit/unit.h>
#include <kernel/handlers.h>
#include <kernel/backend.h>
#include <kernel/linux/platform.h>
#include <kernel/profile.h>

/* ---------------------------------------------------------------- host stand-ins for the core */

static u64 sregs[SREG__COUNT];
static u64 fake_get(struct vcpu *v, enum sreg r)
{
	(void)v;
	return sregs[r];
}
static const struct backend fake = { .name = "fake", .get_sreg = fake_get };
const struct backend *hv = &fake;

static char msg[512]; /* the last console line: why the VM is about to end */
/* The other device models in kernel/dev/devices.c are not under test here. */
void vm_end(struct vm *vm, enum end_reason why, u64 d, u64 d2) { (void)vm, (void)why, (void)d, (void)d2; }
s64 nic_send_frame(struct vm *vm, const u8 *f, u64 len) { (void)vm, (void)f, (void)len; return 0; }
bool nic_take_frame(struct vm *vm, u8 *dst, u64 cap, u64 *len) { (void)vm, (void)dst, (void)cap, (void)len; return false; }
bool nic_mac(const struct vm *vm, u8 mac[6]) { (void)vm, (void)mac; return false; }
/* kernel/exit.c completes the instruction (and single-steps, not under test here). */
void vcpu_advance(struct vcpu *v, u32 len) { v->regs.rip += len; }
/* The Linux profile's boot (kernel/linux/linux_boot.c) is not under test here. */
const char *linux_boot_prepare(struct vm *v, u64 tsc_khz) { (void)v, (void)tsc_khz; return "not here"; }

void kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------------------- a Linux VM in long mode */

/*
 * Guest memory [0, 2 MiB). The code is at the kernel address CODE, mapped by
 * 4 KiB pages: PML4[511] -> PDPT[510] -> PD[8] -> PT[0] = 0x10000,
 * PT[1] = 0x7000 (not the next frame), PT[2] not present.
 */
#define MEM MiB(2)
#define CODE 0xffffffff81000000ULL
#define P_RW 3ULL
#define IOWIN (VIOAPIC_BASE + 0x10)

static struct vm vm;
static struct cfg_vm linux_cfg = { .name = "lx", .linux_boot = 1 }, elf_cfg = { .name = "elf" };
static struct linux_platform plat;

/* What VM creation gives a VM of this configuration: its profile, and a platform only if that is Linux. */
static void kind(const struct cfg_vm *c)
{
	vm.cfg = c;
	vm.profile = guest_profile_for(c);
	vm.plat = c->linux_boot ? &plat : NULL;
}
static u8 *mem;

static void entry(u64 table, u32 index, u64 value)
{
	memcpy(mem + table + index * 8, &value, 8);
}

static int setup(void **state)
{
	(void)state;
	mem = aligned_alloc(PAGE_SIZE, MEM);
	assert_non_null(mem);
	memset(mem, 0xcc, MEM); /* int3 everywhere: not a mov */
	memset(mem + 0x1000, 0, 4 * PAGE_SIZE);
	entry(0x1000, 511, 0x2000 | P_RW);
	entry(0x2000, 510, 0x3000 | P_RW);
	entry(0x3000, 8, 0x4000 | P_RW);
	entry(0x4000, 0, 0x10000 | P_RW);
	entry(0x4000, 1, 0x7000 | P_RW);
	memset(&vm, 0, sizeof(vm));
	kind(&linux_cfg);
	vm.vcpu.vm = &vm;
	assert_int_equal(gpmap_add(&vm.map, 0, MEM, (u64)(uptr)mem, GP_RWX), 0);
	vioapic_reset(&plat.ioapic);
	sregs[SREG_CR0] = 0x80000011;  /* PG ET PE */
	sregs[SREG_CR3] = 0x1000;
	sregs[SREG_EFER] = 0xd01;      /* SCE LME LMA NXE */
	msg[0] = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(mem);
	return 0;
}

/* Places the instruction bytes at guest-physical code_gpa, RIP at rip, and reports an NPF at gpa. */
static bool fault_at(u64 rip, u64 code_gpa, const char *bytes, size_t n, u64 gpa)
{
	struct vm_exit e = { .kind = EXIT_NPF, .npf = { .gpa = gpa, .present = false } };
	memcpy(mem + code_gpa, bytes, n);
	vm.vcpu.regs.rip = rip;
	return mmio_emulate(&vm.vcpu, &e);
}

static bool fault(const char *bytes, size_t n, u64 gpa)
{
	return fault_at(CODE, 0x10000, bytes, n, gpa);
}
#define FAULT(s, gpa) fault(s, sizeof(s) - 1, gpa)

/* The registers in encoding order (SDM vol. 2, table 2-2), independent of mmio.c's own table. */
static u64 *gpr(int i)
{
	struct gpregs *r = &vm.vcpu.regs;
	u64 *const t[16] = { &r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi, &r->rdi,
			     &r->r8,  &r->r9,  &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15 };
	return t[i];
}

/* ---------------------------------------------------------------- completed accesses */

/* Linux's io_apic_write: select with a store to IOREGSEL, then store to IOWIN 0x10 bytes on. */
static void test_stores(void **state)
{
	(void)state;
	vm.vcpu.regs.rsi = 0x12;
	assert_true(FAULT("\x89\x37", VIOAPIC_BASE)); /* mov %esi,(%rdi) */
	assert_int_equal(vm.vcpu.regs.rip, CODE + 2);
	assert_int_equal(plat.ioapic.sel, 0x12);
	vm.vcpu.regs.rax = 0xffffffff00010041ULL; /* only the low half is stored */
	assert_true(FAULT("\x89\x47\x10", IOWIN)); /* mov %eax,0x10(%rdi) */
	assert_int_equal(vm.vcpu.regs.rip, CODE + 3);
	assert_int_equal(plat.ioapic.redir[1], 0x10041);
	assert_true(FAULT("\xc7\x07\x01\x00\x00\x00", VIOAPIC_BASE)); /* movl $1,(%rdi) */
	assert_int_equal(vm.vcpu.regs.rip, CODE + 6);
	assert_int_equal(plat.ioapic.sel, 1);
	vm.vcpu.regs.r9 = 0x13;
	assert_true(FAULT("\x44\x89\x4f\x03", VIOAPIC_BASE + 3)); /* mov %r9d,0x3(%rdi): offset rounds down */
	assert_int_equal(plat.ioapic.sel, 0x13);
	assert_int_equal(vm.vcpu.regs.rip, CODE + 4);
	assert_string_equal(msg, "");
}

static void test_loads(void **state)
{
	(void)state;
	vioapic_write(&plat.ioapic, 0, 1); /* the version register */
	vm.vcpu.regs.rax = ~0ULL;
	assert_true(FAULT("\x8b\x47\x10", IOWIN)); /* mov 0x10(%rdi),%eax */
	assert_int_equal(vm.vcpu.regs.rax, 0x170011); /* 32-bit loads zero the upper half */
	assert_int_equal(vm.vcpu.regs.rip, CODE + 3);
	vm.vcpu.regs.r12 = ~0ULL;
	assert_true(FAULT("\x44\x8b\x67\x10", IOWIN)); /* mov 0x10(%rdi),%r12d */
	assert_int_equal(vm.vcpu.regs.r12, 0x170011);
	assert_true(FAULT("\x8b\x0f", VIOAPIC_BASE)); /* mov (%rdi),%ecx: IOREGSEL reads back */
	assert_int_equal(vm.vcpu.regs.rcx, 1);
}

/* Every register reaches the device as a store's source and receives a load, and no other changes. */
static void test_every_register(void **state)
{
	(void)state;
	for (int i = 0; i < 16; i++) {
		char st[3] = { 0x44, (char)0x89, (char)((i & 7) << 3) }; /* mov %REGd,(%rax) */
		char ld[3] = { 0x44, (char)0x8b, (char)((i & 7) << 3) }; /* mov (%rax),%REGd */
		size_t off = i < 8; /* no REX prefix for the first eight */
		for (int j = 0; j < 16; j++)
			*gpr(j) = 0x5a5a000000000000ULL | (u64)j << 8;
		vioapic_write(&plat.ioapic, 0, 0x11); /* pin 0, high half */
		assert_true(fault(st + off, 3 - off, VIOAPIC_BASE + 0x10));
		if (plat.ioapic.redir[0] >> 32 != (u64)i << 8)
			fail_msg("store from register %d: 0x%llx", i, (unsigned long long)plat.ioapic.redir[0]);
		plat.ioapic.redir[0] = 0xabcd0000ULL << 32 | 0x1a0b0;
		vioapic_write(&plat.ioapic, 0, 0x10);
		assert_true(fault(ld + off, 3 - off, VIOAPIC_BASE + 0x10));
		for (int j = 0; j < 16; j++)
			if (*gpr(j) != (j == i ? 0x1a0b0 : 0x5a5a000000000000ULL | (u64)j << 8))
				fail_msg("load into register %d: register %d is 0x%llx", i, j, (unsigned long long)*gpr(j));
	}
}

/* The instruction is fetched through the guest's page tables, across a page boundary if need be. */
static void test_fetch_paths(void **state)
{
	(void)state;
	vm.vcpu.regs.rax = 0x22;
	vioapic_write(&plat.ioapic, 0, 0x10);
	memcpy(mem + 0x7000, "\x10", 1);
	assert_true(fault_at(CODE + 0xffe, 0x10ffe, "\x89\x47", 2, IOWIN)); /* ...\x10 is in PT[1]'s frame */
	assert_int_equal(vm.vcpu.regs.rip, CODE + 0x1001);
	assert_int_equal(plat.ioapic.redir[0], 0x22);
	sregs[SREG_CR0] = 0x11; /* paging off: RIP is guest-physical */
	sregs[SREG_EFER] = 0;
	vm.vcpu.regs.rax = 0x23;
	assert_true(fault_at(0x20000, 0x20000, "\x89\x47\x10", 3, IOWIN));
	assert_int_equal(vm.vcpu.regs.rip, 0x20003);
	assert_int_equal(plat.ioapic.redir[0], 0x23);
	vm.vcpu.regs.rax = 0x24; /* EFER.LMA clear: moffs is 4 bytes, not 8 */
	assert_true(fault_at(0x20000, 0x20000, "\xa3\x10\x00\xc0\xfe", 5, IOWIN)); /* mov %eax,0xfec00010 */
	assert_int_equal(vm.vcpu.regs.rip, 0x20005);
	assert_int_equal(plat.ioapic.redir[0], 0x24);
}

/* ---------------------------------------------------------------- refusals: nothing changes */

struct refusal {
	const char *name, *bytes;
	size_t n;
	u64 rip, code_gpa, gpa;
	bool fetch, elf, logged; /* logged: the VM is about to end, and the console says why */
};

#define R(name, b, gpa, logged) { name, b, sizeof(b) - 1, CODE, 0x10000, gpa, false, false, logged }
static const struct refusal refusals[] = {
	{ "refuse: not a Linux VM", "\x89\x47\x10", 3, CODE, 0x10000, IOWIN, false, true, false },
	R("refuse: page above the IOAPIC", "\x89\x47\x10", VIOAPIC_BASE + VIOAPIC_SIZE, false),
	R("refuse: just below the IOAPIC", "\x89\x47\x10", VIOAPIC_BASE - 4, false),
	R("refuse: the local APIC page", "\x89\x47\x10", 0xfee00000, false),
	{ "refuse: instruction fetch", "\x89\x47\x10", 3, CODE, 0x10000, IOWIN, true, false, false },
	R("refuse: add (read-modify-write)", "\x01\x47\x10", IOWIN, true),
	R("refuse: ud2", "\x0f\x0b", IOWIN, true),
	R("refuse: rep movsl", "\xf3\xa5", IOWIN, true),
	R("refuse: lock mov", "\xf0\x89\x47\x10", IOWIN, true),
	R("refuse: byte store", "\x88\x47\x10", IOWIN, true),
	R("refuse: word store", "\x66\x89\x47\x10", IOWIN, true),
	R("refuse: qword store", "\x48\x89\x47\x10", IOWIN, true),
	R("refuse: qword load", "\x48\x8b\x47\x10", IOWIN, true),
	R("refuse: movzbl", "\x0f\xb6\x47\x10", IOWIN, true),
	{ "refuse: RIP not mapped", "", 0, CODE + 0x2000, 0, IOWIN, false, false, true },
	{ "refuse: truncated by an unmapped page", "\x89", 1, CODE + 0x1fff, 0x7fff, IOWIN, false, false, true },
};

static void run_refusal(void **state)
{
	const struct refusal *c = *state;
	struct vm_exit e = { .kind = EXIT_NPF, .npf = { .gpa = c->gpa, .fetch = c->fetch } };
	struct vm before;
	struct linux_platform plat_before;
	kind(c->elf ? &elf_cfg : &linux_cfg);
	memcpy(mem + c->code_gpa, c->bytes, c->n);
	for (int j = 0; j < 16; j++)
		*gpr(j) = 0x1111111111111111ULL * (u64)j;
	vm.vcpu.regs.rip = c->rip;
	vioapic_write(&plat.ioapic, 0, 0x10);
	memcpy(&before, &vm, sizeof(vm));
	memcpy(&plat_before, &plat, sizeof(plat));
	assert_false(mmio_emulate(&vm.vcpu, &e));
	assert_memory_equal(&before, &vm, sizeof(vm));
	assert_memory_equal(&plat_before, &plat, sizeof(plat)); /* the device state is no longer in struct vm */
	if (c->logged) {
		assert_contains(msg, "vm 'lx'");
		assert_contains(msg, "0xfec00010");
	} else {
		assert_string_equal(msg, "");
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		T(test_stores), T(test_loads), T(test_every_register), T(test_fetch_paths),
	};
	static struct unit_group g;
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		g.t[g.n++] = fixed[i];
	for (size_t i = 0; i < ARRAY_SIZE(refusals); i++) {
		unit_add(&g, refusals[i].name, run_refusal, (void *)&refusals[i]);
		g.t[g.n - 1].setup_func = setup, g.t[g.n - 1].teardown_func = teardown;
	}
	return unit_run("mmio", &g);
}
