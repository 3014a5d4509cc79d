/* cordon: <stdarg.h> for freestanding libtomcrypt and libtommath (their *_init_multi take variable arguments). */
#ifndef CORDON_LTC_STDARG_H
#define CORDON_LTC_STDARG_H

typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)

#endif
