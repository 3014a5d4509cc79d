/* cordon: TPM 2.0 command and response framing with authorization sessions (Part 1, 18; Part 2, 10.13). */
#include <lib/tpm2/tpm2_int.h>

#define HDR 10u		    /* tag, commandSize/responseSize, commandCode/responseCode */
#define SESS_CONTINUE 0x01u /* TPMA_SESSION.continueSession (Part 2, 8.4) */
#define RC_MAX 0xfffu	    /* response codes use bits 0..11 (Part 2, 6.6) */

void tc_start(struct tpm2_call *c, struct tpm_dev *d, u32 cc, u32 nh_out)
{
	*c = (struct tpm2_call){ .d = d, .nh_out = nh_out };
	c->w = (struct tpm_wr){ .p = d->cmd, .cap = sizeof(d->cmd) };
	tw_u16(&c->w, 0); /* tag and size are patched by tc_run */
	tw_u32(&c->w, 0);
	tw_u32(&c->w, cc);
}

void tc_handle(struct tpm2_call *c, u32 h)
{
	tw_u32(&c->w, h);
}

/*
 * authorizationSize, then one TPMS_AUTH_COMMAND per session (Part 2, 10.13.2):
 * sessionHandle, nonceCaller, sessionAttributes, hmac. A password session has
 * an empty password as hmac; our policy sessions are unbound and unsalted with
 * no PolicyAuthValue, so they need no nonce and no HMAC either.
 */
void tc_auth(struct tpm2_call *c, const u32 *sess, u32 n)
{
	tw_u32(&c->w, n * 9); /* 4 + 2 + 1 + 2 bytes each */
	for (u32 i = 0; i < n; i++) {
		tw_u32(&c->w, sess[i]);
		tw_u16(&c->w, 0);
		tw_u8(&c->w, sess[i] == TPM_RS_PW ? 0 : SESS_CONTINUE);
		tw_u16(&c->w, 0);
	}
	c->nsess = n;
}

void tc_start_auth(struct tpm2_call *c, struct tpm_dev *d, u32 cc, u32 nh_out, u32 handle, u32 session)
{
	tc_start(c, d, cc, nh_out);
	tc_handle(c, handle);
	tc_auth(c, &session, 1);
}

static void put_be(u8 *p, u32 v, u32 n)
{
	for (u32 i = 0; i < n; i++)
		p[i] = (u8)(v >> (8 * (n - 1 - i)));
}

/* The header: size equal to what arrived; an error is a bare header with no sessions. */
static u32 check_header(struct tpm2_call *c, struct tpm_rd *r, u32 got)
{
	u16 tag = tr_u16(r);
	u32 size = tr_u32(r), rc = tr_u32(r);
	if (r->err || size != got)
		return TPM2_E_MALFORMED;
	if (rc != TPM2_OK)
		return tag == TPM_ST_NO_SESSIONS && got == HDR && rc <= RC_MAX ? rc : TPM2_E_MALFORMED;
	return tag == (c->nsess ? TPM_ST_SESSIONS : TPM_ST_NO_SESSIONS) ? TPM2_OK : TPM2_E_MALFORMED;
}

/* One TPMS_AUTH_RESPONSE per command session (Part 2, 10.13.3): nonceTPM, attributes, hmac. */
static void skip_auth_responses(struct tpm_rd *r, u32 n)
{
	u16 len;
	for (u32 i = 0; i < n; i++) {
		tr_tpm2b(r, &len, TPM2_MAX_DIGEST);
		tr_u8(r);
		tr_tpm2b(r, &len, TPM2_MAX_DIGEST);
	}
}

/* Handles, then (with sessions) parameterSize, the parameters and the auth area, to the last byte. */
static u32 split_response(struct tpm2_call *c, struct tpm_rd *r, struct tpm_rd *params)
{
	u32 psize;
	u64 end;
	if (c->nh_out)
		c->h_out = tr_u32(r);
	psize = c->nsess ? tr_u32(r) : r->len - r->off;
	end = (u64)r->off + psize;
	if (r->err || end > r->len)
		return TPM2_E_MALFORMED;
	/* the parameters as a sub-reader of the response (same p, ends at end) */
	*params = (struct tpm_rd){ .p = r->p, .off = r->off, .len = (u32)end };
	r->off = (u32)end;
	skip_auth_responses(r, c->nsess);
	return r->err || r->off != r->len ? TPM2_E_MALFORMED : TPM2_OK;
}

u32 tc_run(struct tpm2_call *c, struct tpm_rd *params)
{
	struct tpm_dev *d = c->d;
	struct tpm_rd r;
	u32 got = 0, rc;
	/* until the response checks out, the parameters are an empty reader in error: nothing to read */
	*params = (struct tpm_rd){ .p = d->rsp, .err = true };
	if (c->w.err)
		return TPM2_E_TOOBIG;
	put_be(d->cmd, c->nsess ? TPM_ST_SESSIONS : TPM_ST_NO_SESSIONS, 2);
	put_be(d->cmd + 2, c->w.len, 4);
	rc = d->xfer(d->ctx, d->cmd, c->w.len, d->rsp, sizeof(d->rsp), &got);
	if (rc != TPM2_OK)
		return rc;
	if (got > sizeof(d->rsp))
		return TPM2_E_TRANSPORT;
	r = (struct tpm_rd){ .p = d->rsp, .len = got };
	rc = check_header(c, &r, got);
	if (rc != TPM2_OK)
		return rc;
	return split_response(c, &r, params);
}

u32 tc_end(const struct tpm_rd *r)
{
	return r->err || r->off != r->len ? TPM2_E_MALFORMED : TPM2_OK;
}

u32 tc_run_empty(struct tpm2_call *c)
{
	struct tpm_rd r;
	u32 rc = tc_run(c, &r);
	return rc ? rc : tc_end(&r);
}

u32 tc_end_handle(const struct tpm2_call *c, const struct tpm_rd *r, u32 *handle)
{
	u32 rc = tc_end(r);
	if (rc == TPM2_OK)
		*handle = c->h_out;
	return rc;
}
