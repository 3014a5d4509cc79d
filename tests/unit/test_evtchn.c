/* cordon unit tests: event channels (kernel/share/evtchn.c): alloc, bind, send, teardown, every check and bound. */
/* sources: kernel/share/evtchn.c kernel/share/peer.c kernel/vm_table.c kernel/sched_wake.c kernel/share/grant.c kernel/share/vnic.c kernel/mem/gpmap.c lib/fmt.c lib/str.c */
#include <tests/unit/share_fixture.h>

enum { A, B, C, RED };

static u64 alloc(u32 vm, u32 peer)
{
	u64 port = 99;
	assert_int_equal(evtchn_alloc(&vms[vm], peer, &port), CORDON_OK);
	return port;
}

static u64 bind(u32 vm, u32 peer, u64 peer_port)
{
	u64 port = 99;
	assert_int_equal(evtchn_bind(&vms[vm], peer, peer_port, &port), CORDON_OK);
	return port;
}

/* ---------------------------------------------------------------- alloc */

static void test_alloc_ports_in_order(void **state)
{
	(void)state;
	assert_int_equal(alloc(A, B), 0);
	assert_int_equal(alloc(A, C), 1);
	assert_int_equal(vms[A].ports[0].state, PORT_UNBOUND);
	assert_int_equal(vms[A].ports[0].peer, B);
	assert_int_equal(vms[A].ports[1].peer, C);
}

/* The peer is another VM that is running or waiting: not itself, not past the table, not ended. */
static void test_alloc_peer(void **state)
{
	u64 port = 99;
	(void)state;
	assert_int_equal(evtchn_alloc(&vms[A], A, &port), CORDON_E_NOENT);
	assert_int_equal(evtchn_alloc(&vms[A], nvms, &port), CORDON_E_NOENT);
	assert_int_equal(evtchn_alloc(&vms[A], ~0ULL, &port), CORDON_E_NOENT);
	assert_int_equal(port, 99);
	assert_int_equal(evtchn_alloc(&vms[A], nvms - 1, &port), CORDON_OK);
	vms[C].state = VM_WAITING;
	assert_int_equal(evtchn_alloc(&vms[A], C, &port), CORDON_OK);
	end_vm(B);
	assert_int_equal(evtchn_alloc(&vms[A], B, &port), CORDON_E_NOENT);
}

/* MAX_PORTS (32) per VM, then E_NOMEM; a VM whose table is full can still be allocated for. */
static void test_alloc_bound(void **state)
{
	u64 port;
	(void)state;
	for (u32 i = 0; i < MAX_PORTS; i++)
		assert_int_equal(alloc(A, B), i);
	assert_int_equal(evtchn_alloc(&vms[A], B, &port), CORDON_E_NOMEM);
	assert_int_equal(bind(B, A, MAX_PORTS - 1), 0);
}

/* ---------------------------------------------------------------- bind */

static void test_bind_connects_both_ends(void **state)
{
	(void)state;
	alloc(A, C);
	alloc(A, B);
	assert_int_equal(bind(B, A, 1), 0);
	assert_int_equal(vms[B].ports[0].state, PORT_CONNECTED);
	assert_int_equal(vms[B].ports[0].peer, A);
	assert_int_equal(vms[B].ports[0].peer_port, 1);
	assert_int_equal(vms[A].ports[1].state, PORT_CONNECTED);
	assert_int_equal(vms[A].ports[1].peer, B);
	assert_int_equal(vms[A].ports[1].peer_port, 0);
	assert_int_equal(naudits, 0);
}

static void test_bind_port_bounds(void **state)
{
	u64 port = 99;
	(void)state;
	for (u32 i = 0; i < MAX_PORTS; i++)
		alloc(A, B);
	assert_int_equal(evtchn_bind(&vms[B], A, MAX_PORTS, &port), CORDON_E_NOENT);
	assert_int_equal(evtchn_bind(&vms[B], A, ~0ULL, &port), CORDON_E_NOENT);
	assert_int_equal(evtchn_bind(&vms[B], A, 1ULL << 32, &port), CORDON_E_NOENT); /* not truncated to port 0 */
	assert_int_equal(port, 99);
	assert_int_equal(bind(B, A, MAX_PORTS - 1), 0);
}

/*
 * Port 32 must not reach the memory after ports[]. In struct vm that is the pending bitmap; bits 0
 * and 32+1 there read as "port unbound, waiting for VM 1", so an off-by-one bound would bind it.
 */
static void test_bind_port_one_past_the_end(void **state)
{
	u64 port = 99;
	(void)state;
	vms[A].pending = PORT_UNBOUND | (u64)B << 32;
	assert_int_equal(evtchn_bind(&vms[B], A, MAX_PORTS, &port), CORDON_E_NOENT);
	assert_int_equal(port, 99);
	assert_int_equal(vms[A].pending, PORT_UNBOUND | (u64)B << 32);
	assert_int_equal(vms[B].ports[0].state, PORT_FREE);
}

