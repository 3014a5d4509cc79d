/* cordon unit tests: a small world of VMs for the sharing code, with fake nested tables, pmm, ACM and audit. */
#ifndef CORDON_TESTS_SHARE_FIXTURE_H
#define CORDON_TESTS_SHARE_FIXTURE_H
#include <tests/unit/unit.h>
#include <kernel/share/share.h>
#include <kernel/backend.h>
#include <kernel/profile.h>
#include <kernel/sched.h>
#include <kernel/mem/pmm.h>
#include <kernel/trust/audit.h>
#include <acm/hooks.h>
#include <cordon/hypercall.h>

/* ---------------------------------------------------------------- the VM table (kernel/vm_table.c, linked) */
/* The table is private to vm_table.c; tests read and poke its slots through vm_at(0), the first one. */
#define vms (vm_at(0))
#define nvms (vm_count())
static struct cfg_vm cfgs[MAX_VMS];

#define MEM 0x200000ULL      /* every VM's RAM: 2 MiB at guest-physical 0 (code at 1 MiB, as in GUEST.md) */
#define DEST 0x80000000ULL   /* where the tests map grants (outside RAM, below 4 GiB) */

/* ---------------------------------------------------------------- nested tables (the backend's map_page) */
#define NT_MAX 64
struct nt_entry {
	bool used;
	u64 gpa, hpa;
	u32 perm;
};
static struct nt_entry nt[MAX_VMS][NT_MAX];
static int map_page_fails; /* the next map_page calls that fail */
static u32 unmaps[MAX_VMS];

static inline struct nt_entry *nt_find(u32 id, u64 gpa)
{
	for (int i = 0; i < NT_MAX; i++)
		if (nt[id][i].used && nt[id][i].gpa == gpa)
			return &nt[id][i];
	return NULL;
}

static int fake_map_page(struct vm *vm, u64 gpa, u64 hpa, u32 perm)
{
	struct nt_entry *e = nt_find(vm->id, gpa);
	if (map_page_fails > 0) {
		map_page_fails--;
		return -1;
	}
	assert_null(e); /* the core unmaps before it maps again */
	for (int i = 0; i < NT_MAX; i++)
		if (!nt[vm->id][i].used) {
			nt[vm->id][i] = (struct nt_entry){ true, gpa, hpa, perm };
			return 0;
		}
	fail_msg("nested table full");
	return -1;
}

static void fake_unmap_page(struct vm *vm, u64 gpa)
{
	struct nt_entry *e = nt_find(vm->id, gpa);
	unmaps[vm->id]++;
	if (e)
		e->used = false;
}

static const struct backend fake_hv = { .name = "fake", .map_page = fake_map_page, .unmap_page = fake_unmap_page };
const struct backend *hv = &fake_hv;

/* ---------------------------------------------------------------- pmm: every page tracked, leaks and double frees fail */
#define LIVE_MAX 256
static void *live[LIVE_MAX];
static int nlive;
static int alloc_fails; /* the next pmm_alloc calls that fail */

u64 pmm_alloc(u64 bytes, u64 align)
{
	void *p;
	assert_int_equal(bytes, PAGE_SIZE);
	assert_int_equal(align, PAGE_SIZE);
	if (alloc_fails > 0) {
		alloc_fails--;
		return 0;
	}
	assert_true(nlive < LIVE_MAX);
	p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	memset(p, 0, PAGE_SIZE); /* pmm_alloc's contract: zeroed */
	live[nlive++] = p;
	return (u64)(uptr)p;
}

void pmm_free(u64 base, u64 bytes)
{
	assert_int_equal(bytes, PAGE_SIZE);
	for (int i = 0; i < nlive; i++)
		if (live[i] == (void *)(uptr)base) {
			free(live[i]);
			live[i] = live[--nlive];
			return;
		}
	fail_msg("pmm_free of 0x%llx: not allocated (double free?)", (unsigned long long)base);
}

