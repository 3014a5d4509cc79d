/* cordon: make prove stand-in for ending a VM (kernel/vm.c vm_end): what the caller sees is that it no longer runs. */
#include <kernel/vm.h>

/*@ requires \valid(vm); */
void vm_end(struct vm *vm, enum end_reason why, u64 detail, u64 detail2)
{
	vm->state = VM_ENDED;
	vm->end = why;
	vm->end_detail = detail;
	vm->end_detail2 = detail2;
}
