/* cordon unit tests: evidence forged in-process (openssl CA and EK certificate, software AK) for each verifier check. */
#ifndef CORDON_TESTS_ATTEST_FORGE_H
#define CORDON_TESTS_ATTEST_FORGE_H
#include <tests/unit/attest_forge_keys.h>
#include <time.h>
#include <lib/mgmt/mgmt_frame.h>
#include <lib/sha256.h>
#include <lib/tpm2/tpm2_int.h>

/*
 * Nothing here comes from a TPM, so each test controls every byte: the AK is a
 * key made here (only credential activation ties an AK to a TPM, and offline
 * its result is the one the evidence file records). forge_begin() describes a
 * genuine boot that passes every check; a test changes one field, calls
 * forge_end() and looks at the report.
 */

#define FG_LOG 16384
#define FG_MAX_EV 48
enum fg_log { FG_FW, FG_FINAL, FG_RT };

struct fg_event {
	u32 log, pcr, type; /* enum fg_log */
	u8 digest[32];
	char data[MEV_MAX];
};

/* A TPMT_PUBLIC for RSA (TPM 2.0 Part 2, 12.2.4; TPMS_RSA_PARMS 12.2.3.5). */
struct fg_pub {
	u16 name_alg;
	u32 attrs;
	u16 sym, sym_bits, sym_mode, scheme, scheme_hash, bits;
	const u8 *n;
	u32 n_len;
};

struct forge {
	const u8 *ek_cert; /* NULL: the identity carries no certificate */
	u32 ek_cert_len;
	const u8 *pinned; /* the verifier's pinned EK certificate (--ek-cert), or NULL */
	u32 pinned_len;
	const struct x509_bundle *ca; /* the verifier's CA bundle */
	struct fg_pub ek, ak;
	bool no_ak;
	u32 activation; /* enum evid_activation, as the record says */
	/* the quote: TPMS_ATTEST fields (Part 2, 10.12.12) */
	u32 magic;
	u16 type, bank;
	u32 sel_count, mask; /* TPML_PCR_SELECTION: how many banks it claims (one follows), the PCRs */
	u8 extra[64]; /* extraData: the nonce the quote answers */
	u32 extra_len;
	u8 pcr_digest[32];
	u32 pcr_digest_len;
	bool quoted; /* pcr_digest is set (forge_quote): later event edits are edits of the log only */
	/* the signature (TPMT_SIGNATURE, 11.3.4) */
	u16 sig_alg, sig_hash;
	rsa_key *signer;
	u32 sig_flip; /* 1 + index of a signature byte to flip after signing; 0: none */
	bool no_quote;
	/* the boot: events in log order */
	struct fg_event ev[FG_MAX_EV];
	u32 nev;
	/* the verifier's side */
	u8 nonce[32];
	s64 now;
};

static void fg_add(struct forge *f, u32 log, u32 pcr, const u8 *digest, const char *data)
{
	struct fg_event *e = &f->ev[f->nev++];
	assert_true(f->nev <= FG_MAX_EV);
	*e = (struct fg_event){ .log = log, .pcr = pcr, .type = TCG_EV_IPL };
	snprintf(e->data, sizeof(e->data), "%s", data);
	if (digest)
		memcpy(e->digest, digest, 32);
	else
		sha256(e->data, strlen(e->data), e->digest);
}

/* The boot the reference values describe: firmware 0-7 (PCR 5's in the final events), loader 8-9, runtime 10. */
static void fg_boot(struct forge *f, const struct refvals *ref)
{
	char s[MEV_MAX];
	for (u32 pcr = 0; pcr < 8; pcr++) {
		snprintf(s, sizeof(s), "firmware event for PCR %u", pcr);
		fg_add(f, pcr == 5 ? FG_FINAL : FG_FW, pcr, NULL, s);
	}
	for (u32 i = 0; i < ref->nload; i++)
		fg_add(f, FG_FW, ref->load[i].pcr, ref->load[i].digest, ref->load[i].data);
	for (u32 i = 0; i < ref->nrt; i++)
		fg_add(f, FG_RT, MEV_PCR_RUNTIME, ref->rt[i].digest, ref->rt[i].data);
	for (u32 v = 0; v < ref->nvms; v++) {
		const struct ref_vm *vm = &ref->vms[v];
		mev_rt_vm_start(s, sizeof(s), vm->name, strcmp(vm->label, "-") ? vm->label : "", vm->image_digest);
		fg_add(f, FG_RT, MEV_PCR_RUNTIME, NULL, s);
	}
}

