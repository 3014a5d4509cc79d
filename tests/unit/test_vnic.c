/* cordon unit tests: NICs and the switch (kernel/share/vnic.c): attach policy, sizes, spoofing, segments, queues, NIC_RECV. */
/* sources: kernel/share/vnic.c kernel/share/peer.c kernel/vm_table.c kernel/sched_wake.c kernel/share/grant.c kernel/share/evtchn.c kernel/mem/gpmap.c lib/fmt.c lib/str.c */
#include <tests/unit/share_fixture.h>

enum { A, B, C, RED };
#define TX 0x10000ULL /* where the tests build frames in a VM's RAM */
#define RX 0x20000ULL
#define NIC_Q 16
static const u64 BCAST = 0xffffffffffffULL;

static u64 default_mac(u32 id)
{
	return 0x020000000000ULL | (id + 1);
}

static void put_mac(u8 *p, u64 mac)
{
	for (int i = 0; i < 6; i++)
		p[i] = (u8)(mac >> (8 * (5 - i)));
}

/* A frame dst <- src of len bytes at TX in vm's RAM, payload byte tag. */
static void frame(u32 vm, u64 dst, u64 src, u64 len, u8 tag)
{
	u8 *f = ram(vm, TX);
	memset(f, tag, len);
	put_mac(f, dst);
	put_mac(f + 6, src);
}

static s64 send(u32 vm, u64 dst, u64 len, u8 tag)
{
	frame(vm, dst, default_mac(vm), len, tag);
	return nic_send(&vms[vm], TX, len);
}

/* Puts green-a, green-b and green-c on green-seg; red asks for green-seg too. */
static void attach_all(void)
{
	for (u32 i = 0; i < nvms; i++) {
		snprintf(cfgs[i].nic, sizeof(cfgs[i].nic), "green-seg");
		nic_attach(&vms[i]);
	}
}

static s64 recv(u32 vm, u64 gpa, u64 max, u64 *len)
{
	return nic_recv(&vms[vm], gpa, max, len);
}

/* ---------------------------------------------------------------- attach */

static void test_attach_by_policy(void **state)
{
	u64 mac = 0;
	(void)state;
	nic_attach(&vms[A]); /* no nic = line: no NIC, nothing asked */
	assert_null(vms[A].nic);
	assert_int_equal(pre_share_calls, 0);
	attach_all();
	assert_non_null(vms[A].nic);
	assert_non_null(vms[C].nic);
	assert_null(vms[RED].nic);
	assert_int_equal(naudits, 1);
	assert_int_equal(audits[0].op, AUDIT_NIC_ATTACH);
	assert_string_equal(audits[0].subj, "red");
	assert_string_equal(audits[0].obj, "segment");
	assert_string_equal(audits[0].obj_label, "green-seg");
	assert_string_equal(audits[0].decision, "deny");
	assert_int_equal(nic_info(&vms[B], &mac), CORDON_OK);
	assert_int_equal(mac, default_mac(B));
	mac = 7;
	assert_int_equal(nic_info(&vms[RED], &mac), CORDON_E_NODEV);
	assert_int_equal(mac, 7);
}

/* A segment the policy does not name is refused; with the NULL policy every segment is allowed. */
static void test_attach_unknown_segment(void **state)
{
	(void)state;
	snprintf(cfgs[A].nic, sizeof(cfgs[A].nic), "nowhere");
	nic_attach(&vms[A]);
	assert_null(vms[A].nic);
	assert_int_equal(naudits, 1);
	assert_string_equal(audits[0].obj_label, "nowhere");
	null_policy = true;
	nic_attach(&vms[A]);
	assert_non_null(vms[A].nic);
}

