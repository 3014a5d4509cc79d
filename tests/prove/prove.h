/* cordon: make prove harness helpers: inputs of unknown value within a stated range (Eva built-ins). */
#ifndef CORDON_TESTS_PROVE_PROVE_H
#define CORDON_TESTS_PROVE_PROVE_H
#include <cordon/types.h>
#include <__fc_builtin.h> /* Frama-C's own: -I/usr/share/frama-c/libc is always on its path */

/* Any value in [lo, hi]: Eva follows every one of them at once. */
static inline u64 prove_u64(u64 lo, u64 hi)
{
	return Frama_C_unsigned_long_long_interval(lo, hi);
}

static inline int prove_int(int lo, int hi)
{
	return Frama_C_int_interval(lo, hi);
}

/* n bytes of unknown content: what a guest, a file or the network may send. */
static inline void prove_bytes(void *p, u64 n)
{
	Frama_C_make_unknown(p, n);
}

#endif
