/* cordon-attest: checking evidence: identity (EK certificate, EK and AK), activation, quote and logs. */
#ifndef CORDON_ATTEST_VERIFY_H
#define CORDON_ATTEST_VERIFY_H
#include <tools/attest/evidence.h>
#include <tools/refvals.h>
#include <tools/attest/report.h>
#include <lib/tpm2/tpm2.h>
#include <tools/attest/x509.h>

/* What the verifier trusts and expects. */
struct verify_in {
	const struct x509_bundle *ca;
	const struct refvals *ref;
	const u8 *ek_cert; /* pinned certificate (--ek-cert), or NULL to use the one cordon sent */
	u32 ek_cert_len;
	const u8 *nonce; /* the quote must answer this */
	u32 nonce_len;
	s64 now;
};

/* Keys established by verify_identity, used by the activation and the quote checks. */
struct verify_keys {
	struct x509 ek; /* the EK certificate: its key is the EK */
	bool ek_ok;	/* certificate parsed and the EK public area has its modulus */
	struct tpm2_pub_info ak;
	u8 ak_name[34];
	bool ak_ok; /* an acceptable attestation key, with its name */
};

void verify_identity(const struct evidence *e, const struct verify_in *in, struct verify_keys *k, struct report *r);
/* Reports the activation result recorded in e (online: just done; offline: from the file). */
void verify_activation(const struct evidence *e, const struct verify_keys *k, struct report *r);
void verify_quote(const struct evidence *e, const struct verify_in *in, const struct verify_keys *k, struct report *r);
/* An RSA key from a TPM public area (exponent 0 means 65537; Part 2, 12.2.3.5); exp must hold 4 bytes. */
struct crypto_rsa verify_tpm_rsa(const struct tpm2_pub_info *p, u8 exp[4]);

#endif
