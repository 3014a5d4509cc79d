/* cordon: the sealed-secret file ("CSEAL001") that cordon-seal writes and the hypervisor unseals. */
#ifndef CORDON_LIB_SEAL_BLOB_H
#define CORDON_LIB_SEAL_BLOB_H
#include <cordon/types.h>
#include <lib/tpm2/tpm2.h>

/*
 * Layout, integers big-endian like the TPM structures it carries:
 *   0   magic "CSEAL001"
 *   8   u32 PCR mask: bit i = PCR i of the SHA-256 bank, the PCRs the policy covers
 *   12  TPM2B_PUBLIC of the sealed object (u16 size, TPMT_PUBLIC; Part 2, 12.2.5)
 *   ..  TPM2B_PRIVATE of the sealed object (u16 size, the TPM's wrapped blob; Part 2, 12.3.7)
 * Nothing may follow. The object's parent is the SRK of tpm2_tmpl_srk_ecc in
 * the owner hierarchy, which the TPM re-creates identically from its seed.
 */
#define SEAL_MAGIC "CSEAL001"
#define SEAL_MAGIC_LEN 8
#define SEAL_BLOB_MAX (SEAL_MAGIC_LEN + 4 + TPM2_MAX_PUBLIC + 2 + TPM2_MAX_PRIVATE)

/* A parsed blob: pub and priv point at the TPM2B bodies inside the parsed bytes. */
struct seal_blob {
	u32 pcr_mask;
	const u8 *pub;
	u16 pub_len;
	const u8 *priv;
	u16 priv_len;
};

/* NULL when b is a well-formed blob, else what is wrong with it. */
const char *seal_blob_parse(const u8 *b, u32 len, struct seal_blob *out);
/* Writes a blob; returns its length, 0 when it does not fit cap. */
u32 seal_blob_write(u8 *out, u32 cap, u32 mask, const u8 *pub, u16 pub_len, const u8 *priv, u16 priv_len);

/* ---- with a TPM (lib/tpm2/tpm2_seal.c) */
/* Seals secret (at most TPM2_MAX_SEALED bytes) to the predicted SHA-256 values of the PCRs in mask. */
u32 seal_create(struct tpm_dev *d, u32 mask, const u8 values[24][32], const u8 *secret, u16 len, u8 *blob,
		u32 cap, u32 *blob_len);
/* Unseals with PolicyPCR over the PCRs' current values; out holds TPM2_MAX_SEALED bytes. */
u32 seal_unseal(struct tpm_dev *d, const struct seal_blob *sb, u8 *out, u16 *out_len);

#endif
