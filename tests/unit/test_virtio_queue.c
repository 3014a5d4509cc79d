/* cordon unit tests: the split-virtqueue walker (kernel/dev/virtq.c) against hostile rings. */
/* sources: kernel/dev/virtq.c kernel/mem/gpmap.c lib/str.c */
#include <tests/unit/unit.h>
#include <kernel/dev/virtq.h>

/* A 64 KiB guest at gpa 0; the ring at gpa 0x4000 (PFN 4), buffers from 0x8000. */
#define RAM (64 * 1024)
#define RING_PFN 4u
#define RING_GPA (RING_PFN * 4096ull)
#define BUF_GPA 0x8000ull

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
} __attribute__((packed));

static uint8_t *ram;
static struct gpmap map;
static struct virtq q;
static struct vq_chain c;

static struct desc *desc(void) { return (struct desc *)(ram + RING_GPA); }
static uint16_t *avail(void) { return (uint16_t *)(ram + RING_GPA + VQ_DESC_BYTES); }
static uint32_t *used(void) { return (uint32_t *)(ram + RING_GPA + VQ_USED_OFFSET); }

static int setup(void **state)
{
	(void)state;
	ram = aligned_alloc(4096, RAM);
	memset(ram, 0, RAM);
	memset(&map, 0, sizeof(map));
	assert_int_equal(gpmap_add(&map, 0, RAM, (u64)(uintptr_t)ram, GP_RWX), 0);
	q = (struct virtq){ .pfn = RING_PFN };
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

/* Makes chain `head` of n descriptors head, head+1, ... (mod VQ_SIZE), each len bytes, and posts it. */
static void post_chain(uint16_t head, uint32_t n, uint32_t len, uint16_t flags)
{
	for (uint32_t k = 0; k < n; k++) {
		uint16_t i = (uint16_t)((head + k) % VQ_SIZE);
		desc()[i] = (struct desc){ BUF_GPA + 16 * i, len, flags, (uint16_t)((i + 1) % VQ_SIZE) };
		if (k + 1 < n)
			desc()[i].flags |= 1; /* NEXT */
	}
	avail()[2 + avail()[1] % VQ_SIZE] = head;
	avail()[1]++;
}

static void empty_ring(void **state)
{
	(void)state;
	assert_int_equal(vq_pending(&q, &map), 0);
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_EMPTY);
	assert_false(q.broken);
}

static void one_chain_and_push(void **state)
{
	(void)state;
	post_chain(3, 2, 8, 0);
	assert_int_equal(vq_pending(&q, &map), 1);
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_GOT);
	assert_int_equal(c.head, 3);
	assert_int_equal(c.n, 2);
	assert_false(c.bad);
	assert_ptr_equal(c.b[0].p, ram + BUF_GPA + 16 * 3);
	assert_ptr_equal(c.b[1].p, ram + BUF_GPA + 16 * 4);
	assert_int_equal(c.b[1].len, 8);
	assert_int_equal(q.last_avail, 1);
	assert_true(vq_push(&q, &map, c.head, 77));
	assert_int_equal(((uint16_t *)used())[1], 1); /* used idx */
	assert_int_equal(used()[1], 3);		      /* id */
	assert_int_equal(used()[2], 77);	      /* len */
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_EMPTY);
}

static void no_interrupt_flag(void **state)
{
	(void)state;
	post_chain(0, 1, 8, 0);
	avail()[0] = 1; /* VIRTQ_AVAIL_F_NO_INTERRUPT */
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_GOT);
	assert_false(vq_push(&q, &map, c.head, 0));
}

/* The reported attack: idx 65535 ahead. Not 65535 chains of work: a broken ring, sticky until reset. */
static void avail_idx_far_ahead(void **state)
{
	(void)state;
	post_chain(0, VQ_SIZE, 4, 0);
	avail()[1] = 0xffff;
	assert_int_equal(vq_pending(&q, &map), -1);
	assert_true(q.broken);
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_BROKEN);
	avail()[1] = 1; /* the driver cannot undo it without a reset */
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_BROKEN);
	assert_int_equal(q.last_avail, 0);
}

