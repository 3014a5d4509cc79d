/* cordon-attest: X.509 certificate parsing (RFC 5280, 4.1) for RSA certificates. */
#include <stdio.h>
#include <tools/attest/der.h>
#include <lib/str.h>
#include <tools/attest/report.h>
#include <tools/attest/x509.h>

/* Object identifiers, as the bytes of their DER contents. */
static const u8 oid_rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };	     /* rsaEncryption */
static const u8 oid_rsa_oaep[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x07 }; /* id-RSAES-OAEP */
static const u8 oid_sha256_rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b };
static const u8 oid_sha384_rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c };
static const u8 oid_sha512_rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d };
static const u8 oid_basic_constraints[] = { 0x55, 0x1d, 0x13 };
static const u8 oid_key_usage[] = { 0x55, 0x1d, 0x0f };
static const u8 oid_cn[] = { 0x55, 0x04, 0x03 };
/* Extensions we understand well enough to accept as critical (RFC 5280, 4.2): the rest we ignore only if non-critical. */
static const u8 oid_known_critical[][3] = {
	{ 0x55, 0x1d, 0x13 }, /* basicConstraints */
	{ 0x55, 0x1d, 0x0f }, /* keyUsage */
	{ 0x55, 0x1d, 0x11 }, /* subjectAltName: critical in EK certificates with an empty subject */
	{ 0x55, 0x1d, 0x25 }, /* extKeyUsage */
	{ 0x55, 0x1d, 0x20 }, /* certificatePolicies */
	{ 0x55, 0x1d, 0x09 }, /* subjectDirectoryAttributes (TPM specification, TCG EK profile) */
};

#define OID(t, o) der_oid_eq((t), (o), sizeof(o))

/* signatureAlgorithm: the three RSA PKCS#1 v1.5 ones (RFC 4055, 5); parameters absent or NULL. */
static const char *sig_alg(const struct der_tlv *alg, enum crypto_hash *h)
{
	struct der in = der_inner(alg), rest;
	struct der_tlv oid, params;
	if (alg->tag != DER_SEQUENCE || der_expect(&in, DER_OID, &oid) < 0)
		return "malformed signature algorithm";
	rest = in;
	if (in.len && (der_expect(&rest, DER_NULL, &params) < 0 || params.len || rest.len))
		return "malformed signature algorithm parameters";
	if (OID(&oid, oid_sha256_rsa))
		*h = CRYPTO_SHA256;
	else if (OID(&oid, oid_sha384_rsa))
		*h = CRYPTO_SHA384;
	else if (OID(&oid, oid_sha512_rsa))
		*h = CRYPTO_SHA512;
	else
		return "unsupported signature algorithm (want sha256/384/512WithRSAEncryption)";
	return NULL;
}

/* SubjectPublicKeyInfo with an RSAPublicKey (RFC 8017, A.1.1) in the BIT STRING. */
static const char *rsa_spki(const struct der_tlv *spki, struct crypto_rsa *key)
{
	struct der in = der_inner(spki), alg_in, bits;
	struct der_tlv alg, oid, bs, seq, n, e;
	if (der_expect(&in, DER_SEQUENCE, &alg) < 0 || der_expect(&in, DER_BIT_STRING, &bs) < 0 || in.len)
		return "malformed subjectPublicKeyInfo";
	alg_in = der_inner(&alg);
	if (der_expect(&alg_in, DER_OID, &oid) < 0 || !(OID(&oid, oid_rsa) || OID(&oid, oid_rsa_oaep)))
		return "public key is not RSA";
	if (bs.len < 1 || bs.val[0] != 0) /* no unused bits */
		return "malformed public key bit string";
	bits = (struct der){ bs.val + 1, bs.len - 1 };
	if (der_expect(&bits, DER_SEQUENCE, &seq) < 0 || bits.len)
		return "malformed RSA public key";
	bits = der_inner(&seq);
	if (der_expect(&bits, DER_INTEGER, &n) < 0 || der_expect(&bits, DER_INTEGER, &e) < 0 || bits.len ||
	    der_uint(&n, &key->n, &key->n_len) < 0 || der_uint(&e, &key->e, &key->e_len) < 0)
		return "malformed RSA public key";
	if (key->n_len < 128 || key->n_len > 512)
		return "RSA key size outside 1024..4096 bits";
	/* Real exponents are small (65537); a huge one would only make verification slow. */
	if (key->e_len > 4)
		return "RSA exponent longer than 32 bits";
	return NULL;
}

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLen INTEGER OPTIONAL } (4.2.1.9). */
static int basic_constraints(struct der v, struct x509 *c)
{
	struct der_tlv seq, ca;
	struct der in;
	if (der_expect(&v, DER_SEQUENCE, &seq) < 0 || v.len)
		return -1;
	in = der_inner(&seq);
	int r = der_optional(&in, DER_BOOLEAN, &ca);
	if (r < 0 || (r == 1 && ca.len != 1))
		return -1;
	c->ca = r == 1 && ca.val[0] != 0;
	return 0;
}