static void test_attach_configured_mac(void **state)
{
	u64 mac = 0;
	static const u8 m[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	(void)state;
	cfgs[A].has_mac = true;
	memcpy(cfgs[A].mac, m, 6);
	attach_all();
	assert_int_equal(nic_info(&vms[A], &mac), CORDON_OK);
	assert_int_equal(mac, 0x021122334455ULL);
}

/* ---------------------------------------------------------------- send */

static void test_send_sizes(void **state)
{
	u64 len;
	(void)state;
	attach_all();
	assert_int_equal(send(A, default_mac(B), 13, 1), CORDON_E_INVAL);
	assert_int_equal(send(A, default_mac(B), CORDON_FRAME_MAX + 1, 1), CORDON_E_INVAL);
	assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_E_AGAIN);
	assert_int_equal(send(A, default_mac(B), 14, 1), CORDON_OK);
	assert_int_equal(send(A, default_mac(B), CORDON_FRAME_MAX, 2), CORDON_OK);
	assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_OK);
	assert_int_equal(len, 14);
	assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_OK);
	assert_int_equal(len, CORDON_FRAME_MAX);
	assert_int_equal(*ram(B, RX + CORDON_FRAME_MAX - 1), 2);
}

/* Device models (virtio-net) hand frames in host memory: the same size bounds hold there. */
static void test_send_frame_sizes(void **state)
{
	u64 len;
	(void)state;
	attach_all();
	frame(A, default_mac(B), default_mac(A), CORDON_FRAME_MAX + 1, 1);
	assert_int_equal(nic_send_frame(&vms[A], ram(A, TX), 13), CORDON_E_INVAL);
	assert_int_equal(nic_send_frame(&vms[A], ram(A, TX), CORDON_FRAME_MAX + 1), CORDON_E_INVAL);
	assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_E_AGAIN);
	assert_int_equal(nic_send_frame(&vms[A], ram(A, TX), 14), CORDON_OK);
	assert_int_equal(nic_send_frame(&vms[A], ram(A, TX), CORDON_FRAME_MAX), CORDON_OK);
	assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_OK);
	assert_int_equal(len, 14);
}

/* The frame must lie in the sender's readable memory. */
static void test_send_fault(void **state)
{
	(void)state;
	attach_all();
	assert_int_equal(nic_send(&vms[A], MEM - 10, 14), CORDON_E_FAULT);
	assert_int_equal(nic_send(&vms[A], MEM, 14), CORDON_E_FAULT);
	assert_int_equal(nic_send(&vms[A], ~0ULL - 5, 14), CORDON_E_FAULT);
	assert_int_equal(nic_send(&vms[RED], TX, 14), CORDON_E_NODEV);
	assert_int_equal(nic_send_frame(&vms[RED], ram(A, TX), 14), CORDON_E_NODEV);
}

/* The source MAC must be the sender's own, every byte of it. */
static void test_send_spoof(void **state)
{
	u64 len;
	(void)state;
	attach_all();
	frame(A, default_mac(B), default_mac(C), 60, 1);
	assert_int_equal(nic_send(&vms[A], TX, 60), CORDON_E_PERM);
	frame(A, default_mac(B), default_mac(A) ^ 0x010000000000ULL, 60, 1);
	assert_int_equal(nic_send(&vms[A], TX, 60), CORDON_E_PERM);
	frame(A, default_mac(B), default_mac(A), 60, 1);
	ram(A, TX)[6] ^= 0x80;
	assert_int_equal(nic_send(&vms[A], TX, 60), CORDON_E_PERM);
	assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_E_AGAIN);
}

/* Unicast reaches only the NIC with that MAC; broadcast every other NIC on the segment, not the sender. */
static void test_unicast_and_broadcast(void **state)
{
	u64 len;
	(void)state;
	attach_all();
	assert_int_equal(send(A, default_mac(B), 60, 1), CORDON_OK);
	assert_int_equal(recv(C, RX, CORDON_FRAME_MAX, &len), CORDON_E_AGAIN);
	assert_int_equal(recv(A, RX, CORDON_FRAME_MAX, &len), CORDON_E_AGAIN);
	assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_OK);
	assert_int_equal(send(A, BCAST, 60, 2), CORDON_OK);
	assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_OK);
	assert_int_equal(recv(C, RX, CORDON_FRAME_MAX, &len), CORDON_OK);
	assert_int_equal(recv(A, RX, CORDON_FRAME_MAX, &len), CORDON_E_AGAIN);
	assert_int_equal(send(A, default_mac(A), 60, 3), CORDON_OK); /* to itself: nobody */
	assert_int_equal(recv(A, RX, CORDON_FRAME_MAX, &len), CORDON_E_AGAIN);
	assert_int_equal(send(A, default_mac(9), 60, 3), CORDON_OK); /* unknown MAC: nobody */
	assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_E_AGAIN);
}

