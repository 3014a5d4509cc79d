/* cordon-attest: CA bundles (PEM, RFC 7468) and certificate chain verification (RFC 5280, 6.1, simplified). */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tools/attest/x509.h>

#define PEM_BEGIN "-----BEGIN CERTIFICATE-----"
#define PEM_END "-----END CERTIFICATE-----"
#define MAX_BUNDLE 64
#define MAX_DEPTH 8

/* Base64 body of one PEM block -> DER; whitespace is dropped first, the rest must be strict base64. */
static u8 *pem_body(const char *b, size_t len, unsigned long *der_len)
{
	char *txt = malloc(len + 1);
	u8 *der = malloc(len);
	size_t n = 0;
	for (size_t i = 0; txt && i < len; i++)
		if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n')
			txt[n++] = b[i];
	*der_len = len;
	if (!txt || !der || n == 0 || base64_strict_decode((const u8 *)txt, n, der, der_len) != CRYPT_OK) {
		free(der);
		der = NULL;
	}
	free(txt);
	return der;
}

static const char *add_block(struct x509_bundle *b, const char *body, size_t len, char *err, size_t cap)
{
	unsigned long der_len;
	u8 *der = pem_body(body, len, &der_len);
	const char *why;
	if (!der) {
		snprintf(err, cap, "certificate %u: bad base64", b->n + 1);
		return err;
	}
	b->ders[b->n] = der;
	if ((why = x509_parse(der, (u32)der_len, &b->certs[b->n]))) {
		snprintf(err, cap, "certificate %u: %s", b->n + 1, why);
		b->n++; /* so x509_bundle_free releases it */
		return err;
	}
	b->n++;
	return NULL;
}

const char *x509_bundle_parse(const char *pem, size_t len, struct x509_bundle *b, char *err, size_t cap)
{
	const char *p = pem, *end = pem + len;
	b->n = 0;
	b->certs = calloc(MAX_BUNDLE, sizeof(*b->certs));
	b->ders = calloc(MAX_BUNDLE, sizeof(*b->ders));
	if (!b->certs || !b->ders)
		return snprintf(err, cap, "out of memory"), err;
	while ((p = memmem(p, (size_t)(end - p), PEM_BEGIN, strlen(PEM_BEGIN)))) {
		const char *body = p + strlen(PEM_BEGIN);
		const char *stop = memmem(body, (size_t)(end - body), PEM_END, strlen(PEM_END));
		if (!stop)
			return snprintf(err, cap, "certificate %u: no END line", b->n + 1), err;
		if (b->n == MAX_BUNDLE)
			return snprintf(err, cap, "more than %d certificates", MAX_BUNDLE), err;
		if (add_block(b, body, (size_t)(stop - body), err, cap))
			return err;
		p = stop + strlen(PEM_END);
	}
	if (b->n == 0)
		return snprintf(err, cap, "no certificate in the bundle"), err;
	return NULL;
}

void x509_bundle_free(struct x509_bundle *b)
{
	for (u32 i = 0; i < b->n; i++)
		free(b->ders[i]);
	free(b->ders);
	free(b->certs);
	memset(b, 0, sizeof(*b));
}

static bool same_name(const u8 *a, u32 al, const u8 *b, u32 bl)
{
	/* Byte comparison: the CA encodes a subject once and copies it into what it issues (RFC 5280, 7.1). */
	return al == bl && memcmp(a, b, al) == 0;
}

static const char *check_time(const struct x509 *c, s64 now)
{
	if (now < c->not_before)
		return "not yet valid";
	if (now > c->not_after)
		return "expired";
	return NULL;
}

/* An issuer of c in the bundle: the subject matches, it may sign certificates, and its key verifies c. */
static const struct x509 *find_issuer(const struct x509 *c, const struct x509_bundle *b, bool *name_seen)
{
	for (u32 i = 0; i < b->n; i++) {
		const struct x509 *k = &b->certs[i];
		if (!same_name(k->subject, k->subject_len, c->issuer, c->issuer_len))
			continue;
		*name_seen = true;
		if (k->ca && k->cert_sign && x509_signed_by(c, k))
			return k;
	}
	return NULL;
}

static bool self_signed(const struct x509 *c)
{
	return same_name(c->subject, c->subject_len, c->issuer, c->issuer_len) && x509_signed_by(c, c);
}

static void append(char *detail, size_t cap, const char *fmt, const char *arg)
{
	size_t n = strlen(detail);
	if (n < cap)
		snprintf(detail + n, cap - n, fmt, arg);
}

const char *x509_verify_chain(const struct x509 *leaf, const struct x509_bundle *b, s64 now, char *detail,
			      size_t cap)
{
	const struct x509 *cur = leaf;
	char issuer_cn[64];
	snprintf(detail, cap, "%s", leaf->cn);
	for (u32 depth = 0; depth < MAX_DEPTH; depth++) {
		bool name_seen = false;
		const struct x509 *up;
		if (check_time(cur, now)) {
			snprintf(detail, cap, "certificate \"%s\" is %s", cur->cn, check_time(cur, now));
			return detail;
		}
		if (depth > 0 && self_signed(cur))
			return NULL; /* reached a trust anchor of the bundle */
		if (!(up = find_issuer(cur, b, &name_seen))) {
			x509_name_cn(cur->issuer, cur->issuer_len, issuer_cn, sizeof(issuer_cn));
			snprintf(detail, cap, name_seen ? "certificate \"%s\": signature does not verify with the key of CA \"%s\" (or that CA may not sign certificates)"
						       : "certificate \"%s\": issuer \"%s\" is not in the CA bundle",
				 cur->cn, issuer_cn);
			return detail;
		}
		append(detail, cap, " <- %s", up->cn);
		cur = up;
	}
	snprintf(detail, cap, "chain longer than %d certificates", MAX_DEPTH);
	return detail;
}
