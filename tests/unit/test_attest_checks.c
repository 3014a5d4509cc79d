/* cordon unit tests: each identity and quote check of cordon-attest, on evidence that fails exactly that check. */
/* sources: tools/attest/crypto.c tools/attest/der.c tools/attest/evidence.c tools/attest/report.c tools/attest/verify_id.c tools/attest/verify_quote.c tools/attest/x509.c tools/attest/x509_chain.c tools/refvals.c tools/refvals_parse.c tools/refvals_match.c tools/refvals_rt.c lib/mgmt/mgmt_frame.c lib/tcg/tcglog.c lib/tpm2/tpm2_mu.c lib/tpm2/tpm2_cmd.c lib/tpm2/tpm2_parse.c lib/cfg/cfg.c lib/cfg/cfg_keys.c lib/cfg/cfg_vtpm.c lib/tcg/measure_ev.c lib/sha256.c lib/fmt.c lib/str.c */
#include <tests/unit/attest_forge_check.h>

/* One row: what the evidence gets wrong, the checks that must fail (or be skipped), a phrase of the reason. */
struct row {
	const char *name;
	void (*edit)(struct forge *f);
	const char *expect, *check, *phrase;
};

static void genuine(struct forge *f) { (void)f; }

/* ---- the EK certificate and public area (TCG EK Credential Profile; template L-1) */
static void ek_no_cert(struct forge *f) { f->ek_cert = NULL; }
static void ek_garbage(struct forge *f) { f->ek_cert = fgk.ak_n; f->ek_cert_len = sizeof(fgk.ak_n); }
static void ek_unknown_ca(struct forge *f) { f->ek_cert = fgk.alien; f->ek_cert_len = fgk.alien_len; }
static void ek_pinned_unknown_ca(struct forge *f) { f->pinned = fgk.alien; f->pinned_len = fgk.alien_len; }
static void ek_pinned(struct forge *f) { f->pinned = fgk.leaf; f->pinned_len = fgk.leaf_len; }
static void ek_via_int(struct forge *f) { f->ca = &fgk.ca_all; f->ek_cert = fgk.by_int; f->ek_cert_len = fgk.by_int_len; }
static void ek_via_notca(struct forge *f) { ek_via_int(f); f->ek_cert = fgk.by_notca; f->ek_cert_len = fgk.by_notca_len; }
static void ek_via_nosign(struct forge *f) { ek_via_int(f); f->ek_cert = fgk.by_nosign; f->ek_cert_len = fgk.by_nosign_len; }
static void ek_expired(struct forge *f) { f->now += 40 * 86400; }
static void ek_not_yet_valid(struct forge *f) { f->now -= 2 * 86400; }
static void ek_other_modulus(struct forge *f)
{
	static u8 n[256];
	memcpy(n, fgk.ek_n, sizeof(n));
	n[100] ^= 1;
	f->ek.n = n;
}
static void ek_sha1_name(struct forge *f) { f->ek.name_alg = TPM_ALG_SHA1; }
static void ek_aes256(struct forge *f) { f->ek.sym_bits = 256; }
static void ek_no_sym(struct forge *f) { f->ek.sym = TPM_ALG_NULL; }
static void ek_cbc(struct forge *f) { f->ek.sym_mode = 0x0042; /* TPM_ALG_CBC */ }
static void ek_unrestricted(struct forge *f) { f->ek.attrs &= ~TPMA_RESTRICTED; }
static void ek_no_decrypt(struct forge *f) { f->ek.attrs &= ~TPMA_DECRYPT; }

/* ---- the AK: restricted RSA-2048 signing key, RSASSA-SHA256, fixedTPM, fixedParent, sensitiveDataOrigin */
static void ak_missing(struct forge *f) { f->no_ak = true; }
static void ak_unrestricted(struct forge *f) { f->ak.attrs &= ~TPMA_RESTRICTED; }
static void ak_no_sign(struct forge *f) { f->ak.attrs &= ~TPMA_SIGN; }
static void ak_not_fixed_tpm(struct forge *f) { f->ak.attrs &= ~TPMA_FIXED_TPM; }
static void ak_not_fixed_parent(struct forge *f) { f->ak.attrs &= ~TPMA_FIXED_PARENT; }
static void ak_imported(struct forge *f) { f->ak.attrs &= ~TPMA_SENSITIVE_DATA_ORIGIN; }
static void ak_decrypts(struct forge *f) { f->ak.attrs |= TPMA_DECRYPT; }
static void ak_sha1_name(struct forge *f) { f->ak.name_alg = TPM_ALG_SHA1; }
static void ak_pss(struct forge *f) { f->ak.scheme = TPM_ALG_RSAPSS; }
static void ak_sha384(struct forge *f) { f->ak.scheme_hash = TPM_ALG_SHA384; }
static void ak_no_scheme(struct forge *f) { f->ak.scheme = TPM_ALG_NULL; }
static void ak_1024(struct forge *f) { f->ak.n_len = 128; f->ak.bits = 1024; }

