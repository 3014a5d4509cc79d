/* cordon core: the walk over the VM units: forward to start, backward to stop or to roll back a failed start. */
#include <kernel/vm_units.h>

bool vm_units_may_start(const struct vm_unit *u, u32 n, struct vm *vm)
{
	for (u32 i = 0; i < n; i++)
		if (u[i].may_start && !u[i].may_start(vm))
			return false;
	return true;
}

u32 vm_units_start(const struct vm_unit *u, u32 n, struct vm *vm, const char **why)
{
	*why = NULL;
	for (u32 i = 0; i < n; i++)
		if (u[i].start && (*why = u[i].start(vm)))
			return i;
	return n;
}

void vm_units_undo(const struct vm_unit *u, u32 k, struct vm *vm)
{
	while (k--)
		if (u[k].undo)
			u[k].undo(vm);
		else if (u[k].stop)
			u[k].stop(vm);
}

void vm_units_stop(const struct vm_unit *u, u32 n, struct vm *vm)
{
	while (n--)
		if (u[n].stop)
			u[n].stop(vm);
}
