/* cordon: make prove stand-in for the audit ring's readers (kernel/trust/audit.c, audit_chain.c). */
#include <kernel/trust/audit.h>
#include <cordon/hypercall.h>
#include <tests/prove/prove.h>

/* The ring as a reader finds it: any records, any count. */
static struct audit_rec ring[AUDIT_RING];

u64 audit_count(void)
{
	return prove_u64(0, ~0ULL);
}

const struct audit_rec *audit_get(u64 seq)
{
	(void)seq;
	prove_bytes(ring, sizeof(ring));
	return prove_int(0, 1) ? &ring[prove_int(0, AUDIT_RING - 1)] : NULL;
}

/*
 * "TEXT hash=HEX" into buf, always terminated: writes at most size bytes and
 * returns the untruncated length. Eva checks at the call that buf points into
 * guest memory; that all size bytes lie in the range is gpmap_access's
 * postcondition, proved by WP (tests/prove/wp_gpmap.c; see stub_vuart.c).
 */
/*@ requires \valid_read(r);
    requires size <= CORDON_CONSOLE_MAX;
    requires size > 0 ==> \valid(buf); */
u64 audit_format(const struct audit_rec *r, char *buf, u64 size)
{
	(void)r;
	if (size)
		buf[0] = 0;
	return prove_u64(0, AUDIT_TEXT + sizeof(" hash=") + 64);
}
