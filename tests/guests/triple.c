/* cordon test guest (e): raises #UD with no usable IDT, which escalates to a triple fault (shutdown). */
#include <tests/guests/guest.h>

int main(void)
{
	struct __attribute__((packed)) { u16 limit; u64 base; } empty = { 0, 0 };
	gprintf("loading an empty IDT and executing ud2\n");
	__asm__ volatile("lidt %0; ud2" : : "m"(empty));
	gprintf("FAIL: still running after the triple fault\n");
	return 1;
}
