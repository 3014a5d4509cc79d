/* cordon unit tests: virtio-net's transmit work per exit is bounded and the rest resumes at later entries; link status. */
/* sources: kernel/dev/virtio_net.c kernel/dev/virtq.c kernel/mem/gpmap.c lib/str.c */
#include <tests/unit/unit.h>
#include <kernel/linux/platform.h>
#include <kernel/dev/devices.h>
#include <kernel/share/share.h>
#include <cordon/hypercall.h>

#define RAM (256 * 1024)
#define RING_PFN 4u
#define RING_GPA (RING_PFN * 4096ull)
#define FRAME_GPA 0x10000ull /* one 14-byte Ethernet header + 10-byte virtio header, read by every chain */

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
} __attribute__((packed));

static uint8_t *ram;
static struct vm vm;
static struct linux_platform plat; /* a Linux VM's device state */
static struct vnic *fake_nic = (struct vnic *)&vm; /* any non-NULL pointer: the device is present */
static uint32_t frames_sent;

/* The switch, reduced to a counter. */
s64 nic_send_frame(struct vm *v, const u8 *f, u64 len)
{
	(void)v, (void)f;
	assert_true(len >= 14 && len <= CORDON_FRAME_MAX);
	frames_sent++;
	return CORDON_OK;
}
bool nic_take_frame(struct vm *v, u8 *dst, u64 cap, u64 *len) { (void)v, (void)dst, (void)cap, (void)len; return false; }
bool nic_mac(const struct vm *v, u8 mac[6]) { (void)v; memset(mac, 2, 6); return true; }
static bool link_up = true; /* the switch's port: false once a policy change revoked it */
bool nic_link_up(const struct vm *v) { return v->nic && link_up; }

static struct desc *desc(void) { return (struct desc *)(ram + RING_GPA); }
static uint16_t *avail(void) { return (uint16_t *)(ram + RING_GPA + VQ_DESC_BYTES); }
static uint16_t used_idx(void) { return ((uint16_t *)(ram + RING_GPA + VQ_USED_OFFSET))[1]; }

static void reg(u16 off, u32 val)
{
	vnet_bar_io(&vm, off, false, off == 0x12 ? 1 : off == 0x08 ? 4 : 2, &val);
}

static u32 status(void)
{
	u32 v = 0;
	vnet_bar_io(&vm, 0x12, true, 1, &v);
	return v;
}

