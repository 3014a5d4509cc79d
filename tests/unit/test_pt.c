/* cordon unit tests: 4-level page-table builder (lib/x86/pt.c) and nested tables from a gpmap in the NPT format. */
/* sources: lib/x86/pt.c kernel/mem/nested.c svm/npt.c kernel/mem/gpmap.c lib/str.c */
#include <tests/unit/unit.h>
#include <lib/x86/pt.h>
#include <svm/svm.h>
#include <kernel/mem/nested.h>
#include <kernel/mem/pmm.h>

/* Linked in by svm_vm_init and kernel/mem/nested.c's VM-level calls, which these tests never make. */
struct svm_cpu svm_cpu;
const struct pt_ops *pmm_pt_ops(void)
{
	return NULL;
}

/* ---------------------------------------------------------------- host page source */

#define MAX_PAGES 64

/* Table pages come from aligned_alloc; their "physical" address is the pointer value. */
struct host {
	void *live[MAX_PAGES];
	int allocs, frees, limit; /* limit: allocations allowed, -1 = unlimited */
};

static u64 h_alloc(void *ctx)
{
	struct host *h = ctx;
	void *p;
	if (h->limit >= 0 && h->allocs >= h->limit)
		return 0;
	p = aligned_alloc(4096, 4096);
	memset(p, 0, 4096);
	for (int i = 0; i < MAX_PAGES; i++)
		if (!h->live[i]) {
			h->live[i] = p;
			h->allocs++;
			return (u64)(uptr)p;
		}
	fail_msg("test page pool exhausted");
	return 0;
}

static void *h_virt(void *ctx, u64 pa)
{
	(void)ctx;
	return (void *)(uptr)pa;
}

/* Only pages handed out by h_alloc may come back, each once. */
static void h_free(void *ctx, u64 pa)
{
	struct host *h = ctx;
	for (int i = 0; i < MAX_PAGES; i++)
		if (h->live[i] == (void *)(uptr)pa) {
			free(h->live[i]);
			h->live[i] = NULL;
			h->frees++;
			return;
		}
	fail_msg("pt freed 0x%llx, which is not a table page it allocated", pa);
}

static struct host host;
static const struct pt_ops ops = { &host, h_alloc, h_virt, h_free };
static u64 root;

static int setup(void **state)
{
	(void)state;
	memset(&host, 0, sizeof(host));
	host.limit = -1;
	root = h_alloc(&host);
	return 0;
}

/* pt_destroy must give back exactly the table pages, root included. */
static int teardown(void **state)
{
	(void)state;
	pt_destroy(&ops, root);
	assert_int_equal(host.frees, host.allocs);
	for (int i = 0; i < MAX_PAGES; i++)
		assert_null(host.live[i]);
	return 0;
}

static void expect_map(u64 va, u64 pa, u64 flags)
{
	u64 got_pa = 0, got_flags = 0;
	if (pt_lookup(&ops, root, va, &got_pa, &got_flags) < 0)
		fail_msg("va 0x%llx not mapped", va);
	assert_int_equal(got_pa, pa);
	assert_int_equal(got_flags, flags);
}

static void expect_unmapped(u64 va)
{
	u64 pa, flags;
	if (pt_lookup(&ops, root, va, &pa, &flags) == 0)
		fail_msg("va 0x%llx unexpectedly mapped to 0x%llx", va, pa);
}

/* ---------------------------------------------------------------- mapping and lookup */

static void test_map_4k(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&ops, root, 0x400000, 0x12345000, 0x3000, PTE_W, PAGE_SIZE), 0);
	expect_map(0x400000, 0x12345000, PTE_P | PTE_W);
	expect_map(0x401abc, 0x12346abc, PTE_P | PTE_W);
	expect_map(0x402fff, 0x12347fff, PTE_P | PTE_W);
	expect_unmapped(0x3ff000);
	expect_unmapped(0x403000);
	assert_int_equal(host.allocs, 4); /* root, PDPT, PD, PT */
}

/* pt_unmap removes one 4 KiB leaf (grant teardown); it refuses absent pages and large pages. */
static void test_unmap(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&ops, root, 0x400000, 0x12345000, 0x2000, PTE_W, PAGE_SIZE), 0);
	assert_int_equal(pt_unmap(&ops, root, 0x401000), 0);
	expect_unmapped(0x401000);
	expect_map(0x400000, 0x12345000, PTE_P | PTE_W);
	assert_int_equal(pt_unmap(&ops, root, 0x401000), -1); /* already gone */
	assert_int_equal(pt_unmap(&ops, root, GiB(7)), -1);   /* never mapped */
	assert_int_equal(pt_map(&ops, root, 0x40000000, 0x80000000, MiB(2), PTE_W, MiB(2)), 0);
	assert_int_equal(pt_unmap(&ops, root, 0x40001000), -1); /* inside a 2 MiB page */
	expect_map(0x40001000, 0x80001000, PTE_P | PTE_W | PTE_PS);
	assert_int_equal(pt_map(&ops, root, 0x401000, 0x55555000, 0x1000, PTE_W, PAGE_SIZE), 0); /* reusable */
}

