/* cordon test guest (c): spins forever with interrupts disabled; only the host timer can take the CPU back. */
#include <tests/guests/guest.h>

int main(void)
{
	gprintf("spinning with interrupts disabled\n");
	__asm__ volatile("cli\n1: jmp 1b");
	return 1;
}
