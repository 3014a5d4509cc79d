/* cordon unit tests: physical memory allocator (kernel/mem/pmm.c). */
/* sources: kernel/mem/pmm.c lib/str.c */
#include <tests/unit/unit.h>
#include <kernel/mem/pmm.h>

static struct pmm pmm, saved;

/* A firmware-like map: low memory, loader/runtime/ACPI/reserved holes, two adjacent usable ranges. */
static const struct bi_mem map[] = {
	{ 0x0, 0x9f, BI_MEM_USABLE, 0 },	 /* below 1 MiB: skipped */
	{ 0xf0000, 0x20, BI_MEM_USABLE, 0 },	 /* straddles 1 MiB: clipped */
	{ 0x110000, 0x10, BI_MEM_LOADER, 0 },
	{ 0x120000, 0x1e0, BI_MEM_USABLE, 0 },
	{ 0x300000, 0x100, BI_MEM_RUNTIME, 0 },
	{ 0x400000, 0x100, BI_MEM_ACPI, 0 },
	{ 0x500000, 0x100, BI_MEM_RESERVED, 0 },
	{ 0x600000, 0x200, BI_MEM_USABLE, 0 },
	{ 0x800000, 0x200, BI_MEM_USABLE, 0 }, /* adjacent to the previous: merged */
};

static const struct pmm_range want_ranges[] = {
	{ 0x100000, 0x110000 }, { 0x120000, 0x300000 }, { 0x600000, 0xa00000 },
};
#define WANT_FREE (0x10000ULL + 0x1e0000 + 0x400000)

static int setup(void **state)
{
	(void)state;
	pmm_init(&pmm, map, ARRAY_SIZE(map));
	return 0;
}

static bool in_usable(u64 base, u64 end)
{
	for (size_t i = 0; i < ARRAY_SIZE(want_ranges); i++)
		if (base >= want_ranges[i].base && end <= want_ranges[i].end)
			return true;
	return false;
}

/* Sorted, non-empty, page aligned, never adjacent, inside usable memory, free_bytes == sum. */
static void check_invariant(const struct pmm *p)
{
	u64 sum = 0;
	assert_in_range(p->n, 0, PMM_MAX_RANGES);
	for (u32 i = 0; i < p->n; i++) {
		const struct pmm_range *r = &p->r[i];
		if (r->base >= r->end || (r->base | r->end) & 0xfff || !in_usable(r->base, r->end))
			fail_msg("bad range %u: [0x%llx, 0x%llx)", i, r->base, r->end);
		if (i && p->r[i - 1].end >= r->base)
			fail_msg("ranges %u and %u unsorted or adjacent", i - 1, i);
		sum += r->end - r->base;
	}
	assert_int_equal(p->free_bytes, sum);
}

static void expect_ranges(const struct pmm_range *want, u32 n)
{
	assert_int_equal(pmm.n, n);
	for (u32 i = 0; i < n; i++) {
		assert_int_equal(pmm.r[i].base, want[i].base);
		assert_int_equal(pmm.r[i].end, want[i].end);
	}
}

/* Same free ranges and byte count (slots past n are not compared). */
static void expect_same(const struct pmm *a, const struct pmm *b)
{
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->free_bytes, b->free_bytes);
	assert_memory_equal(a->r, b->r, a->n * sizeof(a->r[0]));
}

static void test_init_uses_only_usable(void **state)
{
	(void)state;
	expect_ranges(want_ranges, ARRAY_SIZE(want_ranges));
	assert_int_equal(pmm.free_bytes, WANT_FREE);
	check_invariant(&pmm);
}

static void test_init_empty_and_low_only(void **state)
{
	static const struct bi_mem low[] = { { 0x1000, 0xff, BI_MEM_USABLE, 0 } };
	(void)state;
	pmm_init(&pmm, low, 1);
	assert_int_equal(pmm.n, 0);
	assert_int_equal(pmm.free_bytes, 0);
	assert_int_equal(pmm_alloc_in(&pmm, 0x1000, 0x1000), 0);
	pmm_init(&pmm, map, 0);
	assert_int_equal(pmm.n, 0);
}

/* Page by page until empty: every page in usable memory, none twice, total == free_bytes. */
static void test_exhaust_4k(void **state)
{
	static u8 seen[0xa00];
	u64 n = 0, pa;
	(void)state;
	memset(seen, 0, sizeof(seen));
	while ((pa = pmm_alloc_in(&pmm, 0x1000, 0x1000))) {
		if (!in_usable(pa, pa + 0x1000) || seen[pa >> 12]++)
			fail_msg("page 0x%llx handed out wrongly", pa);
		n++;
	}
	assert_int_equal(n * 0x1000, WANT_FREE);
	assert_int_equal(pmm.free_bytes, 0);
	assert_int_equal(pmm.n, 0);
	assert_int_equal(pmm_alloc_in(&pmm, 1, 0x1000), 0);
}