static void avail_idx_one_past_queue(void **state)
{
	(void)state;
	avail()[1] = VQ_SIZE + 1;
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_BROKEN);
}

/* A full queue, and the 16-bit wrap of both indexes, are legal. */
static void full_queue_and_wrap(void **state)
{
	(void)state;
	q.last_avail = 0xff80;
	avail()[1] = (uint16_t)(0xff80 + VQ_SIZE);
	assert_int_equal(vq_pending(&q, &map), VQ_SIZE);
	for (uint32_t i = 0; i < VQ_SIZE; i++) {
		avail()[2 + (0xff80 + i) % VQ_SIZE] = (uint16_t)i;
		desc()[i] = (struct desc){ BUF_GPA, 4, 0, 0 };
	}
	for (uint32_t i = 0; i < VQ_SIZE; i++)
		assert_int_equal(vq_pop(&q, &map, false, &c), VQ_GOT);
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_EMPTY);
	assert_int_equal(q.last_avail, 0x0080);
}

/* The longest legal chain uses every descriptor once. */
static void chain_of_queue_size(void **state)
{
	(void)state;
	post_chain(5, VQ_SIZE, 4, 0);
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_GOT);
	assert_int_equal(c.n, VQ_SIZE);
}

/* One more than the table holds must revisit a descriptor: a loop (2.7.5.2). */
static void chain_loop(void **state)
{
	(void)state;
	post_chain(0, VQ_SIZE, 4, 0);
	desc()[VQ_SIZE - 1].flags |= 1; /* the last links back to the first */
	desc()[VQ_SIZE - 1].next = 0;
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_BROKEN);
	assert_true(q.broken);
	assert_int_equal(q.last_avail, 0);
}

static void self_loop(void **state)
{
	(void)state;
	post_chain(7, 1, 4, 0);
	desc()[7].flags = 1, desc()[7].next = 7;
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_BROKEN);
}

static void next_outside_table(void **state)
{
	(void)state;
	post_chain(0, 1, 4, 0);
	desc()[0].flags = 1, desc()[0].next = VQ_SIZE;
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_BROKEN);
}

static void head_outside_table(void **state)
{
	(void)state;
	post_chain(0, 1, 4, 0);
	avail()[2] = 0xffff;
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_BROKEN);
}

static void indirect_not_offered(void **state)
{
	(void)state;
	post_chain(0, 1, 16, 4); /* VIRTQ_DESC_F_INDIRECT */
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_BROKEN);
}

/* A buffer outside guest memory drops that request only; the queue goes on. */
static void buffer_outside_memory(void **state)
{
	static const uint64_t addrs[] = { RAM, RAM - 4, ~0ull - 2, 1ull << 40 };
	(void)state;
	for (uint32_t i = 0; i < 4; i++) {
		post_chain((uint16_t)i, 1, 8, 0);
		desc()[i].addr = addrs[i];
		assert_int_equal(vq_pop(&q, &map, false, &c), VQ_GOT);
		assert_true(c.bad);
		assert_null(c.b[0].p);
		assert_true(vq_push(&q, &map, c.head, 0));
	}
	post_chain(9, 1, 8, 0);
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_GOT);
	assert_false(c.bad);
}

static void wrong_direction(void **state)
{
	(void)state;
	post_chain(0, 1, 8, 2); /* device-writable, but transmit reads */
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_GOT);
	assert_true(c.bad);
	post_chain(1, 1, 8, 0); /* device-readable, but receive writes */
	assert_int_equal(vq_pop(&q, &map, true, &c), VQ_GOT);
	assert_true(c.bad);
	post_chain(2, 1, 8, 2);
	assert_int_equal(vq_pop(&q, &map, true, &c), VQ_GOT);
	assert_false(c.bad);
}

static void zero_length_buffer(void **state)
{
	(void)state;
	post_chain(0, 3, 0, 0);
	desc()[1].addr = ~0ull; /* never dereferenced: it has no bytes */
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_GOT);
	assert_false(c.bad);
	assert_int_equal(c.n, 3);
}