/* ---- activation, as the evidence record says it went */
static void act_wrong(struct forge *f) { f->activation = EVID_ACT_WRONG; }
static void act_refused(struct forge *f) { f->activation = EVID_ACT_REFUSED; }

/* ---- the quote's signature (TPMT_SIGNATURE) */
static void sig_flipped(struct forge *f) { f->sig_flip = 1 + 200; }
static void sig_other_key(struct forge *f) { f->signer = &fgk.other; }
static void sig_pss(struct forge *f) { f->sig_alg = TPM_ALG_RSAPSS; }
static void sig_sha384(struct forge *f) { f->sig_hash = TPM_ALG_SHA384; }

/* ---- TPMS_ATTEST */
static void not_generated(struct forge *f) { f->magic ^= 1; }
static void certify_type(struct forge *f) { f->type = 0x8017; /* TPM_ST_ATTEST_CERTIFY */ }
static void no_quote(struct forge *f) { f->no_quote = true; }

/* ---- freshness: extraData must be exactly our nonce */
static void nonce_other(struct forge *f) { f->extra[31] ^= 0x80; }
static void nonce_prefix(struct forge *f) { f->extra_len = 31; }
static void nonce_longer(struct forge *f) { f->extra_len = 33; }
static void nonce_empty(struct forge *f) { f->extra_len = 0; }

/* ---- PCR selection: PCRs 0-10 of the SHA-256 bank (the digest always matches what is selected) */
static void sel_firmware_only(struct forge *f) { f->mask = 0xff; }
static void sel_no_8(struct forge *f) { f->mask &= ~(1u << 8); }
static void sel_no_9(struct forge *f) { f->mask &= ~(1u << 9); }
static void sel_no_10(struct forge *f) { f->mask &= ~(1u << 10); }
static void sel_no_0(struct forge *f) { f->mask &= ~1u; }
static void sel_sha1(struct forge *f) { f->bank = TPM_ALG_SHA1; }
static void sel_sha384(struct forge *f) { f->bank = TPM_ALG_SHA384; }
static void sel_two_banks(struct forge *f) { f->sel_count = 2; /* only one is there: a malformed quote */ }

#define EK_PUB "ek-public=failed activation=skipped"
#define AK "ak=failed activation=skipped signature=skipped"
#define NO_ATTEST "attest=failed fresh=skipped pcr-selection=skipped log-replay=skipped refvals=skipped"