static void test_alloc_rounds_and_first_fit(void **state)
{
	(void)state;
	assert_int_equal(pmm_alloc_in(&pmm, 1, 0x1000), 0x100000);
	assert_int_equal(pmm_alloc_in(&pmm, 0x1001, 0x1000), 0x101000);
	assert_int_equal(pmm.free_bytes, WANT_FREE - 0x3000);
	assert_int_equal(pmm_alloc_in(&pmm, 0x20000, 0x1000), 0x120000); /* too big for the first range */
	check_invariant(&pmm);
}

static void test_alloc_2m_aligned(void **state)
{
	static const struct pmm_range after[] = {
		{ 0x100000, 0x110000 }, { 0x120000, 0x200000 }, { 0x201000, 0x300000 }, { 0x800000, 0xa00000 },
	};
	(void)state;
	assert_int_equal(pmm_alloc_in(&pmm, 0x1000, MiB(2)), 0x200000); /* splits the second range */
	assert_int_equal(pmm_alloc_in(&pmm, MiB(2), MiB(2)), 0x600000);
	expect_ranges(after, ARRAY_SIZE(after));
	assert_int_equal(pmm.free_bytes, WANT_FREE - 0x1000 - MiB(2));
	assert_int_equal(pmm_alloc_in(&pmm, MiB(2), MiB(2)), 0x800000);
	assert_int_equal(pmm_alloc_in(&pmm, MiB(2), MiB(2)), 0); /* no aligned 2 MiB left */
	check_invariant(&pmm);
}

static void test_alloc_rejects_bad_args(void **state)
{
	static const struct { u64 bytes, align; } t[] = {
		{ 0, 0x1000 }, { 0x1000, 0 }, { 0x1000, 0x800 }, { 0x1000, 0x3000 }, { 0x1000, 0x1001 },
		{ ~0ULL, 0x1000 }, { ~0ULL - 0x1000, 0x1000 }, { WANT_FREE, 0x1000 }, { 0x1000, 1ULL << 63 },
	};
	(void)state;
	saved = pmm;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		if (pmm_alloc_in(&pmm, t[i].bytes, t[i].align))
			fail_msg("alloc(0x%llx, align 0x%llx) succeeded", t[i].bytes, t[i].align);
		assert_memory_equal(&pmm, &saved, sizeof(pmm));
	}
}

/* Taking everything in pieces and giving it back in another order restores the initial state. */
static void test_free_merges_back(void **state)
{
	u64 a[64];
	int n = 0;
	(void)state;
	saved = pmm;
	while (n < 64 && (a[n] = pmm_alloc_in(&pmm, 0x1000ULL << (n % 5), 0x1000)))
		n++;
	for (int i = 0; i < n; i += 2)
		assert_int_equal(pmm_free_in(&pmm, a[i], 0x1000ULL << (i % 5)), 0);
	check_invariant(&pmm);
	for (int i = 1; i < n; i += 2)
		assert_int_equal(pmm_free_in(&pmm, a[i], 0x1000ULL << (i % 5)), 0);
	check_invariant(&pmm);
	expect_same(&pmm, &saved);
}

static void test_free_single_range_whole(void **state)
{
	static const struct bi_mem one[] = { { MiB(16), 0x400, BI_MEM_USABLE, 0 } };
	static const struct pmm_range whole[] = { { MiB(16), MiB(20) } };
	static const int order[4] = { 2, 0, 3, 1 };
	(void)state;
	pmm_init(&pmm, one, 1);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pmm_alloc_in(&pmm, MiB(1), 0x1000), MiB(16) + i * MiB(1));
	assert_int_equal(pmm.n, 0);
	assert_int_equal(pmm.free_bytes, 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pmm_free_in(&pmm, MiB(16) + order[i] * MiB(1), MiB(1)), 0);
	expect_ranges(whole, 1);
	assert_int_equal(pmm.free_bytes, MiB(4));
}

/* Frees that must fail and leave the allocator untouched. */
struct bad_free {
	const char *name;
	u64 base, bytes;
};

