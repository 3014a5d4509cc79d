/* cordon core: attestation requests on the management channel: identity, credential activation, quote. */
#include <kernel/trust/tpm.h>
#include <kernel/console.h>
#include <lib/mgmt/mgmt_frame.h>
#include <lib/tcg/measure_ev.h>
#include <lib/tcg/tcglog.h>
#include <lib/str.h>
#include <lib/fmt.h>

#define EK_CERT_MAX 2048
#define FINAL_SCAN_MAX KiB(64) /* bound on parsing the firmware's final-events table */

static const struct bootinfo *boot;
static u32 ek, ak;
static struct tpm2_pub ek_pub, ak_pub;
static u8 ek_cert[EK_CERT_MAX];
static u32 ek_cert_len;

static const u8 *final_events(u32 *len);

void attest_init(const struct bootinfo *bi)
{
	u32 n;
	boot = bi;
	if (bi->tpm_final && !final_events(&n))
		kprintf("cordon: the firmware's final-events table is malformed: quotes will not replay\n");
}

static u32 error(u8 *rsp, u32 cap, u32 status, const char *text, u32 rc)
{
	struct mgmt_wr w;
	char msg[160];
	u64 n = rc ? fmt_snprintf(msg, sizeof(msg), "%s: %s", text, tpm2_rc_str(rc))
		   : fmt_snprintf(msg, sizeof(msg), "%s", text);
	kprintf("cordon: management request refused: %s\n", msg);
	mgmt_begin(&w, rsp, cap, MGMT_ERROR);
	mgmt_item_u32(&w, MGMT_T_STATUS, status);
	mgmt_item(&w, MGMT_T_TEXT, msg, n < sizeof(msg) ? (u32)n : sizeof(msg) - 1);
	return mgmt_end(&w);
}

/* EK (TCG template, reproduces the certified key) and AK, both primaries of the endorsement hierarchy. */
static u32 make_identity(struct tpm_dev *d)
{
	u8 tmpl[512];
	struct tpm_wr w = { .p = tmpl, .cap = sizeof(tmpl) };
	u32 rc;
	if (ak)
		return TPM2_OK;
	tpm2_tmpl_ek_rsa(&w);
	if ((rc = tpm2_create_primary(d, TPM_RH_ENDORSEMENT, tmpl, (u16)w.len, &ek, &ek_pub)))
		return rc;
	w.len = 0;
	tpm2_tmpl_ak_rsa(&w);
	if ((rc = tpm2_create_primary(d, TPM_RH_ENDORSEMENT, tmpl, (u16)w.len, &ak, &ak_pub))) {
		tpm2_flush(d, ek);
		ek = 0;
		return rc;
	}
	/* No certificate is not fatal here: a verifier may have pinned the EK certificate. */
	if (tpm2_nv_read_all(d, TPM_NV_EK_CERT_RSA, ek_cert, sizeof(ek_cert), &ek_cert_len))
		ek_cert_len = 0;
	kprintf("cordon: attestation key created (EK certificate %u bytes)\n", ek_cert_len);
	return TPM2_OK;
}

static u32 identity(struct tpm_dev *d, u8 *rsp, u32 cap)
{
	struct mgmt_wr w;
	u32 rc = make_identity(d);
	if (rc)
		return error(rsp, cap, MGMT_S_TPM_FAILED, "creating the EK and AK", rc);
	mgmt_begin(&w, rsp, cap, MGMT_IDENTITY_RSP);
	if (ek_cert_len)
		mgmt_item(&w, MGMT_T_EK_CERT, ek_cert, ek_cert_len);
	mgmt_item(&w, MGMT_T_EK_PUB, ek_pub.b, ek_pub.len);
	mgmt_item(&w, MGMT_T_AK_PUB, ak_pub.b, ak_pub.len);
	return mgmt_end(&w);
}

/* The EK only decrypts the seed under PolicySecret(TPM_RH_ENDORSEMENT) (EK Credential Profile, B.3.3). */
static u32 activate(struct tpm_dev *d, const u8 *p, u32 len, u8 *rsp, u32 cap)
{
	u32 blen, slen, sess = 0, rc;
	const u8 *blob = mgmt_find(p, len, MGMT_T_CRED_BLOB, &blen);
	const u8 *sec = mgmt_find(p, len, MGMT_T_CRED_SECRET, &slen);
	u8 out[64];
	u16 olen = sizeof(out);
	struct mgmt_wr w;
	if (!blob || !sec || blen > TPM2_MAX_CRED || slen > TPM2_MAX_SECRET)
		return error(rsp, cap, MGMT_S_BAD_REQUEST, "activation needs a credential blob and secret", 0);
	rc = tpm2_start_policy_session(d, &sess);
	if (!rc)
		rc = tpm2_policy_secret(d, TPM_RH_ENDORSEMENT, sess);
	if (!rc)
		rc = tpm2_activate_credential(d, ak, ek, sess, blob, (u16)blen, sec, (u16)slen, out, &olen);
	if (sess)
		tpm2_flush(d, sess);
	if (rc)
		return error(rsp, cap, MGMT_S_TPM_FAILED, "ActivateCredential", rc);
	mgmt_begin(&w, rsp, cap, MGMT_ACTIVATE_RSP);
	mgmt_item(&w, MGMT_T_CERT_INFO, out, olen);
	return mgmt_end(&w);
}