static void forge_begin(struct forge *f)
{
	memset(f, 0, sizeof(*f));
	f->ek_cert = fgk.leaf;
	f->ek_cert_len = fgk.leaf_len;
	f->ca = &fgk.ca;
	f->ek = (struct fg_pub){ TPM_ALG_SHA256, TPMA_FIXED_TPM | TPMA_FIXED_PARENT | TPMA_SENSITIVE_DATA_ORIGIN |
		TPMA_ADMIN_WITH_POLICY | TPMA_RESTRICTED | TPMA_DECRYPT, TPM_ALG_AES, 128, TPM_ALG_CFB, TPM_ALG_NULL, 0,
		2048, fgk.ek_n, 256 };
	f->ak = (struct fg_pub){ TPM_ALG_SHA256, TPMA_FIXED_TPM | TPMA_FIXED_PARENT | TPMA_SENSITIVE_DATA_ORIGIN |
		TPMA_USER_WITH_AUTH | TPMA_NO_DA | TPMA_RESTRICTED | TPMA_SIGN, TPM_ALG_NULL, 0, 0, TPM_ALG_RSASSA,
		TPM_ALG_SHA256, 2048, fgk.ak_n, 256 };
	f->activation = EVID_ACT_CERTIFIED;
	f->magic = TPM_GENERATED_VALUE;
	f->type = TPM_ST_ATTEST_QUOTE;
	f->bank = TPM_ALG_SHA256;
	f->sel_count = 1;
	f->mask = MEV_QUOTE_MASK;
	for (u32 i = 0; i < sizeof(f->nonce); i++)
		f->nonce[i] = (u8)(0xa0 + i);
	memcpy(f->extra, f->nonce, sizeof(f->nonce));
	f->extra_len = sizeof(f->nonce);
	f->sig_alg = TPM_ALG_RSASSA;
	f->sig_hash = TPM_ALG_SHA256;
	f->signer = &fgk.ak;
	f->now = time(NULL);
	fg_boot(f, &fgk.ref);
}

/* What TPM2_Quote signs over the boot as f->ev stands now (Part 3, 18.4): PCRs replayed from zero here. */
static void forge_quote(struct forge *f)
{
	u8 pcr[24][32] = { { 0 } };
	struct sha256_ctx h;
	for (u32 log = FG_FW; log <= FG_RT; log++) /* the order a verifier reads them in */
		for (u32 i = 0; i < f->nev; i++) {
			if (f->ev[i].log != log)
				continue;
			sha256_init(&h);
			sha256_update(&h, pcr[f->ev[i].pcr], 32);
			sha256_update(&h, f->ev[i].digest, 32);
			sha256_final(&h, pcr[f->ev[i].pcr]);
		}
	sha256_init(&h);
	for (u32 i = 0; i < 24; i++)
		if (f->mask >> i & 1)
			sha256_update(&h, pcr[i], 32);
	sha256_final(&h, f->pcr_digest);
	f->pcr_digest_len = 32;
	f->quoted = true;
}

static void fg_pub_write(struct tpm_wr *w, const struct fg_pub *p)
{
	static const u8 policy[32];
	u32 at = tw_size_begin(w);
	tw_u16(w, TPM_ALG_RSA);
	tw_u16(w, p->name_alg);
	tw_u32(w, p->attrs);
	tw_tpm2b(w, policy, p->attrs & TPMA_ADMIN_WITH_POLICY ? 32 : 0);
	tw_u16(w, p->sym);
	if (p->sym != TPM_ALG_NULL)
		tw_u16(w, p->sym_bits), tw_u16(w, p->sym_mode);
	tw_u16(w, p->scheme);
	if (p->scheme != TPM_ALG_NULL)
		tw_u16(w, p->scheme_hash);
	tw_u16(w, p->bits);
	tw_u32(w, 0); /* exponent: 65537 */
	tw_tpm2b(w, p->n, (u16)p->n_len);
	tw_size_end(w, at);
}

static u32 fg_log(const struct forge *f, u32 log, u8 *buf)
{
	u32 n = log == FG_FINAL ? 16 : tcglog_put_header(buf, FG_LOG), count = 0;
	for (u32 i = 0; i < f->nev; i++)
		if (f->ev[i].log == log) {
			const struct fg_event *e = &f->ev[i];
			u32 k = tcglog_put_event(buf + n, FG_LOG - n, e->pcr, e->type, e->digest, e->data, (u32)strlen(e->data));
			assert_int_not_equal(k, 0);
			n += k, count++;
		}
	if (log == FG_FINAL) { /* EFI_TCG2_FINAL_EVENTS_TABLE: u64 version 1, u64 count (TCG EFI Protocol 2.0, 6.5) */
		memset(buf, 0, 16);
		buf[0] = 1;
		buf[8] = (u8)count;
	}
	return n;
}

static u32 fg_attest(const struct forge *f, u8 *buf, u32 cap)
{
	static const u8 signer[34] = { 0x00, 0x0b };
	struct tpm_wr w = { .p = buf, .cap = cap };
	tw_u32(&w, f->magic);
	tw_u16(&w, f->type);
	tw_tpm2b(&w, signer, sizeof(signer));
	tw_tpm2b(&w, f->extra, (u16)f->extra_len);
	tw_bytes(&w, (u8[17]){ 0 }, 17); /* clockInfo (clock, resetCount, restartCount, safe) */
	tw_bytes(&w, (u8[8]){ 0 }, 8);	 /* firmwareVersion */
	tw_u32(&w, f->sel_count); /* TPML_PCR_SELECTION: one bank follows, three bytes of PCR bits */
	tw_u16(&w, f->bank);
	tw_u8(&w, 3);
	for (u32 i = 0; i < 3; i++)
		tw_u8(&w, (u8)(f->mask >> 8 * i));
	tw_tpm2b(&w, f->pcr_digest, (u16)f->pcr_digest_len);
	assert_false(w.err);
	return w.len;
}

