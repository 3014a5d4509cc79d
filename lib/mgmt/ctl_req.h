/* cordon: parsing a management request (MGMT_CTL_REQ) into its fields; pure, shared by cordon and the tests. */
#ifndef CORDON_LIB_CTL_REQ_H
#define CORDON_LIB_CTL_REQ_H
#include <cordon/mgmt.h>
#include <lib/cfg/cfg.h>

#define CTL_MAX_VMS CFG_MAX_VMS /* VM names in one request (a --stop-conflicting list) */
#define CTL_SIG_MAX 512		/* RSA-4096 */

/* Views into the request payload, which must outlive the struct. */
struct ctl_req {
	u32 op;	   /* enum mgmt_op */
	u32 flags; /* MGMT_F_* */
	u64 seq;
	bool has_seq, has_challenge;
	char vm[CTL_MAX_VMS][CFG_NAME_MAX]; /* NUL-terminated copies */
	u32 nvm;
	const u8 *policy, *policy_sig;
	u32 policy_len, policy_sig_len;
	u8 challenge[MGMT_CHALLENGE_LEN];
	const u8 *sig;	 /* MGMT_T_CTL_SIG, NULL if unsigned */
	u32 sig_len;
	u32 signed_len; /* payload bytes before the signature item: what it covers (after the domain and type) */
};

/*
 * Checks every item of a MGMT_CTL_REQ payload and fills *r. Returns NULL, or a
 * static reason: items that do not tile the payload, an unknown tag, a tag
 * given twice (MGMT_T_VM may repeat, up to CTL_MAX_VMS), a wrong item size, a
 * VM name that is not a boot.cfg name, a signature not in last place, a
 * missing operation, or an operation without what it needs.
 */
const char *ctl_req_parse(const u8 *p, u32 len, struct ctl_req *r);

/* True for the operations that need the operator's signature. */
bool ctl_op_signed(u32 op);
/* "list", "start", ...; "?" for anything else. */
const char *ctl_op_name(u32 op);
/* "ok", "refused", ... for an enum mgmt_status; "?" for anything else. */
const char *mgmt_status_name(u32 status);

/* The digest a request signature covers: SHA-256(MGMT_CTL_DOMAIN || u16 BE type || p[0..signed_len)). */
void ctl_req_digest(u16 type, const u8 *p, u32 signed_len, u8 out[32]);

#endif