static void test_bind_peer_must_run(void **state)
{
	u64 port;
	(void)state;
	alloc(A, B);
	assert_int_equal(evtchn_bind(&vms[B], nvms, 0, &port), CORDON_E_NOENT);
	assert_int_equal(evtchn_bind(&vms[B], ~0ULL, 0, &port), CORDON_E_NOENT);
	vms[A].state = VM_WAITING;
	assert_int_equal(evtchn_bind(&vms[B], A, 0, &port), CORDON_E_NOENT);
	vms[A].state = VM_RUNNING;
	assert_int_equal(bind(B, A, 0), 0);
}

/* Only an allocated, still unbound port: not a free one, not one already connected. */
static void test_bind_port_state(void **state)
{
	u64 port;
	(void)state;
	assert_int_equal(evtchn_bind(&vms[B], A, 0, &port), CORDON_E_NOENT); /* free */
	alloc(A, B);
	bind(B, A, 0);
	assert_int_equal(evtchn_bind(&vms[B], A, 0, &port), CORDON_E_NOENT); /* connected */
	assert_int_equal(vms[B].ports[1].state, PORT_FREE);
}

/* A VM with the right label cannot take a port allocated for a different VM; red gets E_NOENT unaudited. */
static void test_bind_port_for_another_vm(void **state)
{
	u64 port = 99;
	(void)state;
	alloc(A, B);
	assert_int_equal(evtchn_bind(&vms[C], A, 0, &port), CORDON_E_NOENT);
	assert_int_equal(evtchn_bind(&vms[RED], A, 0, &port), CORDON_E_NOENT);
	assert_int_equal(port, 99);
	assert_int_equal(vms[A].ports[0].state, PORT_UNBOUND);
	assert_int_equal(vms[C].ports[0].state, PORT_FREE);
	assert_int_equal(naudits, 0);
	assert_int_equal(pre_share_calls, 0);
	assert_int_equal(bind(B, A, 0), 0);
}

/* No common type: E_PERM, audited, neither end changes. */
static void test_bind_denied_and_audited(void **state)
{
	u64 port = 99;
	(void)state;
	alloc(A, B);
	alloc(A, RED);
	assert_int_equal(evtchn_bind(&vms[RED], A, 1, &port), CORDON_E_PERM);
	assert_int_equal(port, 99);
	assert_int_equal(naudits, 1);
	assert_int_equal(audits[0].op, AUDIT_EVTCHN_BIND);
	assert_string_equal(audits[0].subj, "red");
	assert_string_equal(audits[0].obj, "evtchn:green-a#1");
	assert_string_equal(audits[0].obj_label, "green");
	assert_string_equal(audits[0].decision, "deny");
	assert_int_equal(vms[A].ports[1].state, PORT_UNBOUND);
	assert_int_equal(vms[RED].ports[0].state, PORT_FREE);
}

static void test_bind_permit_audit(void **state)
{
	(void)state;
	audit_permits = true;
	alloc(A, B);
	bind(B, A, 0);
	assert_int_equal(naudits, 1);
	assert_string_equal(audits[0].decision, "permit+audit");
	assert_int_equal(vms[A].ports[0].state, PORT_CONNECTED);
}

/* A binder without a free port: E_NOMEM, and the peer's port stays available. */
static void test_bind_binder_full(void **state)
{
	u64 port;
	(void)state;
	alloc(A, B);
	for (u32 i = 0; i < MAX_PORTS; i++)
		alloc(B, C);
	assert_int_equal(evtchn_bind(&vms[B], A, 0, &port), CORDON_E_NOMEM);
	assert_int_equal(vms[A].ports[0].state, PORT_UNBOUND);
}

/* ---------------------------------------------------------------- send */

static void test_send_raises_the_peer_port(void **state)
{
	(void)state;
	alloc(A, C);
	alloc(A, C);
	alloc(A, B);
	bind(B, A, 2);
	vms[A].vcpu.state = VCPU_BLOCKED;
	assert_int_equal(evtchn_send(&vms[B], 0), CORDON_OK);
	assert_int_equal(vms[A].pending, 1ULL << 2);
	assert_true(vms[A].irq_pending);
	assert_int_equal(vms[A].vcpu.state, VCPU_RUNNABLE);
	assert_int_equal(vms[B].pending, 0);
	assert_int_equal(evtchn_send(&vms[A], 2), CORDON_OK);
	assert_int_equal(vms[B].pending, 1ULL << 0);
}

static void test_send_bounds_and_states(void **state)
{
	(void)state;
	alloc(A, B);
	assert_int_equal(evtchn_send(&vms[A], 0), CORDON_E_NOENT); /* unbound */
	assert_int_equal(evtchn_send(&vms[A], 1), CORDON_E_NOENT); /* free */
	assert_int_equal(evtchn_send(&vms[A], MAX_PORTS), CORDON_E_NOENT);
	assert_int_equal(evtchn_send(&vms[A], ~0ULL), CORDON_E_NOENT);
	assert_int_equal(vms[B].pending, 0);
	assert_false(vms[B].irq_pending);
}

