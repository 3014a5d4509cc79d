/* cordon unit tests: finding a peer (kernel/share/peer.c): VM_LOOKUP's length bounds and exact names, ended VMs. */
/* sources: kernel/share/peer.c kernel/vm_table.c kernel/sched_wake.c kernel/share/grant.c kernel/share/evtchn.c kernel/share/vnic.c kernel/mem/gpmap.c lib/fmt.c lib/str.c */
#include <tests/unit/share_fixture.h>

enum { A, B, C, RED };
#define NAME 0x10000ULL

static s64 look(const char *name, u64 len, u64 *id)
{
	memcpy(ram(A, NAME), name, len);
	return vm_lookup(&vms[A], NAME, len, id);
}

static void test_lookup_exact_name(void **state)
{
	u64 id = 99;
	(void)state;
	assert_int_equal(look("green-c", 7, &id), CORDON_OK);
	assert_int_equal(id, C);
	assert_int_equal(look("green-a", 7, &id), CORDON_OK); /* itself */
	assert_int_equal(id, A);
	id = 99;
	assert_int_equal(look("green", 5, &id), CORDON_E_NOENT);	   /* a prefix */
	assert_int_equal(look("green-cc", 8, &id), CORDON_E_NOENT);	   /* longer */
	assert_int_equal(look("green-c\0x", 9, &id), CORDON_E_NOENT); /* a NUL inside the length */
	assert_int_equal(look("Green-c", 7, &id), CORDON_E_NOENT);
	assert_int_equal(id, 99);
}

/* len must be 1..CFG_NAME_MAX-1: a 31-byte name is looked up, 32 bytes are refused. */
static void test_lookup_length_bounds(void **state)
{
	static const char n31[] = "abcdefghijklmnopqrstuvwxyz01234";
	u64 id = 99;
	(void)state;
	assert_int_equal(strlen(n31), CFG_NAME_MAX - 1);
	assert_int_equal(look("", 0, &id), CORDON_E_INVAL);
	assert_int_equal(look(n31, CFG_NAME_MAX - 1, &id), CORDON_E_NOENT);
	snprintf(cfgs[B].name, sizeof(cfgs[B].name), "%s", n31);
	assert_int_equal(look(n31, CFG_NAME_MAX - 1, &id), CORDON_OK);
	assert_int_equal(id, B);
	assert_int_equal(look("abcdefghijklmnopqrstuvwxyz012345", CFG_NAME_MAX, &id), CORDON_E_INVAL);
	assert_int_equal(vm_lookup(&vms[A], NAME, ~0ULL, &id), CORDON_E_INVAL);
}

static void test_lookup_fault(void **state)
{
	u64 id;
	(void)state;
	assert_int_equal(vm_lookup(&vms[A], MEM - 3, 7, &id), CORDON_E_FAULT);
	assert_int_equal(vm_lookup(&vms[A], MEM, 1, &id), CORDON_E_FAULT);
	assert_int_equal(vm_lookup(&vms[A], MEM - 7, 7, &id), CORDON_E_NOENT); /* readable, just zeros */
}

/* Waiting VMs are found, ended ones are not (for VM_LOOKUP and every call that names a peer). */
static void test_lookup_states(void **state)
{
	u64 id;
	(void)state;
	vms[B].state = VM_WAITING;
	assert_int_equal(look("green-b", 7, &id), CORDON_OK);
	assert_non_null(vm_peer(B));
	vms[B].state = VM_RUNNING;
	end_vm(B);
	assert_int_equal(look("green-b", 7, &id), CORDON_E_NOENT);
	assert_null(vm_peer(B));
	assert_non_null(vm_by_id(B)); /* teardown code still finds it */
	assert_null(vm_peer(nvms));
	assert_null(vm_by_id(nvms));
	assert_non_null(vm_peer(nvms - 1));
}

/* A slot counted in nvms but never filled (VM_EMPTY) is no VM: not by id, not as a peer, not by name. */
static void test_empty_slot_is_nobody(void **state)
{
	u64 id = 99;
	(void)state;
	assert_non_null(vm_by_id(C));
	vms[C].state = VM_EMPTY;
	assert_null(vm_by_id(C));
	assert_null(vm_peer(C));
	assert_int_equal(look("green-c", 7, &id), CORDON_E_NOENT);
	assert_int_equal(id, 99);
	assert_int_equal(grant_create(&vms[A], C, 0, CORDON_GRANT_RO, &id), CORDON_E_INVAL);
}

/* A full VM table: id MAX_VMS is past vms[] itself. */
static void test_full_table(void **state)
{
	static const char *const names[MAX_VMS] = { "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7",
						    "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15" };
	static const char *labels[MAX_VMS];
	u64 id;
	(void)state;
	for (int i = 0; i < MAX_VMS; i++)
		labels[i] = "green";
	world(MAX_VMS, names, labels);
	assert_null(vm_by_id(MAX_VMS));
	assert_null(vm_peer(MAX_VMS));
	assert_non_null(vm_by_id(MAX_VMS - 1));
	memcpy(ram(0, NAME), "v15", 3);
	assert_int_equal(vm_lookup(&vms[0], NAME, 3, &id), CORDON_OK);
	assert_int_equal(id, MAX_VMS - 1);
	assert_int_equal(evtchn_alloc(&vms[0], MAX_VMS, &id), CORDON_E_NOENT);
}

int main(void)
{
	static const struct CMUnitTest t[] = {
		SHARE_TEST(test_lookup_exact_name),
		SHARE_TEST(test_lookup_length_bounds),
		SHARE_TEST(test_lookup_fault),
		SHARE_TEST(test_lookup_states),
		SHARE_TEST(test_full_table),
		SHARE_TEST(test_empty_slot_is_nobody),
	};
	return cmocka_run_group_tests_name("peer", t, NULL, NULL);
}
