/* cordon core: grants: a VM offers a page to one peer, which maps it after a Simple Type Enforcement check. */
#include "share.h"
#include "audit.h"
#include "backend.h"
#include "pmm.h"
#include <acm/hooks.h>
#include <cordon/hypercall.h>
#include "fmt.h"

struct vm *vm_by_id(u64 id)
{
	return id < nvms && vms[id].state != VM_EMPTY ? &vms[id] : NULL;
}

s64 grant_create(struct vm *vm, u64 peer, u64 gpa, u64 flags, u64 *out)
{
	u32 perm = flags == CORDON_GRANT_RW ? GP_R | GP_W : GP_R;
	void *page;
	if ((flags != CORDON_GRANT_RO && flags != CORDON_GRANT_RW) || (gpa & (PAGE_SIZE - 1)) || !vm_by_id(peer))
		return CORDON_E_INVAL;
	page = gpmap_access(&vm->map, gpa, PAGE_SIZE, GP_R);
	if (!page || (gpmap_find(&vm->map, gpa)->perm & GP_GRANT))
		return CORDON_E_FAULT; /* only its own RAM, never a page granted to it */
	for (u32 r = 0; r < MAX_GRANTS; r++)
		if (!vm->grants[r].used) {
			vm->grants[r] = (struct grant){ true, perm, (u32)peer, gpa, (u64)(uptr)page, 0 };
			*out = r;
			return CORDON_OK;
		}
	return CORDON_E_NOMEM;
}

static bool dest_ok(const struct vm *vm, u64 dest)
{
	return !(dest & (PAGE_SIZE - 1)) && dest >= vm->mem_size && dest < GiB(4) && !gpmap_find(&vm->map, dest);
}

/* The PRE hook decides; POST is the mapping itself; a failed mapping rolls back the map entry. */
s64 grant_map(struct vm *vm, u64 granter, u64 ref, u64 dest)
{
	struct vm *g = vm_by_id(granter);
	struct grant *gr = g && ref < MAX_GRANTS ? &g->grants[ref] : NULL;
	enum acm_decision d;
	char obj[48];
	if (!gr || !vm_alive(g) || !gr->used || gr->peer != vm->id) /* gr is NULL when g is, or ref is out of range */
		return CORDON_E_NOENT;
	if (gr->mapped_at)
		return CORDON_E_BUSY;
	if (!dest_ok(vm, dest))
		return CORDON_E_INVAL;
	d = acm_pre_share(vm, g->label);
	fmt_snprintf(obj, sizeof(obj), "grant:%s#%llu", g->cfg->name, ref);
	if (d != ACM_PERMIT)
		audit_log(AUDIT_GRANT_MAP, vm->cfg->name, vm->cfg->label, obj, g->cfg->label, acm_decision_name(d));
	if (d == ACM_DENY)
		return CORDON_E_PERM;
	if (gpmap_add(&vm->map, dest, PAGE_SIZE, gr->hpa, gr->perm | GP_GRANT) < 0)
		return CORDON_E_NOMEM;
	if (hv->map_page(vm, dest, gr->hpa, gr->perm) < 0) {
		gpmap_remove(&vm->map, dest);
		return CORDON_E_NOMEM;
	}
	gr->mapped_at = dest;
	return CORDON_OK;
}

/* Drops a mapping from the mapper; frees a zero-page stand-in cordon put there after a revoke. */
static void drop_mapping(struct vm *vm, u64 dest)
{
	const struct gpmap_range *r = gpmap_find(&vm->map, dest);
	if (!r)
		return;
	if (r->perm & GP_OWNED)
		pmm_free(r->hpa, PAGE_SIZE);
	hv->unmap_page(vm, dest);
	gpmap_remove(&vm->map, dest);
}

/* Granters forget that mapper holds their page at dest (at every address when dest is 0). */
static void forget_mappings(const struct vm *mapper, u64 dest)
{
	for (u32 i = 0; i < nvms; i++)
		for (u32 k = 0; k < MAX_GRANTS; k++) {
			struct grant *gr = &vms[i].grants[k];
			if (gr->used && gr->peer == mapper->id && (!dest || gr->mapped_at == dest))
				gr->mapped_at = 0;
		}
}

s64 grant_unmap(struct vm *vm, u64 dest)
{
	const struct gpmap_range *r = gpmap_find(&vm->map, dest);
	if (!r || r->gpa != dest || !(r->perm & GP_GRANT))
		return CORDON_E_NOENT;
	forget_mappings(vm, dest);
	drop_mapping(vm, dest);
	return CORDON_OK;
}

/*
 * The peer keeps a page at the old address, but a fresh zeroed one of its own:
 * it sees zeros instead of faulting or keeping a stale view of the granter.
 */
static void revoke_one(struct vm *vm, struct grant *gr)
{
	struct vm *peer = vm_by_id(gr->peer);
	u64 z;
	if (gr->mapped_at && peer && vm_alive(peer)) {
		drop_mapping(peer, gr->mapped_at);
		z = pmm_alloc(PAGE_SIZE, PAGE_SIZE);
		if (z && gpmap_add(&peer->map, gr->mapped_at, PAGE_SIZE, z, GP_R | GP_GRANT | GP_OWNED) == 0 &&
		    hv->map_page(peer, gr->mapped_at, z, GP_R) == 0)
			event_raise(peer, 0); /* wake it: its view changed */
	}
	*gr = (struct grant){ 0 };
	(void)vm;
}

s64 grant_revoke(struct vm *vm, u64 ref)
{
	if (ref >= MAX_GRANTS || !vm->grants[ref].used)
		return CORDON_E_NOENT;
	revoke_one(vm, &vm->grants[ref]);
	return CORDON_OK;
}

/* At VM end: revoke what it granted; forget what it mapped (its nested tables go away with it). */
void grants_teardown(struct vm *vm)
{
	for (u32 r = 0; r < MAX_GRANTS; r++)
		if (vm->grants[r].used)
			revoke_one(vm, &vm->grants[r]);
	forget_mappings(vm, 0);
	for (u32 i = 0; i < vm->map.n; i++)
		if (vm->map.r[i].perm & GP_OWNED)
			pmm_free(vm->map.r[i].hpa, PAGE_SIZE);
}