static inline bool is_live(u64 hpa)
{
	for (int i = 0; i < nlive; i++)
		if (live[i] == (void *)(uptr)hpa)
			return true;
	return false;
}

/* ---------------------------------------------------------------- the reference monitor: labels share a type iff equal */
static const char *const label_names[] = { "green", "red", "blue", "green-seg", "red-seg" };
static bool audit_permits; /* the policy's "audit permits" flag */
static bool null_policy;
static int pre_share_calls;

static int label_of(const char *name)
{
	for (int i = 0; i < (int)(sizeof(label_names) / sizeof(label_names[0])); i++)
		if (!strcmp(label_names[i], name))
			return i;
	return -1;
}

/* green-seg is green's segment, red-seg red's. */
static int type_of(int label)
{
	return label == 3 ? 0 : label == 4 ? 1 : label;
}

enum acm_decision acm_pre_share(int subj_label, int obj_label)
{
	pre_share_calls++;
	if (null_policy)
		return ACM_PERMIT;
	/* The real acm_share indexes the policy's label table with both: callers must not pass -1. */
	if (subj_label < 0 || obj_label < 0)
		fail_msg("acm_pre_share(label %d, label %d): acm_share would read labels[-1]", subj_label, obj_label);
	if (type_of(subj_label) != type_of(obj_label))
		return ACM_DENY;
	return audit_permits ? ACM_PERMIT_AUDIT : ACM_PERMIT;
}

/* As acm/hooks.c: a segment the policy does not label is denied, else Simple Type Enforcement with its label. */
enum acm_decision acm_pre_attach(int vm_label, const char *segment)
{
	int seg_label = label_of(segment);
	if (!null_policy && seg_label < 0) {
		pre_share_calls++;
		return ACM_DENY;
	}
	return acm_pre_share(vm_label, seg_label);
}

const char *acm_decision_name(enum acm_decision d)
{
	return d == ACM_PERMIT ? "permit" : d == ACM_PERMIT_AUDIT ? "permit+audit" : "deny";
}

/* ---------------------------------------------------------------- the audit trail: calls recorded */
struct audit_call {
	enum audit_op op;
	char subj[32], subj_label[32], obj[64], obj_label[32], decision[16];
};
static struct audit_call audits[64];
static int naudits;
static char runs_ended[MAX_VMS][32];
static int nruns_ended;

void audit_log(enum audit_op op, const char *subj, const char *subj_label, const char *obj, const char *obj_label,
	       const char *decision)
{
	struct audit_call *a = &audits[naudits++ % 64];
	a->op = op;
	snprintf(a->subj, sizeof(a->subj), "%s", subj);
	snprintf(a->subj_label, sizeof(a->subj_label), "%s", subj_label);
	snprintf(a->obj, sizeof(a->obj), "%s", obj);
	snprintf(a->obj_label, sizeof(a->obj_label), "%s", obj_label);
	snprintf(a->decision, sizeof(a->decision), "%s", decision);
}

void audit_end_runs(const char *subj)
{
	snprintf(runs_ended[nruns_ended++ % MAX_VMS], 32, "%s", subj);
}

void kprintf(const char *fmt, ...)
{
	(void)fmt;
}

/* ---------------------------------------------------------------- building a world */
static void *ram_of[MAX_VMS];

/* VM i is named names[i], labelled labels[i], running, with MEM bytes of RAM at gpa 0 (RWX). */
/*
 * The two guest kinds as the switch sees them: a tiny guest learns of a frame
 * from the NIC event bit; a Linux VM's profile takes the frame for its
 * virtio-net and wakes the vCPU, as kernel/linux/linux_profile.c does.
 */
static const struct guest_profile fx_elf_profile = { .name = "elf" };
static void fx_linux_nic_notify(struct vm *vm)
{
	vcpu_wake(&vm->vcpu);
}
static const struct guest_profile fx_linux_profile = { .name = "linux", .nic_notify = fx_linux_nic_notify };

