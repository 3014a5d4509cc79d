/* cordon test guests: the 64-byte marker the isolation guests plant and search for, computed, never stored. */
#ifndef CORDON_GUEST_PATTERN_H
#define CORDON_GUEST_PATTERN_H
#include <cordon/types.h>

#define PATTERN_LEN 64

/* Byte k of the marker; no literal copy exists in any image, so a scan cannot find its own code. */
static inline u8 pattern_byte(u32 k)
{
	return (u8)((k * 37u + 11u) ^ 0xa5u ^ (k << 3));
}

static inline bool pattern_at(const volatile u8 *p)
{
	for (u32 k = 0; k < PATTERN_LEN; k++)
		if (p[k] != pattern_byte(k))
			return false;
	return true;
}

#endif