static const struct row rows[] = {
	{ "genuine", genuine, "", "refvals", "hypervisor, boot.cfg, policy, runtime events and each guest (alpha, bravo) match" },
	{ "ek_no_cert", ek_no_cert, "ek-cert=failed ek-public=skipped activation=skipped", "ek-cert", "no EK certificate" },
	{ "ek_garbage", ek_garbage, "ek-cert=failed ek-public=skipped activation=skipped", "ek-cert", "EK certificate: " },
	{ "ek_unknown_ca", ek_unknown_ca, "ek-cert=failed", "ek-cert", "does not chain to the CA bundle" },
	{ "ek_pinned", ek_pinned, "", "ek-cert", "pinned EK certificate chains to the CA bundle: forge-ek <- forge-root" },
	{ "ek_pinned_unknown_ca", ek_pinned_unknown_ca, "ek-cert=failed", "ek-cert", "pinned EK certificate does not chain" },
	{ "ek_via_int", ek_via_int, "", "ek-cert", "forge-ek <- forge-int <- forge-root" },
	{ "ek_via_notca", ek_via_notca, "ek-cert=failed", "ek-cert", "does not chain to the CA bundle" },
	{ "ek_via_nosign", ek_via_nosign, "ek-cert=failed", "ek-cert", "does not chain to the CA bundle" },
	{ "ek_expired", ek_expired, "ek-cert=failed", "ek-cert", "does not chain" },
	{ "ek_not_yet_valid", ek_not_yet_valid, "ek-cert=failed", "ek-cert", "does not chain" },
	{ "ek_other_modulus", ek_other_modulus, EK_PUB, "ek-public", "does not match the EK certificate" },
	{ "ek_sha1_name", ek_sha1_name, EK_PUB, "ek-public", "template L-1" },
	{ "ek_aes256", ek_aes256, EK_PUB, "ek-public", "template L-1" },
	{ "ek_no_sym", ek_no_sym, EK_PUB, "ek-public", "template L-1" },
	{ "ek_cbc", ek_cbc, EK_PUB, "ek-public", "template L-1" },
	{ "ek_unrestricted", ek_unrestricted, EK_PUB, "ek-public", "template L-1" },
	{ "ek_no_decrypt", ek_no_decrypt, EK_PUB, "ek-public", "template L-1" },
	{ "ak_missing", ak_missing, AK, "ak", "missing or malformed" },
	{ "ak_unrestricted", ak_unrestricted, AK, "ak", "lacks restricted" },
	{ "ak_no_sign", ak_no_sign, AK, "ak", "lacks restricted" },
	{ "ak_not_fixed_tpm", ak_not_fixed_tpm, AK, "ak", "lacks restricted" },
	{ "ak_not_fixed_parent", ak_not_fixed_parent, AK, "ak", "lacks restricted" },
	{ "ak_imported", ak_imported, AK, "ak", "lacks restricted" },
	{ "ak_decrypts", ak_decrypts, AK, "ak", "may also decrypt" },
	{ "ak_sha1_name", ak_sha1_name, AK, "ak", "AK public area missing or malformed" },
	{ "ak_pss", ak_pss, AK, "ak", "not RSASSA with SHA-256" },
	{ "ak_sha384", ak_sha384, AK, "ak", "not RSASSA with SHA-256" },
	{ "ak_no_scheme", ak_no_scheme, AK, "ak", "not RSASSA with SHA-256" },
	{ "ak_1024", ak_1024, AK, "ak", "shorter than 2048 bits" },
	{ "act_wrong", act_wrong, "activation=failed", "activation", "returned another credential" },
	{ "act_refused", act_refused, "activation=failed", "activation", "not certified by the EK: forged in-process" },
	{ "sig_flipped", sig_flipped, "signature=failed", "signature", "does not verify with the AK" },
	{ "sig_other_key", sig_other_key, "signature=failed", "signature", "does not verify with the AK" },
	{ "sig_pss", sig_pss, "signature=failed", "signature", "not RSASSA with SHA-256" },
	{ "sig_sha384", sig_sha384, "signature=failed", "signature", "not RSASSA with SHA-256" },
	{ "not_generated", not_generated, NO_ATTEST, "attest", "not a TPM-generated" },
	{ "certify_type", certify_type, NO_ATTEST, "attest", "not a TPM-generated" },
	{ "no_quote", no_quote, "signature=skipped attest=skipped fresh=skipped pcr-selection=skipped "
	  "log-replay=skipped refvals=skipped", "fresh", "no quote received" },
	{ "nonce_other", nonce_other, "fresh=failed", "fresh", "answered to another nonce" },
	{ "nonce_prefix", nonce_prefix, "fresh=failed", "fresh", "answered to another nonce" },
	{ "nonce_longer", nonce_longer, "fresh=failed", "fresh", "answered to another nonce" },
	{ "nonce_empty", nonce_empty, "fresh=failed", "fresh", "answered to another nonce" },
	{ "sel_firmware_only", sel_firmware_only, "pcr-selection=failed", "pcr-selection", "(bank 0x000b, PCRs 0x0000ff)" },
	{ "sel_no_8", sel_no_8, "pcr-selection=failed", "pcr-selection", "PCRs 0x0006ff" },
	{ "sel_no_9", sel_no_9, "pcr-selection=failed", "pcr-selection", "PCRs 0x0005ff" },
	{ "sel_no_10", sel_no_10, "pcr-selection=failed", "pcr-selection", "PCRs 0x0003ff" },
	{ "sel_no_0", sel_no_0, "pcr-selection=failed", "pcr-selection", "PCRs 0x0007fe" },
	{ "sel_sha1", sel_sha1, "pcr-selection=failed", "pcr-selection", "(bank 0x0004, PCRs 0x0007ff)" },
	{ "sel_sha384", sel_sha384, "pcr-selection=failed", "pcr-selection", "(bank 0x000c" },
	{ "sel_two_banks", sel_two_banks, NO_ATTEST, "attest", "not a TPM-generated" },
};

static void run_row(void **state)
{
	const struct row *row = *state;
	struct forge f;
	if (!fgk.up)
		skip();
	forge_begin(&f);
	row->edit(&f);
	const struct report *r = forge_end(&f);
	forge_expect(r, row->expect);
	assert_contains(forge_detail(r, row->check), row->phrase);
}

/* An evidence record with an activation result outside enum evid_activation is not read at all. */
static void test_record_status(void **state)
{
	(void)state;
	struct forge f;
	char err[256];
	if (!fgk.up)
		skip();
	forge_begin(&f);
	f.activation = EVID_ACT_REFUSED;
	assert_null(forge_unreadable(&f, err, sizeof(err)));
	f.activation = EVID_ACT_REFUSED + 1;
	assert_non_null(forge_unreadable(&f, err, sizeof(err)));
	assert_contains(err, "malformed verifier record");
}

int main(void)
{
	static struct unit_group g;
	if (!forge_setup())
		fprintf(stderr, "openssl or libtomcrypt unavailable: every case skips\n");
	for (u32 i = 0; i < ARRAY_SIZE(rows); i++)
		unit_add(&g, rows[i].name, run_row, (void *)&rows[i]);
	unit_add(&g, "record_status", test_record_status, NULL);
	int rc = unit_run("attest_checks", &g);
	forge_teardown();
	return rc;
}
