/* cordon unit tests: grants (kernel/share/grant.c): create, map, unmap, revoke and teardown, every check and bound. */
/* sources: kernel/share/grant.c kernel/share/peer.c kernel/vm_table.c kernel/sched_wake.c kernel/share/evtchn.c kernel/share/vnic.c kernel/mem/gpmap.c lib/fmt.c lib/str.c */
#include <tests/unit/share_fixture.h>

enum { A, B, C, RED };
#define PG 0x10000ULL /* a page of the granter's RAM */

static u64 create(u32 granter, u32 peer, u64 gpa, u64 flags)
{
	u64 ref = 99;
	assert_int_equal(grant_create(&vms[granter], peer, gpa, flags, &ref), CORDON_OK);
	return ref;
}

/* ---------------------------------------------------------------- create */

static void test_create_refs_in_order(void **state)
{
	(void)state;
	assert_int_equal(create(A, B, PG, CORDON_GRANT_RW), 0);
	assert_int_equal(create(A, B, PG + PAGE_SIZE, CORDON_GRANT_RO), 1);
	assert_int_equal(vms[A].grants[0].perm, GP_R | GP_W);
	assert_int_equal(vms[A].grants[1].perm, GP_R);
	assert_ptr_equal((void *)(uptr)vms[A].grants[0].hpa, ram(A, PG));
}

