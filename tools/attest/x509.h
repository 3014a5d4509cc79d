/* cordon-attest: X.509 certificates (RFC 5280): DER parsing, CA bundles, chain verification. */
#ifndef CORDON_ATTEST_X509_H
#define CORDON_ATTEST_X509_H
#include <stddef.h>
#include <cordon/types.h>
#include <tools/attest/crypto.h>

/* What the verifier needs from one certificate. Pointers into the DER the caller keeps. */
struct x509 {
	const u8 *der;
	u32 der_len;
	const u8 *tbs; /* the whole tbsCertificate TLV: the signed bytes */
	u32 tbs_len;
	const u8 *issuer, *subject; /* whole Name TLVs, compared byte for byte */
	u32 issuer_len, subject_len;
	struct crypto_rsa key;	/* subjectPublicKeyInfo (RSA only) */
	enum crypto_hash sig_hash; /* of sha{256,384,512}WithRSAEncryption */
	const u8 *sig;
	u32 sig_len;
	s64 not_before, not_after; /* seconds since 1970 */
	bool ca;		   /* basicConstraints cA */
	bool cert_sign;		   /* may sign certificates: keyUsage keyCertSign, or no keyUsage */
	char cn[64];		   /* subject commonName, printable ASCII, for messages */
};

/* Parses one DER certificate. Returns NULL or a static reason. */
const char *x509_parse(const u8 *der, u32 len, struct x509 *out);
/* Fills *out with the commonName of a Name TLV ("(no CN)" if none). */
void x509_name_cn(const u8 *name, u32 len, char *out, size_t cap);
/* Whether issuer's key verifies cert's signature. */
bool x509_signed_by(const struct x509 *cert, const struct x509 *issuer);

/* Certificates from a PEM file ("-----BEGIN CERTIFICATE-----" blocks; other blocks are ignored). */
struct x509_bundle {
	u32 n;
	struct x509 *certs;
	u8 **ders; /* owned copies the certificates point into */
};
/* Parses PEM text. Returns NULL, or the reason in err (b must still be freed). */
const char *x509_bundle_parse(const char *pem, size_t len, struct x509_bundle *b, char *err, size_t cap);
void x509_bundle_free(struct x509_bundle *b);

/*
 * Walks leaf -> issuer -> ... through the bundle to a self-signed certificate
 * in it, checking each signature, validity at now, and that every issuer is a
 * CA allowed to sign certificates. Returns NULL and the path ("EK <- CN <- CN")
 * in detail, or the reason (also in detail).
 */
const char *x509_verify_chain(const struct x509 *leaf, const struct x509_bundle *b, s64 now, char *detail,
			      size_t cap);

#endif
