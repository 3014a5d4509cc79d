/* cordon: freestanding string and memory helpers. */
#include <lib/str.h>

void *c_memcpy(void *dst, const void *src, u64 n)
{
	u8 *d = dst;
	const u8 *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *c_memset(void *dst, int c, u64 n)
{
	u8 *d = dst;
	while (n--)
		*d++ = (u8)c;
	return dst;
}

int c_memcmp(const void *a, const void *b, u64 n)
{
	const u8 *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

u64 c_strlen(const char *s)
{
	u64 n = 0;
	while (s[n])
		n++;
	return n;
}

u64 c_strnlen(const char *s, u64 max)
{
	u64 n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int c_strncmp(const char *a, const char *b, u64 n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a < (u8)*b ? -1 : 1;
		if (!*a)
			return 0;
	}
	return 0;
}

int c_strcmp(const char *a, const char *b)
{
	return c_strncmp(a, b, ~0ULL);
}

bool c_strlcpy(char *dst, const char *src, u64 size)
{
	u64 n = c_strnlen(src, size);
	bool fits = n < size;
	if (!size)
		return false;
	if (!fits)
		n = size - 1;
	c_memcpy(dst, src, n);
	dst[n] = 0;
	return fits;
}

bool c_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

bool c_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

bool c_isalnum(int c)
{
	return c_isdigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
