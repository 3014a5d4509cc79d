/* cordon unit tests: the core's exit dispatch (kernel/exit.c): decoded lengths, #UD/#GP refusals, single-step #DB, VM ends and their lines. */
/* sources: kernel/exit.c kernel/mem/gva.c kernel/mem/gpmap.c lib/x86/insn_len.c kernel/guest_boot.c lib/boot/elf.c lib/x86/pt.c lib/str.c kernel/vm_describe.c lib/fmt.c */
#include <tests/unit/unit.h>
#include <kernel/handlers.h>
#include <kernel/backend.h>
#include <kernel/profile.h>
#include <cordon/hypercall.h>

/* ---------------------------------------------------------------- a fake backend that records */

static u64 sregs[SREG__COUNT];
static int injected = -1; /* vector of the last inject_exception, -1 if none */
static bool injected_has_err;
static u32 injected_err;
static int steps;         /* single_step calls */
static u64 fake_get(struct vcpu *v, enum sreg r) { (void)v; return sregs[r]; }
static void fake_inject(struct vcpu *v, u8 vec, bool has_err, u32 err)
{
	(void)v;
	injected = vec, injected_has_err = has_err, injected_err = err;
}
static void fake_step(struct vcpu *v) { (void)v; steps++; }
static struct backend fake = { .name = "fake", .hcall_insn = CORDON_HCALL_VMMCALL, .get_sreg = fake_get,
			       .inject_exception = fake_inject, .single_step = fake_step };
const struct backend *hv = &fake;

/* Handlers of other files: each completes its instruction like the real ones and notes the length. */
static u32 handled_len, handled;
static void done(struct vcpu *v, const struct vm_exit *e) { handled++; handled_len = e->inst_len; vcpu_skip(v, e); }
void handle_cpuid(struct vcpu *v, const struct vm_exit *e) { done(v, e); }
void handle_io(struct vcpu *v, const struct vm_exit *e) { done(v, e); }
void handle_msr(struct vcpu *v, const struct vm_exit *e) { done(v, e); }
void handle_hypercall(struct vcpu *v, const struct vm_exit *e) { done(v, e); }
void handle_xsetbv(struct vcpu *v, const struct vm_exit *e) { done(v, e); }
bool mmio_emulate(struct vcpu *v, const struct vm_exit *e) { (void)v, (void)e; return false; }
static int ended = -1;
static u64 ended_d, ended_d2;
void vm_end(struct vm *vm, enum end_reason why, u64 d, u64 d2) { (void)vm; ended = (int)why, ended_d = d, ended_d2 = d2; }
void klog(u32 level, const char *fmt, ...) { (void)level, (void)fmt; }
void kprintf(const char *fmt, ...) { (void)fmt; }

/* ---------------------------------------------------------------- a VM in long mode, paging off */

#define MEM (64 * 1024)
#define CODE 0x8000ULL
#define TF (1ULL << 8)
#define IF (1ULL << 9)
static struct vm vm;
static struct cfg_vm cfg = { .name = "t" };
static u8 *mem;

static int setup(void **state)
{
	(void)state;
	mem = aligned_alloc(PAGE_SIZE, MEM);
	assert_non_null(mem);
	memset(mem, 0x90, MEM);
	memset(&vm, 0, sizeof(vm));
	vm.cfg = &cfg;
	vm.profile = &elf_guest_profile; /* what VM creation gives this (ELF) configuration */
	vm.vcpu.vm = &vm;
	assert_int_equal(gpmap_add(&vm.map, 0, MEM, (u64)(uptr)mem, GP_RWX), 0);
	sregs[SREG_CR0] = 0x11;  /* PE ET, no paging: RIP is physical */
	sregs[SREG_EFER] = 0x500; /* LME LMA */
	fake.hcall_insn = CORDON_HCALL_VMMCALL;
	injected = -1, steps = 0, handled = 0, handled_len = 0, ended = -1, ended_d = ended_d2 = 0;
	injected_has_err = false, injected_err = ~0u;
	fake.nested_name = NULL, fake.describe_exit = NULL;
	vm.vcpu.regs.rflags = IF | 2;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(mem);
	return 0;
}

