/* cordon-ctl: one connection to cordon's management channel, requests and their answers. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <tools/ctl/session.h>
#include <tools/ctl/request.h>

int ctl_fail(const struct ctl_opts *o, const char *fmt, ...)
{
	va_list ap;
	fputs("cordon-ctl: ", o->err);
	va_start(ap, fmt);
	vfprintf(o->err, fmt, ap);
	va_end(ap);
	fputc('\n', o->err);
	return CTL_EXIT_ERROR;
}

int sess_open(struct ctl_sess *s, const struct ctl_opts *o)
{
	char err[512];
	memset(s, 0, sizeof(*s));
	s->o = o;
	if (!o->socket)
		return ctl_fail(o, "no channel: give --socket PATH or set CORDON_MGMT_SOCK");
	if (!(s->buf = malloc(MGMT_HDR_SIZE + MGMT_MAX_FRAME)))
		return ctl_fail(o, "out of memory");
	if (chan_open(&s->c, o->socket, o->timeout, err, sizeof(err)) < 0) {
		free(s->buf);
		s->buf = NULL;
		return ctl_fail(o, "%s", err);
	}
	s->open = true;
	return 0;
}

void sess_close(struct ctl_sess *s)
{
	if (s->open)
		chan_close(&s->c);
	free(s->buf);
	s->open = false;
	s->buf = NULL;
}

int sess_call(struct ctl_sess *s, u32 n, u16 want, const char *what, struct ctl_rsp *r, bool quiet)
{
	char err[512];
	const char *why;
	if (!n)
		return ctl_fail(s->o, "%s: the request does not fit a frame", what);
	/* no resend timer: a request is sent again only when cordon announces that it restarted */
	if (chan_call(&s->c, s->buf, n, want, 0, err, sizeof(err)) < 0)
		return ctl_fail(s->o, "%s: %s", what, err);
	if ((why = ctl_rsp_parse(s->c.rd.type, s->c.buf + MGMT_HDR_SIZE, s->c.rd.len, r)))
		return ctl_fail(s->o, "%s: malformed answer from cordon: %s", what, why);
	if (r->status == MGMT_S_OK)
		return CTL_EXIT_OK;
	if (!quiet)
		fprintf(s->o->err, "cordon-ctl: cordon refused %s: %s%s%s\n", what, ctl_status_name(r->status),
			r->text[0] ? ": " : "", r->text);
	return CTL_EXIT_REFUSED;
}

int sess_challenge(struct ctl_sess *s, u8 out[MGMT_CHALLENGE_LEN])
{
	struct mgmt_wr w;
	struct ctl_rsp r;
	u32 n;
	int rc;
	mgmt_begin(&w, s->buf, MGMT_HDR_SIZE + MGMT_MAX_FRAME, MGMT_CHALLENGE_REQ);
	if ((rc = sess_call(s, mgmt_end(&w), MGMT_CHALLENGE_RSP, "the challenge request", &r, false)))
		return rc;
	if (r.type != MGMT_CHALLENGE_RSP || !mgmt_get(r.items, r.len, MGMT_T_CHALLENGE, out, MGMT_CHALLENGE_LEN, &n) ||
	    n != MGMT_CHALLENGE_LEN)
		return ctl_fail(s->o, "malformed answer from cordon: no %d-byte challenge", MGMT_CHALLENGE_LEN);
	return 0;
}

int sess_read_only(const struct ctl_opts *o, u32 op, const char *what, sess_printer print)
{
	struct ctl_sess s;
	struct ctl_rsp r;
	struct mgmt_wr w;
	const char *why;
	int rc = sess_open(&s, o);
	if (rc)
		return rc;
	ctl_req_ro(&w, s.buf, MGMT_HDR_SIZE + MGMT_MAX_FRAME, op);
	rc = sess_call(&s, mgmt_end(&w), MGMT_CTL_RSP, what, &r, false);
	if (rc == 0 && (why = print(o->out, &r, o->json)))
		rc = ctl_fail(o, "malformed answer from cordon: %s", why);
	sess_close(&s);
	return rc;
}
