/* cordon unit tests: the nested-table builder (kernel/mem/nested.c) driven with the NPT and the EPT format. */
/* sources: kernel/mem/nested.c svm/npt.c vmx/ept.c lib/x86/pt.c kernel/mem/gpmap.c lib/str.c */
#include <tests/unit/unit.h>
#include <lib/x86/pt.h>
#include <kernel/mem/nested.h>
#include <svm/svm.h>
#include <vmx/vmx.h>

/* Referenced by the backends' files; the tests set the ASID count where it matters. */
struct svm_cpu svm_cpu;
struct vmx_cpu vmx_cpu;

/* ---------------------------------------------------------------- table pages: counted, checked on free */

#define MAX_PAGES 128

static struct {
	void *live[MAX_PAGES];
	int allocs, frees, limit; /* limit: allocations allowed, -1 = unlimited */
} pool;

static u64 p_alloc(void *ctx)
{
	(void)ctx;
	if (pool.limit >= 0 && pool.allocs >= pool.limit)
		return 0;
	for (int i = 0; i < MAX_PAGES; i++)
		if (!pool.live[i]) {
			pool.live[i] = aligned_alloc(4096, 4096);
			memset(pool.live[i], 0, 4096);
			pool.allocs++;
			return (u64)(uptr)pool.live[i];
		}
	fail_msg("test page pool exhausted");
	return 0;
}

static void *p_virt(void *ctx, u64 pa)
{
	(void)ctx;
	return (void *)(uptr)pa;
}

static void p_free(void *ctx, u64 pa)
{
	(void)ctx;
	for (int i = 0; i < MAX_PAGES; i++)
		if (pool.live[i] == (void *)(uptr)pa) {
			free(pool.live[i]);
			pool.live[i] = NULL;
			pool.frees++;
			return;
		}
	fail_msg("freed 0x%llx, which is no table page", (unsigned long long)pa);
}

static const struct pt_ops ops = { NULL, p_alloc, p_virt, p_free };

/* nested.c takes its pages from the global allocator: here, the counted pool. */
const struct pt_ops *pmm_pt_ops(void)
{
	return &ops;
}

/* ---------------------------------------------------------------- the two formats, with a counted flush */

static int flushes;
static struct vm *flushed_vm;

static void count_flush(struct vm *vm)
{
	flushes++;
	flushed_vm = vm;
}

/* The backend's own entry bits; only the flush is replaced (EPT's runs INVEPT, which needs VMX root). */
struct fmt_case {
	const struct nested_format *real;
	struct nested_format f;
	u64 rwx, r, rw, rx, grant_r, grant_rw; /* expected leaf flags (bits below the address) */
};

static struct fmt_case npt = {
	.real = &npt_format,
	.rwx = PTE_P | PTE_W | PTE_U, .r = PTE_P | PTE_U, .rw = PTE_P | PTE_W | PTE_U, .rx = PTE_P | PTE_U,
	.grant_r = PTE_P | PTE_U, .grant_rw = PTE_P | PTE_W | PTE_U,
};
static struct fmt_case ept = {
	.real = &ept_format,
	.rwx = EPT_R | EPT_W | EPT_X | EPT_MT_WB, .r = EPT_R | EPT_MT_WB, .rw = EPT_R | EPT_W | EPT_MT_WB,
	.rx = EPT_R | EPT_X | EPT_MT_WB,
	/* grants are executable on EPT, as they always were */
	.grant_r = EPT_R | EPT_X | EPT_MT_WB, .grant_rw = EPT_R | EPT_W | EPT_X | EPT_MT_WB,
};

static struct vm vms_[3];

static int setup(void **state)
{
	struct fmt_case *c = *state;
	memset(&pool, 0, sizeof(pool));
	memset(vms_, 0, sizeof(vms_));
	pool.limit = -1;
	flushes = 0;
	flushed_vm = NULL;
	c->f = *c->real;
	c->f.flush = count_flush;
	return 0;
}

/* Every test ends with each VM destroyed: every table page must be back, none twice. */
static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++)
		if (vms_[i].nested_root)
			nested_vm_destroy(&vms_[i]);
	assert_int_equal(pool.frees, pool.allocs);
	for (int i = 0; i < MAX_PAGES; i++)
		assert_null(pool.live[i]);
	return 0;
}

static void expect_leaf(struct vm *vm, u64 gpa, u64 hpa, u64 flags)
{
	u64 pa = 0, fl = 0;
	if (pt_lookup(&ops, vm->nested_root, gpa, &pa, &fl) < 0)
		fail_msg("gpa 0x%llx not mapped", (unsigned long long)gpa);
	assert_int_equal(pa, hpa);
	assert_int_equal(fl, flags);
}

