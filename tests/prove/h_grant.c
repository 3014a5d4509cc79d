/* cordon: make prove harness: grants (create, map, unmap, revoke, teardown) with any arguments among VMs set up as the kernel does. */
/* sources: kernel/share/grant.c kernel/share/peer.c kernel/vm_table.c kernel/mem/gpmap.c lib/str.c tests/prove/stub/stub_pmm_frames.c tests/prove/stub/stub_acm_share.c tests/prove/stub/stub_audit_log.c tests/prove/stub/stub_fmt.c tests/prove/stub/stub_event_raise.c */
/* eva: -eva-ilevel 64 */
/* reaches: grant_create grant_map grant_unmap grant_revoke grants_teardown dest_ok map_at drop_mapping forget forget_mappings revoke_one vm_peer vm_by_id gpmap_access gpmap_add gpmap_remove */
#include <kernel/share/share.h>
#include <kernel/backend.h>
#include <cordon/hypercall.h>
#include <tests/prove/prove.h>

/*
 * NVM VMs as creation leaves them: a table slot each, a boot.cfg entry with a
 * terminated name and label, any label index, any lifecycle state (a peer may
 * be waiting or have ended), RAM at guest-physical 0 in cordon's memory. On
 * top, the sharing state earlier calls may have left, each field any value
 * the code can store (a superset: Eva keeps no relation between fields): every
 * grant slot used or not, for any VM, of any RAM page, read-only or not,
 * mapped at any address a map accepts or not, with a stand-in page or not;
 * each map with up to two grant mappings of any VM's RAM page (a stand-in
 * page, owned, after a revoke). Then one sharing hypercall from any running
 * VM with every argument unknown, and one VM's teardown. The nested-table
 * calls may fail. -eva-ilevel 64: a grant is found as vms[id].grants[ref],
 * NVM * MAX_GRANTS = 48 places; as a set of 48 offsets (precision 1 keeps 12)
 * each read is of one whole field, as an interval it overlaps its neighbours.
 */
#define NVM 3
#define RAM_PAGES 4
#define MAPPED_AT 0x100000ULL /* where the harness's grant mappings sit: above every RAM, below 4 GiB */

static u64 ram[NVM][RAM_PAGES * 512], standin[2][512];
static struct cfg_vm cfg[NVM];

static int any_map(struct vm *vm, u64 gpa, u64 hpa, u32 perm)
{
	(void)vm, (void)gpa, (void)hpa, (void)perm;
	return prove_int(-1, 0);
}

static void no_unmap(struct vm *vm, u64 gpa)
{
	(void)vm, (void)gpa;
}

static const struct backend prove_backend = { .name = "prove", .map_page = any_map, .unmap_page = no_unmap };
const struct backend *hv = &prove_backend;

/* Host address of any page of any VM's RAM. */
static u64 any_ram_page(void)
{
	return (u64)(uptr)ram[prove_int(0, NVM - 1)] + prove_u64(0, RAM_PAGES - 1) * PAGE_SIZE;
}

static void any_grant(struct vm *vm, struct grant *gr)
{
	u64 gpa = prove_u64(0, RAM_PAGES - 1) * PAGE_SIZE;
	gr->used = prove_int(0, 1);
	gr->perm = prove_int(0, 1) ? GP_R : GP_R | GP_W;
	gr->peer = (u32)prove_int(0, NVM - 1);
	gr->gpa = gpa;
	gr->hpa = vm->mem_hpa + gpa;
	gr->mapped_at = prove_int(0, 1) ? prove_u64(vm->mem_size / PAGE_SIZE, GiB(4) / PAGE_SIZE - 1) * PAGE_SIZE : 0;
	gr->standin = prove_int(0, 1) ? (u64)(uptr)standin[prove_int(0, 1)] : 0;
}

static void create(u32 i)
{
	struct vm *vm = vm_add();
	if (!vm)
		return;
	prove_bytes(cfg[i].name, sizeof(cfg[i].name) - 1);
	prove_bytes(cfg[i].label, sizeof(cfg[i].label) - 1);
	vm->cfg = &cfg[i];
	vm->state = (u32)prove_int(VM_EMPTY, VM_ENDED);
	vm->label = prove_int(-1, 0x7fffffff);
	vm->mem_size = sizeof(ram[i]);
	vm->mem_hpa = (u64)(uptr)ram[i];
	vm->vcpu.vm = vm;
	vm->map.r[0] = (struct gpmap_range){ 0, vm->mem_size, vm->mem_hpa, GP_RWX };
	for (u32 k = 1; k <= 2; k++) {
		u32 owned = prove_int(0, 1) ? GP_OWNED : 0;
		u64 hpa = owned ? (u64)(uptr)standin[k - 1] : any_ram_page();
		vm->map.r[k] = (struct gpmap_range){ MAPPED_AT + (k - 1) * PAGE_SIZE, PAGE_SIZE, hpa,
						     (prove_int(0, 1) ? GP_R : GP_R | GP_W) | GP_GRANT | owned };
	}
	vm->map.n = (u32)prove_int(1, 3);
	/*@ loop unroll MAX_GRANTS; */
	for (u32 k = 0; k < MAX_GRANTS; k++)
		any_grant(vm, &vm->grants[k]);
}

int main(void)
{
	for (u32 i = 0; i < NVM; i++)
		create(i);
	struct vm *vm = vm_at((u32)prove_int(0, NVM - 1));
	u64 out, a1 = prove_u64(0, ~0ULL), a2 = prove_u64(0, ~0ULL), a3 = prove_u64(0, ~0ULL);
	if (!vm || !vm_alive(vm))
		return 0;
	switch (prove_int(0, 4)) {
	case 0: grant_create(vm, a1, a2, a3, &out); break;
	case 1: grant_map(vm, a1, a2, a3); break;
	case 2: grant_unmap(vm, a1); break;
	case 3: grant_revoke(vm, a1); break;
	default: grants_teardown(vm); break;
	}
	return 0;
}