/* A ring (or its used part) outside the VM's memory: nothing to read, nothing written. */
static void ring_outside_memory(void **state)
{
	(void)state;
	q.pfn = RAM / 4096 - 1; /* descriptors fit, the used ring would not */
	assert_int_equal(vq_pending(&q, &map), 0);
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_EMPTY);
	assert_false(vq_push(&q, &map, 0, 0));
	q.pfn = 0xfffff;
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_EMPTY);
	q.pfn = 0;
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_EMPTY);
}

/* The same RAM with [ro_lo, ro_hi) read-only (like a read-only grant inside the guest's range). */
static void map_with_read_only(uint64_t ro_lo, uint64_t ro_hi)
{
	memset(&map, 0, sizeof(map));
	assert_int_equal(gpmap_add(&map, 0, ro_lo, (u64)(uintptr_t)ram, GP_RWX), 0);
	assert_int_equal(gpmap_add(&map, ro_lo, ro_hi - ro_lo, (u64)(uintptr_t)ram + ro_lo, GP_R), 0);
	assert_int_equal(gpmap_add(&map, ro_hi, RAM - ro_hi, (u64)(uintptr_t)ram + ro_hi, GP_RWX), 0);
}

/* A device-writable buffer in read-only memory is refused; a device-readable one there is fine. */
static void write_buffer_in_read_only_memory(void **state)
{
	(void)state;
	map_with_read_only(BUF_GPA, BUF_GPA + 0x1000);
	post_chain(0, 1, 8, 2); /* WRITE: receive would store into the read-only page */
	assert_int_equal(vq_pop(&q, &map, true, &c), VQ_GOT);
	assert_true(c.bad);
	assert_null(c.b[0].p);
	post_chain(1, 1, 8, 0);
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_GOT);
	assert_false(c.bad);
	assert_ptr_equal(c.b[0].p, ram + BUF_GPA + 16);
}

/* A used ring in read-only memory: the ring is not usable at all, and nothing is written there. */
static void used_ring_read_only(void **state)
{
	(void)state;
	map_with_read_only(RING_GPA + VQ_USED_OFFSET, RING_GPA + VQ_USED_OFFSET + 0x1000);
	post_chain(0, 1, 8, 0);
	assert_int_equal(vq_pending(&q, &map), 0);
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_EMPTY);
	assert_false(vq_push(&q, &map, 0, 8));
	assert_int_equal(((uint16_t *)used())[1], 0);
	assert_int_equal(used()[1] | used()[2], 0);
}

/* PFN 0 is "no queue" (kernel/dev/virtq.h; virtio 1.2, 4.1.5.1.3.1), even with a well-formed ring at gpa 0. */
static void pfn_zero_is_no_queue(void **state)
{
	struct desc *d = (struct desc *)ram;
	uint16_t *av = (uint16_t *)(ram + VQ_DESC_BYTES);
	(void)state;
	d[0] = (struct desc){ BUF_GPA, 8, 0, 0 };
	av[1] = 1, av[2] = 0;
	q.pfn = 0;
	assert_int_equal(vq_pending(&q, &map), 0);
	assert_int_equal(vq_pop(&q, &map, false, &c), VQ_EMPTY);
	assert_false(vq_push(&q, &map, 0, 8));
	assert_int_equal(((uint16_t *)(ram + VQ_USED_OFFSET))[1], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(empty_ring, setup, teardown),
		cmocka_unit_test_setup_teardown(one_chain_and_push, setup, teardown),
		cmocka_unit_test_setup_teardown(no_interrupt_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(avail_idx_far_ahead, setup, teardown),
		cmocka_unit_test_setup_teardown(avail_idx_one_past_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(full_queue_and_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(chain_of_queue_size, setup, teardown),
		cmocka_unit_test_setup_teardown(chain_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(self_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(next_outside_table, setup, teardown),
		cmocka_unit_test_setup_teardown(head_outside_table, setup, teardown),
		cmocka_unit_test_setup_teardown(indirect_not_offered, setup, teardown),
		cmocka_unit_test_setup_teardown(buffer_outside_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(wrong_direction, setup, teardown),
		cmocka_unit_test_setup_teardown(zero_length_buffer, setup, teardown),
		cmocka_unit_test_setup_teardown(ring_outside_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(write_buffer_in_read_only_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(used_ring_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(pfn_zero_is_no_queue, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