/* KeyUsage ::= BIT STRING; keyCertSign is bit 5, counted from the most significant bit (4.2.1.3). */
static int key_usage(struct der v, struct x509 *c)
{
	struct der_tlv bs;
	if (der_expect(&v, DER_BIT_STRING, &bs) < 0 || v.len || bs.len < 1)
		return -1;
	c->cert_sign = bs.len >= 2 && (bs.val[1] & 0x04);
	return 0;
}

static bool known_critical(const struct der_tlv *oid)
{
	for (u32 i = 0; i < ARRAY_SIZE(oid_known_critical); i++)
		if (der_oid_eq(oid, oid_known_critical[i], 3))
			return true;
	return false;
}

/* Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } (4.1). */
static const char *extension(const struct der_tlv *ext, struct x509 *c)
{
	struct der in = der_inner(ext);
	struct der_tlv oid, crit, val;
	int r;
	if (ext->tag != DER_SEQUENCE || der_expect(&in, DER_OID, &oid) < 0)
		return "malformed extension";
	r = der_optional(&in, DER_BOOLEAN, &crit);
	if (r < 0 || (r == 1 && crit.len != 1) || der_expect(&in, DER_OCTET_STRING, &val) < 0 || in.len)
		return "malformed extension";
	if (r == 1 && crit.val[0] && !known_critical(&oid))
		return "unsupported critical extension";
	if (OID(&oid, oid_basic_constraints) && basic_constraints(der_inner(&val), c) < 0)
		return "malformed basicConstraints";
	if (OID(&oid, oid_key_usage) && key_usage(der_inner(&val), c) < 0)
		return "malformed keyUsage";
	return NULL;
}

static const char *extensions(const struct der_tlv *wrap, struct x509 *c)
{
	struct der in = der_inner(wrap), list;
	struct der_tlv seq, ext;
	const char *err;
	if (der_expect(&in, DER_SEQUENCE, &seq) < 0 || in.len)
		return "malformed extensions";
	list = der_inner(&seq);
	while (list.len) {
		if (der_next(&list, &ext) < 0)
			return "malformed extension";
		if ((err = extension(&ext, c)))
			return err;
	}
	return NULL;
}

/* Validity ::= SEQUENCE { notBefore Time, notAfter Time } (4.1.2.5). */
static const char *validity(const struct der_tlv *v, struct x509 *c)
{
	struct der in = der_inner(v);
	struct der_tlv nb, na;
	if (der_next(&in, &nb) < 0 || der_next(&in, &na) < 0 || in.len || der_time(&nb, &c->not_before) < 0 ||
	    der_time(&na, &c->not_after) < 0)
		return "malformed validity";
	return NULL;
}