static void test_create_bad_flags(void **state)
{
	static const u64 bad[] = { 0, 3, 4, ~0ULL, CORDON_GRANT_RW | 0x100 };
	u64 ref = 99;
	(void)state;
	for (u32 i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(grant_create(&vms[A], B, PG, bad[i], &ref), CORDON_E_INVAL);
	assert_int_equal(ref, 99);
	assert_false(vms[A].grants[0].used);
}

static void test_create_unaligned(void **state)
{
	u64 ref;
	(void)state;
	assert_int_equal(grant_create(&vms[A], B, PG + 1, CORDON_GRANT_RO, &ref), CORDON_E_INVAL);
	assert_int_equal(grant_create(&vms[A], B, PG + 0x800, CORDON_GRANT_RO, &ref), CORDON_E_INVAL);
	assert_int_equal(grant_create(&vms[A], B, PG + PAGE_SIZE - 1, CORDON_GRANT_RO, &ref), CORDON_E_INVAL);
}

/* The peer must be a VM that is running or waiting: not past the table, not ended. */
static void test_create_peer_must_exist(void **state)
{
	u64 ref;
	(void)state;
	assert_int_equal(grant_create(&vms[A], nvms, PG, CORDON_GRANT_RO, &ref), CORDON_E_INVAL);
	assert_int_equal(grant_create(&vms[A], ~0ULL, PG, CORDON_GRANT_RO, &ref), CORDON_E_INVAL);
	assert_int_equal(grant_create(&vms[A], nvms - 1, PG, CORDON_GRANT_RO, &ref), CORDON_OK);
	vms[C].state = VM_WAITING;
	assert_int_equal(grant_create(&vms[A], C, PG, CORDON_GRANT_RO, &ref), CORDON_OK);
	end_vm(B);
	assert_int_equal(grant_create(&vms[A], B, PG, CORDON_GRANT_RO, &ref), CORDON_E_INVAL);
}

/* Only the granter's own RAM: the last page is fine, one past it and beyond are not. */
static void test_create_own_ram_only(void **state)
{
	u64 ref;
	(void)state;
	assert_int_equal(grant_create(&vms[A], B, MEM - PAGE_SIZE, CORDON_GRANT_RO, &ref), CORDON_OK);
	assert_int_equal(grant_create(&vms[A], B, MEM, CORDON_GRANT_RO, &ref), CORDON_E_FAULT);
	assert_int_equal(grant_create(&vms[A], B, GiB(4), CORDON_GRANT_RO, &ref), CORDON_E_FAULT);
	assert_int_equal(grant_create(&vms[A], B, ~0ULL & ~(PAGE_SIZE - 1), CORDON_GRANT_RO, &ref), CORDON_E_FAULT);
}

/* A page granted to the VM (or the stand-in after a revoke) cannot be granted on. */
static void test_create_not_a_granted_page(void **state)
{
	u64 ref;
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
	assert_int_equal(grant_create(&vms[B], C, DEST, CORDON_GRANT_RO, &ref), CORDON_E_FAULT);
	assert_int_equal(grant_revoke(&vms[A], 0), CORDON_OK);
	assert_int_equal(grant_create(&vms[B], C, DEST, CORDON_GRANT_RW, &ref), CORDON_E_FAULT);
}

/* MAX_GRANTS per VM; a revoked slot is reused. */
static void test_create_bound(void **state)
{
	u64 ref;
	(void)state;
	for (u32 i = 0; i < MAX_GRANTS; i++)
		assert_int_equal(create(A, B, PG, CORDON_GRANT_RO), i);
	assert_int_equal(grant_create(&vms[A], B, PG, CORDON_GRANT_RO, &ref), CORDON_E_NOMEM);
	assert_int_equal(grant_revoke(&vms[A], 5), CORDON_OK);
	assert_int_equal(create(A, B, PG, CORDON_GRANT_RO), 5);
}

/* ---------------------------------------------------------------- map */

static void test_map_rw(void **state)
{
	u32 perm = 0;
	u8 *p;
	(void)state;
	strcpy((char *)ram(A, PG), "from a");
	create(A, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
	p = seen(B, DEST, &perm);
	assert_ptr_equal(p, ram(A, PG));
	assert_int_equal(perm, GP_R | GP_W);
	assert_string_equal((char *)gpmap_access(&vms[B].map, DEST, 7, GP_R | GP_W), "from a");
	assert_int_equal(vms[A].grants[0].mapped_at, DEST);
	assert_int_equal(naudits, 0); /* a plain permit is not audited */
}

/* A read-only grant is read-only in the tables and in the map cordon uses for hypercalls. */
static void test_map_ro(void **state)
{
	u32 perm = 0;
	(void)state;
	create(A, B, PG, CORDON_GRANT_RO);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
	assert_ptr_equal(seen(B, DEST, &perm), ram(A, PG));
	assert_int_equal(perm, GP_R);
	assert_non_null(gpmap_access(&vms[B].map, DEST, PAGE_SIZE, GP_R));
	assert_null(gpmap_access(&vms[B].map, DEST, 1, GP_W));
}

static void test_map_no_such_grant(void **state)
{
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_map(&vms[B], nvms, 0, DEST), CORDON_E_NOENT);
	assert_int_equal(grant_map(&vms[B], ~0ULL, 0, DEST), CORDON_E_NOENT);
	assert_int_equal(grant_map(&vms[B], A, MAX_GRANTS, DEST), CORDON_E_NOENT);
	assert_int_equal(grant_map(&vms[B], A, ~0ULL, DEST), CORDON_E_NOENT);
	assert_int_equal(grant_map(&vms[B], A, MAX_GRANTS - 1, DEST), CORDON_E_NOENT); /* in range, unused */
	assert_int_equal(grant_map(&vms[B], A, 1, DEST), CORDON_E_NOENT);
	assert_null(seen(B, DEST, NULL));
}

/*
 * ref == MAX_GRANTS must not reach the memory after grants[]. In struct vm that is ports[]; a
 * connected port 0 there reads as a used grant for VM 0, so an off-by-one bound would map it.
 */
static void test_map_ref_one_past_the_end(void **state)
{
	u64 port;
	(void)state;
	assert_int_equal(evtchn_alloc(&vms[A], B, &port), CORDON_OK);
	assert_int_equal(evtchn_bind(&vms[B], A, 0, &port), CORDON_OK);
	assert_int_equal(grant_map(&vms[A], A, MAX_GRANTS, DEST), CORDON_E_NOENT);
	assert_int_equal(grant_map(&vms[B], A, MAX_GRANTS, DEST), CORDON_E_NOENT);
	assert_null(gpmap_find(&vms[A].map, DEST));
	assert_int_equal(grant_revoke(&vms[A], MAX_GRANTS), CORDON_E_NOENT);
	assert_int_equal(vms[A].ports[0].state, PORT_CONNECTED);
}

/* The last slot is a real grant like any other. */
static void test_map_last_ref(void **state)
{
	(void)state;
	for (u32 i = 0; i < MAX_GRANTS; i++)
		create(A, i == MAX_GRANTS - 1 ? B : C, PG, CORDON_GRANT_RO);
	assert_int_equal(grant_map(&vms[B], A, MAX_GRANTS - 1, DEST), CORDON_OK);
}

/* A VM of the right label may not map a grant made for another VM; a red one gets E_NOENT, not audited. */
static void test_map_grant_for_another_vm(void **state)
{
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_map(&vms[C], A, 0, DEST), CORDON_E_NOENT);
	assert_int_equal(grant_map(&vms[RED], A, 0, DEST), CORDON_E_NOENT);
	assert_null(seen(C, DEST, NULL));
	assert_int_equal(naudits, 0);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK); /* still there for its peer */
}

