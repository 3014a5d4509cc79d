/* cordon core: preemptive round-robin scheduling of vCPUs on the boot CPU. */
#ifndef CORDON_KERNEL_SCHED_H
#define CORDON_KERNEL_SCHED_H
#include <cordon/types.h>

#define SCHED_HZ 100 /* timer ticks per second; one tick is one time slice */

void sched_tick(void);	 /* timer interrupt */
void sched_run(void);	 /* returns when no VM is left running */

#endif
