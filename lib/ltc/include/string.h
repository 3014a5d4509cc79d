/* cordon: <string.h> for freestanding libtomcrypt: declares the lib/str.c helpers XMEMCPY and friends map to. */
#ifndef CORDON_LTC_STRING_H
#define CORDON_LTC_STRING_H
#include <stddef.h>
/* The Makefile points XMEMCPY, XMEMSET and XMEMCMP at c_memcpy, c_memset and c_memcmp (LTC_CFLAGS):
 * every program already links lib/str.c, and the EFI loader has no memcmp of its own. */
#include <lib/str.h>

#endif
