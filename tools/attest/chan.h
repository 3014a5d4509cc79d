/* cordon-attest: the management channel as seen from the verifier (a UNIX stream socket). */
#ifndef CORDON_ATTEST_CHAN_H
#define CORDON_ATTEST_CHAN_H
#include <stddef.h>
#include <cordon/types.h>
#include <lib/mgmt/mgmt_frame.h>

struct chan {
	int fd;
	const char *path;
	struct mgmt_rd rd;
	u8 *buf; /* MGMT_HDR_SIZE + MGMT_MAX_FRAME */
	u8 in[4096]; /* received bytes not yet fed to rd (they may follow a wanted frame) */
	u32 in_len, in_off;
	bool ready; /* cordon announced MGMT_READY: it (re)started and lost our request */
	u32 timeout_s;	       /* for connecting and for each answer (--timeout) */
	long long deadline_ms; /* of the current wait */
};

/* Connects, retrying until the deadline (QEMU may still be starting). 0, or -1 and a reason in err. */
int chan_open(struct chan *c, const char *path, u32 timeout_s, char *err, size_t cap);
void chan_close(struct chan *c);

/*
 * Sends req and waits for a frame of type want or MGMT_ERROR, skipping
 * everything else (firmware text, stale answers). Resends req when cordon
 * announces MGMT_READY, and every resend_ms if that is not 0. On 0 the frame
 * is in c->buf (header first) with c->rd.type and c->rd.len describing it;
 * -1 means the deadline passed or the connection failed (err says which).
 */
int chan_call(struct chan *c, const u8 *req, u32 req_len, u16 want, u32 resend_ms, char *err, size_t cap);

#endif
