/* cordon-attest: a strict reader for the DER subset X.509 certificates use (ITU-T X.690). */
#ifndef CORDON_ATTEST_DER_H
#define CORDON_ATTEST_DER_H
#include <cordon/types.h>

#define DER_BOOLEAN 0x01
#define DER_INTEGER 0x02
#define DER_BIT_STRING 0x03
#define DER_OCTET_STRING 0x04
#define DER_NULL 0x05
#define DER_OID 0x06
#define DER_UTC_TIME 0x17
#define DER_GENERALIZED_TIME 0x18
#define DER_SEQUENCE 0x30
#define DER_SET 0x31
#define DER_CTX(n) (0xa0 | (n)) /* [n] constructed, context-specific (EXPLICIT tags) */

/* The unread rest of a constructed value (or of a whole buffer). */
struct der {
	const u8 *p;
	u32 len;
};

/* One TLV: tlv/tlv_len cover tag, length and value (what signatures are computed over). */
struct der_tlv {
	u8 tag;
	const u8 *tlv, *val;
	u32 tlv_len, len;
};

/* Reads the next TLV and moves past it. 0, or -1 if the bytes are not DER. */
int der_next(struct der *in, struct der_tlv *t);
/* der_next that also requires the tag. */
int der_expect(struct der *in, u8 tag, struct der_tlv *t);
/* Reads the next TLV only if it has this tag: 1 read, 0 absent (or at the end), -1 malformed. */
int der_optional(struct der *in, u8 tag, struct der_tlv *t);
/* The contents of a constructed value, to read its elements. */
struct der der_inner(const struct der_tlv *t);
bool der_oid_eq(const struct der_tlv *t, const u8 *oid, u32 len);
/* A non-negative INTEGER's magnitude without its sign byte; -1 if negative or empty. */
int der_uint(const struct der_tlv *t, const u8 **mag, u32 *len);
/* UTCTime or GeneralizedTime ("Z" form, RFC 5280 4.1.2.5) in seconds since 1970; 0 or -1. */
int der_time(const struct der_tlv *t, s64 *secs);

#endif
