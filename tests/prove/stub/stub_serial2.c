/* cordon: make prove stub for the COM2 UART (arch/x86_64/serial.c): a hostile peer on the wire. */
#include <arch/x86_64/arch.h>
#include <tests/prove/prove.h>

/* The UART may or may not be there. */
bool serial2_init(void)
{
	return prove_int(0, 1);
}

/* Writes one byte to the port: no memory effect. */
void serial2_putc(u8 c)
{
	(void)c;
}

/* Any byte, or -1 when the FIFO is empty, on every call: the peer sends whatever it likes. */
int serial2_getc(void)
{
	return prove_int(-1, 255);
}
