/* cordon-attest: a strict reader for the DER subset X.509 certificates use (ITU-T X.690). */
#include <tools/attest/der.h>
#include <lib/str.h>

/* Definite-length form only, in the fewest octets (X.690 8.1.3 and 10.1); up to 4 length octets. */
static int read_len(const u8 *p, u32 avail, u32 *len, u32 *used)
{
	u32 n, v = 0;
	if (avail < 1)
		return -1;
	if (p[0] < 0x80) {
		*len = p[0];
		*used = 1;
		return 0;
	}
	n = p[0] & 0x7f;
	if (n == 0 || n > 4 || avail < 1 + n || p[1] == 0)
		return -1;
	for (u32 i = 0; i < n; i++)
		v = (v << 8) | p[1 + i];
	if (v < 0x80)
		return -1;
	*len = v;
	*used = 1 + n;
	return 0;
}

int der_next(struct der *in, struct der_tlv *t)
{
	u32 len, used;
	/* Tag numbers above 30 (X.690 8.1.2.4) never occur in the structures we read. */
	if (in->len < 2 || (in->p[0] & 0x1f) == 0x1f)
		return -1;
	if (read_len(in->p + 1, in->len - 1, &len, &used) < 0 || len > in->len - 1 - used)
		return -1;
	t->tag = in->p[0];
	t->tlv = in->p;
	t->val = in->p + 1 + used;
	t->len = len;
	t->tlv_len = 1 + used + len;
	in->p += t->tlv_len;
	in->len -= t->tlv_len;
	return 0;
}

int der_expect(struct der *in, u8 tag, struct der_tlv *t)
{
	return der_next(in, t) == 0 && t->tag == tag ? 0 : -1;
}

int der_optional(struct der *in, u8 tag, struct der_tlv *t)
{
	if (in->len == 0 || in->p[0] != tag)
		return 0;
	return der_next(in, t) == 0 ? 1 : -1;
}

struct der der_inner(const struct der_tlv *t)
{
	return (struct der){ t->val, t->len };
}

bool der_oid_eq(const struct der_tlv *t, const u8 *oid, u32 len)
{
	return t->tag == DER_OID && t->len == len && c_memcmp(t->val, oid, len) == 0;
}

int der_uint(const struct der_tlv *t, const u8 **mag, u32 *len)
{
	const u8 *p = t->val;
	u32 n = t->len;
	if (t->tag != DER_INTEGER || n == 0 || (p[0] & 0x80))
		return -1;
	while (n > 1 && p[0] == 0)
		p++, n--;
	*mag = p;
	*len = n;
	return 0;
}

static int digits(const u8 *p, u32 n, u32 *v)
{
	*v = 0;
	for (u32 i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		*v = *v * 10 + (u32)(p[i] - '0');
	}
	return 0;
}

/* Days from 1970-01-01 to a proleptic Gregorian date (the usual era-based conversion). */
static s64 days_from_civil(s64 y, s64 m, s64 d)
{
	y -= m <= 2;
	s64 era = (y >= 0 ? y : y - 399) / 400;
	s64 yoe = y - era * 400;
	s64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	s64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int der_time(const struct der_tlv *t, s64 *secs)
{
	/* RFC 5280 4.1.2.5.1/4.1.2.5.2: YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ, seconds present, UTC. */
	u32 ylen = t->tag == DER_UTC_TIME ? 2 : t->tag == DER_GENERALIZED_TIME ? 4 : 0;
	u32 y, mo, d, h, mi, s;
	const u8 *p = t->val;
	if (!ylen || t->len != ylen + 11 || p[t->len - 1] != 'Z')
		return -1;
	if (digits(p, ylen, &y) || digits(p + ylen, 2, &mo) || digits(p + ylen + 2, 2, &d) ||
	    digits(p + ylen + 4, 2, &h) || digits(p + ylen + 6, 2, &mi) || digits(p + ylen + 8, 2, &s))
		return -1;
	if (ylen == 2) /* RFC 5280 4.1.2.5.1: 50..99 are 19YY */
		y += y >= 50 ? 1900 : 2000;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59)
		return -1;
	*secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
	return 0;
}