/* Port 32 past the sender's ports[]: its pending bits there read as "connected to VM 0". */
static void test_send_port_one_past_the_end(void **state)
{
	(void)state;
	vms[B].pending = PORT_CONNECTED | (u64)A << 32;
	assert_int_equal(evtchn_send(&vms[B], MAX_PORTS), CORDON_E_NOENT);
	assert_int_equal(vms[A].pending, 0);
	assert_false(vms[A].irq_pending);
}

/* The last port works like any other. */
static void test_send_last_port(void **state)
{
	(void)state;
	for (u32 i = 0; i < MAX_PORTS; i++)
		alloc(A, B);
	for (u32 i = 0; i < MAX_PORTS; i++)
		bind(B, A, i);
	assert_int_equal(evtchn_send(&vms[B], MAX_PORTS - 1), CORDON_OK);
	assert_int_equal(vms[A].pending, 1ULL << (MAX_PORTS - 1));
}

/* ---------------------------------------------------------------- teardown */

/* A VM ends: its peers' ends are closed (sends fail), its own ports and events are cleared. */
static void test_teardown_closes_peers(void **state)
{
	(void)state;
	alloc(A, B);
	bind(B, A, 0);
	alloc(C, A);
	bind(A, C, 0);
	evtchn_send(&vms[B], 0);
	end_vm(A);
	assert_int_equal(vms[B].ports[0].state, PORT_CLOSED);
	assert_int_equal(vms[C].ports[0].state, PORT_CLOSED);
	assert_int_equal(evtchn_send(&vms[B], 0), CORDON_E_NOENT);
	assert_int_equal(evtchn_send(&vms[C], 0), CORDON_E_NOENT);
	for (u32 i = 0; i < MAX_PORTS; i++)
		assert_int_equal(vms[A].ports[i].state, PORT_FREE);
	assert_int_equal(vms[A].pending, 0);
	assert_false(vms[A].irq_pending);
	assert_string_equal(runs_ended[0], "green-a");
}

/* Only the port that points back at the dying VM is closed, not another at the same index. */
static void test_teardown_only_own_channel(void **state)
{
	(void)state;
	alloc(A, B);
	bind(B, A, 0); /* B port 0 <-> A port 0 */
	alloc(C, B);
	bind(B, C, 0); /* B port 1 <-> C port 0 */
	end_vm(C);
	assert_int_equal(vms[B].ports[0].state, PORT_CONNECTED);
	assert_int_equal(vms[B].ports[1].state, PORT_CLOSED);
	assert_int_equal(evtchn_send(&vms[B], 0), CORDON_OK);
	assert_int_equal(vms[A].ports[0].state, PORT_CONNECTED);
}

/* A send to a peer that is no longer running fails even before its teardown ran. */
static void test_send_to_ended_peer(void **state)
{
	(void)state;
	alloc(A, B);
	bind(B, A, 0);
	vms[A].state = VM_ENDED;
	assert_int_equal(evtchn_send(&vms[B], 0), CORDON_E_NOENT);
	assert_int_equal(vms[A].pending, 0);
	vms[A].state = VM_RUNNING;
}

/* event_raise ORs bits in and wakes only a blocked vCPU. */
static void test_event_raise(void **state)
{
	(void)state;
	event_raise(&vms[A], 1);
	event_raise(&vms[A], 4);
	assert_int_equal(vms[A].pending, 5);
	assert_int_equal(vms[A].vcpu.state, VCPU_RUNNABLE);
	vms[C].vcpu.state = VCPU_DEAD;
	event_raise(&vms[C], 0);
	assert_int_equal(vms[C].vcpu.state, VCPU_DEAD);
	assert_true(vms[C].irq_pending);
}

int main(void)
{
	static const struct CMUnitTest t[] = {
		SHARE_TEST(test_alloc_ports_in_order),
		SHARE_TEST(test_alloc_peer),
		SHARE_TEST(test_alloc_bound),
		SHARE_TEST(test_bind_connects_both_ends),
		SHARE_TEST(test_bind_port_bounds),
		SHARE_TEST(test_bind_port_one_past_the_end),
		SHARE_TEST(test_bind_peer_must_run),
		SHARE_TEST(test_bind_port_state),
		SHARE_TEST(test_bind_port_for_another_vm),
		SHARE_TEST(test_bind_denied_and_audited),
		SHARE_TEST(test_bind_permit_audit),
		SHARE_TEST(test_bind_binder_full),
		SHARE_TEST(test_send_raises_the_peer_port),
		SHARE_TEST(test_send_bounds_and_states),
		SHARE_TEST(test_send_port_one_past_the_end),
		SHARE_TEST(test_send_last_port),
		SHARE_TEST(test_teardown_closes_peers),
		SHARE_TEST(test_teardown_only_own_channel),
		SHARE_TEST(test_send_to_ended_peer),
		SHARE_TEST(test_event_raise),
	};
	return cmocka_run_group_tests_name("evtchn", t, NULL, NULL);
}
