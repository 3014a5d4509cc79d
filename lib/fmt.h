/* cordon: freestanding printf-style formatting (%s %c %d %u %x %p, l/ll, width, '0'). */
#ifndef CORDON_LIB_FMT_H
#define CORDON_LIB_FMT_H
#include <cordon/types.h>

/* Our own stdarg (we build with -nostdinc); harmless beside the host's. */
typedef __builtin_va_list va_list;
#ifndef va_start
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_end(ap) __builtin_va_end(ap)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#endif

/* Sink for formatted characters. */
typedef void (*fmt_putc_fn)(void *ctx, char c);

void fmt_vformat(fmt_putc_fn putc, void *ctx, const char *fmt, va_list ap);
/* Like snprintf: always terminates (size > 0), returns the untruncated length. */
u64 fmt_vsnprintf(char *buf, u64 size, const char *fmt, va_list ap);
u64 fmt_snprintf(char *buf, u64 size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
