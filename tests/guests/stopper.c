/* cordon test guest (s): waits for events and exits with code 62 when cordon asks it to stop (CORDON_EVENT_STOP). */
#include <tests/guests/guest.h>

#define STOPPED_CODE CORDON_EVENT_STOP /* recognizable in "exited with code 62" */

/* Every event interrupt: read (and clear) the pending bits; the stop bit ends the wait. */
static bool stop_asked(void)
{
	u64 pending = 0;
	if (!wait_event(1000))
		return false;
	guest_event_seen = 0;
	hcall2(CORDON_HC_EVTCHN_PENDING, 0, 0, 0, &pending);
	if (pending & ~(1ULL << CORDON_EVENT_STOP))
		gprintf("other events: 0x%llx\n", pending & ~(1ULL << CORDON_EVENT_STOP));
	return (pending >> CORDON_EVENT_STOP) & 1;
}

int main(void)
{
	traps_install();
	gprintf("waiting for the stop event\n");
	while (!stop_asked())
		;
	gprintf("stop event seen: exiting with code %d\n", STOPPED_CODE);
	return STOPPED_CODE;
}
