/* cordon: <stdlib.h> for freestanding libtomcrypt and libtommath: their allocations go to the sig_heap arena. */
#ifndef CORDON_LTC_STDLIB_H
#define CORDON_LTC_STDLIB_H
#include <stddef.h>
/* The Makefile points XMALLOC, XCALLOC, XREALLOC, XFREE (LTC_RSA_CFLAGS) and MP_MALLOC and friends
 * (LTM_CFLAGS) at lib/sig/sig_heap.c; the SHA-256 objects never allocate. */
#include <lib/sig/sig_heap.h>

#endif