/* Places bytes at RIP (gpa `at`) and dispatches an exit of `kind` whose length the CPU gave as len. */
static void exit_at(u64 at, const char *bytes, size_t n, enum exit_kind kind, u32 len)
{
	struct vm_exit e = { .kind = kind, .inst_len = len };
	memcpy(mem + at, bytes, n);
	vm.vcpu.regs.rip = at;
	exit_dispatch(&vm.vcpu, &e);
}
#define EXIT(b, kind) exit_at(CODE, b, sizeof(b) - 1, kind, 0)

static void assert_completed(u32 len)
{
	assert_int_equal(injected, -1);
	assert_int_equal(handled, 1);
	assert_int_equal(handled_len, len);
	assert_int_equal(vm.vcpu.regs.rip, CODE + len);
}

static void assert_refused(void)
{
	assert_int_equal(injected, 6); /* #UD */
	assert_int_equal(handled, 0);
	assert_int_equal(vm.vcpu.regs.rip, CODE);
	assert_int_equal(steps, 0);
}

static void test_prefixed_cpuid(void **s) { (void)s; EXIT("\x66\x0f\xa2\x90", EXIT_CPUID); assert_completed(3); }
static void test_bare_rdmsr(void **s) { (void)s; EXIT("\x0f\x32", EXIT_MSR_READ); assert_completed(2); }
static void test_rex_wrmsr(void **s) { (void)s; EXIT("\x2e\x48\x0f\x30", EXIT_MSR_WRITE); assert_completed(4); }
static void test_prefixed_vmmcall(void **s) { (void)s; EXIT("\x66\x0f\x01\xd9", EXIT_HYPERCALL); assert_completed(4); }

static void test_vmcall_on_vtx(void **s)
{
	(void)s;
	fake.hcall_insn = CORDON_HCALL_VMCALL;
	EXIT("\xf3\x0f\x01\xc1", EXIT_HYPERCALL);
	assert_completed(4);
}

static void test_wrong_hypercall_insn(void **s)
{
	(void)s;
	fake.hcall_insn = CORDON_HCALL_VMCALL;
	EXIT("\x0f\x01\xd9", EXIT_HYPERCALL);
	assert_refused();
}

static void test_other_bytes(void **s) { (void)s; EXIT("\x0f\x32", EXIT_CPUID); assert_refused(); }
static void test_lock(void **s) { (void)s; EXIT("\xf0\x0f\xa2", EXIT_CPUID); assert_refused(); }

static void test_too_long(void **s)
{
	(void)s;
	EXIT("\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x0f\xa2", EXIT_CPUID);
	assert_refused();
}

/* The last byte of memory: the opcode's second byte cannot be read. */
static void test_unreadable(void **s)
{
	(void)s;
	exit_at(MEM - 1, "\x0f", 1, EXIT_CPUID, 0);
	assert_int_equal(injected, 6);
	assert_int_equal(handled, 0);
}

/* Across a page boundary the bytes come from both pages (the copying path of gva_read). */
static void test_straddles_page(void **s)
{
	(void)s;
	exit_at(0x8ffe, "\x66\x0f\xa2", 3, EXIT_CPUID, 0);
	assert_int_equal(injected, -1);
	assert_int_equal(handled_len, 3);
	assert_int_equal(vm.vcpu.regs.rip, 0x9001);
}

/* The bare opcode in the last bytes of a page, and across into the next one. */
static void test_bare_at_page_end(void **s)
{
	(void)s;
	exit_at(0x8ffe, "\x0f\xa2", 2, EXIT_CPUID, 0);
	assert_int_equal(handled_len, 2);
	exit_at(0x9fff, "\x0f\xa2", 2, EXIT_CPUID, 0);
	assert_int_equal(handled_len, 2);
	assert_int_equal(vm.vcpu.regs.rip, 0xa001);
	assert_int_equal(injected, -1);
}

/* The vCPU's cached code page holds a translation, not a length: new bytes at the same RIP are read anew. */
static void test_same_rip_new_bytes(void **s)
{
	(void)s;
	EXIT("\x0f\xa2", EXIT_CPUID);
	assert_completed(2);
	handled = 0;
	EXIT("\x66\x0f\xa2", EXIT_CPUID);
	assert_completed(3);
	EXIT("\x0f\x32", EXIT_CPUID); /* now RDMSR's bytes at a CPUID exit: #UD */
	assert_int_equal(injected, 6);
}

