/* cordon-ctl: policy show (unsigned) and policy load (signed, with its authority's envelope). */
#include <stdlib.h>
#include <string.h>
#include <lib/sha256.h>
#include <tools/ctl/cmd.h>
#include <tools/ctl/print.h>
#include <tools/ctl/request.h>

#define BUF_CAP (MGMT_HDR_SIZE + MGMT_MAX_FRAME)

int cmd_policy_show(const struct ctl_opts *o)
{
	return sess_read_only(o, MGMT_OP_POLICY_SHOW, "policy show", print_policy);
}

/*
 * Checked here only so that a mix-up (the .sig of another policy, a
 * truncated file) is named before anything is sent; cordon checks the
 * signature, the authority and the serial itself.
 */
static const char *envelope_matches(const u8 *policy, u32 plen, const u8 *sig, u32 slen)
{
	const struct mgmt_policy_sig *e = (const struct mgmt_policy_sig *)sig;
	u8 h[32];
	if (slen < sizeof(*e) || memcmp(e->magic, "CPS1", 4))
		return "is not a policy signature envelope";
	if (sizeof(*e) + (u32)(e->sig_len[0] << 8 | e->sig_len[1]) != slen)
		return "has a signature length that does not match its size";
	sha256(policy, plen, h);
	if (memcmp(h, e->policy_sha256, 32))
		return "signs another policy";
	return NULL;
}

static int load(struct ctl_sess *s, const struct ctl_opts *o, struct ctl_policy_req *p)
{
	u8 ch[MGMT_CHALLENGE_LEN];
	char err[512];
	struct mgmt_wr w;
	struct ctl_rsp r;
	int rc = sess_challenge(s, ch);
	if (rc)
		return rc;
	ctl_req_policy(&w, s->buf, BUF_CAP, p, ch);
	if (ctl_req_sign(&w, o->key, err, sizeof(err)) < 0)
		return ctl_fail(o, "%s", err);
	rc = sess_call(s, mgmt_end(&w), MGMT_CTL_RSP, "policy load", &r, false);
	if (rc != CTL_EXIT_ERROR)
		print_result(o->out, &r, o->json);
	return rc;
}

int cmd_policy_load(const struct ctl_opts *o, const char *policy)
{
	const char *names[CTL_STOP_MAX], *why;
	char sigpath[4096], *stop = NULL;
	struct ctl_policy_req p = { .stop = names };
	u8 *pol = NULL, *sig = NULL;
	struct ctl_sess s;
	int rc = CTL_EXIT_ERROR;
	if (!o->key)
		return ctl_fail(o, "policy load is signed: give --key OPERATOR.key");
	snprintf(sigpath, sizeof(sigpath), "%s%s", o->sig ? o->sig : policy, o->sig ? "" : ".sig");
	if (o->stop && (!(stop = strdup(o->stop)) || ctl_split_names(o, stop, names, CTL_STOP_MAX, &p.nstop) < 0))
		goto out;
	p.flags = o->stop ? MGMT_F_STOP_CONFLICTING : 0;
	if (!(pol = ctl_read_file(o, policy, MGMT_MAX_FRAME, &p.policy_len)) ||
	    !(sig = ctl_read_file(o, sigpath, sizeof(struct mgmt_policy_sig) + CTL_SIG_MAX, &p.sig_len)))
		goto out;
	if ((why = envelope_matches(pol, p.policy_len, sig, p.sig_len))) {
		ctl_fail(o, "%s %s (make it with: cordon-ctl policy sign)", sigpath, why);
		goto out;
	}
	p.policy = pol;
	p.sig = sig;
	if ((rc = sess_open(&s, o)) == 0) {
		rc = load(&s, o, &p);
		sess_close(&s);
	}
out:
	free(stop);
	free(pol);
	free(sig);
	return rc;
}
