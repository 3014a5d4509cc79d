/* cordon-ctl: reading cordon's answers: status, text, VM and policy descriptions, audit batches. */
#ifndef CORDON_TOOLS_CTL_RESPONSE_H
#define CORDON_TOOLS_CTL_RESPONSE_H
#include <lib/mgmt/mgmt_frame.h>

#define CTL_TEXT_MAX 1024

/* A CTL_RSP, CHALLENGE_RSP or MGMT_ERROR frame, checked (items tile, status well-formed). */
struct ctl_rsp {
	u16 type;
	const u8 *items; /* the payload, still in the channel's buffer */
	u32 len;
	u32 status;		/* MGMT_S_OK when the frame carries none (CHALLENGE_RSP) */
	char text[CTL_TEXT_MAX]; /* MGMT_T_TEXT, control characters replaced, "" when absent */
};
/* Fills r from a frame payload. NULL, or why the answer is malformed. */
const char *ctl_rsp_parse(u16 type, const u8 *items, u32 len, struct ctl_rsp *r);
const char *ctl_status_name(u32 status);
/* Iterates over items that tile (ctl_rsp_parse checked it): *off starts at 0. False at the end. */
bool ctl_item_next(const u8 *items, u32 len, u32 *off, u16 *tag, const u8 **val, u32 *vlen);
bool ctl_get_u64(const u8 *items, u32 len, u16 tag, u64 *out);

/*
 * "k1=v1 k2=v2 ... last=rest of line": the text of MGMT_T_VM_INFO and
 * MGMT_T_POLICY_INFO. The value of the key named last runs to the end (it may
 * hold spaces); other values end at a space. Unknown keys are kept.
 */
#define KV_MAX 16
#define KV_KEY 24
#define KV_VAL 256
struct kv {
	u32 n;
	char key[KV_MAX][KV_KEY], val[KV_MAX][KV_VAL];
};
/* 0, or -1 when a field is not key=value or there are too many. Control characters become '?'. */
int kv_parse(const u8 *text, u32 len, const char *last, struct kv *kv);
/* The value of key, or dflt. */
const char *kv_get(const struct kv *kv, const char *key, const char *dflt);

/* One MGMT_T_AUDIT_REC, "TEXT hash=HEX" with TEXT starting "seq=N ". */
struct audit_line {
	u64 seq;
	char text[CTL_TEXT_MAX]; /* TEXT */
	char hash[65];
};
/* NULL, or why the record is malformed. */
const char *audit_line_parse(const u8 *rec, u32 len, struct audit_line *a);

#endif
