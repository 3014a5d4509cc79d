/* cordon: make prove stand-in for raising event bits on a VM (kernel/share/evtchn.c event_raise), its whole effect. */
#include <kernel/share/share.h>

/*@ requires \valid(vm); */
void event_raise(struct vm *vm, u64 bits)
{
	vm->pending |= bits;
	vm->irq_pending = true;
	if (vm->vcpu.state == VCPU_BLOCKED) /* vcpu_wake */
		vm->vcpu.state = VCPU_RUNNABLE;
}
