/* cordon-attest: identity checks: the EK certificate and its chain, the EK public area, the AK, activation. */
#include <string.h>
#include <tools/attest/verify.h>

/* TPMA_OBJECT bits an attestation key must have (TPM 2.0 Part 2, 8.3; TCG AK profile). */
#define AK_ATTRS (TPMA_RESTRICTED | TPMA_SIGN | TPMA_FIXED_TPM | TPMA_FIXED_PARENT | TPMA_SENSITIVE_DATA_ORIGIN)

struct crypto_rsa verify_tpm_rsa(const struct tpm2_pub_info *p, u8 exp[4])
{
	u32 e = p->exponent ? p->exponent : 65537;
	exp[0] = (u8)(e >> 24), exp[1] = (u8)(e >> 16), exp[2] = (u8)(e >> 8), exp[3] = (u8)e;
	return (struct crypto_rsa){ .n = p->modulus, .n_len = p->modulus_len, .e = exp, .e_len = 4 };
}

/* Big-endian magnitudes compared without their leading zeros. */
static bool same_uint(const u8 *a, u32 al, const u8 *b, u32 bl)
{
	while (al && !*a)
		a++, al--;
	while (bl && !*b)
		b++, bl--;
	return al == bl && memcmp(a, b, al) == 0;
}

static bool ek_cert(const struct evidence *e, const struct verify_in *in, struct verify_keys *k, struct report *r)
{
	const u8 *der = in->ek_cert ? in->ek_cert : e->ek_cert.p;
	u32 len = in->ek_cert ? in->ek_cert_len : e->ek_cert.len;
	const char *why, *src = in->ek_cert ? "pinned EK certificate" : "EK certificate";
	char detail[REPORT_DETAIL];
	if (!der) {
		report_check(r, "ek-cert", CHECK_FAILED, "no EK certificate received (none in the TPM's NV index 0x01c00002)");
		return false;
	}
	if ((why = x509_parse(der, len, &k->ek))) {
		report_check(r, "ek-cert", CHECK_FAILED, "%s: %s", src, why);
		return false;
	}
	if (x509_verify_chain(&k->ek, in->ca, in->now, detail, sizeof(detail)))
		report_check(r, "ek-cert", CHECK_FAILED, "%s does not chain to the CA bundle: %s", src, detail);
	else
		report_check(r, "ek-cert", CHECK_OK, "%s chains to the CA bundle: %s", src, detail);
	return true; /* parsed: its key can still be compared and used, the verdict is already failed */
}

/* The EK public area must carry the certificate's key and the TCG template's algorithms (EK profile B.3.3). */
static void ek_public(const struct evidence *e, struct verify_keys *k, struct report *r)
{
	struct tpm2_pub_info ek;
	if (!e->ek_pub.p || tpm2_pub_parse(e->ek_pub.p, e->ek_pub.len, &ek) != TPM2_OK || ek.type != TPM_ALG_RSA) {
		report_check(r, "ek-public", CHECK_FAILED, "EK public area missing or not an RSA public area");
		return;
	}
	u8 exp[4];
	struct crypto_rsa tpm_key = verify_tpm_rsa(&ek, exp);
	if (!same_uint(tpm_key.n, tpm_key.n_len, k->ek.key.n, k->ek.key.n_len) ||
	    !same_uint(tpm_key.e, tpm_key.e_len, k->ek.key.e, k->ek.key.e_len)) {
		report_check(r, "ek-public", CHECK_FAILED, "EK public area does not match the EK certificate (different RSA modulus or exponent)");
		return;
	}
	if (ek.name_alg != TPM_ALG_SHA256 || ek.sym_alg != TPM_ALG_AES || ek.sym_bits != 128 || ek.sym_mode != TPM_ALG_CFB ||
	    (ek.attrs & (TPMA_RESTRICTED | TPMA_DECRYPT)) != (TPMA_RESTRICTED | TPMA_DECRYPT)) {
		report_check(r, "ek-public", CHECK_FAILED,
			     "EK is not a restricted decryption key with SHA-256 and AES-128-CFB (TCG EK template L-1)");
		return;
	}
	k->ek_ok = true;
	report_check(r, "ek-public", CHECK_OK, "EK public area matches the EK certificate");
}

static const char *ak_problem(const struct tpm2_pub_info *ak)
{
	if (ak->type != TPM_ALG_RSA || ak->name_alg != TPM_ALG_SHA256)
		return "not an RSA key with name algorithm SHA-256";
	if ((ak->attrs & AK_ATTRS) != AK_ATTRS)
		return "lacks restricted, sign, fixedTPM, fixedParent or sensitiveDataOrigin";
	if (ak->attrs & TPMA_DECRYPT)
		return "may also decrypt";
	if (ak->scheme != TPM_ALG_RSASSA || ak->scheme_hash != TPM_ALG_SHA256)
		return "signing scheme is not RSASSA with SHA-256";
	if (ak->modulus_len < 256)
		return "RSA key shorter than 2048 bits";
	return NULL;
}

static void ak_public(const struct evidence *e, struct verify_keys *k, struct report *r)
{
	const char *why;
	if (!e->ak_pub.p || tpm2_pub_parse(e->ak_pub.p, e->ak_pub.len, &k->ak) != TPM2_OK ||
	    tpm2_name(e->ak_pub.p, e->ak_pub.len, k->ak_name) != TPM2_OK) {
		report_check(r, "ak", CHECK_FAILED, "AK public area missing or malformed");
		return;
	}
	if ((why = ak_problem(&k->ak))) {
		report_check(r, "ak", CHECK_FAILED, "AK is not an attestation key: %s", why);
		return;
	}
	k->ak_ok = true;
	report_check(r, "ak", CHECK_OK, "AK is a restricted RSA signing key (fixedTPM, fixedParent, sensitiveDataOrigin)");
}

void verify_identity(const struct evidence *e, const struct verify_in *in, struct verify_keys *k, struct report *r)
{
	memset(k, 0, sizeof(*k));
	if (!e->frame[EVID_F_IDENTITY]) {
		const char *why = e->refused[EVID_F_IDENTITY][0] ? e->refused[EVID_F_IDENTITY] : "no identity received";
		report_check(r, "ek-cert", CHECK_FAILED, "%s", why);
		report_check(r, "ek-public", CHECK_SKIPPED, "EK public area: %s", why);
		report_check(r, "ak", CHECK_SKIPPED, "AK: %s", why);
		return;
	}
	if (ek_cert(e, in, k, r))
		ek_public(e, k, r);
	else
		report_check(r, "ek-public", CHECK_SKIPPED, "EK public area: no EK certificate to compare it with");
	ak_public(e, k, r);
}

void verify_activation(const struct evidence *e, const struct verify_keys *k, struct report *r)
{
	if (!k->ek_ok || !k->ak_ok)
		report_check(r, "activation", CHECK_SKIPPED, "AK certification by the EK: needs an acceptable EK and AK");
	else if (e->activation == EVID_ACT_CERTIFIED)
		report_check(r, "activation", CHECK_OK, "AK certified by the TPM's EK (%s)",
			     e->frame[EVID_F_RECORD] ? "as recorded in the evidence file by the verifier run that saved it"
						     : "it recovered a credential made for the AK's name");
	else if (e->activation == EVID_ACT_WRONG)
		report_check(r, "activation", CHECK_FAILED, "AK is not certified by the EK: the TPM returned another credential");
	else
		report_check(r, "activation", CHECK_FAILED, "AK is not certified by the EK: %s", e->activation_detail);
}
