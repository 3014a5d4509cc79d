/* cordon x86_64: polled 16550 UART on COM1 for the hypervisor console. */
#include "arch.h"
#include "cpu.h"

#define COM1 0x3f8
/* 16550 registers, see the TI/National PC16550D data sheet, table 2. */
#define THR 0
#define IER 1
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define LSR_DR 0x01   /* data ready */
#define LSR_THRE 0x20 /* transmit holding register empty */

void serial_init(void)
{
	outb(COM1 + IER, 0x00);	 /* no UART interrupts: we poll */
	outb(COM1 + LCR, 0x80);	 /* DLAB on to set the divisor */
	outb(COM1 + 0, 1);	 /* 115200 baud */
	outb(COM1 + 1, 0);
	outb(COM1 + LCR, 0x03);	 /* 8N1, DLAB off */
	outb(COM1 + FCR, 0xc7);	 /* FIFOs on and cleared */
	outb(COM1 + MCR, 0x03);	 /* DTR, RTS */
}

void serial_putc(char c)
{
	for (int spins = 0; spins < 100000 && !(inb(COM1 + LSR) & LSR_THRE); spins++)
		;
	outb(COM1 + THR, (u8)c);
}

int serial_getc(void)
{
	return (inb(COM1 + LSR) & LSR_DR) ? inb(COM1 + THR) : -1;
}