static void world(u32 n, const char *const *names, const char *const *labels)
{
	for (u32 i = 0; i < MAX_VMS; i++) {
		free(ram_of[i]);
		ram_of[i] = NULL;
	}
	vm_table_reset();
	memset(cfgs, 0, sizeof(cfgs));
	memset(nt, 0, sizeof(nt));
	memset(unmaps, 0, sizeof(unmaps));
	naudits = nruns_ended = pre_share_calls = 0;
	map_page_fails = alloc_fails = 0;
	audit_permits = null_policy = false;
	for (u32 i = 0; i < n; i++) {
		struct vm *vm = vm_add();
		snprintf(cfgs[i].name, sizeof(cfgs[i].name), "%s", names[i]);
		snprintf(cfgs[i].label, sizeof(cfgs[i].label), "%s", labels[i]);
		vm->cfg = &cfgs[i];
		vm->profile = &fx_elf_profile;
		vm->state = VM_RUNNING;
		vm->vcpu.vm = vm;
		vm->vcpu.state = VCPU_RUNNABLE;
		vm->label = label_of(labels[i]);
		vm->mem_size = MEM;
		ram_of[i] = aligned_alloc(PAGE_SIZE, MEM);
		memset(ram_of[i], 0, MEM);
		vm->mem_hpa = (u64)(uptr)ram_of[i];
		assert_int_equal(gpmap_add(&vm->map, 0, MEM, vm->mem_hpa, GP_RWX), 0);
	}
}

/* The usual cast: 0 green-a, 1 green-b, 2 green-c (all green), 3 red. */
static int three_green_one_red(void **state)
{
	static const char *const names[] = { "green-a", "green-b", "green-c", "red" };
	static const char *const labels[] = { "green", "green", "green", "red" };
	(void)state;
	world(4, names, labels);
	return 0;
}

/* Host address of a VM's own RAM at gpa. */
static inline u8 *ram(u32 id, u64 gpa)
{
	return (u8 *)ram_of[id] + gpa;
}

/* What the VM's nested tables show at gpa (NULL: nothing), checked against its guest-physical map. */
static inline u8 *seen(u32 id, u64 gpa, u32 *perm)
{
	struct nt_entry *e = nt_find(id, gpa);
	const struct gpmap_range *r = gpmap_find(&vms[id].map, gpa);
	if (!e) {
		assert_true(!r || r->gpa == 0); /* the map has nothing the tables lack (RAM is not in the fake tables) */
		return NULL;
	}
	assert_non_null(r);
	assert_int_equal(r->hpa, e->hpa);
	assert_int_equal(r->perm & (GP_R | GP_W), e->perm & (GP_R | GP_W));
	if (perm)
		*perm = e->perm;
	return (u8 *)(uptr)e->hpa;
}

/* No address in vm's tables or map shows the host page hpa. */
static inline void nowhere_shows(u32 id, u64 hpa)
{
	for (int i = 0; i < NT_MAX; i++)
		assert_false(nt[id][i].used && nt[id][i].hpa == hpa);
	for (u32 i = 0; i < vms[id].map.n; i++)
		assert_false(vms[id].map.r[i].hpa == hpa && vms[id].map.r[i].size == PAGE_SIZE);
}

/* vm_end's order: the VM is no longer running, then everything it shared is torn down. */
static void end_vm(u32 id)
{
	vms[id].state = VM_ENDED;
	vms[id].vcpu.state = VCPU_DEAD;
	share_teardown(&vms[id]);
}

/* Every VM ends; no page cordon allocated may be left. */
static int end_all(void **state)
{
	(void)state;
	for (u32 i = 0; i < nvms; i++)
		if (vms[i].state == VM_RUNNING || vms[i].state == VM_WAITING)
			end_vm(i);
	assert_int_equal(nlive, 0);
	return 0;
}

#define SHARE_TEST(f) cmocka_unit_test_setup_teardown(f, three_green_one_red, end_all)

#endif
