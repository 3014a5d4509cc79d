/* cordon-ctl: building management requests (frames and items: include/cordon/mgmt.h). */
#ifndef CORDON_TOOLS_CTL_REQUEST_H
#define CORDON_TOOLS_CTL_REQUEST_H
#include <lib/mgmt/mgmt_frame.h>

#define CTL_NAME_MAX 31	 /* MGMT_T_VM: 1..31 bytes */
#define CTL_STOP_MAX 64	 /* --stop-conflicting names */
#define CTL_SIG_MAX 512	 /* SIG_MAX_BYTES */

void ctl_item_u64(struct mgmt_wr *w, u16 tag, u64 v);
/* A VM name as MGMT_T_VM takes it: 1..31 bytes, printable, no spaces. */
bool ctl_name_ok(const char *name);

/* Unsigned requests: MGMT_CTL_REQ with MGMT_T_OP (list, policy show), and audit from seq on. */
void ctl_req_ro(struct mgmt_wr *w, u8 *buf, u32 cap, u32 op);
void ctl_req_audit(struct mgmt_wr *w, u8 *buf, u32 cap, u64 seq);

/* The body of signed requests, up to and including MGMT_T_CHALLENGE; ctl_req_sign appends the signature. */
void ctl_req_vm(struct mgmt_wr *w, u8 *buf, u32 cap, u32 op, const char *name, const u8 challenge[MGMT_CHALLENGE_LEN]);
struct ctl_policy_req {
	const u8 *policy, *sig; /* the binary policy and its envelope file */
	u32 policy_len, sig_len;
	u32 flags;		/* MGMT_F_* */
	const char *const *stop; /* names to stop (MGMT_T_VM each) */
	u32 nstop;
};
void ctl_req_policy(struct mgmt_wr *w, u8 *buf, u32 cap, const struct ctl_policy_req *p,
		    const u8 challenge[MGMT_CHALLENGE_LEN]);

/* SHA-256(MGMT_CTL_DOMAIN || u16 frame type || every item byte written so far): what the signature covers. */
void ctl_signed_digest(const struct mgmt_wr *w, u8 out[32]);
/* Signs what w holds with the operator key (ctl_sign) and appends MGMT_T_CTL_SIG. 0, or -1 with err. */
int ctl_req_sign(struct mgmt_wr *w, const char *keyfile, char *err, u32 errlen);

#endif
