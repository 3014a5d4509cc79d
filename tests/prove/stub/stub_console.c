/* cordon: make prove stub for the console (kernel/console.c): output has no effect on analysed memory. */
#include <kernel/console.h>

void kprintf(const char *fmt, ...)
{
	(void)fmt;
}

/* panic never returns. */
void panic(const char *fmt, ...)
{
	(void)fmt;
	for (;;) {
	}
}