/* Frames never leave their segment, broadcasts included; ended VMs and VMs without a NIC get nothing. */
static void test_segments_and_ended(void **state)
{
	u64 len;
	(void)state;
	null_policy = true;
	attach_all();
	snprintf(cfgs[C].nic, sizeof(cfgs[C].nic), "red-seg");
	assert_int_equal(send(A, BCAST, 60, 1), CORDON_OK);
	assert_int_equal(send(A, default_mac(C), 60, 1), CORDON_OK);
	assert_int_equal(recv(C, RX, CORDON_FRAME_MAX, &len), CORDON_E_AGAIN);
	assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_OK);
	assert_int_equal(recv(RED, RX, CORDON_FRAME_MAX, &len), CORDON_OK); /* NULL policy: red attached */
	vms[B].state = VM_ENDED;
	assert_int_equal(send(A, default_mac(B), 60, 1), CORDON_OK);
	vms[B].state = VM_RUNNING;
	assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_E_AGAIN);
}

/* 16 frames queue; the 17th is dropped; delivery is oldest first and raises bit 63. */
static void test_queue_bound_and_order(void **state)
{
	u64 len;
	(void)state;
	attach_all();
	vms[B].vcpu.state = VCPU_BLOCKED;
	for (int i = 0; i < NIC_Q + 1; i++)
		assert_int_equal(send(A, default_mac(B), 20 + i, (u8)i), CORDON_OK);
	assert_int_equal(vms[B].pending, 1ULL << CORDON_EVENT_NIC);
	assert_int_equal(vms[B].vcpu.state, VCPU_RUNNABLE);
	for (int i = 0; i < NIC_Q; i++) {
		assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_OK);
		assert_int_equal(len, 20 + i);
		assert_int_equal(*ram(B, RX + 14), (u8)i);
	}
	assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_E_AGAIN);
}

/* A Linux VM's queue wakes its vCPU for virtio-net, without event bits. */
static void test_linux_receiver(void **state)
{
	u8 buf[CORDON_FRAME_MAX];
	u64 len = 0;
	(void)state;
	attach_all();
	vms[B].profile = &fx_linux_profile;
	vms[B].vcpu.state = VCPU_BLOCKED;
	assert_int_equal(send(A, default_mac(B), 100, 5), CORDON_OK);
	assert_int_equal(vms[B].vcpu.state, VCPU_RUNNABLE);
	assert_int_equal(vms[B].pending, 0);
	assert_false(nic_take_frame(&vms[B], buf, 99, &len)); /* too small: stays queued */
	assert_true(nic_take_frame(&vms[B], buf, 100, &len));
	assert_int_equal(len, 100);
	assert_int_equal(buf[50], 5);
	assert_false(nic_take_frame(&vms[B], buf, sizeof(buf), &len));
	assert_false(nic_take_frame(&vms[RED], buf, sizeof(buf), &len));
}

/* ---------------------------------------------------------------- NIC_RECV */

/* The buffer must hold the frame (exactly its length is enough) and be writable guest memory. */
static void test_recv_buffer(void **state)
{
	u64 len = 7;
	(void)state;
	attach_all();
	assert_int_equal(recv(RED, RX, CORDON_FRAME_MAX, &len), CORDON_E_NODEV);
	assert_int_equal(send(A, default_mac(B), 100, 9), CORDON_OK);
	assert_int_equal(recv(B, RX, 99, &len), CORDON_E_INVAL);
	assert_int_equal(recv(B, MEM - 99, 100, &len), CORDON_E_FAULT);
	assert_int_equal(recv(B, MEM, 100, &len), CORDON_E_FAULT);
	assert_int_equal(len, 7);
	assert_int_equal(recv(B, MEM - 100, 100, &len), CORDON_OK); /* still queued after the failures */
	assert_int_equal(len, 100);
}