/* The code page is given another host frame (as a grant revoke does): the next exit reads that frame. */
static void test_code_page_remapped(void **s)
{
	u8 *other = aligned_alloc(PAGE_SIZE, MEM);
	(void)s;
	EXIT("\x0f\xa2", EXIT_CPUID);
	assert_completed(2);
	memset(other, 0x90, MEM);
	memcpy(other + CODE, "\x2e\x0f\xa2", 3);
	assert_int_equal(gpmap_remove(&vm.map, 0), 0);
	assert_int_equal(gpmap_add(&vm.map, 0, MEM, (u64)(uptr)other, GP_RWX), 0);
	handled = 0;
	vm.vcpu.regs.rip = CODE;
	exit_dispatch(&vm.vcpu, &(struct vm_exit){ .kind = EXIT_CPUID });
	assert_completed(3);
	free(other);
}

/* A length the CPU gave (VT-x, next-RIP save) is used as it is: nothing is fetched. */
static void test_hardware_length(void **s)
{
	(void)s;
	exit_at(CODE, "\xcc", 1, EXIT_CPUID, 5);
	assert_completed(5);
}

static void test_wbinvd(void **s)
{
	(void)s;
	EXIT("\xf3\x0f\x09", EXIT_WBINVD);
	assert_int_equal(injected, -1);
	assert_int_equal(vm.vcpu.regs.rip, CODE + 3);
	assert_int_equal(vm.vcpu.exit_counts[EXIT_WBINVD], 1);
	assert_int_equal(ended, -1);
}

/* XSETBV (0f 01 d1) without next-RIP: a prefixed one resumes after its prefix, another opcode is #UD. */
static void test_xsetbv(void **s)
{
	(void)s;
	EXIT("\x66\x0f\x01\xd1", EXIT_XSETBV);
	assert_int_equal(injected, -1);
	assert_int_equal(handled_len, 4);
	EXIT("\x0f\x01\xd0", EXIT_XSETBV); /* XGETBV never exits: bytes that are not XSETBV get #UD */
	assert_int_equal(injected, 6);
}

static void test_hlt(void **s)
{
	(void)s;
	EXIT("\x3e\xf4", EXIT_HLT);
	assert_int_equal(vm.vcpu.regs.rip, CODE + 2);
	assert_int_equal(vm.vcpu.state, VCPU_BLOCKED);
}

/* ---------------------------------------------------------------- single step */

static void test_tf_cpuid(void **s)
{
	(void)s;
	vm.vcpu.regs.rflags |= TF;
	EXIT("\x0f\xa2", EXIT_CPUID);
	assert_completed(2);
	assert_int_equal(steps, 1);
}

static void test_tf_hypercall_hw_length(void **s)
{
	(void)s;
	vm.vcpu.regs.rflags |= TF;
	exit_at(CODE, "\x0f\x01\xc1", 3, EXIT_HYPERCALL, 3);
	assert_int_equal(steps, 1);
}

static void test_tf_wbinvd_and_hlt(void **s)
{
	(void)s;
	vm.vcpu.regs.rflags |= TF;
	EXIT("\x0f\x09", EXIT_WBINVD);
	EXIT("\xf4", EXIT_HLT);
	assert_int_equal(steps, 2);
}

static void test_no_tf_no_step(void **s)
{
	(void)s;
	EXIT("\x0f\xa2", EXIT_CPUID);
	assert_int_equal(steps, 0);
}

/* #UD is a fault: the instruction did not complete, so no single-step trap follows it. */
static void test_tf_refused(void **s)
{
	(void)s;
	vm.vcpu.regs.rflags |= TF;
	EXIT("\xf0\x0f\xa2", EXIT_CPUID);
	assert_refused();
}

static void test_tf_extint(void **s)
{
	(void)s;
	vm.vcpu.regs.rflags |= TF;
	EXIT("\x0f\xa2", EXIT_EXTINT);
	assert_int_equal(steps, 0);
	assert_int_equal(vm.vcpu.regs.rip, CODE);
}

