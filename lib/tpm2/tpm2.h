/* cordon: TPM 2.0 command marshalling shared by the hypervisor, the host tools and the tests. */
#ifndef CORDON_LIB_TPM2_H
#define CORDON_LIB_TPM2_H
#include <cordon/types.h>

/*
 * Everything here is freestanding (no libc, no allocation): the hypervisor
 * links it with its TIS driver as transport, host tools with a swtpm socket.
 * Every response byte is untrusted: parsers check every length against the
 * bytes actually received and fail with TPM2_E_MALFORMED, never read past them.
 * Structure layouts: TPM 2.0 Library Specification, Part 2 (Structures);
 * command layouts: Part 3 (Commands). All integers are big-endian.
 */

/* ---- constants (Part 2, 6.x) */
#define TPM_ST_NO_SESSIONS 0x8001
#define TPM_ST_SESSIONS 0x8002
#define TPM_ST_ATTEST_QUOTE 0x8018
#define TPM_GENERATED_VALUE 0xff544347u
#define TPM_RS_PW 0x40000009u
#define TPM_RH_OWNER 0x40000001u
#define TPM_RH_NULL 0x40000007u
#define TPM_RH_ENDORSEMENT 0x4000000Bu
#define TPM_ALG_RSA 0x0001
#define TPM_ALG_SHA256 0x000B
#define TPM_ALG_AES 0x0006
#define TPM_ALG_KEYEDHASH 0x0008
#define TPM_ALG_NULL 0x0010
#define TPM_ALG_RSASSA 0x0014
#define TPM_ALG_ECC 0x0023
#define TPM_ALG_CFB 0x0043
#define TPM_ECC_NIST_P256 0x0003
#define TPM_SE_POLICY 0x01
#define TPM_SU_CLEAR 0x0000
#define TPM_CC_PolicyPCR 0x0000017Fu
#define TPM_CC_PolicySecret 0x00000151u
#define TPM_NV_EK_CERT_RSA 0x01c00002u /* TCG EK Credential Profile 2.0, 2.2.1.4 */

/* TPMA_OBJECT bits (Part 2, 8.3) */
#define TPMA_FIXED_TPM (1u << 1)
#define TPMA_FIXED_PARENT (1u << 4)
#define TPMA_SENSITIVE_DATA_ORIGIN (1u << 5)
#define TPMA_USER_WITH_AUTH (1u << 6)
#define TPMA_ADMIN_WITH_POLICY (1u << 7)
#define TPMA_NO_DA (1u << 10)
#define TPMA_RESTRICTED (1u << 16)
#define TPMA_DECRYPT (1u << 17)
#define TPMA_SIGN (1u << 18)

/* Local (non-TPM) result codes; TPM response codes are below 0x1000. */
#define TPM2_OK 0u
#define TPM2_E_TRANSPORT 0x80000001u /* the transport failed or timed out */
#define TPM2_E_MALFORMED 0x80000002u /* the response is shorter/longer/other than its header says */
#define TPM2_E_TOOBIG 0x80000003u    /* a command or an output does not fit its buffer */

#define TPM2_BUF_MAX 4096   /* largest command or response we exchange */
#define TPM2_MAX_PUBLIC 512 /* TPM2B_PUBLIC of an RSA-2048 key, with its size field */
#define TPM2_MAX_ATTEST 256
#define TPM2_MAX_SIG 300    /* TPMT_SIGNATURE, RSASSA-2048 */
#define TPM2_MAX_CRED 256   /* TPM2B_ID_OBJECT */
#define TPM2_MAX_SECRET 300 /* TPM2B_ENCRYPTED_SECRET */
#define TPM2_MAX_PRIVATE 512
#define TPM2_MAX_SEALED 128 /* MAX_SYM_DATA: TPM2B_SENSITIVE_DATA, what a sealed object holds */
#define TPM2_MAX_DIGEST 64 /* sizeof(TPMU_HA): TPM2B_DIGEST, TPM2B_NONCE (certInfo of ActivateCredential) */

