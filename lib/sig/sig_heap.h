/* cordon: the fixed arena that libtomcrypt and libtommath allocate from in the freestanding builds. */
#ifndef CORDON_LIB_SIG_HEAP_H
#define CORDON_LIB_SIG_HEAP_H
#include <cordon/types.h>

/*
 * The hypervisor has no malloc. RSA needs a few kilobytes of big numbers for the length of one
 * sig_verify, so the freestanding builds point libtomcrypt's XMALLOC family and libtommath's MP_MALLOC
 * family (Makefile, LTC_RSA_CFLAGS and LTM_CFLAGS) at one static arena: sig_heap_begin empties it,
 * allocation only moves forward (a free gives back the last block only), sig_heap_end scrubs what was
 * used. Memory is bounded by SIG_HEAP_BYTES whatever the input: past it an allocation fails,
 * libtomcrypt returns CRYPT_MEM and the signature is refused.
 * One caller at a time: sig_verify is not reentrant in the freestanding builds.
 * Hosted builds (tools, unit tests) let the libraries use libc's malloc; tests/sig/freestanding.sh runs this.
 * Sizes are uptr, which is size_t on x86_64, so these match the prototypes the libraries expect.
 * Measured (tests/sig/freestanding.sh): one check with a 4096-bit key, the largest, peaks at 85,152 bytes
 * (e = 65537 already takes libtommath's largest window for a 32-bit exponent); 128 KiB leaves 1.5x.
 */
#define SIG_HEAP_BYTES (128 * 1024)

void sig_heap_begin(void);
void sig_heap_end(void);
void *sig_heap_alloc(uptr n);
void *sig_heap_calloc(uptr count, uptr size);
void *sig_heap_realloc(void *p, uptr n);
void sig_heap_free(void *p);
/* libtommath's MP_REALLOC and MP_FREE also pass the old size (the arena keeps its own) */
void *sig_mp_realloc(void *p, uptr old, uptr n);
void sig_mp_free(void *p, uptr size);
/* The most bytes (headers included) one check has held since boot; blocks the last check left allocated. */
uptr sig_heap_peak(void);
u32 sig_heap_leaked(void);

#endif
