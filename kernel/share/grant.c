/* cordon core: grants: a VM offers a page to one peer, which maps it after a Simple Type Enforcement check. */
#include <kernel/share/share.h>
#include <kernel/trust/audit.h>
#include <kernel/backend.h>
#include <kernel/mem/pmm.h>
#include <acm/hooks.h>
#include <cordon/hypercall.h>
#include <lib/fmt.h>

s64 grant_create(struct vm *vm, u64 peer, u64 gpa, u64 flags, u64 *out)
{
	u32 perm = flags == CORDON_GRANT_RW ? GP_R | GP_W : GP_R;
	const struct gpmap_range *range;
	void *page;
	if ((flags != CORDON_GRANT_RO && flags != CORDON_GRANT_RW) || (gpa & (PAGE_SIZE - 1)) || !vm_peer(peer))
		return CORDON_E_INVAL;
	page = gpmap_access(&vm->map, gpa, PAGE_SIZE, GP_R);
	range = gpmap_find(&vm->map, gpa); /* not NULL when page is not (tested all the same: Eva cannot relate them) */
	if (!page || !range || (range->perm & GP_GRANT))
		return CORDON_E_FAULT; /* only its own RAM, never a page granted to it */
	for (u32 r = 0; r < MAX_GRANTS; r++)
		if (!vm->grants[r].used) {
			vm->grants[r] = (struct grant){ true, perm, (u32)peer, gpa, (u64)(uptr)page, 0, 0 };
			*out = r;
			return CORDON_OK;
		}
	return CORDON_E_NOMEM;
}

static bool dest_ok(const struct vm *vm, u64 dest)
{
	return !(dest & (PAGE_SIZE - 1)) && dest >= vm->mem_size && dest < GiB(4) && !gpmap_find(&vm->map, dest);
}

/*
 * Enters hpa at dest in the map and the nested tables, or neither.
 * The stand-in page is reserved here so that a revoke can never fail to
 * give the peer a page of its own (a missing page would end it).
 */
static s64 map_at(struct vm *vm, u64 dest, struct grant *gr)
{
	u64 z = pmm_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!z)
		return CORDON_E_NOMEM;
	if (gpmap_add(&vm->map, dest, PAGE_SIZE, gr->hpa, gr->perm | GP_GRANT) < 0) {
		pmm_free(z, PAGE_SIZE);
		return CORDON_E_NOMEM;
	}
	if (hv->map_page(vm, dest, gr->hpa, gr->perm) < 0) {
		gpmap_remove(&vm->map, dest);
		pmm_free(z, PAGE_SIZE);
		return CORDON_E_NOMEM;
	}
	gr->mapped_at = dest;
	gr->standin = z;
	return CORDON_OK;
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
	d = acm_pre_share(vm->label, g->label);
	fmt_snprintf(obj, sizeof(obj), "grant:%s#%llu", g->cfg->name, ref);
	if (d != ACM_PERMIT)
		audit_log(AUDIT_GRANT_MAP, vm->cfg->name, vm->cfg->label, obj, g->cfg->label, acm_decision_name(d));
	if (d == ACM_DENY)
		return CORDON_E_PERM;
	return map_at(vm, dest, gr);
}

/* Drops a mapping from the mapper; frees a stand-in page cordon put there after a revoke. */
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

/* The grant is no longer mapped anywhere: its reserved stand-in goes back. */
static void forget(struct grant *gr)
{
	if (gr->standin)
		pmm_free(gr->standin, PAGE_SIZE);
	gr->mapped_at = 0;
	gr->standin = 0;
}

/* Granters forget that mapper holds their page at dest (at every address when dest is 0). */
static void forget_mappings(const struct vm *mapper, u64 dest)
{
	for (u32 i = 0; i < vm_count(); i++)
		for (u32 k = 0; k < MAX_GRANTS; k++) {
			struct grant *gr = &vm_at(i)->grants[k];
			if (gr->used && gr->peer == mapper->id && gr->mapped_at && (!dest || gr->mapped_at == dest))
				forget(gr);
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
 * The peer keeps a page at the old address with the grant's permissions, but
 * the zeroed stand-in reserved at map time, owned by the peer alone: reads
 * see zeros, writes land in it, and nothing of the granter stays visible.
 */
static void revoke_one(struct grant *gr)
{
	struct vm *peer = vm_by_id(gr->peer);
	u64 at = gr->mapped_at;
	if (at && peer && vm_alive(peer)) {
		drop_mapping(peer, at);
		if (gpmap_add(&peer->map, at, PAGE_SIZE, gr->standin, gr->perm | GP_GRANT | GP_OWNED) == 0) {
			if (hv->map_page(peer, at, gr->standin, gr->perm) == 0)
				gr->standin = 0; /* the peer's map owns it now */
			else
				gpmap_remove(&peer->map, at);
		}
		event_raise(peer, 0); /* wake it: its view changed */
	}
	forget(gr);
	*gr = (struct grant){ 0 };
}

s64 grant_revoke(struct vm *vm, u64 ref)
{
	if (ref >= MAX_GRANTS || !vm->grants[ref].used)
		return CORDON_E_NOENT;
	revoke_one(&vm->grants[ref]);
	return CORDON_OK;
}

/* At VM end: revoke what it granted; forget what it mapped (its nested tables go away with it). */
void grants_teardown(struct vm *vm)
{
	for (u32 r = 0; r < MAX_GRANTS; r++)
		if (vm->grants[r].used)
			revoke_one(&vm->grants[r]);
	forget_mappings(vm, 0);
	for (u32 i = 0; i < vm->map.n;) /* gpmap_remove moves the last range into slot i */
		if (vm->map.r[i].perm & GP_GRANT)
			drop_mapping(vm, vm->map.r[i].gpa);
		else
			i++;
}
