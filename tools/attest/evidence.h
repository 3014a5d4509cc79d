/* cordon-attest: what cordon sent (identity and quote), the nonce asked for, and the evidence file. */
#ifndef CORDON_ATTEST_EVIDENCE_H
#define CORDON_ATTEST_EVIDENCE_H
#include <stddef.h>
#include <cordon/types.h>

/*
 * Evidence file: a sequence of management frames (include/cordon/mgmt.h),
 * nothing before, between or after them:
 *   1. a verifier record, type EVID_RECORD (never sent on the channel):
 *      MGMT_T_NONCE the nonce the verifier sent, MGMT_T_STATUS the activation
 *      result (enum evid_activation), MGMT_T_TEXT its detail;
 *   2. the MGMT_IDENTITY_RSP frame exactly as received;
 *   3. the MGMT_ACTIVATE_RSP frame, if one was received;
 *   4. the MGMT_QUOTE_RSP frame, if one was received.
 */
#define EVID_RECORD 0x70

enum evid_activation {
	EVID_ACT_CERTIFIED = 0, /* cordon's TPM recovered the credential made for the AK's name */
	EVID_ACT_WRONG = 1,	/* it answered with something else */
	EVID_ACT_REFUSED = 2,	/* it answered with an error, or the activation was never attempted */
};

struct evid_item {
	const u8 *p; /* NULL when absent */
	u32 len;
};

enum evid_frame { EVID_F_RECORD, EVID_F_IDENTITY, EVID_F_ACTIVATE, EVID_F_QUOTE, EVID_NFRAMES };

struct evidence {
	u8 *frame[EVID_NFRAMES]; /* owned copies of whole frames, header included */
	u32 frame_len[EVID_NFRAMES];
	struct evid_item ek_cert, ek_pub, ak_pub;		 /* identity */
	struct evid_item cert_info;				 /* activation */
	struct evid_item attest, sig, pcr_mask, fw_log, fw_final, rt_log; /* quote */
	u8 nonce[64]; /* the nonce sent with the quote request */
	u32 nonce_len;
	u32 activation; /* enum evid_activation */
	char activation_detail[256];
	char refused[EVID_NFRAMES][256]; /* why a frame is missing (cordon's error); not saved */
};

void evidence_init(struct evidence *e);
/* Keeps a received frame (IDENTITY_RSP, ACTIVATE_RSP or QUOTE_RSP) and finds its items. NULL or a reason. */
const char *evidence_add(struct evidence *e, const u8 *frame, u32 len);
/* Parses an evidence file's bytes. NULL, or the reason in err. */
const char *evidence_parse(struct evidence *e, const u8 *buf, u32 len, char *err, size_t cap);
const char *evidence_load(struct evidence *e, const char *path, char *err, size_t cap);
/* 0, or -1 (errno set). */
int evidence_save(const struct evidence *e, const char *path);
void evidence_free(struct evidence *e);

#endif
