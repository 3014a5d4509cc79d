/* cordon unit tests: scrubbing ended VMs' memory in bounded pieces (kernel/mem/pmm_scrub.c). */
/* sources: kernel/mem/pmm_scrub.c kernel/mem/pmm.c lib/str.c */
#include <tests/unit/unit.h>
#include <kernel/mem/pmm.h>

#define PAGES 8
static u8 *mem; /* stands in for host frames: the allocator only sees its addresses */
static struct pmm pmm;
static struct scrub_queue q;
static int finished[4], order[4], nfinished;

static void note(void *ctx)
{
	int who = (int)(intptr_t)ctx;
	finished[who]++;
	order[nfinished++] = who;
}

static int setup(void **state)
{
	(void)state;
	mem = aligned_alloc(PAGE_SIZE, PAGES * PAGE_SIZE);
	memset(mem, 0xa5, PAGES * PAGE_SIZE); /* a VM's secrets */
	memset(&pmm, 0, sizeof(pmm));
	memset(&q, 0, sizeof(q));
	memset(finished, 0, sizeof(finished));
	nfinished = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(mem);
	return 0;
}

static u64 at(u32 page) { return (u64)(uintptr_t)(mem + page * PAGE_SIZE); }

static bool all_zero(u32 from, u32 pages)
{
	for (u64 i = 0; i < pages * PAGE_SIZE; i++)
		if (mem[from * PAGE_SIZE + i])
			return false;
	return true;
}

static void zero_words(void **state)
{
	(void)state;
	pmm_zero(mem + 8, 3 * 8);
	assert_int_equal(mem[7], 0xa5);
	assert_true(mem[8] == 0 && mem[31] == 0);
	assert_int_equal(mem[32], 0xa5);
}

/* A job is zeroed piece by piece and reaches the allocator only when wholly zero. */
static void pieces_then_free(void **state)
{
	(void)state;
	assert_int_equal(scrub_add(&q, at(0), 4 * PAGE_SIZE, note, (void *)0), 0);
	assert_int_equal(scrub_run(&q, &pmm, NULL, PAGE_SIZE), PAGE_SIZE);
	assert_true(all_zero(0, 1));
	assert_int_equal(mem[PAGE_SIZE], 0xa5); /* no more than the budget */
	assert_int_equal(pmm.free_bytes, 0);	  /* not yet free: part of it still holds the VM's data */
	assert_int_equal(finished[0], 0);
	assert_int_equal(scrub_run(&q, &pmm, NULL, 2 * PAGE_SIZE), 2 * PAGE_SIZE);
	assert_int_equal(pmm.free_bytes, 0);
	assert_int_equal(scrub_run(&q, &pmm, NULL, 100 * PAGE_SIZE), PAGE_SIZE);
	assert_true(all_zero(0, 4));
	assert_int_equal(pmm.free_bytes, 4 * PAGE_SIZE);
	assert_int_equal(pmm_alloc_in(&pmm, 4 * PAGE_SIZE, PAGE_SIZE), at(0));
	assert_int_equal(finished[0], 1);
	assert_int_equal(q.n, 0);
	assert_int_equal(scrub_run(&q, &pmm, NULL, PAGE_SIZE), 0);
}

/* Oldest first; one call may finish one job and go on into the next. */
static void jobs_in_order(void **state)
{
	(void)state;
	assert_int_equal(scrub_add(&q, at(4), 2 * PAGE_SIZE, note, (void *)1), 0);
	assert_int_equal(scrub_add(&q, at(0), 2 * PAGE_SIZE, note, (void *)2), 0);
	assert_int_equal(scrub_run(&q, &pmm, NULL, 3 * PAGE_SIZE), 3 * PAGE_SIZE);
	assert_int_equal(nfinished, 1);
	assert_int_equal(order[0], 1);
	assert_true(all_zero(4, 2) && all_zero(0, 1));
	assert_int_equal(mem[PAGE_SIZE], 0xa5);
	assert_int_equal(pmm.free_bytes, 2 * PAGE_SIZE);
	scrub_run(&q, &pmm, NULL, ~0ull);
	assert_int_equal(nfinished, 2);
	assert_int_equal(order[1], 2);
	assert_int_equal(pmm.free_bytes, 4 * PAGE_SIZE);
}

/* A budget below one word does nothing rather than loop or write past it. */
static void tiny_budget(void **state)
{
	(void)state;
	assert_int_equal(scrub_add(&q, at(0), PAGE_SIZE, note, (void *)0), 0);
	assert_int_equal(scrub_run(&q, &pmm, NULL, 7), 0);
	assert_int_equal(mem[0], 0xa5);
	assert_int_equal(scrub_run(&q, &pmm, NULL, 12), 8);
	assert_int_equal(mem[8], 0xa5);
}

static void bad_jobs_refused(void **state)
{
	(void)state;
	assert_int_equal(scrub_add(&q, at(0) + 8, PAGE_SIZE, NULL, NULL), -1);
	assert_int_equal(scrub_add(&q, at(0), 100, NULL, NULL), -1);
	assert_int_equal(scrub_add(&q, at(0), 0, NULL, NULL), -1);
	for (u32 i = 0; i < SCRUB_MAX_JOBS; i++)
		assert_int_equal(scrub_add(&q, at(0), PAGE_SIZE, NULL, NULL), 0);
	assert_int_equal(scrub_add(&q, at(1), PAGE_SIZE, NULL, NULL), -1); /* full: the caller scrubs itself */
}

