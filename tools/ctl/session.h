/* cordon-ctl: one connection to cordon's management channel, requests and their answers. */
#ifndef CORDON_TOOLS_CTL_SESSION_H
#define CORDON_TOOLS_CTL_SESSION_H
#include <stdio.h>
#include <tools/attest/chan.h>
#include <tools/ctl/response.h>

enum { CTL_EXIT_OK = 0, CTL_EXIT_REFUSED = 1, CTL_EXIT_ERROR = 2 };

struct ctl_opts {
	const char *socket, *key, *sig, *stop;
	u32 timeout; /* seconds, for connecting and for each answer */
	u64 serial, from;
	bool json, follow, have_serial, have_from;
	FILE *out, *err; /* stdout and stderr, or the unit tests' files */
};

struct ctl_sess {
	const struct ctl_opts *o;
	struct chan c;
	bool open;
	u8 *buf; /* a request: MGMT_HDR_SIZE + MGMT_MAX_FRAME */
};

/* 0, or an exit status after saying why on o->err. */
int sess_open(struct ctl_sess *s, const struct ctl_opts *o);
void sess_close(struct ctl_sess *s);
/*
 * Sends the n-byte request in s->buf and waits for an answer of type want (or
 * MGMT_ERROR), parsed into r. Returns 0 when cordon said ok, CTL_EXIT_REFUSED
 * when it refused (and says so on o->err unless quiet), CTL_EXIT_ERROR for a
 * channel failure, a timeout or a malformed answer (said on o->err).
 */
int sess_call(struct ctl_sess *s, u32 n, u16 want, const char *what, struct ctl_rsp *r, bool quiet);
/* MGMT_CHALLENGE_REQ: a fresh challenge for the next signed request. 0 or an exit status. */
int sess_challenge(struct ctl_sess *s, u8 out[MGMT_CHALLENGE_LEN]);
/* One unsigned read-only request (list, policy show) in a session of its own; print writes the answer. */
typedef const char *(*sess_printer)(FILE *f, const struct ctl_rsp *r, bool json);
int sess_read_only(const struct ctl_opts *o, u32 op, const char *what, sess_printer print);
/* "cordon-ctl: " fmt on o->err; returns CTL_EXIT_ERROR. */
int ctl_fail(const struct ctl_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