/* ---- byte cursors: a writer that latches overflow, a reader that latches underflow. */
struct tpm_wr {
	u8 *p;
	u32 len, cap;
	bool err;
};
struct tpm_rd {
	const u8 *p;
	u32 len, off; /* the bytes are p[off] up to p[len - 1] (a sub-reader keeps its parent's p) */
	bool err;
};
void tw_u8(struct tpm_wr *w, u8 v);
void tw_u16(struct tpm_wr *w, u16 v);
void tw_u32(struct tpm_wr *w, u32 v);
void tw_bytes(struct tpm_wr *w, const void *b, u32 n);
void tw_tpm2b(struct tpm_wr *w, const void *b, u16 n); /* u16 size, then the bytes */
u8 tr_u8(struct tpm_rd *r);
u16 tr_u16(struct tpm_rd *r);
u32 tr_u32(struct tpm_rd *r);
u64 tr_u64(struct tpm_rd *r);
const u8 *tr_bytes(struct tpm_rd *r, u32 n); /* NULL and err when fewer than n remain */
/* A TPM2B: returns the body (and *n) or NULL and err when the size exceeds max or the data. */
const u8 *tr_tpm2b(struct tpm_rd *r, u16 *n, u16 max);
/* Copies the next n bytes to out (which holds n); false and err when fewer remain. */
bool tr_copy(struct tpm_rd *r, void *out, u32 n);
/* A TPM2B copied to out (cap bytes, zeroed first); *n its size, 0 and err when it is over cap or truncated. */
bool tr_take2b(struct tpm_rd *r, void *out, u16 *n, u16 cap);

/* ---- transport: sends cmd, receives at most rsp_cap bytes. Returns TPM2_OK or TPM2_E_*. */
struct tpm_dev {
	u32 (*xfer)(void *ctx, const u8 *cmd, u32 cmd_len, u8 *rsp, u32 rsp_cap, u32 *rsp_len);
	void *ctx;
	u8 cmd[TPM2_BUF_MAX], rsp[TPM2_BUF_MAX]; /* scratch, so callers need no big stack frames */
};

/* A public area as produced by the TPM: the whole TPM2B_PUBLIC, size field included. */
struct tpm2_pub {
	u16 len;
	u8 b[TPM2_MAX_PUBLIC];
};

/* Decoded fields of a TPMT_PUBLIC (Part 2, 12.2.4) that verifiers look at. */
struct tpm2_pub_info {
	u16 type, name_alg;
	u32 attrs;
	const u8 *policy; /* authPolicy */
	u16 policy_len;
	u16 sym_alg, sym_bits, sym_mode; /* RSA: parameters.rsaDetail.symmetric */
	u16 scheme, scheme_hash;         /* RSA: parameters.rsaDetail.scheme */
	u16 key_bits;
	u32 exponent; /* 0 means 65537 */
	const u8 *modulus; /* unique.rsa */
	u16 modulus_len;
};

/* Decoded TPMS_ATTEST of a quote (Part 2, 10.12.8). Pointers into the attest bytes. */
struct tpm2_quote_info {
	u32 magic;
	u16 type;
	const u8 *signer; /* qualifiedSigner (TPM2B_NAME body) */
	u16 signer_len;
	const u8 *extra; /* extraData: the verifier's nonce */
	u16 extra_len;
	u64 clock;
	u32 reset_count, restart_count;
	u8 safe;
	u64 firmware;
	u16 pcr_hash;      /* hash of the (single) PCR selection */
	u32 pcr_mask;      /* PCRs 0..23 selected */
	const u8 *pcr_digest;
	u16 pcr_digest_len;
};

/* TPMT_SIGNATURE with an RSASSA signature (Part 2, 11.3.4). */
struct tpm2_sig_info {
	u16 alg, hash;
	const u8 *sig;
	u16 sig_len;
};

/* ---- templates (the public areas we create), written as TPMT_PUBLIC into w */
void tpm2_tmpl_ek_rsa(struct tpm_wr *w); /* TCG EK Credential Profile 2.0, B.3.3 template L-1 */
void tpm2_tmpl_ak_rsa(struct tpm_wr *w); /* restricted RSASSA-SHA256 signing key, 2048 bits */
void tpm2_tmpl_srk_ecc(struct tpm_wr *w); /* restricted decrypt ECC P-256 storage key, AES-128-CFB */
/* A sealed data object: keyedhash, fixedTPM|fixedParent, authPolicy = policy, no userWithAuth. */
void tpm2_tmpl_sealed(struct tpm_wr *w, const u8 policy[32]);

