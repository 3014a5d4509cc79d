/* cordon core: the VM table: private to this file; VMs by id (= boot.cfg order) and whether one runs. */
#include <kernel/vm.h>
#include <lib/str.h>

static struct vm vms[MAX_VMS];
static u32 nvms;

struct vm *vm_add(void)
{
	struct vm *vm;
	if (nvms == MAX_VMS)
		return NULL;
	vm = &vms[nvms];
	vm->id = nvms++;
	return vm;
}

u32 vm_count(void)
{
	return nvms;
}

struct vm *vm_at(u32 i)
{
	return i < nvms ? &vms[i] : NULL;
}

struct vm *vm_by_id(u64 id)
{
	return id < nvms && vms[id].state != VM_EMPTY ? &vms[id] : NULL;
}

bool vm_alive(const struct vm *vm)
{
	return vm->state == VM_RUNNING;
}

void vm_table_reset(void)
{
	c_memset(vms, 0, sizeof(vms));
	nvms = 0;
}
