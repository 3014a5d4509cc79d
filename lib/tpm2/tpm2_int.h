/* cordon: TPM 2.0 command framing and command codes shared by the lib/tpm2/ files (not a public interface). */
#ifndef CORDON_LIB_TPM2_INT_H
#define CORDON_LIB_TPM2_INT_H
#include <lib/tpm2/tpm2.h>

/* Command codes (Part 2, 6.5.2). */
#define TPM_CC_ActivateCredential 0x00000147u
#define TPM_CC_Create 0x00000153u
#define TPM_CC_CreatePrimary 0x00000131u
#define TPM_CC_FlushContext 0x00000165u
#define TPM_CC_GetRandom 0x0000017Bu
#define TPM_CC_Load 0x00000157u
#define TPM_CC_LoadExternal 0x00000167u
#define TPM_CC_MakeCredential 0x00000168u
#define TPM_CC_NV_Read 0x0000014Eu
#define TPM_CC_NV_ReadPublic 0x00000169u
#define TPM_CC_PCR_Event 0x0000013Cu
#define TPM_CC_PCR_Read 0x0000017Eu
#define TPM_CC_PolicyGetDigest 0x00000189u
#define TPM_CC_Quote 0x00000158u
#define TPM_CC_StartAuthSession 0x00000176u
#define TPM_CC_Startup 0x00000144u
#define TPM_CC_Unseal 0x0000015Eu

#define TPM_ALG_SHA1 0x0004
#define TPM_ALG_HMAC 0x0005
#define TPM_ALG_XOR 0x000A
#define TPM_ALG_SHA384 0x000C
#define TPM_ALG_SHA512 0x000D
#define TPM_ALG_SM3_256 0x0012
#define TPM_ALG_RSAPSS 0x0016
#define TPM_ALG_SYMCIPHER 0x0025

#define TPM2_MAX_NAME 68   /* sizeof(TPMU_NAME): a handle or an algorithm ID and a digest */
#define TPM2_PCRS 24

/* One command being built in d->cmd and, after tc_run, its response in d->rsp. */
struct tpm2_call {
	struct tpm_dev *d;
	struct tpm_wr w;
	u32 nsess;    /* authorization sessions in the command (0..2) */
	u32 nh_out;   /* handles in the response (0..1) */
	u32 h_out;    /* that handle, once tc_run succeeded */
};

/* Starts a command: header placeholders, then cc. nh_out: handles the response carries. */
void tc_start(struct tpm2_call *c, struct tpm_dev *d, u32 cc, u32 nh_out);
void tc_handle(struct tpm2_call *c, u32 h);
/*
 * The authorization area, after the handles and before the parameters: one
 * entry per session, TPM_RS_PW as an empty password, anything else as a
 * policy session with empty hmac that stays loaded (continueSession).
 */
void tc_auth(struct tpm2_call *c, const u32 *sess, u32 n);
/* tc_start, one handle and its one session (TPM_RS_PW or a policy session): the usual command. */
void tc_start_auth(struct tpm2_call *c, struct tpm_dev *d, u32 cc, u32 nh_out, u32 handle, u32 session);
/* Sends, checks the response framing and sets *params to the parameter area. */
u32 tc_run(struct tpm2_call *c, struct tpm_rd *params);
/* tc_run for a response that has no parameters. */
u32 tc_run_empty(struct tpm2_call *c);
/* TPM2_OK when the parameter area was read exactly to its end, else TPM2_E_MALFORMED. */
u32 tc_end(const struct tpm_rd *r);
/* tc_end, then the response's handle into *handle on success. */
u32 tc_end_handle(const struct tpm2_call *c, const struct tpm_rd *r, u32 *handle);

/* A nested TPM2B written in place: tw_size_begin leaves room for the size, tw_size_end fills it in. */
u32 tw_size_begin(struct tpm_wr *w);
void tw_size_end(struct tpm_wr *w, u32 at);
/* A reader over the body of the next TPM2B (empty and in error when that is malformed). */
void tr_sub2b(struct tpm_rd *r, struct tpm_rd *sub, u16 max);
/* Skips a TPM2B whose body may be as large as max. */
void tr_skip2b(struct tpm_rd *r, u16 max);

/* A TPML_PCR_SELECTION of the SHA-256 bank for mask (Part 2, 10.9.7 and 10.6.2). */
void tw_pcr_sel(struct tpm_wr *w, u32 mask);
/* Reads a TPML_PCR_SELECTION holding exactly one bank; *mask gets PCRs 0..23. */
void tr_pcr_sel(struct tpm_rd *r, u16 *hash, u32 *mask);
/* Size of a digest of alg, 0 for an algorithm we do not know. */
u16 tpm2_digest_size(u16 alg);

#endif
