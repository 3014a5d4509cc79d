/* cordon core: waking a vCPU: the one way events, the switch and the timer make a blocked vCPU runnable. */
#include <kernel/sched.h>
#include <kernel/vm.h>

/*
 * Only a blocked (HLTed) vCPU changes: a runnable one already runs at its
 * next slice, and a dead one never runs again. In a file of its own so that
 * the sharing code can wake a peer without reaching the run loop (sched.c
 * calls exit dispatch, which calls the sharing code).
 */
void vcpu_wake(struct vcpu *v)
{
	if (v->state == VCPU_BLOCKED)
		v->state = VCPU_RUNNABLE;
}