/*
 * ---- commands: each returns TPM2_OK, a TPM response code, or TPM2_E_*.
 * Output buffers must hold the TPM2_MAX_* of their kind (attest TPM2_MAX_ATTEST,
 * sig TPM2_MAX_SIG, priv TPM2_MAX_PRIVATE, pub TPM2_MAX_PUBLIC, unsealed data
 * TPM2_MAX_SEALED, certInfo TPM2_MAX_DIGEST); a longer answer is MALFORMED.
 * After a failure the outputs hold nothing meaningful.
 */
u32 tpm2_startup(struct tpm_dev *d, u16 type);
u32 tpm2_get_random(struct tpm_dev *d, u8 *out, u16 n);
/* in: TPMT_PUBLIC bytes (from a template). out: handle and the TPM2B_PUBLIC the TPM returned. */
u32 tpm2_create_primary(struct tpm_dev *d, u32 hierarchy, const u8 *tmpl, u16 tmpl_len, u32 *handle,
			struct tpm2_pub *out);
u32 tpm2_flush(struct tpm_dev *d, u32 handle);
/* Extends pcr in every active bank with the hash of data (max 1024 bytes); *sha256 gets the SHA-256 one. */
u32 tpm2_pcr_event(struct tpm_dev *d, u32 pcr, const void *data, u16 len, u8 sha256[32]);
/* Reads the SHA-256 bank of the PCRs in mask (bit i = PCR i) into out[i]. */
u32 tpm2_pcr_read(struct tpm_dev *d, u32 mask, u8 out[24][32]);
/* Reads a whole NV index (size from NV_ReadPublic, read in chunks). */
u32 tpm2_nv_read_all(struct tpm_dev *d, u32 index, u8 *out, u32 cap, u32 *len);
/* TPM2_Quote with the SHA-256 bank of mask; attest = TPM2B_ATTEST body, sig = TPMT_SIGNATURE bytes. */
u32 tpm2_quote(struct tpm_dev *d, u32 ak, const u8 *nonce, u16 nonce_len, u32 mask, u8 *attest,
	       u16 *attest_len, u8 *sig, u16 *sig_len);
/* Unsalted, unbound SHA-256 policy session. Commands keep it loaded (continueSession): flush it. */
u32 tpm2_start_policy_session(struct tpm_dev *d, u32 *session);
u32 tpm2_policy_secret(struct tpm_dev *d, u32 auth_handle, u32 session);
u32 tpm2_policy_pcr(struct tpm_dev *d, u32 session, u32 mask);
/* ActivateCredential: ak with an empty password, ek through session (PolicySecret(ENDORSEMENT) done). */
u32 tpm2_activate_credential(struct tpm_dev *d, u32 ak, u32 ek, u32 ek_session, const u8 *cred,
			     u16 cred_len, const u8 *secret, u16 secret_len, u8 *out, u16 *out_len);
/* Create under parent (empty password) from a template with sensitive data; outputs TPM2B bodies.
 * cred/secret of ActivateCredential and priv/pub of Load are TPM2B bodies too (no size field). */
u32 tpm2_create_sealed(struct tpm_dev *d, u32 parent, const u8 policy[32], const u8 *data, u16 data_len,
		       u8 *priv, u16 *priv_len, u8 *pub, u16 *pub_len);
u32 tpm2_load(struct tpm_dev *d, u32 parent, const u8 *priv, u16 priv_len, const u8 *pub, u16 pub_len,
	      u32 *handle);
u32 tpm2_unseal(struct tpm_dev *d, u32 item, u32 session, u8 *out, u16 *out_len);

/* ---- decoding what the TPM produced (pure; used by the verifier, tests and fuzzers) */
/* b/len: a TPM2B_PUBLIC including its size field. */
u32 tpm2_pub_parse(const u8 *b, u32 len, struct tpm2_pub_info *out);
u32 tpm2_quote_parse(const u8 *attest, u32 len, struct tpm2_quote_info *out);
u32 tpm2_sig_parse(const u8 *b, u32 len, struct tpm2_sig_info *out);
/* Name of an object: nameAlg (SHA-256) || SHA-256(TPMT_PUBLIC). b is a TPM2B_PUBLIC. out: 34 bytes. */
u32 tpm2_name(const u8 *b, u32 len, u8 out[34]);
/* PolicyPCR policy digest from an all-zero start (Part 3, 23.7) for mask and its PCR values. */
void tpm2_policy_pcr_digest(u32 mask, const u8 values[24][32], u8 out[32]);

/* A short English name of a response code ("TPM_RC_POLICY_FAIL", "transport failed", ...). */
const char *tpm2_rc_str(u32 rc);

#endif