/* The granter must be running: waiting or ended granters' grants are not mapped. */
static void test_map_granter_not_running(void **state)
{
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	vms[A].state = VM_WAITING;
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_E_NOENT);
	vms[A].state = VM_RUNNING;
	end_vm(A);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_E_NOENT);
	assert_null(seen(B, DEST, NULL));
}

/* The same grant at a second address: E_BUSY, and nothing appears there. */
static void test_double_map_busy(void **state)
{
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST + PAGE_SIZE), CORDON_E_BUSY);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_E_BUSY);
	assert_null(seen(B, DEST + PAGE_SIZE, NULL));
	assert_int_equal(grant_revoke(&vms[A], 0), CORDON_OK);
	nowhere_shows(B, (u64)(uptr)ram(A, PG));
}

/* Destination: page aligned, at or above the caller's RAM, below 4 GiB, unused. */
static void test_map_destination(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++)
		create(A, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST + 8), CORDON_E_INVAL);
	assert_int_equal(grant_map(&vms[B], A, 0, MEM - PAGE_SIZE), CORDON_E_INVAL);
	assert_int_equal(grant_map(&vms[B], A, 0, 0), CORDON_E_INVAL);
	assert_int_equal(grant_map(&vms[B], A, 0, GiB(4)), CORDON_E_INVAL);
	assert_int_equal(grant_map(&vms[B], A, 0, ~0ULL & ~(PAGE_SIZE - 1)), CORDON_E_INVAL);
	assert_int_equal(pre_share_calls, 0); /* refused before the policy is asked */
	assert_int_equal(grant_map(&vms[B], A, 0, MEM), CORDON_OK);
	assert_int_equal(grant_map(&vms[B], A, 1, GiB(4) - PAGE_SIZE), CORDON_OK);
	assert_int_equal(grant_map(&vms[B], A, 2, MEM), CORDON_E_INVAL); /* in use */
	assert_int_equal(grant_map(&vms[B], A, 2, DEST), CORDON_OK);
	assert_ptr_equal(seen(B, MEM, NULL), ram(A, PG));
}

/* No common type: E_PERM, audited with the object's name, nothing mapped, nothing allocated. */
static void test_map_denied_and_audited(void **state)
{
	(void)state;
	create(A, RED, PG, CORDON_GRANT_RW);
	create(A, RED, PG, CORDON_GRANT_RO);
	assert_int_equal(grant_map(&vms[RED], A, 1, DEST), CORDON_E_PERM);
	assert_int_equal(naudits, 1);
	assert_int_equal(audits[0].op, AUDIT_GRANT_MAP);
	assert_string_equal(audits[0].subj, "red");
	assert_string_equal(audits[0].subj_label, "red");
	assert_string_equal(audits[0].obj, "grant:green-a#1");
	assert_string_equal(audits[0].obj_label, "green");
	assert_string_equal(audits[0].decision, "deny");
	assert_null(seen(RED, DEST, NULL));
	assert_int_equal(vms[A].grants[1].mapped_at, 0);
	assert_int_equal(nlive, 0);
}

