/* cordon: freestanding string and memory helpers. */
#include <lib/str.h>

/* The loop annotations let WP prove the contracts in lib/str.h (make prove). */
void *c_memcpy(void *dst, const void *src, u64 n)
{
	char *d = dst;
	const char *s = src;
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, d[0 .. n - 1];
	    loop variant n - i; */
	for (u64 i = 0; i < n; i++)
		d[i] = s[i];
	return dst;
}

void *c_memset(void *dst, int c, u64 n)
{
	char *d = dst;
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, d[0 .. n - 1];
	    loop variant n - i; */
	for (u64 i = 0; i < n; i++)
		d[i] = (char)c;
	return dst;
}

/* Indexed loops, not moving pointers: Eva then bounds every read by n (make prove). */
int c_memcmp(const void *a, const void *b, u64 n)
{
	const u8 *x = a, *y = b;
	for (u64 i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
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
	for (u64 i = 0; i < max; i++)
		if (!s[i])
			return i;
	return max;
}

int c_strncmp(const char *a, const char *b, u64 n)
{
	for (u64 i = 0; i < n; i++) {
		if (a[i] != b[i])
			return (u8)a[i] < (u8)b[i] ? -1 : 1;
		if (!a[i])
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