static void test_map_2m(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&ops, root, 0x40000000, 0x80000000, MiB(4), PTE_W | PTE_NX, MiB(2)), 0);
	expect_map(0x40000000, 0x80000000, PTE_P | PTE_W | PTE_PS | PTE_NX);
	expect_map(0x40323456, 0x80323456, PTE_P | PTE_W | PTE_PS | PTE_NX);
	expect_unmapped(0x40400000);
	assert_int_equal(host.allocs, 3); /* root, PDPT, PD */
}

static void test_map_1g(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&ops, root, GiB(512), GiB(3), GiB(1), PTE_U, GiB(1)), 0);
	expect_map(GiB(512) + 0x12345678, GiB(3) + 0x12345678, PTE_P | PTE_U | PTE_PS);
	expect_unmapped(GiB(513));
	expect_unmapped(GiB(511));
	assert_int_equal(host.allocs, 2); /* root, PDPT */
}

static void test_high_half_and_sizes_mixed(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&ops, root, 0xffffffff80000000ULL, 0x200000, MiB(2), PTE_G, MiB(2)), 0);
	assert_int_equal(pt_map(&ops, root, 0xffffffff80200000ULL, 0x1000, 0x1000, 0, PAGE_SIZE), 0);
	assert_int_equal(pt_map(&ops, root, 0, 0, GiB(1), PTE_W, GiB(1)), 0);
	expect_map(0xffffffff80000123ULL, 0x200123, PTE_P | PTE_G | PTE_PS);
	expect_map(0xffffffff80200010ULL, 0x1010, PTE_P);
	expect_map(0x3fffffff, 0x3fffffff, PTE_P | PTE_W | PTE_PS);
}

/* Non-leaf entries are P|W|U so that the leaf alone decides the permissions. */
static void test_nonleaf_entries_permissive(void **state)
{
	u64 *pml4 = h_virt(NULL, root);
	(void)state;
	assert_int_equal(pt_map(&ops, root, 0x1000, 0x1000, 0x1000, 0, PAGE_SIZE), 0);
	assert_int_equal(pml4[0] & ~PTE_ADDR, PTE_P | PTE_W | PTE_U);
}

/* ---------------------------------------------------------------- rejected requests */

struct bad_map {
	const char *name;
	u64 va, pa, size, page;
};

static const struct bad_map bad_maps[] = {
	{ "4K: va misaligned", 0x1800, 0x2000, 0x1000, PAGE_SIZE },
	{ "4K: pa misaligned", 0x1000, 0x2010, 0x1000, PAGE_SIZE },
	{ "4K: size misaligned", 0x1000, 0x2000, 0x1800, PAGE_SIZE },
	{ "2M: va misaligned", 0x201000, 0x400000, MiB(2), MiB(2) },
	{ "2M: pa misaligned", 0x200000, 0x401000, MiB(2), MiB(2) },
	{ "2M: size misaligned", 0x200000, 0x400000, MiB(3), MiB(2) },
	{ "1G: va misaligned", MiB(2), GiB(1), GiB(1), GiB(1) },
	{ "1G: pa misaligned", GiB(1), MiB(2), GiB(1), GiB(1) },
	{ "1G: size misaligned", GiB(1), GiB(1), MiB(2), GiB(1) },
	{ "page size 8K", 0x2000, 0x2000, 0x2000, 0x2000 },
	{ "page size 0", 0x1000, 0x1000, 0x1000, 0 },
	{ "pa beyond 52 bits", 0x1000, 1ULL << 52, 0x1000, PAGE_SIZE },
	{ "va + size wraps", 0xfffffffffffff000ULL, 0x1000, 0x2000, PAGE_SIZE },
};

static void run_bad_map(void **state)
{
	const struct bad_map *b = *state;
	assert_int_equal(setup(NULL), 0);
	assert_int_equal(pt_map(&ops, root, b->va, b->pa, b->size, PTE_W, b->page), -1);
	expect_unmapped(b->va & ~0xfffULL);
	assert_int_equal(teardown(NULL), 0);
}

static void test_clash_4k_on_4k(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&ops, root, 0x5000, 0x9000, 0x1000, PTE_W, PAGE_SIZE), 0);
	assert_int_equal(pt_map(&ops, root, 0x4000, 0xa000, 0x2000, 0, PAGE_SIZE), -1);
	expect_map(0x5000, 0x9000, PTE_P | PTE_W);
}

static void test_clash_2m_on_table(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&ops, root, 0x201000, 0x9000, 0x1000, PTE_W, PAGE_SIZE), 0);
	assert_int_equal(pt_map(&ops, root, 0x200000, 0x400000, MiB(2), 0, MiB(2)), -1);
	expect_map(0x201000, 0x9000, PTE_P | PTE_W);
	expect_unmapped(0x200000);
}

