/* cordon: freestanding string and memory helpers (loader, hypervisor, guests, tests). */
#ifndef CORDON_LIB_STR_H
#define CORDON_LIB_STR_H
#include <cordon/types.h>

/* Prefixed names so host builds never collide with libc's. */
void *c_memcpy(void *dst, const void *src, u64 n);
void *c_memset(void *dst, int c, u64 n);
int c_memcmp(const void *a, const void *b, u64 n);
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