/* A job whose range is already free is counted, not silently merged (the hypervisor panics on it). */
static void overlap_counted(void **state)
{
	(void)state;
	assert_int_equal(pmm_free_in(&pmm, at(0), PAGE_SIZE), 0);
	assert_int_equal(scrub_add(&q, at(0), PAGE_SIZE, note, (void *)0), 0);
	scrub_run(&q, &pmm, NULL, ~0ull);
	assert_int_equal(q.bad_frees, 1);
	assert_int_equal(pmm.free_bytes, PAGE_SIZE);
}

/* ---- the set of free memory known to be zero */

static void remove_splits_and_trims(void **state)
{
	static const struct bi_mem none[1];
	struct pmm set;
	(void)state;
	pmm_init(&set, none, 0);
	assert_int_equal(pmm_free_in(&set, 0x100000, 0x10000), 0);
	assert_int_equal(pmm_free_in(&set, 0x200000, 0x10000), 0);
	pmm_remove_in(&set, 0x104000, 0x2000); /* the middle of the first: split */
	assert_int_equal(set.n, 3);
	assert_int_equal(set.r[0].end, 0x104000);
	assert_int_equal(set.r[1].base, 0x106000);
	pmm_remove_in(&set, 0x10f000, 0xf2000); /* the end of one and the start of the next */
	assert_int_equal(set.n, 3);
	assert_int_equal(set.r[1].end, 0x10f000);
	assert_int_equal(set.r[2].base, 0x201000);
	pmm_remove_in(&set, 0, ~0ull); /* everything, without wrapping */
	assert_int_equal(set.n, 0);
	assert_int_equal(set.free_bytes, 0);
}

/* A split in a full set forgets the right part: less is known zero, never more. */
static void remove_in_full_set(void **state)
{
	struct pmm set;
	(void)state;
	memset(&set, 0, sizeof(set));
	for (u32 i = 0; i < PMM_MAX_RANGES; i++)
		assert_int_equal(pmm_free_in(&set, (u64)i * 0x10000, 0x4000), 0);
	pmm_remove_in(&set, 0x1000, 0x1000);
	assert_int_equal(set.n, PMM_MAX_RANGES);
	assert_int_equal(set.r[0].base, 0);
	assert_int_equal(set.r[0].end, 0x1000);
	assert_int_equal(set.free_bytes, (PMM_MAX_RANGES - 1) * 0x4000ull + 0x1000);
}

/* Only what the set does not cover is written. */
static void zero_unclean_skips_clean(void **state)
{
	struct pmm set;
	(void)state;
	memset(&set, 0, sizeof(set));
	assert_int_equal(pmm_free_in(&set, at(1), PAGE_SIZE), 0);
	assert_int_equal(pmm_free_in(&set, at(3), 2 * PAGE_SIZE), 0);
	pmm_zero_unclean(&set, at(0), 6 * PAGE_SIZE);
	assert_true(all_zero(0, 1) && all_zero(2, 1) && all_zero(5, 1));
	assert_int_equal(mem[1 * PAGE_SIZE], 0xa5); /* trusted to be zero already, so left alone */
	assert_int_equal(mem[4 * PAGE_SIZE + 7], 0xa5);
	assert_int_equal(mem[6 * PAGE_SIZE], 0xa5); /* past the range */
}

/* A finished job joins the clean set; nothing of it is cleared twice, nothing unscrubbed is skipped. */
static void scrubbed_memory_is_known_zero(void **state)
{
	struct pmm set;
	(void)state;
	memset(&set, 0, sizeof(set));
	assert_int_equal(scrub_add(&q, at(2), 2 * PAGE_SIZE, NULL, NULL), 0);
	scrub_run(&q, &pmm, &set, PAGE_SIZE);
	assert_int_equal(set.n, 0); /* half done: not known zero */
	scrub_run(&q, &pmm, &set, PAGE_SIZE);
	assert_int_equal(set.n, 1);
	assert_int_equal(set.r[0].base, at(2));
	assert_int_equal(set.free_bytes, 2 * PAGE_SIZE);
	memset(mem, 0xa5, 2 * PAGE_SIZE); /* pages 0-1: dirty, as boot memory is */
	pmm_zero_unclean(&set, at(0), 4 * PAGE_SIZE);
	assert_true(all_zero(0, 4));
	pmm_remove_in(&set, at(0), 4 * PAGE_SIZE); /* allocated: no longer free, so no longer known zero */
	assert_int_equal(set.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(zero_words, setup, teardown),
		cmocka_unit_test_setup_teardown(pieces_then_free, setup, teardown),
		cmocka_unit_test_setup_teardown(jobs_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(tiny_budget, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_jobs_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(overlap_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(remove_splits_and_trims, setup, teardown),
		cmocka_unit_test_setup_teardown(remove_in_full_set, setup, teardown),
		cmocka_unit_test_setup_teardown(zero_unclean_skips_clean, setup, teardown),
		cmocka_unit_test_setup_teardown(scrubbed_memory_is_known_zero, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