/* The driver's side: transmit queue at RING_PFN, DRIVER_OK, every avail slot naming chain head 0. */
static int setup(void **state)
{
	(void)state;
	ram = aligned_alloc(4096, RAM);
	memset(ram, 0, RAM);
	memset(&vm, 0, sizeof(vm));
	memset(&plat, 0, sizeof(plat));
	vm.plat = &plat;
	assert_int_equal(gpmap_add(&vm.map, 0, RAM, (u64)(uintptr_t)ram, GP_RWX), 0);
	vm.nic = fake_nic;
	reg(0x0e, 1);
	reg(0x08, RING_PFN);
	reg(0x12, 7); /* ACKNOWLEDGE | DRIVER | DRIVER_OK */
	frames_sent = 0;
	link_up = true;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

/* Chain 0 -> 1 -> ... of n descriptors: the first holds the headers, the rest are empty. */
static void make_chain(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		desc()[i] = (struct desc){ FRAME_GPA, i ? 0 : 24, (uint16_t)(i + 1 < n ? 1 : 0), (uint16_t)(i + 1) };
}

static void post(uint32_t count)
{
	for (uint32_t i = 0; i < count; i++)
		avail()[2 + (avail()[1] + i) % VQ_SIZE] = 0;
	avail()[1] = (uint16_t)(avail()[1] + count);
}

/* Entries until the queue drains; fails if it takes more than max. */
static uint32_t entries_to_drain(uint32_t max)
{
	uint32_t n = 0;
	while (plat.vnet.tx_more && n < max) {
		uint32_t before = frames_sent;
		vnet_poll(&vm);
		assert_true(frames_sent - before <= VNET_TX_FRAMES_PER_EXIT);
		n++;
	}
	assert_false(plat.vnet.tx_more);
	return n;
}

/* A full queue of one-descriptor frames: one notify sends at most the frame budget. */
static void notify_bounded_by_frames(void **state)
{
	(void)state;
	make_chain(1);
	post(VQ_SIZE);
	reg(0x10, 1);
	assert_int_equal(frames_sent, VNET_TX_FRAMES_PER_EXIT);
	assert_true(plat.vnet.tx_more);
	assert_int_equal(entries_to_drain(VQ_SIZE), VQ_SIZE / VNET_TX_FRAMES_PER_EXIT - 1);
	assert_int_equal(frames_sent, VQ_SIZE);
	assert_int_equal(used_idx(), VQ_SIZE);
}

/* A full queue of queue-size chains (the attack, within the rules): one chain per exit. */
static void notify_bounded_by_descriptors(void **state)
{
	(void)state;
	make_chain(VQ_SIZE);
	post(VQ_SIZE);
	reg(0x10, 1);
	assert_int_equal(frames_sent, VNET_TX_DESCS_PER_EXIT / VQ_SIZE);
	assert_true(plat.vnet.tx_more);
	entries_to_drain(VQ_SIZE);
	assert_int_equal(frames_sent, VQ_SIZE);
}

/* The reported attack: idx 65535 ahead. No frame at all, and the device says it needs a reset. */
static void far_ahead_breaks_the_ring(void **state)
{
	(void)state;
	make_chain(VQ_SIZE);
	avail()[1] = 0xffff;
	reg(0x10, 1);
	assert_int_equal(frames_sent, 0);
	assert_false(plat.vnet.tx_more);
	assert_int_equal(status() & 64, 64); /* DEVICE_NEEDS_RESET (virtio 1.2, 2.1) */
	reg(0x10, 1);
	vnet_poll(&vm);
	assert_int_equal(frames_sent, 0);
	assert_int_equal(used_idx(), 0);
	/* a reset forgets it; the driver sets the queue up again and it works */
	reg(0x12, 0);
	assert_int_equal(status(), 0);
	reg(0x0e, 1);
	reg(0x08, RING_PFN);
	reg(0x12, 7);
	make_chain(1);
	avail()[1] = 0;
	post(1);
	reg(0x10, 1);
	assert_int_equal(frames_sent, 1);
}

/* A looping chain sends nothing, breaks the ring and is not retried at every entry. */
static void loop_breaks_the_ring(void **state)
{
	(void)state;
	make_chain(VQ_SIZE);
	desc()[VQ_SIZE - 1].flags = 1, desc()[VQ_SIZE - 1].next = 0;
	post(VQ_SIZE);
	reg(0x10, 1);
	assert_int_equal(frames_sent, 0);
	assert_false(plat.vnet.tx_more);
	assert_int_equal(status() & 64, 64);
}

/* A frame whose buffer lies outside the VM is completed unsent; the next one goes out. */
static void bad_buffer_dropped(void **state)
{
	(void)state;
	make_chain(1);
	desc()[1] = (struct desc){ RAM - 8, 24, 0, 0 };
	avail()[2] = 1, avail()[3] = 0;
	avail()[1] = 2;
	reg(0x10, 1);
	assert_int_equal(frames_sent, 1);
	assert_int_equal(used_idx(), 2);
	assert_int_equal(status() & 64, 0);
}

static u32 rd(u16 off, u32 size)
{
	u32 v = 0;
	vnet_bar_io(&vm, off, true, size, &v);
	return v;
}

/* VIRTIO_NET_F_STATUS offered and accepted; the status field (0x1a) says LINK_UP (virtio 1.2, 5.1.3, 5.1.4). */
static void link_up_offered(void **state)
{
	u32 want = (1u << 16) | (1u << 5) | (1u << 17); /* an unknown feature bit is not kept */
	(void)state;
	assert_int_equal(rd(0x00, 4) & (1u << 16), 1u << 16);
	vnet_bar_io(&vm, 0x04, false, 4, &want);
	assert_int_equal(rd(0x04, 4), (1u << 16) | (1u << 5));
	assert_int_equal(rd(0x1a, 2), 1);
	vnet_poll(&vm);
	assert_int_equal(rd(0x13, 1), 0); /* nothing changed: no interrupt */
}

/* A revoked port: the status reads 0, one configuration interrupt (ISR bit 1), frames still completed unsent. */
static void link_down_interrupts_once(void **state)
{
	(void)state;
	link_up = false;
	assert_int_equal(rd(0x1a, 2), 0);
	vnet_poll(&vm);
	assert_int_equal(plat.vnet.isr & 2, 2);
	assert_int_equal(rd(0x13, 1) & 2, 2); /* reading acknowledges */
	vnet_poll(&vm);
	assert_int_equal(rd(0x13, 1), 0);
	reg(0x12, 0); /* a driver reset does not bring it back, nor repeat the interrupt */
	vnet_poll(&vm);
	assert_int_equal(rd(0x13, 1), 0);
	assert_int_equal(rd(0x1a, 2), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(notify_bounded_by_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(notify_bounded_by_descriptors, setup, teardown),
		cmocka_unit_test_setup_teardown(far_ahead_breaks_the_ring, setup, teardown),
		cmocka_unit_test_setup_teardown(loop_breaks_the_ring, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_buffer_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(link_up_offered, setup, teardown),
		cmocka_unit_test_setup_teardown(link_down_interrupts_once, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
