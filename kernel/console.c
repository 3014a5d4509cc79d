/* cordon core: console output to the serial port, with log levels. */
#include <kernel/console.h>
#include <arch/x86_64/arch.h>
#include <lib/fmt.h>

static u32 level = LOG_INFO;
static bool enabled = true;

void console_set_level(u32 l)
{
	level = l;
}

void console_set_enabled(bool on)
{
	enabled = on;
}

static void put(void *ctx, char c)
{
	(void)ctx;
	if (!enabled)
		return;
	if (c == '\n')
		serial_putc('\r');
	serial_putc(c);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vformat(put, NULL, fmt, ap);
	va_end(ap);
}

void klog(u32 l, const char *fmt, ...)
{
	va_list ap;
	if (l > level)
		return;
	va_start(ap, fmt);
	fmt_vformat(put, NULL, fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;
	enabled = true;
	kprintf("\ncordon: PANIC: ");
	va_start(ap, fmt);
	fmt_vformat(put, NULL, fmt, ap);
	va_end(ap);
	kprintf("\n");
	panic_dump();
}
