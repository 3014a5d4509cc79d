/* cordon: parsing a management request (MGMT_CTL_REQ): every item checked before anything uses it. */
#include <lib/mgmt/ctl_req.h>
#include <lib/mgmt/mgmt_frame.h>
#include <lib/sha256.h>
#include <lib/str.h>

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static u64 be64(const u8 *p)
{
	return (u64)be32(p) << 32 | be32(p + 4);
}

/* A name boot.cfg would accept: 1..31 of [a-z0-9_-], starting with a letter or digit (lib/cfg). */
static bool good_name(const u8 *b, u32 n)
{
	if (!n || n >= CFG_NAME_MAX || b[0] == '-' || b[0] == '_')
		return false;
	for (u32 i = 0; i < n; i++)
		if (!((b[i] >= 'a' && b[i] <= 'z') || (b[i] >= '0' && b[i] <= '9') || b[i] == '-' || b[i] == '_'))
			return false;
	return true;
}

static const char *take_vm(struct ctl_req *r, const u8 *b, u32 n)
{
	if (r->nvm >= CTL_MAX_VMS)
		return "too many VM names";
	if (!good_name(b, n))
		return "a VM name must be 1-31 characters of a-z, 0-9, '-' and '_'";
	c_memcpy(r->vm[r->nvm], b, n);
	r->vm[r->nvm][n] = 0;
	r->nvm++;
	return NULL;
}

/* One item; seen has a bit per tag already taken (tags 32..63 fit a u32 after the shift). */
static const char *take(struct ctl_req *r, u16 tag, const u8 *b, u32 n, u32 *seen)
{
	u32 bit;
	if (tag < MGMT_T_OP || tag > MGMT_T_FLAGS)
		return "unknown item in a management request";
	bit = 1u << (tag - MGMT_T_OP);
	if ((*seen & bit) && tag != MGMT_T_VM)
		return "an item is given twice";
	*seen |= bit;
	switch (tag) {
	case MGMT_T_OP:
	case MGMT_T_FLAGS:
		if (n != 4)
			return "operation and flags are 4-byte items";
		*(tag == MGMT_T_OP ? &r->op : &r->flags) = be32(b);
		return NULL;
	case MGMT_T_SEQ:
		if (n != 8)
			return "a sequence number is an 8-byte item";
		r->seq = be64(b);
		r->has_seq = true;
		return NULL;
	case MGMT_T_CHALLENGE:
		if (n != MGMT_CHALLENGE_LEN)
			return "a challenge is 32 bytes";
		c_memcpy(r->challenge, b, n);
		r->has_challenge = true;
		return NULL;
	case MGMT_T_VM:
		return take_vm(r, b, n);
	case MGMT_T_POLICY:
		r->policy = b;
		r->policy_len = n;
		return NULL;
	case MGMT_T_POLICY_SIG:
		r->policy_sig = b;
		r->policy_sig_len = n;
		return NULL;
	default: /* MGMT_T_CTL_SIG */
		if (!n || n > CTL_SIG_MAX)
			return "a signature is 1 to 512 bytes";
		r->sig = b;
		r->sig_len = n;
		return NULL;
	}
}

/* What each operation needs beyond MGMT_T_OP. */
static const char *check_op(const struct ctl_req *r)
{
	switch (r->op) {
	case MGMT_OP_LIST:
	case MGMT_OP_POLICY_SHOW:
		return NULL;
	case MGMT_OP_AUDIT:
		return r->has_seq ? NULL : "audit needs the first sequence number wanted";
	case MGMT_OP_START:
	case MGMT_OP_STOP:
	case MGMT_OP_DESTROY:
	case MGMT_OP_RESTART:
		return r->nvm == 1 ? NULL : "this operation names exactly one VM";
	case MGMT_OP_POLICY_LOAD:
		if (!r->policy || !r->policy_sig)
			return "policy load needs the policy and its signed envelope";
		return r->flags & ~MGMT_F_STOP_CONFLICTING ? "unknown flags" : NULL;
	default:
		return "unknown operation";
	}
}

const char *ctl_req_parse(const u8 *p, u32 len, struct ctl_req *r)
{
	const char *why = mgmt_check_items(p, len);
	u32 off = 0, seen = 0;
	c_memset(r, 0, sizeof(*r));
	if (why)
		return why;
	while (off < len) { /* mgmt_check_items proved every header and body lies inside p */
		u16 tag = (u16)(p[off] << 8 | p[off + 1]);
		u32 n = be32(p + off + 2);
		if (r->sig)
			return "the signature must be the last item";
		if (tag == MGMT_T_CTL_SIG)
			r->signed_len = off;
		if ((why = take(r, tag, p + off + MGMT_ITEM_HDR, n, &seen)))
			return why;
		off += MGMT_ITEM_HDR + n;
	}
	if (!(seen & 1u))
		return "no operation";
	return check_op(r);
}

bool ctl_op_signed(u32 op)
{
	return op != MGMT_OP_LIST && op != MGMT_OP_POLICY_SHOW && op != MGMT_OP_AUDIT;
}

const char *ctl_op_name(u32 op)
{
	switch (op) {
	case MGMT_OP_LIST: return "list";
	case MGMT_OP_POLICY_SHOW: return "policy-show";
	case MGMT_OP_AUDIT: return "audit";
	case MGMT_OP_START: return "start";
	case MGMT_OP_STOP: return "stop";
	case MGMT_OP_DESTROY: return "destroy";
	case MGMT_OP_RESTART: return "restart";
	case MGMT_OP_POLICY_LOAD: return "policy-load";
	default: return "?";
	}
}

const char *mgmt_status_name(u32 status)
{
	static const char *const names[] = { "ok", "bad-request", "no-tpm", "tpm-failed", "no-identity", "too-big",
					     "unauthenticated", "stale", "no-such-vm", "wrong-state", "refused",
					     "bad-policy" };
	return status < sizeof(names) / sizeof(names[0]) ? names[status] : "?";
}

void ctl_req_digest(u16 type, const u8 *p, u32 signed_len, u8 out[32])
{
	struct sha256_ctx c;
	u8 t[2] = { (u8)(type >> 8), (u8)type };
	sha256_init(&c);
	sha256_update(&c, MGMT_CTL_DOMAIN, sizeof(MGMT_CTL_DOMAIN) - 1);
	sha256_update(&c, t, 2);
	sha256_update(&c, p, signed_len);
	sha256_final(&c, out);
}
