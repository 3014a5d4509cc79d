/* cordon: <limits.h> for freestanding libtomcrypt and libtommath: the limits they use, from GCC's own macros. */
#ifndef CORDON_LTC_LIMITS_H
#define CORDON_LTC_LIMITS_H

#define CHAR_BIT __CHAR_BIT__
#define INT_MAX __INT_MAX__
#define INT_MIN (-__INT_MAX__ - 1)
#define UINT_MAX (__INT_MAX__ * 2U + 1U)
#define LONG_MAX __LONG_MAX__
#define ULONG_MAX (__LONG_MAX__ * 2UL + 1UL)

#endif