/* Into a read-only grant page: E_FAULT, the granter's page is unchanged, the frame stays queued. */
static void test_recv_into_read_only_grant(void **state)
{
	u64 ref, len = 0;
	u8 before[PAGE_SIZE];
	(void)state;
	attach_all();
	memset(ram(A, TX + PAGE_SIZE), 0x5a, PAGE_SIZE);
	memcpy(before, ram(A, TX + PAGE_SIZE), PAGE_SIZE);
	assert_int_equal(grant_create(&vms[A], B, TX + PAGE_SIZE, CORDON_GRANT_RO, &ref), CORDON_OK);
	assert_int_equal(grant_map(&vms[B], A, ref, DEST), CORDON_OK);
	assert_int_equal(send(C, default_mac(B), 64, 1), CORDON_OK);
	assert_int_equal(recv(B, DEST, CORDON_FRAME_MAX, &len), CORDON_E_FAULT);
	assert_int_equal(recv(B, DEST + 100, CORDON_FRAME_MAX, &len), CORDON_E_FAULT);
	assert_memory_equal(ram(A, TX + PAGE_SIZE), before, PAGE_SIZE);
	assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_OK);
	assert_int_equal(len, 64);
}

/* Into a read-write grant page it works, but never past the page's end. */
static void test_recv_into_rw_grant(void **state)
{
	u64 ref, len = 0;
	(void)state;
	attach_all();
	assert_int_equal(grant_create(&vms[A], B, TX + PAGE_SIZE, CORDON_GRANT_RW, &ref), CORDON_OK);
	assert_int_equal(grant_map(&vms[B], A, ref, DEST), CORDON_OK);
	assert_int_equal(send(C, default_mac(B), 200, 3), CORDON_OK);
	assert_int_equal(recv(B, DEST + PAGE_SIZE - 199, CORDON_FRAME_MAX, &len), CORDON_E_FAULT);
	assert_int_equal(*ram(A, TX + 2 * PAGE_SIZE), 0);
	assert_int_equal(recv(B, DEST + PAGE_SIZE - 200, CORDON_FRAME_MAX, &len), CORDON_OK);
	assert_int_equal(*ram(A, TX + 2 * PAGE_SIZE - 1), 3);
}

/* A VM that ends loses its NIC and its audit runs are closed. */
static void test_teardown_detaches(void **state)
{
	u64 mac, len;
	(void)state;
	attach_all();
	assert_int_equal(send(A, default_mac(B), 60, 1), CORDON_OK);
	end_vm(B);
	assert_null(vms[B].nic);
	assert_int_equal(nic_info(&vms[B], &mac), CORDON_E_NODEV);
	assert_int_equal(recv(B, RX, CORDON_FRAME_MAX, &len), CORDON_E_NODEV);
	assert_int_equal(nruns_ended, 1);
	assert_string_equal(runs_ended[0], "green-b");
}

int main(void)
{
	static const struct CMUnitTest t[] = {
		SHARE_TEST(test_attach_by_policy),
		SHARE_TEST(test_attach_unknown_segment),
		SHARE_TEST(test_attach_configured_mac),
		SHARE_TEST(test_send_sizes),
		SHARE_TEST(test_send_frame_sizes),
		SHARE_TEST(test_send_fault),
		SHARE_TEST(test_send_spoof),
		SHARE_TEST(test_unicast_and_broadcast),
		SHARE_TEST(test_segments_and_ended),
		SHARE_TEST(test_queue_bound_and_order),
		SHARE_TEST(test_linux_receiver),
		SHARE_TEST(test_recv_buffer),
		SHARE_TEST(test_recv_into_read_only_grant),
		SHARE_TEST(test_recv_into_rw_grant),
		SHARE_TEST(test_teardown_detaches),
	};
	return cmocka_run_group_tests_name("vnic", t, NULL, NULL);
}