/* TPMT_SIGNATURE over attest with f->signer (RSASSA-PKCS1-v1_5, SHA-256). */
static u32 fg_sign(const struct forge *f, const u8 *attest, u32 len, u8 *buf)
{
	u8 d[32], s[256];
	unsigned long n = sizeof(s);
	struct tpm_wr w = { .p = buf, .cap = 4 + 2 + 256 };
	sha256(attest, len, d);
	assert_int_equal(rsa_sign_hash_ex(d, 32, s, &n, LTC_PKCS_1_V1_5, NULL, find_prng("sprng"),
					  find_hash("sha256"), 0, f->signer), CRYPT_OK);
	if (f->sig_flip)
		s[f->sig_flip - 1] ^= 1;
	tw_u16(&w, f->sig_alg);
	tw_u16(&w, f->sig_hash);
	tw_tpm2b(&w, s, (u16)n);
	return w.len;
}

/* The evidence file (tools/attest/evidence.h): record, identity and quote frames. */
static u32 fg_file(const struct forge *f, u8 *out, u32 cap)
{
	static u8 item[2][FG_LOG];
	static const char detail[] = "forged in-process";
	struct mgmt_wr m;
	u32 n = 0;
	mgmt_begin(&m, out, cap, EVID_RECORD);
	mgmt_item(&m, MGMT_T_NONCE, f->nonce, sizeof(f->nonce));
	mgmt_item_u32(&m, MGMT_T_STATUS, f->activation);
	mgmt_item(&m, MGMT_T_TEXT, detail, sizeof(detail) - 1);
	n += mgmt_end(&m);
	mgmt_begin(&m, out + n, cap - n, MGMT_IDENTITY_RSP);
	if (f->ek_cert)
		mgmt_item(&m, MGMT_T_EK_CERT, f->ek_cert, f->ek_cert_len);
	for (u32 k = 0; k < 2; k++) {
		struct tpm_wr w = { .p = item[k], .cap = FG_LOG };
		if (k == 1 && f->no_ak)
			break;
		fg_pub_write(&w, k ? &f->ak : &f->ek);
		mgmt_item(&m, k ? MGMT_T_AK_PUB : MGMT_T_EK_PUB, item[k], w.len);
	}
	n += mgmt_end(&m);
	if (f->no_quote)
		return n;
	mgmt_begin(&m, out + n, cap - n, MGMT_QUOTE_RSP);
	u32 al = fg_attest(f, item[0], FG_LOG);
	mgmt_item(&m, MGMT_T_ATTEST, item[0], al);
	mgmt_item(&m, MGMT_T_SIGNATURE, item[1], fg_sign(f, item[0], al, item[1]));
	mgmt_item_u32(&m, MGMT_T_PCR_MASK, f->mask);
	static const u16 tags[] = { MGMT_T_FW_LOG, MGMT_T_FW_FINAL, MGMT_T_RT_LOG };
	for (u32 log = FG_FW; log <= FG_RT; log++)
		mgmt_item(&m, tags[log], item[0], fg_log(f, log, item[0]));
	u32 q = mgmt_end(&m);
	assert_int_not_equal(q, 0);
	return n + q;
}

/* Why the verifier refuses to read the forged evidence file at all, or NULL if it reads it. */
static inline const char *forge_unreadable(struct forge *f, char *err, size_t cap)
{
	static u8 file[8 * FG_LOG];
	static struct evidence e;
	forge_quote(f);
	u32 n = fg_file(f, file, sizeof(file));
	evidence_init(&e);
	const char *why = evidence_parse(&e, file, n, err, cap);
	evidence_free(&e);
	return why;
}

/* Runs the verifier's offline checks (what `cordon-attest --evidence` does) on the forged evidence. */
static const struct report *forge_end(struct forge *f)
{
	static u8 file[8 * FG_LOG];
	static struct evidence e;
	static struct report r;
	struct verify_keys k;
	char err[256];
	if (!f->quoted)
		forge_quote(f);
	u32 n = fg_file(f, file, sizeof(file));
	struct verify_in in = { .ca = f->ca, .ref = &fgk.ref, .ek_cert = f->pinned, .ek_cert_len = f->pinned_len,
				.nonce = f->nonce, .nonce_len = sizeof(f->nonce), .now = f->now };
	evidence_init(&e);
	if (evidence_parse(&e, file, n, err, sizeof(err)))
		fail_msg("forged evidence does not parse: %s", err);
	memset(&r, 0, sizeof(r));
	verify_identity(&e, &in, &k, &r);
	verify_activation(&e, &k, &r);
	verify_quote(&e, &in, &k, &r);
	evidence_free(&e);
	return &r;
}

#endif