static void test_map_permit_audit(void **state)
{
	(void)state;
	audit_permits = true;
	create(A, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
	assert_int_equal(naudits, 1);
	assert_string_equal(audits[0].decision, "permit+audit");
	assert_string_equal(audits[0].obj, "grant:green-a#0");
	assert_ptr_equal(seen(B, DEST, NULL), ram(A, PG));
}

/* Out of memory for the stand-in or the nested table: E_NOMEM, rolled back, and a retry works. */
static void test_map_out_of_memory(void **state)
{
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	alloc_fails = 1;
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_E_NOMEM);
	assert_null(seen(B, DEST, NULL));
	assert_null(gpmap_find(&vms[B].map, DEST));
	map_page_fails = 1;
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_E_NOMEM);
	assert_null(gpmap_find(&vms[B].map, DEST));
	assert_int_equal(vms[A].grants[0].mapped_at, 0);
	assert_int_equal(nlive, 0);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
}

/* ---------------------------------------------------------------- unmap */

/* Only a grant mapping's first address: not 0, not the guest's code, not inside a page, not unused. */
static void test_unmap_not_a_grant(void **state)
{
	u32 n;
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
	n = vms[B].map.n;
	assert_int_equal(grant_unmap(&vms[B], 0), CORDON_E_NOENT);
	assert_int_equal(grant_unmap(&vms[B], 0x100000), CORDON_E_NOENT);
	assert_int_equal(grant_unmap(&vms[B], DEST + 8), CORDON_E_NOENT);
	assert_int_equal(grant_unmap(&vms[B], DEST + PAGE_SIZE), CORDON_E_NOENT);
	assert_int_equal(grant_unmap(&vms[A], DEST), CORDON_E_NOENT); /* the granter has nothing there */
	assert_int_equal(vms[B].map.n, n);
	assert_non_null(gpmap_access(&vms[B].map, 0x100000, 1, GP_RWX));
	assert_ptr_equal(seen(B, DEST, NULL), ram(A, PG));
}

/* After an unmap the page is gone from both views and the grant may be mapped again. */
static void test_unmap_then_remap(void **state)
{
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
	assert_int_equal(grant_unmap(&vms[B], DEST), CORDON_OK);
	assert_null(seen(B, DEST, NULL));
	assert_null(gpmap_find(&vms[B].map, DEST));
	assert_int_equal(vms[A].grants[0].mapped_at, 0);
	assert_int_equal(nlive, 0); /* the reserved stand-in went back */
	assert_int_equal(grant_unmap(&vms[B], DEST), CORDON_E_NOENT);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST + PAGE_SIZE), CORDON_OK);
}

/* ---------------------------------------------------------------- revoke */

/* The peer keeps a writable page of its own at the address: zeros, its writes stay private. */
static void test_revoke_rw_leaves_private_page(void **state)
{
	u32 perm = 0;
	u8 *mine;
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
	strcpy((char *)seen(B, DEST, NULL), "written by b");
	vms[B].vcpu.state = VCPU_BLOCKED;
	assert_int_equal(grant_revoke(&vms[A], 0), CORDON_OK);
	mine = seen(B, DEST, &perm);
	assert_non_null(mine);
	assert_ptr_not_equal(mine, ram(A, PG));
	assert_true(is_live((u64)(uptr)mine));
	assert_int_equal(perm, GP_R | GP_W);
	for (int i = 0; i < (int)PAGE_SIZE; i++)
		assert_int_equal(mine[i], 0);
	assert_non_null(gpmap_access(&vms[B].map, DEST, PAGE_SIZE, GP_R | GP_W));
	strcpy((char *)mine, "after the revoke");
	assert_string_equal((char *)ram(A, PG), "written by b"); /* the granter's page keeps its data */
	nowhere_shows(B, (u64)(uptr)ram(A, PG));
	assert_true(vms[B].irq_pending);
	assert_int_equal(vms[B].vcpu.state, VCPU_RUNNABLE);
	assert_int_equal(vms[B].state, VM_RUNNING);
	assert_false(vms[A].grants[0].used);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST + PAGE_SIZE), CORDON_E_NOENT);
}

