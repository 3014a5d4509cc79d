/* cordon unit tests: a VM's CRB pages (vtpm/crb_unit.c) and the way a tiny guest's writes reach them (kernel/dev/mmio.c). */
/* sources: vtpm/crb_unit.c vtpm/crb.c kernel/dev/mmio.c kernel/guest_boot.c kernel/mem/gva.c kernel/mem/gpmap.c lib/x86/insn.c lib/boot/elf.c lib/x86/pt.c lib/str.c */
#include <tests/unit/unit.h>
#include <vtpm/crb.h>
#include <vtpm/vtpm.h>
#include <kernel/vm.h>
#include <kernel/backend.h>
#include <kernel/handlers.h>
#include <kernel/profile.h>
#include <kernel/mem/pmm.h>
#include <kernel/dev/devices.h>

/* ---------------------------------------------------------------- host stand-ins */

static u64 sregs[SREG__COUNT];
static u32 nmapped, nunmapped, fail_map_at; /* fail_map_at: the map_page call (1-based) that fails, 0: none */
static u32 map_perm[2];

static int fake_map(struct vm *vm, u64 gpa, u64 hpa, u32 perm)
{
	(void)vm, (void)gpa, (void)hpa;
	if (++nmapped == fail_map_at)
		return -1;
	if (nmapped <= 2)
		map_perm[nmapped - 1] = perm;
	return 0;
}
static void fake_unmap(struct vm *vm, u64 gpa) { (void)vm, (void)gpa; nunmapped++; }
static u64 fake_get(struct vcpu *v, enum sreg r) { (void)v; return sregs[r]; }
static const struct backend fake = { .name = "fake", .map_page = fake_map, .unmap_page = fake_unmap, .get_sreg = fake_get };
const struct backend *hv = &fake;

/* The allocator: counts, and checks that what comes back is zero (it held the VM's TPM traffic). */
static s32 live;
static u32 freed_dirty;
u64 pmm_alloc(u64 bytes, u64 align)
{
	void *p = aligned_alloc(align, bytes);
	memset(p, 0, bytes);
	live++;
	return (u64)(uptr)p;
}
void pmm_free(u64 base, u64 bytes)
{
	for (u64 i = 0; i < bytes; i++)
		freed_dirty += ((u8 *)(uptr)base)[i] != 0;
	free((void *)(uptr)base);
	live--;
}
void pmm_zero(void *p, u64 bytes) { memset(p, 0, bytes); }

static u32 nsubmit;
enum vtpm_submit vtpm_submit(struct vm *client, const u8 *cmd, u32 len) { (void)client, (void)cmd, (void)len; nsubmit++; return VTPM_QUEUED; }
void vtpm_cancel(struct vm *client) { (void)client; }
void vtpm_error_response(u8 out[10], u32 rc) { memset(out, 0, 10); out[9] = (u8)rc; }
static char msg[256];
void kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
}
void vcpu_advance(struct vcpu *v, u32 len) { v->regs.rip += len; }

/* ---------------------------------------------------------------- a tiny guest, unpaged, 32-bit code */

#define MEM MiB(1)
static struct vm vm;
static struct cfg_vm cfg;
static u8 *ram;

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	memset(&cfg, 0, sizeof(cfg));
	strcpy(cfg.name, "t");
	cfg.vtpm = 1;
	vm.cfg = &cfg;
	vm.profile = guest_profile_for(&cfg);
	vm.vcpu.vm = &vm;
	vm.state = VM_RUNNING;
	ram = aligned_alloc(PAGE_SIZE, MEM);
	memset(ram, 0xcc, MEM);
	assert_int_equal(gpmap_add(&vm.map, 0, MEM, (u64)(uptr)ram, GP_RWX), 0);
	nmapped = nunmapped = fail_map_at = 0;
	live = 0;
	freed_dirty = 0;
	msg[0] = 0;
	sregs[SREG_CR0] = 0x11; /* PE ET, no paging: the fetch reads guest-physical RIP */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

static const struct gpmap_range *range_at(u64 gpa)
{
	return gpmap_find(&vm.map, gpa);
}

/* ---------------------------------------------------------------- the unit */

static void test_start_maps_two_pages(void **state)
{
	(void)state;
	assert_null(crb_unit_start(&vm));
	assert_non_null(range_at(CRB_REGS_GPA));
	assert_int_equal(range_at(CRB_REGS_GPA)->perm, GP_R); /* writes fault; reads do not */
	assert_int_equal(range_at(CRB_BUF_GPA)->perm, GP_R | GP_W);
	assert_int_equal(map_perm[0], GP_R);
	assert_int_equal(map_perm[1], GP_R | GP_W);
	assert_int_equal(live, 2);
	assert_non_null(vm.tpm);
	assert_int_equal(vm.tpm->base, CRB_REGS_GPA);
	assert_int_equal(*(u32 *)(uptr)(range_at(CRB_REGS_GPA)->hpa + CRB_CTRL_STS), CRB_STS_IDLE); /* rendered */
	assert_null(gpmap_access(&vm.map, CRB_REGS_GPA, 4, GP_W));
	assert_non_null(gpmap_access(&vm.map, CRB_BUF_GPA, PAGE_SIZE, GP_W));
	crb_unit_stop(&vm);
}

