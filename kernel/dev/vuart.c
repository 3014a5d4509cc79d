/* cordon core: virtual 16550 UART (registers per the PC16550D data sheet, table 2). */
#include <kernel/dev/vuart.h>
#include <lib/str.h>

#define LSR_THRE_TEMT 0x60 /* transmitter always empty: output is taken at once */
#define IIR_NONE 0x01	   /* no interrupt pending */
#define LCR_DLAB 0x80

void vuart_init(struct vuart *u, vuart_line_fn emit, void *ctx)
{
	c_memset(u, 0, sizeof(*u));
	u->emit = emit;
	u->ctx = ctx;
	u->lcr = 0x03;
}

void vuart_flush(struct vuart *u)
{
	if (!u->len)
		return;
	u->line[u->len] = 0;
	u->emit(u->ctx, u->line);
	u->len = 0;
}

/* Printable ASCII and tabs pass; other control bytes become '?' so a guest cannot drive our terminal. */
static void put(struct vuart *u, char c)
{
	if (c == '\n') {
		if (!u->wrapped) { /* a full line was already emitted: its newline adds no empty line */
			u->line[u->len] = 0;
			u->emit(u->ctx, u->line);
		}
		u->len = 0;
		u->wrapped = false;
		return;
	}
	u->wrapped = false;
	if (c == '\r')
		return;
	if ((u8)c < 0x20 && c != '\t')
		c = '?';
	if ((u8)c >= 0x7f)
		c = '?';
	u->line[u->len++] = c;
	if (u->len == VUART_LINE) {
		vuart_flush(u);
		u->wrapped = true;
	}
}

void vuart_write(struct vuart *u, const char *s, u64 n)
{
	while (n--)
		put(u, *s++);
}

/*
 * MSR: a peer is always there (DCD, DSR, CTS), except in loopback mode (MCR
 * bit 4), where the modem outputs drive the inputs: DTR->DSR, RTS->CTS,
 * OUT1->RI, OUT2->DCD (PC16550D data sheet, 8.6). Linux's 8250 driver tests
 * exactly this before it believes a port exists.
 */
static u8 modem_status(const struct vuart *u)
{
	u8 m = u->mcr;
	if (!(m & 0x10))
		return 0xb0;
	return (u8)(((m & 1) << 5) | ((m & 2) << 3) | ((m & 4) << 4) | ((m & 8) << 4));
}

/* IIR: THR empty (0x02) when enabled and pending; reading it clears that source (PC16550D, table 4). */
static u8 iir(struct vuart *u)
{
	u8 fifo = u->fcr & 1 ? 0xc0 : 0; /* FIFOs on: a 16550A (IIR bits 7:6) */
	if ((u->ier & 2) && u->thre) {
		u->thre = false;
		return 0x02 | fifo;
	}
	return IIR_NONE | fifo;
}

bool vuart_irq_edge(struct vuart *u)
{
	bool level = (u->ier & 2) && u->thre, rising = level && !u->irq;
	u->irq = level;
	return rising;
}

static u8 read_reg(struct vuart *u, u32 off)
{
	bool dlab = u->lcr & LCR_DLAB;
	switch (off) {
	case 0: return dlab ? u->dll : 0; /* no input */
	case 1: return dlab ? u->dlm : u->ier;
	case 2: return iir(u);
	case 3: return u->lcr;
	case 4: return u->mcr;
	case 5: return LSR_THRE_TEMT;
	case 6: return modem_status(u);
	default: return u->scr;
	}
}

static void write_reg(struct vuart *u, u32 off, u8 v)
{
	bool dlab = u->lcr & LCR_DLAB;
	switch (off) {
	case 0:
		if (dlab)
			u->dll = v;
		else if (!(u->mcr & 0x10)) /* loopback: nothing leaves the UART */
			put(u, (char)v);
		if (!dlab)
			u->thre = true; /* the byte leaves at once: THR is empty again */
		break;
	case 1:
		if (dlab) {
			u->dlm = v;
			break;
		}
		if ((v & 2) && !(u->ier & 2))
			u->thre = true; /* enabling the interrupt with THR empty raises it */
		u->ier = v & 0x0f;
		break;
	case 2: u->fcr = v & 0xc9; break;
	case 3: u->lcr = v; break;
	case 4: u->mcr = v & 0x1f; break;
	case 7: u->scr = v; break;
	default: break; /* LSR and MSR writes have no effect here */
	}
}

void vuart_access(struct vuart *u, u32 offset, bool in, u32 *val)
{
	if (in)
		*val = read_reg(u, offset & 7);
	else
		write_reg(u, offset & 7, (u8)*val);
}
