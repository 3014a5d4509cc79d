/* cordon-ctl: building management requests (frames and items: include/cordon/mgmt.h). */
#include <stdio.h>
#include <string.h>
#include <lib/sha256.h>
#include <tools/ctl/keys.h>
#include <tools/ctl/request.h>

void ctl_item_u64(struct mgmt_wr *w, u16 tag, u64 v)
{
	u8 b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (u8)(v >> (56 - 8 * i));
	mgmt_item(w, tag, b, sizeof(b));
}

/* cordon compares names byte for byte; refusing odd bytes here keeps tables and logs readable. */
bool ctl_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > CTL_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] <= 0x20 || (unsigned char)name[i] >= 0x7f)
			return false;
	return true;
}

void ctl_req_ro(struct mgmt_wr *w, u8 *buf, u32 cap, u32 op)
{
	mgmt_begin(w, buf, cap, MGMT_CTL_REQ);
	mgmt_item_u32(w, MGMT_T_OP, op);
}

void ctl_req_audit(struct mgmt_wr *w, u8 *buf, u32 cap, u64 seq)
{
	ctl_req_ro(w, buf, cap, MGMT_OP_AUDIT);
	ctl_item_u64(w, MGMT_T_SEQ, seq);
}

void ctl_req_vm(struct mgmt_wr *w, u8 *buf, u32 cap, u32 op, const char *name, const u8 challenge[MGMT_CHALLENGE_LEN])
{
	mgmt_begin(w, buf, cap, MGMT_CTL_REQ);
	mgmt_item_u32(w, MGMT_T_OP, op);
	mgmt_item(w, MGMT_T_VM, name, (u32)strlen(name));
	mgmt_item(w, MGMT_T_CHALLENGE, challenge, MGMT_CHALLENGE_LEN);
}

void ctl_req_policy(struct mgmt_wr *w, u8 *buf, u32 cap, const struct ctl_policy_req *p,
		    const u8 challenge[MGMT_CHALLENGE_LEN])
{
	mgmt_begin(w, buf, cap, MGMT_CTL_REQ);
	mgmt_item_u32(w, MGMT_T_OP, MGMT_OP_POLICY_LOAD);
	mgmt_item(w, MGMT_T_POLICY, p->policy, p->policy_len);
	mgmt_item(w, MGMT_T_POLICY_SIG, p->sig, p->sig_len);
	mgmt_item_u32(w, MGMT_T_FLAGS, p->flags);
	for (u32 i = 0; i < p->nstop; i++)
		mgmt_item(w, MGMT_T_VM, p->stop[i], (u32)strlen(p->stop[i]));
	mgmt_item(w, MGMT_T_CHALLENGE, challenge, MGMT_CHALLENGE_LEN);
}

/*
 * The frame type is part of what is signed so that the same items can never
 * be replayed as another kind of frame; the domain string keeps a request
 * signature from ever being taken for a policy signature (MGMT_POLICY_DOMAIN).
 */
void ctl_signed_digest(const struct mgmt_wr *w, u8 out[32])
{
	struct sha256_ctx c;
	u8 type[2] = { w->buf[4], w->buf[5] }; /* the header's u16 type, big-endian as sent */
	sha256_init(&c);
	sha256_update(&c, MGMT_CTL_DOMAIN, sizeof(MGMT_CTL_DOMAIN) - 1);
	sha256_update(&c, type, 2);
	sha256_update(&c, w->buf + MGMT_HDR_SIZE, w->len - MGMT_HDR_SIZE);
	sha256_final(&c, out);
}

int ctl_req_sign(struct mgmt_wr *w, const char *keyfile, char *err, u32 errlen)
{
	u8 digest[32], sig[CTL_SIG_MAX];
	u32 n = sizeof(sig);
	if (w->err)
		return snprintf(err, errlen, "the request does not fit a frame"), -1;
	ctl_signed_digest(w, digest);
	if (ctl_sign(keyfile, digest, sig, &n, err, errlen) < 0)
		return -1;
	mgmt_item(w, MGMT_T_CTL_SIG, sig, n);
	if (w->err)
		return snprintf(err, errlen, "the signed request does not fit a frame"), -1;
	return 0;
}