/* A read-only grant's stand-in is read-only too. */
static void test_revoke_ro_stays_ro(void **state)
{
	u32 perm = 0;
	(void)state;
	create(A, B, PG, CORDON_GRANT_RO);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
	assert_int_equal(grant_revoke(&vms[A], 0), CORDON_OK);
	assert_non_null(seen(B, DEST, &perm));
	assert_int_equal(perm, GP_R);
	assert_null(gpmap_access(&vms[B].map, DEST, 1, GP_W));
}

/* The stand-in belongs to the peer: an unmap frees it, and the address is free again. */
static void test_unmap_stand_in(void **state)
{
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
	assert_int_equal(grant_revoke(&vms[A], 0), CORDON_OK);
	assert_int_equal(nlive, 1);
	assert_int_equal(grant_unmap(&vms[B], DEST), CORDON_OK);
	assert_int_equal(nlive, 0);
	assert_null(seen(B, DEST, NULL));
	assert_int_equal(create(A, B, PG, CORDON_GRANT_RW), 0);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
}

static void test_revoke_bounds(void **state)
{
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_revoke(&vms[A], MAX_GRANTS), CORDON_E_NOENT);
	assert_int_equal(grant_revoke(&vms[A], ~0ULL), CORDON_E_NOENT);
	assert_int_equal(grant_revoke(&vms[A], MAX_GRANTS - 1), CORDON_E_NOENT);
	assert_int_equal(grant_revoke(&vms[A], 1), CORDON_E_NOENT);
	assert_int_equal(grant_revoke(&vms[B], 0), CORDON_E_NOENT); /* the peer cannot revoke */
	assert_true(vms[A].grants[0].used);
	assert_int_equal(grant_revoke(&vms[A], 0), CORDON_OK);
	assert_int_equal(grant_revoke(&vms[A], 0), CORDON_E_NOENT);
}

/* An unmapped grant is revoked without touching the peer. */
static void test_revoke_unmapped(void **state)
{
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_revoke(&vms[A], 0), CORDON_OK);
	assert_null(seen(B, DEST, NULL));
	assert_false(vms[B].irq_pending);
	assert_int_equal(nlive, 0);
}

/* ---------------------------------------------------------------- teardown */

/* The granter ends: the peer keeps running with private pages where the grants were. */
static void test_granter_ends(void **state)
{
	u32 perm = 0;
	u8 *mine;
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	create(A, B, PG + PAGE_SIZE, CORDON_GRANT_RO);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
	assert_int_equal(grant_map(&vms[B], A, 1, DEST + PAGE_SIZE), CORDON_OK);
	memset(ram(A, PG), 0xaa, PAGE_SIZE);
	end_vm(A);
	assert_int_equal(vms[B].state, VM_RUNNING);
	mine = seen(B, DEST, &perm);
	assert_non_null(mine);
	assert_int_equal(perm, GP_R | GP_W);
	assert_int_equal(mine[0], 0);
	mine[0] = 1;
	assert_int_equal(*ram(A, PG), 0xaa);
	assert_non_null(seen(B, DEST + PAGE_SIZE, &perm));
	assert_int_equal(perm, GP_R);
	nowhere_shows(B, (u64)(uptr)ram(A, PG));
	nowhere_shows(B, (u64)(uptr)ram(A, PG + PAGE_SIZE));
	assert_int_equal(nlive, 2);
	end_vm(B);
	assert_int_equal(nlive, 0);
}