/* ---------------------------------------------------------------- exits that refuse or end */

/* #GP(0) (VT-x: the guest set CR4.VMXE): a fault, so RIP stays, no handler runs and no single step follows. */
static void test_gp_insn(void **s)
{
	(void)s;
	vm.vcpu.regs.rflags |= TF;
	exit_at(CODE, "\x0f\x22\xe0", 3, EXIT_GP_INSN, 0); /* mov %rax, %cr4 */
	assert_int_equal(injected, 13);
	assert_true(injected_has_err);
	assert_int_equal(injected_err, 0);
	assert_int_equal(vm.vcpu.regs.rip, CODE);
	assert_int_equal(handled, 0);
	assert_int_equal(steps, 0);
	assert_int_equal(ended, -1);
	assert_int_equal(vm.vcpu.exit_counts[EXIT_GP_INSN], 1);
}

/* A length the CPU gave is not used either: nothing completed. */
static void test_gp_insn_with_length(void **s)
{
	(void)s;
	exit_at(CODE, "\x0f\x22\xe0", 3, EXIT_GP_INSN, 3);
	assert_int_equal(injected, 13);
	assert_int_equal(vm.vcpu.regs.rip, CODE);
}

static void end_exit(struct vm_exit e)
{
	vm.vcpu.regs.rip = CODE;
	exit_dispatch(&vm.vcpu, &e);
	assert_int_equal(injected, -1);
	assert_int_equal(handled, 0);
	assert_int_equal(vm.vcpu.regs.rip, CODE);
}

static void test_invalid_state_ends(void **s)
{
	(void)s;
	end_exit((struct vm_exit){ .kind = EXIT_INVALID_STATE, .raw = 0x80000021u, .qual = 4 });
	assert_int_equal(ended, END_INVALID_STATE);
	assert_int_equal(ended_d, 0x80000021u);
	assert_int_equal(ended_d2, 4); /* the qualification reaches the message */
}

static void test_misconfig_ends(void **s)
{
	struct vm_exit e = { .kind = EXIT_NESTED_MISCONFIG, .raw = 49 };
	(void)s;
	e.npf.gpa = 0x201000;
	end_exit(e);
	assert_int_equal(ended, END_NESTED_MISCONFIG);
	assert_int_equal(ended_d, 0x201000);
}

static void test_init_ends(void **s)
{
	(void)s;
	end_exit((struct vm_exit){ .kind = EXIT_INIT, .raw = 3 });
	assert_int_equal(ended, END_INIT);
	assert_int_equal(vm.vcpu.exit_counts[EXIT_INIT], 1);
}

/* A guest that turned paging off (VT-x without unrestricted guest cannot run it) ends, naming where. */
static void test_paging_off_ends(void **s)
{
	(void)s;
	end_exit((struct vm_exit){ .kind = EXIT_PAGING_OFF, .raw = 28 });
	assert_int_equal(ended, END_PAGING_OFF);
	assert_int_equal(ended_d, CODE);
	assert_int_equal(vm.vcpu.exit_counts[EXIT_PAGING_OFF], 1);
}

static void test_unknown_ends(void **s)
{
	(void)s;
	end_exit((struct vm_exit){ .kind = EXIT_UNKNOWN, .raw = 28, .qual = 8 });
	assert_int_equal(ended, END_UNEXPECTED);
	assert_int_equal(ended_d, 28);
	assert_int_equal(ended_d2, 8);
}

static void test_kind_names(void **s)
{
	(void)s;
	assert_string_equal(exit_kind_name(EXIT_GP_INSN), "gp");
	assert_string_equal(exit_kind_name(EXIT_NESTED_MISCONFIG), "nested-misconfig");
	assert_string_equal(exit_kind_name(EXIT_INIT), "init");
	assert_string_equal(exit_kind_name(EXIT_UNKNOWN), "unknown");
	assert_string_equal(exit_kind_name(EXIT_PAGING_OFF), "paging-off");
	assert_string_equal(exit_kind_name(EXIT__COUNT), "?");
	for (u32 k = 0; k < EXIT__COUNT; k++) /* every kind has its own name */
		assert_string_not_equal(exit_kind_name((enum exit_kind)k), "?");
}

