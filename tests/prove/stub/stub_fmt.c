/* cordon: make prove stub for lib/fmt.c's fmt_vsnprintf: some terminated text within size, the arguments unread. */
#include <lib/fmt.h>
#include <tests/prove/prove.h>

/*
 * The real one writes at most size bytes of buf and terminates them (size > 0); what it writes is of no
 * concern to the parsers that call it for their error messages. It is not analysed here: a generic
 * printf is beyond Eva's non-relational domain (which conversion takes which va_arg), so the stub
 * checks only that buf holds size bytes. Reading the %s arguments is NOT checked through it.
 */
u64 fmt_vsnprintf(char *buf, u64 size, const char *fmt, va_list ap)
{
	(void)fmt;
	(void)ap;
	if (size) {
		u64 n = prove_u64(0, size - 1);
		prove_bytes(buf, size);
		buf[n] = 0;
	}
	return prove_u64(0, ~0ULL);
}
