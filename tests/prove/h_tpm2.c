/* cordon: make prove harness: every TPM 2.0 command the hypervisor sends, over any response the TPM returns. */
/* sources: lib/tpm2/tpm2_mu.c lib/tpm2/tpm2_cmd.c lib/tpm2/tpm2_keys.c lib/tpm2/tpm2_pcr.c lib/tpm2/tpm2_attest.c lib/tpm2/tpm2_parse.c lib/tpm2/tpm2_seal.c lib/tpm2/seal_blob.c lib/tpm2/tpm2_rc.c lib/str.c */
/* reaches: tc_run check_header split_response skip_auth_responses tc_end tc_end_handle tc_run_empty tr_bytes tr_u8 tr_u16 tr_u32 tr_u64 tr_tpm2b tr_sub2b tr_skip2b tr_pcr_sel tpm2_digest_size take_sha256 tpm2_pcr_event tpm2_create_primary tr_take2b tr_copy skip_creation tpm2_pub_parse rd_rsa rd_ecc rd_keyedhash rd_sym rd_scheme tpm2_flush tpm2_nv_read_all nv_public nv_chunk tpm2_start_policy_session tpm2_policy_secret tpm2_policy_pcr tpm2_activate_credential tpm2_quote tpm2_sig_parse tpm2_load tpm2_unseal seal_unseal load_item make_srk seal_blob_parse check_pub tpm2_rc_str lookup tpm2_quote_parse tpm2_name */
/* eva: -eva-auto-loop-unroll 300 */
#include <lib/tpm2/seal_blob.h>
#include <lib/tcg/measure_ev.h>
#include <tests/prove/prove.h>

/*
 * -eva-auto-loop-unroll 300: tw_bytes copies byte by byte (each index bounded),
 * so a template of constant length (256 zero bytes at most) written into an
 * uninitialised buffer stays exactly defined only when that loop is unrolled.
 *
 * The transport as tis_xfer behaves towards its caller: it fails, or it fills
 * rsp with any bytes and reports any length up to rsp_cap (tis_xfer refuses a
 * larger announced size). The length is not tied to the header's size field:
 * the parsers must check that themselves.
 */
static u32 any_tpm(void *ctx, const u8 *cmd, u32 cmd_len, u8 *rsp, u32 rsp_cap, u32 *rsp_len)
{
	(void)ctx;
	(void)cmd;
	(void)cmd_len;
	if (prove_int(0, 1))
		return (u32)prove_u64(1, 0xffffffffu); /* TPM2_E_TRANSPORT, or anything */
	prove_bytes(rsp, rsp_cap);
	*rsp_len = (u32)prove_u64(0, rsp_cap);
	return TPM2_OK;
}

static struct tpm_dev dev = { .xfer = any_tpm };
static u8 ek_cert[2048], nonce[64], cred[TPM2_MAX_CRED], secret[TPM2_MAX_SECRET];
static u8 blob[SEAL_BLOB_MAX + 16], raw[TPM2_BUF_MAX], event[1024], sha[32], pub[TPM2_MAX_PUBLIC - 2], priv[TPM2_MAX_PRIVATE];

/* kernel/trust/attest.c: EK and AK, the EK certificate, ActivateCredential, Quote. */
static void attest(void)
{
	u8 tmpl[512]; /* uninitialised, as in attest.c: the template writers must define what is sent */
	struct tpm_wr w = { .p = tmpl, .cap = sizeof(tmpl) };
	struct tpm2_pub pub;
	u32 ek = 0, ak = 0, sess = 0, len;
	u8 out[64], attest[TPM2_MAX_ATTEST], sig[TPM2_MAX_SIG];
	u16 olen = sizeof(out), alen = sizeof(attest), slen = sizeof(sig);
	u16 blen = (u16)prove_u64(0, TPM2_MAX_CRED), seclen = (u16)prove_u64(0, TPM2_MAX_SECRET);
	tpm2_tmpl_ek_rsa(&w);
	tpm2_create_primary(&dev, TPM_RH_ENDORSEMENT, tmpl, (u16)w.len, &ek, &pub);
	w.len = 0;
	tpm2_tmpl_ak_rsa(&w);
	tpm2_create_primary(&dev, TPM_RH_ENDORSEMENT, tmpl, (u16)w.len, &ak, &pub);
	tpm2_flush(&dev, ek);
	tpm2_nv_read_all(&dev, TPM_NV_EK_CERT_RSA, ek_cert, sizeof(ek_cert), &len);
	tpm2_start_policy_session(&dev, &sess);
	tpm2_policy_secret(&dev, TPM_RH_ENDORSEMENT, sess);
	tpm2_activate_credential(&dev, ak, ek, sess, cred, blen, secret, seclen, out, &olen);
	tpm2_quote(&dev, ak, nonce, (u16)prove_u64(16, 64), MEV_QUOTE_MASK, attest, &alen, sig, &slen);
}

/* The decoders on any bytes up to a whole response (cordon-attest runs them on what cordon relays). */
static void decode(void)
{
	struct tpm2_pub_info pi;
	struct tpm2_quote_info qi;
	struct tpm2_sig_info si;
	u8 name[34];
	u32 len = (u32)prove_u64(0, sizeof(raw));
	prove_bytes(raw, sizeof(raw));
	tpm2_pub_parse(raw, len, &pi);
	tpm2_quote_parse(raw, len, &qi);
	tpm2_sig_parse(raw, len, &si);
	tpm2_name(raw, len, name);
}

/* kernel/trust/unseal.c: the sealed-secret boot module, any bytes of any length (a longer one is refused). */
static void parse_blob(void)
{
	struct seal_blob sb;
	prove_bytes(blob, sizeof(blob));
	seal_blob_parse(blob, (u32)prove_u64(0, sizeof(blob)), &sb);
}

int main(void)
{
	/* what seal_blob_parse accepts: a PCR mask of PCRs 0..23, TPM2B bodies within their maxima */
	struct seal_blob sb = { .pcr_mask = (u32)prove_u64(1, 0xffffff), .pub = pub, .priv = priv,
				.pub_len = (u16)prove_u64(0, sizeof(pub)), .priv_len = (u16)prove_u64(1, sizeof(priv)) };
	u8 unsealed[TPM2_MAX_SEALED];
	u16 ulen = sizeof(unsealed);
	prove_bytes(event, sizeof(event));
	prove_bytes(nonce, sizeof(nonce));
	prove_bytes(cred, sizeof(cred));
	prove_bytes(secret, sizeof(secret));
	prove_bytes(pub, sizeof(pub));
	prove_bytes(priv, sizeof(priv));
	/* kernel/trust/rtlog.c */
	tpm2_pcr_event(&dev, MEV_PCR_RUNTIME, event, (u16)prove_u64(0, 0xffff), sha); /* over 1024: refused */
	attest();
	/* kernel/trust/unseal.c, once seal_blob_parse accepted the boot module */
	seal_unseal(&dev, &sb, unsealed, &ulen);
	tpm2_rc_str((u32)prove_u64(0, 0xffffffffu));
	decode();
	parse_blob();
	return 0;
}
