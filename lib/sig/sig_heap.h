/* cordon: the fixed arena that libtomcrypt and libtommath allocate from in the freestanding builds. */
#ifndef CORDON_LIB_SIG_HEAP_H
#define CORDON_LIB_SIG_HEAP_H
#include <cordon/types.h>

/*
 * The hypervisor has no malloc. RSA needs a few kilobytes of big numbers for the length of one
 * sig_verify, so the freestanding builds point libtomcrypt's XMALLOC family and libtommath's MP_MALLOC
 * family (Makefile, LTC_RSA_CFLAGS) at one static arena: sig_heap_begin empties it, allocation only moves
 * forward (a free gives back the last block only), sig_heap_end checks that nothing was left allocated
 * and scrubs what was used. Memory is bounded by SIG_HEAP_BYTES whatever the input: past it an
 * allocation fails, libtomcrypt returns CRYPT_MEM and the signature is refused.
 * One caller at a time: sig_verify is not reentrant in the freestanding builds.
 * On the host (hosted builds) the libraries use libc's malloc and begin/end do nothing.
 */
#define SIG_HEAP_BYTES (96 * 1024)

#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ && !defined(SIG_HEAP_TEST)
static inline void sig_heap_begin(void)
{
}
static inline void sig_heap_end(void)
{
}
#else
void sig_heap_begin(void);
void sig_heap_end(void);
void *sig_heap_alloc(u64 n);
void *sig_heap_calloc(u64 count, u64 size);
void *sig_heap_realloc(void *p, u64 n);
void sig_heap_free(void *p);
/* The most bytes (headers included) any call has held since boot; blocks still allocated at the last end. */
u64 sig_heap_peak(void);
u32 sig_heap_leaked(void);
#endif

#endif