static void expect_absent(struct vm *vm, u64 gpa)
{
	u64 pa, fl;
	assert_int_equal(pt_lookup(&ops, vm->nested_root, gpa, &pa, &fl), -1);
}

/* A small map: RAM, a read-only range, an executable read-only one, and one with no R (never present). */
static void small_map(struct gpmap *m)
{
	assert_int_equal(gpmap_add(m, 0, 0x3000, 0x10000000, GP_RWX), 0);
	assert_int_equal(gpmap_add(m, MiB(1), 0x1000, 0x20000000, GP_R), 0);
	assert_int_equal(gpmap_add(m, MiB(1) + 0x1000, 0x1000, 0x21000000, GP_R | GP_X), 0);
	assert_int_equal(gpmap_add(m, MiB(1) + 0x2000, 0x1000, 0x22000000, GP_R | GP_W), 0);
	assert_int_equal(gpmap_add(m, MiB(2), 0x1000, 0x30000000, GP_W | GP_X), 0);
}

/* ---------------------------------------------------------------- tests */

static void test_build_entries(void **state)
{
	struct fmt_case *c = *state;
	struct vm *vm = &vms_[0];
	u64 *root;
	small_map(&vm->map);
	assert_int_equal(nested_vm_init(&c->f, vm, NESTED_MAX_TAGS), 0);
	assert_int_equal(vm->tag, 1);
	assert_int_equal(pool.allocs, 4); /* root, PDPT, PD, one PT: every range lies in the first 2 MiB + 1 */
	expect_leaf(vm, 0x2fff, 0x10002fff, c->rwx);
	expect_leaf(vm, MiB(1), 0x20000000, c->r);
	expect_leaf(vm, MiB(1) + 0x1010, 0x21000010, c->rx);
	expect_leaf(vm, MiB(1) + 0x2000, 0x22000000, c->rw);
	expect_absent(vm, 0x3000);  /* gap */
	expect_absent(vm, MiB(2)); /* no GP_R */
	/* non-leaf entries let the leaf decide: P|W|U, which is EPT's R|W|X (and no memory type) */
	root = (u64 *)(uptr)vm->nested_root;
	assert_int_equal(root[0] & 0xfff, 7);
	/* the tables were flushed once, for this VM, before it can run */
	assert_int_equal(flushes, 1);
	assert_ptr_equal(flushed_vm, vm);
}

static void test_grant_map_unmap(void **state)
{
	struct fmt_case *c = *state;
	struct vm *vm = &vms_[0];
	small_map(&vm->map);
	assert_int_equal(nested_vm_init(&c->f, vm, NESTED_MAX_TAGS), 0);
	assert_int_equal(nested_map_page(&c->f, vm, GiB(1), 0x40000000, GP_R), 0);
	assert_int_equal(nested_map_page(&c->f, vm, GiB(1) + 0x1000, 0x41000000, GP_R | GP_W), 0);
	expect_leaf(vm, GiB(1), 0x40000000, c->grant_r);
	expect_leaf(vm, GiB(1) + 0x1000, 0x41000000, c->grant_rw);
	/* a page already mapped is refused, not overwritten */
	assert_int_equal(nested_map_page(&c->f, vm, GiB(1), 0x50000000, GP_R), -1);
	expect_leaf(vm, GiB(1), 0x40000000, c->grant_r);
	flushes = 0;
	nested_unmap_page(&c->f, vm, GiB(1));
	expect_absent(vm, GiB(1));
	expect_leaf(vm, GiB(1) + 0x1000, 0x41000000, c->grant_rw);
	expect_leaf(vm, 0, 0x10000000, c->rwx);
	assert_int_equal(flushes, 1); /* the unmap flushed: no stale translation survives the next entry */
	assert_ptr_equal(flushed_vm, vm);
}

