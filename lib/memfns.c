/* cordon: memcpy/memset/memmove/memcmp symbols the compiler may emit calls to in freestanding code. */
#include <lib/str.h>

void *memcpy(void *dst, const void *src, unsigned long n);
void *memset(void *dst, int c, unsigned long n);
void *memmove(void *dst, const void *src, unsigned long n);
int memcmp(const void *a, const void *b, unsigned long n);

void *memcpy(void *dst, const void *src, unsigned long n)
{
	return c_memcpy(dst, src, n);
}

void *memset(void *dst, int c, unsigned long n)
{
	return c_memset(dst, c, n);
}

void *memmove(void *dst, const void *src, unsigned long n)
{
	u8 *d = dst;
	const u8 *s = src;
	if (d <= s || d >= s + n)
		return c_memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, unsigned long n)
{
	return c_memcmp(a, b, n);
}
