/* cordon x86_64: polled 16550 UARTs: COM1 for the hypervisor console, COM2 for the management channel. */
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>

#define COM1 0x3f8
#define COM2 0x2f8
/* 16550 registers, see the TI/National PC16550D data sheet, table 2. */
#define THR 0
#define IER 1
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define LSR_DR 0x01   /* data ready */
#define LSR_THRE 0x20 /* transmit holding register empty */

static void port_init(u16 base)
{
	outb(base + IER, 0x00); /* no UART interrupts: we poll */
	outb(base + LCR, 0x80); /* DLAB on to set the divisor */
	outb(base + 0, 1);	/* 115200 baud */
	outb(base + 1, 0);
	outb(base + LCR, 0x03); /* 8N1, DLAB off */
	outb(base + FCR, 0xc7); /* FIFOs on and cleared */
	outb(base + MCR, 0x03); /* DTR, RTS */
}

static void port_putc(u16 base, char c)
{
	for (int spins = 0; spins < 100000 && !(inb(base + LSR) & LSR_THRE); spins++)
		;
	outb(base + THR, (u8)c);
}

static int port_getc(u16 base)
{
	return (inb(base + LSR) & LSR_DR) ? inb(base + THR) : -1;
}

void serial_init(void)
{
	port_init(COM1);
}

void serial_putc(char c)
{
	port_putc(COM1, c);
}

int serial_getc(void)
{
	return port_getc(COM1);
}

/* A missing UART reads 0xff from every register (ISA bus float). */
bool serial2_init(void)
{
	if (inb(COM2 + LSR) == 0xff)
		return false;
	port_init(COM2);
	return true;
}

void serial2_putc(u8 c)
{
	port_putc(COM2, (char)c);
}

int serial2_getc(void)
{
	return port_getc(COM2);
}
