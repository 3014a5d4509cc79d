/* cordon core: preemptive round-robin scheduling of vCPUs on the boot CPU. */
#ifndef CORDON_KERNEL_SCHED_H
#define CORDON_KERNEL_SCHED_H
#include <cordon/types.h>

#define SCHED_HZ 100 /* timer ticks per second; one tick is one time slice */

struct vcpu;

void sched_tick(void);	 /* timer interrupt */
void sched_run(void);	 /* returns when no VM is left running */
/* kernel/sched_wake.c: a blocked vCPU becomes runnable (an event, a frame, a tick); others are left as they are. */
void vcpu_wake(struct vcpu *v);

#endif