static const struct bad_free bad_frees[] = {
	{ "double free of a free page", 0x120000, 0x1000 },
	{ "free overlapping a range start", 0x11f000, 0x2000 },
	{ "free overlapping a range end", 0x2ff000, 0x2000 },
	{ "free covering a whole range", 0x110000, 0x200000 },
	{ "free inside a range", 0x200000, 0x1000 },
	{ "free of zero bytes", 0x110000, 0 },
	{ "free misaligned", 0x110800, 0x1000 },
	{ "free wrapping the address space", 0xfffffffffffff000ULL, 0x2000 },
	{ "free of 2^64-1 bytes", 0x110000, ~0ULL },
	{ "free of 2^64-4095 bytes", 0xb00000, ~0ULL - 0xffe },
};

static void run_bad_free(void **state)
{
	const struct bad_free *b = *state;
	setup(NULL);
	saved = pmm;
	assert_int_equal(pmm_free_in(&pmm, b->base, b->bytes), -1);
	assert_memory_equal(&pmm, &saved, sizeof(pmm));
}

static void test_double_free_after_alloc(void **state)
{
	u64 pa;
	(void)state;
	pa = pmm_alloc_in(&pmm, 0x3000, 0x1000);
	assert_int_equal(pmm_free_in(&pmm, pa + 0x1000, 0x1000), 0);
	saved = pmm;
	assert_int_equal(pmm_free_in(&pmm, pa + 0x1000, 0x1000), -1);
	assert_int_equal(pmm_free_in(&pmm, pa, 0x3000), -1);
	assert_memory_equal(&pmm, &saved, sizeof(pmm));
}

/* 256 ranges of three pages each, 4 KiB but not 8 KiB aligned: the table is full. */
static void init_full(void)
{
	static struct bi_mem m[PMM_MAX_RANGES];
	for (u32 i = 0; i < PMM_MAX_RANGES; i++)
		m[i] = (struct bi_mem){ MiB(2) + i * 0x10000ULL + 0x1000, 3, BI_MEM_USABLE, 0 };
	pmm_init(&pmm, m, PMM_MAX_RANGES);
}

static void test_full_table(void **state)
{
	(void)state;
	init_full();
	assert_int_equal(pmm.n, PMM_MAX_RANGES);
	saved = pmm;
	assert_int_equal(pmm_free_in(&pmm, MiB(64), 0x1000), -1); /* no slot for a new range */
	assert_int_equal(pmm_alloc_in(&pmm, 0x1000, 0x2000), 0);  /* every fit needs a split */
	assert_memory_equal(&pmm, &saved, sizeof(pmm));
	assert_int_equal(pmm_alloc_in(&pmm, 0x1000, 0x1000), MiB(2) + 0x1000);
	assert_int_equal(pmm_free_in(&pmm, MiB(2) + 0x1000, 0x1000), 0); /* joins: needs no slot */
	assert_memory_equal(&pmm, &saved, sizeof(pmm));
}

/* Random alloc/free sequences keep the invariant; freeing everything restores the start. */
static void test_random_sequences(void **state)
{
	static const u64 aligns[] = { 0x1000, 0x2000, 0x10000, MiB(2) };
	struct { u64 base, bytes; } live[128];
	int nlive = 0;
	(void)state;
	srand(12345);
	saved = pmm;
	for (int step = 0; step < 20000; step++) {
		if (nlive < 128 && rand() % 3) {
			u64 bytes = (u64)(rand() % 64 + 1) * 0x1000 - (u64)(rand() % 0x1000);
			u64 pa = pmm_alloc_in(&pmm, bytes, aligns[rand() % 4]);
			if (pa) {
				live[nlive].base = pa;
				live[nlive++].bytes = bytes;
			}
		} else if (nlive) {
			int i = rand() % nlive;
			assert_int_equal(pmm_free_in(&pmm, live[i].base, live[i].bytes), 0);
			live[i] = live[--nlive];
		}
		check_invariant(&pmm);
	}
	while (nlive--)
		assert_int_equal(pmm_free_in(&pmm, live[nlive].base, live[nlive].bytes), 0);
	expect_same(&pmm, &saved);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		T(test_init_uses_only_usable), T(test_init_empty_and_low_only), T(test_exhaust_4k),
		T(test_alloc_rounds_and_first_fit), T(test_alloc_2m_aligned), T(test_alloc_rejects_bad_args),
		T(test_free_merges_back), T(test_free_single_range_whole), T(test_double_free_after_alloc),
		T(test_full_table), T(test_random_sequences),
	};
	static struct unit_group g;
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		g.t[g.n++] = fixed[i];
	for (size_t i = 0; i < ARRAY_SIZE(bad_frees); i++)
		unit_add(&g, bad_frees[i].name, run_bad_free, (void *)&bad_frees[i]);
	return unit_run("pmm", &g);
}
