/* cordon: make prove stub for lib/fmt.c (fmt_vsnprintf, fmt_snprintf): some terminated text within size, arguments unread. */
#include <lib/fmt.h>
#include <tests/prove/prove.h>

/*
 * The real ones write at most size bytes of buf and terminate them (size > 0); what they write is of no
 * concern to the parsers and hypercalls that call them for messages. lib/fmt.c is not analysed: a generic
 * printf is beyond Eva's non-relational domain (which conversion takes which va_arg), so the stub checks
 * only that buf holds size bytes. Reading the %s arguments is NOT checked through it (docs/PROOF.md).
 */
/*@ requires size > 0 ==> \valid(buf + (0 .. size - 1)); */
u64 fmt_vsnprintf(char *buf, u64 size, const char *fmt, va_list ap)
{
	(void)fmt;
	(void)ap;
	if (size) {
		u64 n = prove_u64(0, size - 1);
		prove_bytes(buf, size);
		buf[n] = 0;
	}
	return prove_u64(0, ~0ULL >> 1);
}

/*@ requires size > 0 ==> \valid(buf + (0 .. size - 1)); */
u64 fmt_snprintf(char *buf, u64 size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	u64 n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