static void test_no_vtpm_no_pages(void **state)
{
	(void)state;
	cfg.vtpm = 0;
	assert_null(crb_unit_start(&vm));
	assert_null(vm.tpm);
	assert_int_equal(vm.map.n, 1);
	assert_int_equal(live, 0);
	crb_unit_stop(&vm);
	assert_int_equal(nunmapped, 0);
}

/* The stop unmaps both pages, zeroes them before they are freed, and forgets the device. */
static void test_stop_scrubs(void **state)
{
	(void)state;
	assert_null(crb_unit_start(&vm));
	memset((void *)(uptr)range_at(CRB_BUF_GPA)->hpa, 0xaa, PAGE_SIZE); /* a command the guest left */
	crb_unit_stop(&vm);
	assert_int_equal(nunmapped, 2);
	assert_int_equal(live, 0);
	assert_int_equal(freed_dirty, 0);
	assert_null(vm.tpm);
	assert_null(range_at(CRB_REGS_GPA));
	assert_null(range_at(CRB_BUF_GPA));
	assert_null(crb_of(&vm));
	crb_unit_stop(&vm); /* twice is harmless */
	assert_int_equal(nunmapped, 2);
	assert_null(crb_unit_start(&vm)); /* a restart maps them again */
	assert_int_equal(live, 2);
	crb_unit_stop(&vm);
}

/* A tiny guest whose RAM reaches 0xfed40000 does not start, and nothing of the unit is left. */
static void test_ram_over_the_tpm(void **state)
{
	(void)state;
	assert_int_equal(gpmap_add(&vm.map, MEM, GiB(4) - MEM, 0x100000000ULL, GP_RWX), 0);
	assert_non_null(crb_unit_start(&vm));
	assert_null(vm.tpm);
	assert_int_equal(live, 0);
	assert_int_equal(vm.map.n, 2);
}

/* The nested tables refuse the first or the second page: rolled back. */
static void test_map_fails(void **state)
{
	(void)state;
	for (u32 k = 1; k <= 2; k++) {
		nmapped = nunmapped = 0;
		fail_map_at = k;
		assert_non_null(crb_unit_start(&vm));
		assert_null(vm.tpm);
		assert_int_equal(live, 0);
		assert_int_equal(vm.map.n, 1);
		assert_int_equal(nunmapped, k - 1);
	}
}

/* ---------------------------------------------------------------- a tiny guest's writes */

static bool npf_write(const char *bytes, size_t n, u64 gpa)
{
	struct vm_exit e = { .kind = EXIT_NPF, .npf = { .gpa = gpa, .write = true, .present = true } };
	memcpy(ram + 0x1000, bytes, n);
	vm.vcpu.regs.rip = 0x1000;
	return mmio_emulate(&vm.vcpu, &e);
}
#define NPF(s, gpa) npf_write(s, sizeof(s) - 1, gpa)

/* A 32-bit store to LOC_CTRL reaches the CRB through the ELF profile's MMIO hook. */
static void test_store_reaches_crb(void **state)
{
	(void)state;
	assert_null(crb_unit_start(&vm));
	vm.vcpu.regs.rax = CRB_LOC_CTRL_REQUEST;
	vm.vcpu.regs.rdx = CRB_REGS_GPA + CRB_LOC_CTRL;
	assert_true(NPF("\x89\x02", CRB_REGS_GPA + CRB_LOC_CTRL)); /* mov %eax,(%edx) */
	assert_int_equal(vm.vcpu.regs.rip, 0x1002);
	assert_int_equal(crb_read(&vm, CRB_LOC_STS), CRB_LOC_STS_GRANTED);
	crb_unit_stop(&vm);
}

/* Other widths of store are refused (the NPF then ends the VM, with the reason on the console). */
static void test_byte_store_refused(void **state)
{
	(void)state;
	assert_null(crb_unit_start(&vm));
	assert_false(NPF("\x88\x02", CRB_REGS_GPA + CRB_LOC_CTRL)); /* mov %al,(%edx) */
	assert_contains(msg, "32-bit");
	assert_int_equal(crb_read(&vm, CRB_LOC_STS), 0);
	crb_unit_stop(&vm);
}

/* Without vtpm = yes the page is no device: the fault ends the VM as it always did. */
static void test_no_vtpm_faults(void **state)
{
	(void)state;
	cfg.vtpm = 0;
	assert_null(crb_unit_start(&vm));
	assert_false(NPF("\x89\x02", CRB_REGS_GPA + CRB_LOC_CTRL));
	assert_int_equal(msg[0], 0); /* not even decoded */
	assert_int_equal(vm.vcpu.regs.rip, 0x1000);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	static const struct CMUnitTest t[] = {
		T(test_start_maps_two_pages), T(test_no_vtpm_no_pages), T(test_stop_scrubs),
		T(test_ram_over_the_tpm),     T(test_map_fails),	T(test_store_reaches_crb),
		T(test_byte_store_refused),   T(test_no_vtpm_faults),
	};
	return cmocka_run_group_tests(t, NULL, NULL);
}
