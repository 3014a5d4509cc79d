/* cordon: freestanding string and memory helpers (loader, hypervisor, guests, tests). */
#ifndef CORDON_LIB_STR_H
#define CORDON_LIB_STR_H
#include <cordon/types.h>

/*
 * Prefixed names so host builds never collide with libc's. The ACSL contracts are what every caller
 * must meet: make prove checks each call against them (Eva, with its memcpy/memset built-ins standing
 * in for ours) and c_memcpy/c_memset against them (WP): docs/PROOF.md.
 */

/*@ requires \valid((char *)dst + (0 .. n - 1));
    requires \valid_read((const char *)src + (0 .. n - 1));
    assigns ((char *)dst)[0 .. n - 1] \from ((const char *)src)[0 .. n - 1];
    assigns \result \from dst;
    ensures \result == dst; */
void *c_memcpy(void *dst, const void *src, u64 n);

/*@ requires \valid((char *)dst + (0 .. n - 1));
    assigns ((char *)dst)[0 .. n - 1] \from c;
    assigns \result \from dst;
    ensures \result == dst; */
void *c_memset(void *dst, int c, u64 n);

/*@ requires \valid_read((const u8 *)a + (0 .. n - 1));
    requires \valid_read((const u8 *)b + (0 .. n - 1));
    assigns \result \from ((const u8 *)a)[0 .. n - 1], ((const u8 *)b)[0 .. n - 1];
    ensures -1 <= \result <= 1; */
int c_memcmp(const void *a, const void *b, u64 n);

/*
 * The string functions read up to the first NUL, or (the n/max/size forms) at most that many bytes:
 * a string need not be terminated within the bound. Eva checks each call by analysing the body in
 * the caller's context (an existential "is terminated" precondition is beyond what it evaluates).
 */
u64 c_strlen(const char *s);
u64 c_strnlen(const char *s, u64 max);
int c_strcmp(const char *a, const char *b);
int c_strncmp(const char *a, const char *b, u64 n);
/* Copies at most size-1 bytes and always terminates; returns false if truncated. */
bool c_strlcpy(char *dst, const char *src, u64 size);
bool c_isspace(int c);
bool c_isdigit(int c);
bool c_isalnum(int c);

#endif