static void test_4k_across_2m_page(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&ops, root, 0x200000, 0x400000, MiB(2), PTE_W, MiB(2)), 0);
	assert_int_equal(pt_map(&ops, root, 0x3ff000, 0x9000, 0x1000, 0, PAGE_SIZE), -1);
	expect_map(0x3ff000, 0x5ff000, PTE_P | PTE_W | PTE_PS);
}

static void test_across_1g_page(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&ops, root, GiB(1), GiB(2), GiB(1), 0, GiB(1)), 0);
	assert_int_equal(pt_map(&ops, root, GiB(1) + MiB(2), 0, MiB(2), 0, MiB(2)), -1);
	assert_int_equal(pt_map(&ops, root, GiB(1) + 0x1000, 0, 0x1000, 0, PAGE_SIZE), -1);
	expect_map(GiB(1) + MiB(2), GiB(2) + MiB(2), PTE_P | PTE_PS);
}

static void test_alloc_failure(void **state)
{
	(void)state;
	host.limit = 2; /* root and one more: the PD cannot be allocated */
	assert_int_equal(pt_map(&ops, root, 0x1000, 0x1000, 0x1000, 0, PAGE_SIZE), -1);
	expect_unmapped(0x1000);
}

static void test_destroy_counts(void **state)
{
	(void)state;
	/* Two PML4 slots, several PDs and PTs, large pages in between. */
	assert_int_equal(pt_map(&ops, root, 0, 0, 0x2000, 0, PAGE_SIZE), 0);		/* PDPT, PD, PT */
	assert_int_equal(pt_map(&ops, root, MiB(2), 0, 0x1000, 0, PAGE_SIZE), 0);	/* PT */
	assert_int_equal(pt_map(&ops, root, MiB(4), 0, MiB(4), 0, MiB(2)), 0);		/* - */
	assert_int_equal(pt_map(&ops, root, GiB(1), 0, 0x1000, 0, PAGE_SIZE), 0);	/* PD, PT */
	assert_int_equal(pt_map(&ops, root, GiB(2), 0, GiB(1), 0, GiB(1)), 0);		/* - */
	assert_int_equal(pt_map(&ops, root, GiB(512), 0, 0x1000, 0, PAGE_SIZE), 0);	/* PDPT, PD, PT */
	assert_int_equal(host.allocs, 1 + 3 + 1 + 0 + 2 + 0 + 3);
	/* teardown checks frees == allocs and that no mapped frame was freed */
}

/* ---------------------------------------------------------------- nested_build in the NPT format */

static void test_npt_build(void **state)
{
	struct gpmap m = { 0 };
	(void)state;
	assert_int_equal(gpmap_add(&m, 0, MiB(2), 0x10000000, GP_RWX), 0);
	assert_int_equal(gpmap_add(&m, MiB(4), 0x2000, 0x20000000, GP_R), 0);
	assert_int_equal(gpmap_add(&m, MiB(8), 0x1000, 0x30000000, GP_W | GP_X), 0);
	assert_int_equal(gpmap_add(&m, MiB(12), 0x1000, 0x40000000, GP_R | GP_X), 0);
	assert_int_equal(nested_build(&npt_format, &ops, root, &m), 0);
	expect_map(0, 0x10000000, PTE_P | PTE_W | PTE_U);
	expect_map(MiB(2) - 1, 0x10000000 + MiB(2) - 1, PTE_P | PTE_W | PTE_U);
	expect_map(MiB(4) + 0x1234, 0x20001234, PTE_P | PTE_U);
	expect_map(MiB(12), 0x40000000, PTE_P | PTE_U);
	expect_unmapped(MiB(2));	   /* gap */
	expect_unmapped(MiB(4) + 0x2000); /* just past the R range */
	expect_unmapped(MiB(8));	   /* no GP_R: not present */
}

static void test_npt_build_alloc_failure(void **state)
{
	struct gpmap m = { 0 };
	(void)state;
	assert_int_equal(gpmap_add(&m, 0, 0x1000, 0x10000000, GP_RWX), 0);
	host.limit = 3;
	assert_int_equal(nested_build(&npt_format, &ops, root, &m), -1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		T(test_map_4k), T(test_unmap), T(test_map_2m), T(test_map_1g), T(test_high_half_and_sizes_mixed),
		T(test_nonleaf_entries_permissive), T(test_clash_4k_on_4k), T(test_clash_2m_on_table),
		T(test_4k_across_2m_page), T(test_across_1g_page), T(test_alloc_failure), T(test_destroy_counts),
		T(test_npt_build), T(test_npt_build_alloc_failure),
	};
	static struct unit_group g;
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		g.t[g.n++] = fixed[i];
	for (size_t i = 0; i < ARRAY_SIZE(bad_maps); i++)
		unit_add(&g, bad_maps[i].name, run_bad_map, (void *)&bad_maps[i]);
	return unit_run("pt", &g);
}