/*
 * Events the firmware logged after the loader copied the log (ExitBootServices)
 * are in its final-events table after the first tpm_final_skip entries. The
 * verifier gets them as a table of their own (version 1, count, events), so
 * the item parses like the firmware's table (TCG EFI Protocol 2.0, 6.5).
 */
static const u8 *final_events(u32 *len)
{
	static u8 out[FINAL_SCAN_MAX + 16];
	const u8 *tab = (const u8 *)boot->tpm_final;
	struct tcg_iter fw, it;
	struct tcg_event ev;
	u32 start, n = 0;
	*len = 0;
	if (!tab || tcglog_open(&fw, (const void *)boot->tpm_log, (u32)boot->tpm_log_size) ||
	    tcglog_open_final(&it, tab, FINAL_SCAN_MAX, &fw.spec, boot->tpm_final_skip))
		return NULL;
	start = it.off;
	while (tcglog_next(&it, &ev) == 1)
		n++;
	if (it.err)
		return NULL;
	*(u64 *)out = 1;
	*(u64 *)(out + 8) = n;
	c_memcpy(out + 16, tab + start, it.off - start);
	*len = 16 + it.off - start;
	return out;
}

static u32 quote(struct tpm_dev *d, const u8 *p, u32 len, u8 *rsp, u32 cap)
{
	u32 nlen, flen, rlen, rc;
	const u8 *nonce = mgmt_find(p, len, MGMT_T_NONCE, &nlen);
	u8 attest[TPM2_MAX_ATTEST], sig[TPM2_MAX_SIG];
	u16 alen = sizeof(attest), slen = sizeof(sig);
	const u8 *fin = final_events(&flen), *rt = rtlog_bytes(&rlen);
	struct mgmt_wr w;
	if (!nonce || nlen < 16 || nlen > 64)
		return error(rsp, cap, MGMT_S_BAD_REQUEST, "a quote needs a nonce of 16 to 64 bytes", 0);
	if ((rc = tpm2_quote(d, ak, nonce, (u16)nlen, MEV_QUOTE_MASK, attest, &alen, sig, &slen)))
		return error(rsp, cap, MGMT_S_TPM_FAILED, "Quote", rc);
	mgmt_begin(&w, rsp, cap, MGMT_QUOTE_RSP);
	mgmt_item(&w, MGMT_T_ATTEST, attest, alen);
	mgmt_item(&w, MGMT_T_SIGNATURE, sig, slen);
	mgmt_item_u32(&w, MGMT_T_PCR_MASK, MEV_QUOTE_MASK);
	mgmt_item(&w, MGMT_T_FW_LOG, (const void *)boot->tpm_log, (u32)boot->tpm_log_size);
	mgmt_item(&w, MGMT_T_FW_FINAL, fin, flen);
	mgmt_item(&w, MGMT_T_RT_LOG, rt, rlen);
	if (w.err)
		return error(rsp, cap, MGMT_S_TOO_BIG, "the evidence does not fit the channel buffer", 0);
	kprintf("cordon: quote sent (%u bytes of evidence)\n", w.len);
	return mgmt_end(&w);
}

u32 attest_handle(u16 type, const u8 *p, u32 len, u8 *rsp, u32 cap)
{
	struct tpm_dev *d = tpm_get();
	const char *why = mgmt_check_items(p, len);
	if (why)
		return error(rsp, cap, MGMT_S_BAD_REQUEST, why, 0);
	if (!d)
		return error(rsp, cap, MGMT_S_NO_TPM, "cordon booted unmeasured (no TPM)", 0);
	if (type == MGMT_IDENTITY_REQ)
		return identity(d, rsp, cap);
	if (type != MGMT_ACTIVATE_REQ && type != MGMT_QUOTE_REQ)
		return error(rsp, cap, MGMT_S_BAD_REQUEST, "unknown request type", 0);
	if (!ak)
		return error(rsp, cap, MGMT_S_NO_IDENTITY, "ask for the identity first", 0);
	return type == MGMT_QUOTE_REQ ? quote(d, p, len, rsp, cap) : activate(d, p, len, rsp, cap);
}