/* ---------------------------------------------------------------- the end line (kernel/vm_describe.c) */

static u64 described_raw, described_qual;
static void fake_describe(u64 raw, u64 qual, char *buf, u64 size)
{
	described_raw = raw, described_qual = qual;
	snprintf(buf, size, "words for 0x%llx", (unsigned long long)raw);
}
static void silent_describe(u64 raw, u64 qual, char *buf, u64 size) { (void)raw, (void)qual, (void)buf, (void)size; }

static const char *line_of(enum end_reason why, u64 d, u64 d2)
{
	static char buf[VM_END_TEXT];
	vm.end = why, vm.end_detail = d, vm.end_detail2 = d2;
	vm_describe_end(&vm, buf, sizeof(buf));
	return buf;
}

static void test_lines_from_the_backend(void **s)
{
	(void)s;
	fake.nested_name = "EPT", fake.describe_exit = fake_describe;
	assert_string_equal(line_of(END_INVALID_STATE, 0x80000021u, 2), "words for 0x80000021");
	assert_int_equal(described_qual, 2);
	assert_string_equal(line_of(END_UNEXPECTED, 28, 8), "unexpected exit: words for 0x1c (vendor code 0x1c, info 0x8)");
	assert_int_equal(described_raw, 28);
	assert_string_equal(line_of(END_NESTED_MISCONFIG, 0x7000, 0),
			    "EPT misconfiguration at gpa 0x7000 (a cordon bug: the VM is ended)");
	assert_string_equal(line_of(END_INIT, 0, 0), "INIT signal from outside the VM (a reset of its only vCPU, not emulated)");
	assert_string_equal(line_of(END_PAGING_OFF, 0x9a000, 0),
			    "turned paging off at rip 0x9a000 (unpaged or real mode: this backend cannot run it)");
}

/* A backend without words (or with none for this code): the bare codes, still under the same names. */
static void test_lines_without_words(void **s)
{
	(void)s;
	assert_string_equal(line_of(END_INVALID_STATE, 0xffffffffu, 0),
			    "invalid guest state (vendor code 0xffffffff, info 0x0)");
	assert_string_equal(line_of(END_UNEXPECTED, 0x65, 1), "unexpected exit (vendor code 0x65, info 0x1)");
	assert_string_equal(line_of(END_NESTED_MISCONFIG, 0x7000, 0),
			    "nested table misconfiguration at gpa 0x7000 (a cordon bug: the VM is ended)");
	fake.describe_exit = silent_describe;
	assert_string_equal(line_of(END_UNEXPECTED, 0x65, 1), "unexpected exit (vendor code 0x65, info 0x1)");
	assert_string_equal(line_of(END_INVALID_STATE, 0x21, 0), "invalid guest state (vendor code 0x21, info 0x0)");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
int main(void)
{
	static const struct CMUnitTest tests[] = {
		T(test_prefixed_cpuid), T(test_bare_rdmsr), T(test_rex_wrmsr), T(test_prefixed_vmmcall),
		T(test_vmcall_on_vtx), T(test_wrong_hypercall_insn), T(test_other_bytes), T(test_lock),
		T(test_too_long), T(test_unreadable), T(test_straddles_page), T(test_bare_at_page_end),
		T(test_same_rip_new_bytes), T(test_code_page_remapped), T(test_hardware_length), T(test_wbinvd), T(test_xsetbv), T(test_hlt),
		T(test_tf_cpuid), T(test_tf_hypercall_hw_length), T(test_tf_wbinvd_and_hlt), T(test_no_tf_no_step),
		T(test_tf_refused), T(test_tf_extint),
		T(test_gp_insn), T(test_gp_insn_with_length), T(test_invalid_state_ends), T(test_misconfig_ends),
		T(test_init_ends), T(test_paging_off_ends), T(test_unknown_ends), T(test_kind_names), T(test_lines_from_the_backend),
		T(test_lines_without_words),
	};
	return cmocka_run_group_tests_name("exit_core", tests, NULL, NULL);
}
