/* cordon core: the virtual 16550 UART each VM has at COM1; output goes out a line at a time. */
#ifndef CORDON_KERNEL_VUART_H
#define CORDON_KERNEL_VUART_H
#include <cordon/types.h>

#define VUART_BASE 0x3f8
#define VUART_PORTS 8
#define VUART_LINE 160

typedef void (*vuart_line_fn)(void *ctx, const char *line);

#define VUART_GSI 4 /* COM1's interrupt in the Linux VMs' ACPI tables */

struct vuart {
	u8 ier, lcr, mcr, scr, dll, dlm, fcr;
	bool thre; /* a transmitter-empty interrupt is pending (until IIR is read or THR written) */
	bool irq;  /* the interrupt line's level at the last access, to find rising edges */
	u32 len;
	bool wrapped; /* the last byte filled a line, which was emitted */
	char line[VUART_LINE + 1];
	vuart_line_fn emit; /* called with each complete (or full) line */
	void *ctx;
};

void vuart_init(struct vuart *u, vuart_line_fn emit, void *ctx);
/* One guest access to port offset 0-7; *val is read or written (low 8 bits). */
void vuart_access(struct vuart *u, u32 offset, bool in, u32 *val);
/* Appends guest bytes (hypercall console); lines are emitted the same way. */
void vuart_write(struct vuart *u, const char *s, u64 n);
/*
 * The interrupt line: transmitter-empty enabled (IER bit 1) and pending. A
 * Linux VM gets a pulse on IOAPIC pin 4 at each rising edge; returns true
 * when this access made one.
 */
bool vuart_irq_edge(struct vuart *u);
/* Emits any partial line (at VM end). */
void vuart_flush(struct vuart *u);

#endif