/* The peer ends: the grant is no longer mapped anywhere, its reserve is freed, the granter is untouched. */
static void test_peer_ends(void **state)
{
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
	end_vm(B);
	assert_int_equal(vms[A].grants[0].mapped_at, 0);
	assert_int_equal(vms[A].grants[0].standin, 0);
	assert_true(vms[A].grants[0].used);
	assert_null(gpmap_find(&vms[B].map, DEST));
	assert_int_equal(nlive, 0);
	assert_int_equal(grant_revoke(&vms[A], 0), CORDON_OK); /* nothing to do at the dead peer */
	assert_int_equal(gpmap_find(&vms[A].map, 0)->size, MEM);
}

/* A peer that ends holding stand-ins returns them. */
static void test_peer_ends_after_revoke(void **state)
{
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	create(C, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
	assert_int_equal(grant_map(&vms[B], C, 0, DEST + PAGE_SIZE), CORDON_OK);
	assert_int_equal(grant_revoke(&vms[A], 0), CORDON_OK);
	end_vm(B);
	assert_int_equal(nlive, 0);
	assert_int_equal(vms[C].grants[0].mapped_at, 0);
}

/* A VM that maps two granters' pages and unmaps one keeps the other. */
static void test_unmap_only_that_mapping(void **state)
{
	(void)state;
	create(A, B, PG, CORDON_GRANT_RW);
	create(C, B, PG, CORDON_GRANT_RW);
	assert_int_equal(grant_map(&vms[B], A, 0, DEST), CORDON_OK);
	assert_int_equal(grant_map(&vms[B], C, 0, DEST + PAGE_SIZE), CORDON_OK);
	assert_int_equal(grant_unmap(&vms[B], DEST), CORDON_OK);
	assert_int_equal(vms[A].grants[0].mapped_at, 0);
	assert_int_equal(vms[C].grants[0].mapped_at, DEST + PAGE_SIZE);
	assert_ptr_equal(seen(B, DEST + PAGE_SIZE, NULL), ram(C, PG));
}

int main(void)
{
	static const struct CMUnitTest t[] = {
		SHARE_TEST(test_create_refs_in_order),
		SHARE_TEST(test_create_bad_flags),
		SHARE_TEST(test_create_unaligned),
		SHARE_TEST(test_create_peer_must_exist),
		SHARE_TEST(test_create_own_ram_only),
		SHARE_TEST(test_create_not_a_granted_page),
		SHARE_TEST(test_create_bound),
		SHARE_TEST(test_map_rw),
		SHARE_TEST(test_map_ro),
		SHARE_TEST(test_map_no_such_grant),
		SHARE_TEST(test_map_ref_one_past_the_end),
		SHARE_TEST(test_map_last_ref),
		SHARE_TEST(test_map_grant_for_another_vm),
		SHARE_TEST(test_map_granter_not_running),
		SHARE_TEST(test_double_map_busy),
		SHARE_TEST(test_map_destination),
		SHARE_TEST(test_map_denied_and_audited),
		SHARE_TEST(test_map_permit_audit),
		SHARE_TEST(test_map_out_of_memory),
		SHARE_TEST(test_unmap_not_a_grant),
		SHARE_TEST(test_unmap_then_remap),
		SHARE_TEST(test_revoke_rw_leaves_private_page),
		SHARE_TEST(test_revoke_ro_stays_ro),
		SHARE_TEST(test_unmap_stand_in),
		SHARE_TEST(test_revoke_bounds),
		SHARE_TEST(test_revoke_unmapped),
		SHARE_TEST(test_granter_ends),
		SHARE_TEST(test_peer_ends),
		SHARE_TEST(test_peer_ends_after_revoke),
		SHARE_TEST(test_unmap_only_that_mapping),
	};
	return cmocka_run_group_tests_name("grant", t, NULL, NULL);
}
