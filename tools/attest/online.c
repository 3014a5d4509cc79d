/* cordon-attest: the online run: identity, credential activation and quote over the management channel. */
#include <stdio.h>
#include <string.h>
#include <tools/attest/makecred.h>
#include <tools/attest/online.h>

#define IDENTITY_RESEND_MS 3000 /* cordon may still be booting: ask again until it answers */
#define CRED_LEN 32		/* random credential; at most the EK nameAlg's digest size */
#define NONCE_LEN 32

static const char *status_name(u32 s)
{
	static const char *const names[] = { "ok", "bad request", "no TPM (cordon booted unmeasured)", "TPM command failed",
					     "no identity yet", "too big" };
	return s < ARRAY_SIZE(names) ? names[s] : "unknown status";
}

/* "cordon refused WHAT: STATUS: TEXT" from an MGMT_ERROR frame in c->buf. */
static void refusal(const struct chan *c, const char *what, char *out, size_t cap)
{
	const u8 *p = c->buf + MGMT_HDR_SIZE, *st, *txt;
	u32 sl = 0, tl = 0;
	st = mgmt_find(p, c->rd.len, MGMT_T_STATUS, &sl);
	txt = mgmt_find(p, c->rd.len, MGMT_T_TEXT, &tl);
	u32 status = st && sl == 4 ? (u32)st[0] << 24 | (u32)st[1] << 16 | (u32)st[2] << 8 | st[3] : ~0u;
	int n = snprintf(out, cap, "cordon refused %s: %s", what, status_name(status));
	if (txt && n > 0 && (size_t)n + 2 < cap) {
		memcpy(out + n, ": ", 2);
		report_printable(out + n + 2, cap - (size_t)n - 2, txt, tl);
	}
}

/* One request/answer; 1 answered (frame kept in e), 0 refused (reason kept), -1 channel failure. */
static int exchange(struct chan *c, struct mgmt_wr *w, u16 want, u32 resend, struct evidence *e, int slot,
		    const char *what, char *err, size_t cap)
{
	u32 n = mgmt_end(w);
	const char *why;
	if (!n)
		return snprintf(err, cap, "request does not fit a frame"), -1;
	if (chan_call(c, w->buf, n, want, resend, err, cap) < 0)
		return -1;
	if (c->rd.type == MGMT_ERROR) {
		refusal(c, what, e->refused[slot], sizeof(e->refused[slot]));
		return 0;
	}
	if ((why = evidence_add(e, c->buf, MGMT_HDR_SIZE + c->rd.len))) {
		snprintf(e->refused[slot], sizeof(e->refused[slot]), "cordon's answer to %s is malformed: %s", what, why);
		return 0;
	}
	return 1;
}

/* TPM 2.0 Part 1, 24: a random credential protected to the EK for the AK's name; the TPM must give it back. */
static int activate(struct chan *c, const struct verify_keys *k, struct evidence *e, char *err, size_t cap)
{
	u8 cred[CRED_LEN], req[1024];
	struct makecred_out mc;
	struct mgmt_wr w;
	const char *why;
	int rc;
	if (!k->ek_ok || !k->ak_ok) {
		snprintf(e->activation_detail, sizeof(e->activation_detail), "activation not attempted (no acceptable EK and AK)");
		return 0;
	}
	if (crypto_random(cred, sizeof(cred)) < 0 ||
	    (why = makecred(&k->ek.key, k->ak_name, sizeof(k->ak_name), cred, sizeof(cred), NULL, &mc)))
		return snprintf(err, cap, "MakeCredential failed"), -1;
	mgmt_begin(&w, req, sizeof(req), MGMT_ACTIVATE_REQ);
	mgmt_item(&w, MGMT_T_CRED_BLOB, mc.blob, mc.blob_len);
	mgmt_item(&w, MGMT_T_CRED_SECRET, mc.secret, mc.secret_len);
	if ((rc = exchange(c, &w, MGMT_ACTIVATE_RSP, 0, e, EVID_F_ACTIVATE, "the credential activation", err, cap)) <= 0) {
		if (rc == 0)
			snprintf(e->activation_detail, sizeof(e->activation_detail), "%s", e->refused[EVID_F_ACTIVATE]);
		return rc;
	}
	bool same = e->cert_info.p && e->cert_info.len == sizeof(cred) && memcmp(e->cert_info.p, cred, sizeof(cred)) == 0;
	e->activation = same ? EVID_ACT_CERTIFIED : EVID_ACT_WRONG;
	snprintf(e->activation_detail, sizeof(e->activation_detail), "%s",
		 same ? "the TPM recovered the credential" : "the TPM returned another credential");
	return 0;
}

static int quote(struct chan *c, struct verify_in *in, struct evidence *e, char *err, size_t cap)
{
	u8 req[256];
	struct mgmt_wr w;
	if (in->nonce_len == 0) {
		if (crypto_random(e->nonce, NONCE_LEN) < 0)
			return snprintf(err, cap, "no random nonce"), -1;
		e->nonce_len = NONCE_LEN;
	} else {
		memcpy(e->nonce, in->nonce, in->nonce_len);
		e->nonce_len = in->nonce_len;
	}
	in->nonce = e->nonce;
	in->nonce_len = e->nonce_len;
	mgmt_begin(&w, req, sizeof(req), MGMT_QUOTE_REQ);
	mgmt_item(&w, MGMT_T_NONCE, e->nonce, e->nonce_len);
	return exchange(c, &w, MGMT_QUOTE_RSP, 0, e, EVID_F_QUOTE, "the quote", err, cap) < 0 ? -1 : 0;
}

int online_attest(struct chan *c, struct verify_in *in, struct evidence *e, struct report *r, char *err, size_t cap)
{
	struct verify_keys k;
	u8 req[MGMT_HDR_SIZE];
	struct mgmt_wr w;
	mgmt_begin(&w, req, sizeof(req), MGMT_IDENTITY_REQ);
	if (exchange(c, &w, MGMT_IDENTITY_RSP, IDENTITY_RESEND_MS, e, EVID_F_IDENTITY, "the identity request", err,
		     cap) < 0)
		return -1;
	verify_identity(e, in, &k, r);
	if (activate(c, &k, e, err, cap) < 0)
		return -1;
	verify_activation(e, &k, r);
	if (e->frame[EVID_F_IDENTITY] && quote(c, in, e, err, cap) < 0)
		return -1;
	verify_quote(e, in, &k, r);
	return 0;
}
