/* cordon core: the other VM of a sharing call, by id or by name; a VM that has ended is nobody's peer. */
#include <kernel/share/share.h>
#include <lib/str.h>
#include <cordon/hypercall.h>

struct vm *vm_peer(u64 id)
{
	struct vm *o = vm_by_id(id);
	return o && o->state != VM_ENDED ? o : NULL;
}

/* The name's len bytes must equal a whole VM name: no prefix, no NUL inside. */
s64 vm_lookup(const struct vm *caller, u64 gpa, u64 len, u64 *out)
{
	const char *name;
	if (!len || len >= CFG_NAME_MAX)
		return CORDON_E_INVAL;
	/*@ split len; */ /* make prove: Eva follows each length on its own, so it proves all len bytes lie in the map */
	name = gpmap_access(&caller->map, gpa, len, GP_R);
	if (!name)
		return CORDON_E_FAULT;
	for (u32 i = 0; i < vm_count(); i++) {
		const struct vm *o = vm_peer(i);
		if (o && !c_memcmp(o->cfg->name, name, len) && !o->cfg->name[len]) {
			*out = i;
			return CORDON_OK;
		}
	}
	return CORDON_E_NOENT;
}
