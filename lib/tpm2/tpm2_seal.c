/* cordon: sealing a secret to predicted PCR values and unsealing it with a PolicyPCR session. */
#include <lib/tpm2/seal_blob.h>

/* The storage root: re-created from the owner seed each time, so it is never persisted. */
static u32 make_srk(struct tpm_dev *d, u32 *srk)
{
	u8 tmpl[64];
	struct tpm_wr w = { .p = tmpl, .cap = sizeof(tmpl) };
	struct tpm2_pub pub;
	tpm2_tmpl_srk_ecc(&w);
	if (w.err)
		return TPM2_E_TOOBIG;
	return tpm2_create_primary(d, TPM_RH_OWNER, tmpl, (u16)w.len, srk, &pub);
}

u32 seal_create(struct tpm_dev *d, u32 mask, const u8 values[24][32], const u8 *secret, u16 len, u8 *blob,
		u32 cap, u32 *blob_len)
{
	u8 policy[32], pub[TPM2_MAX_PUBLIC], priv[TPM2_MAX_PRIVATE];
	u16 pub_len = 0, priv_len = 0;
	u32 srk = 0, rc;
	if (mask == 0 || mask >> 24 || len > TPM2_MAX_SEALED)
		return TPM2_E_TOOBIG;
	tpm2_policy_pcr_digest(mask, values, policy);
	rc = make_srk(d, &srk);
	if (rc)
		return rc;
	rc = tpm2_create_sealed(d, srk, policy, secret, len, priv, &priv_len, pub, &pub_len);
	tpm2_flush(d, srk);
	if (rc)
		return rc;
	*blob_len = seal_blob_write(blob, cap, mask, pub, pub_len, priv, priv_len);
	return *blob_len ? TPM2_OK : TPM2_E_TOOBIG;
}

/* Loads the sealed object under a fresh SRK, which is not needed after the load. */
static u32 load_item(struct tpm_dev *d, const struct seal_blob *sb, u32 *item)
{
	u32 srk = 0, rc = make_srk(d, &srk);
	if (rc)
		return rc;
	rc = tpm2_load(d, srk, sb->priv, sb->priv_len, sb->pub, sb->pub_len, item);
	tpm2_flush(d, srk);
	return rc;
}

u32 seal_unseal(struct tpm_dev *d, const struct seal_blob *sb, u8 *out, u16 *out_len)
{
	u32 item = 0, session = 0, rc = load_item(d, sb, &item);
	if (rc)
		return rc;
	rc = tpm2_start_policy_session(d, &session);
	if (rc == TPM2_OK) {
		rc = tpm2_policy_pcr(d, session, sb->pcr_mask);
		if (rc == TPM2_OK)
			rc = tpm2_unseal(d, item, session, out, out_len);
		tpm2_flush(d, session);
	}
	tpm2_flush(d, item);
	return rc;
}