/* TBSCertificate (4.1): version, serial, signature, issuer, validity, subject, SPKI, [1] [2] [3]. */
static const char *tbs(const struct der_tlv *t, const struct der_tlv *outer_alg, struct x509 *c)
{
	struct der in = der_inner(t);
	struct der_tlv ver, serial, alg, iss, val, sub, spki, opt;
	const char *err;
	if (der_optional(&in, DER_CTX(0), &ver) < 0 || der_expect(&in, DER_INTEGER, &serial) < 0 ||
	    der_expect(&in, DER_SEQUENCE, &alg) < 0 || der_expect(&in, DER_SEQUENCE, &iss) < 0 ||
	    der_expect(&in, DER_SEQUENCE, &val) < 0 || der_expect(&in, DER_SEQUENCE, &sub) < 0 ||
	    der_expect(&in, DER_SEQUENCE, &spki) < 0)
		return "malformed tbsCertificate";
	/* 4.1.1.2: the signed copy of the algorithm must equal the unsigned one. */
	if (alg.tlv_len != outer_alg->tlv_len || c_memcmp(alg.tlv, outer_alg->tlv, alg.tlv_len))
		return "signature algorithm differs inside and outside tbsCertificate";
	if ((err = validity(&val, c)) || (err = rsa_spki(&spki, &c->key)))
		return err;
	c->issuer = iss.tlv, c->issuer_len = iss.tlv_len;
	c->subject = sub.tlv, c->subject_len = sub.tlv_len;
	if (der_optional(&in, 0x81, &opt) < 0 || der_optional(&in, 0x82, &opt) < 0) /* unique IDs */
		return "malformed unique identifier";
	c->cert_sign = true; /* no keyUsage: unrestricted (4.2.1.3) */
	if (in.len && (der_expect(&in, DER_CTX(3), &opt) < 0 || (err = extensions(&opt, c))))
		return err ? err : "malformed tbsCertificate";
	return in.len ? "trailing bytes in tbsCertificate" : NULL;
}

const char *x509_parse(const u8 *der, u32 len, struct x509 *c)
{
	struct der in = { der, len }, cert;
	struct der_tlv top, t, alg, sig;
	const char *err;
	c_memset(c, 0, sizeof(*c));
	if (der_expect(&in, DER_SEQUENCE, &top) < 0)
		return "not a DER certificate (truncated or garbage)";
	if (in.len)
		return "trailing bytes after the certificate";
	cert = der_inner(&top);
	if (der_expect(&cert, DER_SEQUENCE, &t) < 0 || der_expect(&cert, DER_SEQUENCE, &alg) < 0 ||
	    der_expect(&cert, DER_BIT_STRING, &sig) < 0 || cert.len)
		return "malformed certificate";
	if ((err = sig_alg(&alg, &c->sig_hash)) || (err = tbs(&t, &alg, c)))
		return err;
	if (sig.len < 2 || sig.val[0] != 0)
		return "malformed signature bit string";
	c->der = der, c->der_len = len;
	c->tbs = t.tlv, c->tbs_len = t.tlv_len;
	c->sig = sig.val + 1, c->sig_len = sig.len - 1;
	x509_name_cn(c->subject, c->subject_len, c->cn, sizeof(c->cn));
	return NULL;
}

/* Name ::= SEQUENCE OF SET OF AttributeTypeAndValue { type OID, value ANY } (4.1.2.4). */
void x509_name_cn(const u8 *name, u32 len, char *out, size_t cap)
{
	struct der in = { name, len }, rdns, set, atv;
	struct der_tlv seq, rdn, pair, type, value;
	snprintf(out, cap, "(no CN)");
	if (der_expect(&in, DER_SEQUENCE, &seq) < 0)
		return;
	rdns = der_inner(&seq);
	while (rdns.len && der_expect(&rdns, DER_SET, &rdn) == 0) {
		set = der_inner(&rdn);
		while (set.len && der_expect(&set, DER_SEQUENCE, &pair) == 0) {
			atv = der_inner(&pair);
			if (der_expect(&atv, DER_OID, &type) == 0 && OID(&type, oid_cn) && der_next(&atv, &value) == 0) {
				report_printable(out, cap, value.val, value.len);
				return;
			}
		}
	}
}

bool x509_signed_by(const struct x509 *cert, const struct x509 *issuer)
{
	return crypto_rsa_verify(&issuer->key, cert->sig_hash, cert->tbs, cert->tbs_len, cert->sig, cert->sig_len) ==
	       1;
}