static void test_destroy_frees_every_page(void **state)
{
	struct fmt_case *c = *state;
	struct vm *vm = &vms_[0];
	small_map(&vm->map);
	assert_int_equal(gpmap_add(&vm->map, GiB(4), MiB(2) + 0x1000, 0x60000000, GP_RWX), 0); /* 2 PTs more */
	assert_int_equal(nested_vm_init(&c->f, vm, NESTED_MAX_TAGS), 0);
	assert_int_equal(nested_map_page(&c->f, vm, GiB(600), 0x70000000, GP_R), 0); /* another PML4 slot */
	assert_true(pool.allocs > 8);
	nested_vm_destroy(vm);
	assert_int_equal(pool.frees, pool.allocs);
	assert_int_equal(vm->nested_root, 0);
	assert_int_equal(vm->tag, 0);
	/* its tag is free again */
	assert_int_equal(nested_vm_init(&c->f, &vms_[1], NESTED_MAX_TAGS), 0);
	assert_int_equal(vms_[1].tag, 1);
}

/* An allocation failure half way: init fails, and destroy still frees what was built. */
static void test_build_failure_rolls_back(void **state)
{
	struct fmt_case *c = *state;
	struct vm *vm = &vms_[0];
	small_map(&vm->map);
	pool.limit = 3;
	assert_int_equal(nested_vm_init(&c->f, vm, NESTED_MAX_TAGS), -1);
	assert_int_equal(flushes, 0);
	assert_int_not_equal(vm->nested_root, 0);
	nested_vm_destroy(vm); /* what vm.c does: teardown sees nested_root */
	assert_int_equal(pool.frees, 3);
}

/* Tags are 1 .. limit-1 with the limit capped at NESTED_MAX_TAGS; none left fails the VM's init. */
static void test_tags(void **state)
{
	struct fmt_case *c = *state;
	assert_int_equal(nested_vm_init(&c->f, &vms_[0], 3), 0);
	assert_int_equal(nested_vm_init(&c->f, &vms_[1], 3), 0);
	assert_int_equal(vms_[0].tag, 1);
	assert_int_equal(vms_[1].tag, 2);
	assert_int_equal(nested_vm_init(&c->f, &vms_[2], 3), -1);
	assert_int_equal(vms_[2].tag, 0);
	nested_vm_destroy(&vms_[2]);
	nested_vm_destroy(&vms_[0]);
	assert_int_equal(nested_vm_init(&c->f, &vms_[0], 1000), 0);
	assert_int_equal(vms_[0].tag, 1);
}

static void test_tag_cap(void **state)
{
	struct fmt_case *c = *state;
	static struct vm many[NESTED_MAX_TAGS];
	u32 i;
	memset(many, 0, sizeof(many));
	for (i = 0; i < NESTED_MAX_TAGS - 1; i++) {
		assert_int_equal(nested_vm_init(&c->f, &many[i], 1u << 20), 0);
		assert_int_equal(many[i].tag, i + 1);
	}
	assert_int_equal(nested_vm_init(&c->f, &many[i], 1u << 20), -1); /* the pool is 64 wide */
	for (i = 0; i < NESTED_MAX_TAGS; i++)
		nested_vm_destroy(&many[i]);
}

/* The backends' own hooks, where they run on a host: SVM's limit is the CPU's ASID count, its flush a TLB_CONTROL. */
static void test_npt_backend(void **state)
{
	struct vm *vm = &vms_[0];
	(void)state;
	svm_cpu.nasid = 2; /* one ASID besides the host's */
	small_map(&vm->map);
	assert_int_equal(svm_vm_init(vm), 0);
	assert_int_equal(vm->tag, 1);
	expect_leaf(vm, 0, 0x10000000, npt.rwx);
	assert_int_equal(svm_vm_init(&vms_[1]), -1);
	vm->vcpu.launched = true;
	assert_int_equal(svm_map_page(vm, GiB(1), 0x40000000, GP_R), 0);
	expect_leaf(vm, GiB(1), 0x40000000, npt.grant_r);
	svm_unmap_page(vm, GiB(1));
	expect_absent(vm, GiB(1));
	assert_false(vm->vcpu.launched); /* the next VMRUN flushes the ASID */
	svm_vm_destroy(&vms_[1]);
	svm_vm_destroy(vm);
	assert_int_equal(vm->nested_root, 0);
}

#define F(fn, c) { #fn " (" #c ")", fn, setup, teardown, &c }

int main(void)
{
	static const struct CMUnitTest tests[] = {
		F(test_build_entries, npt), F(test_build_entries, ept),
		F(test_grant_map_unmap, npt), F(test_grant_map_unmap, ept),
		F(test_destroy_frees_every_page, npt), F(test_destroy_frees_every_page, ept),
		F(test_build_failure_rolls_back, npt), F(test_build_failure_rolls_back, ept),
		F(test_tags, npt), F(test_tags, ept),
		F(test_tag_cap, npt), F(test_tag_cap, ept),
		F(test_npt_backend, npt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
