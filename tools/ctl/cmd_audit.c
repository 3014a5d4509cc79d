/* cordon-ctl: audit: the hash-chained records from a sequence number on, once or following. */
#include <signal.h>
#include <string.h>
#include <time.h>
#include <tools/ctl/cmd.h>
#include <tools/ctl/print.h>
#include <tools/ctl/request.h>

#define BUF_CAP (MGMT_HDR_SIZE + MGMT_MAX_FRAME)
#define FOLLOW_POLL_MS 200

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/*
 * One answer: the records from *want on (after a gap line when the ring no
 * longer holds *want), each checked to follow the one before, so that what we
 * print is exactly the sequence cordon-audit will check. 0 and *want moved on,
 * or CTL_EXIT_ERROR.
 */
static int take_batch(const struct ctl_opts *o, const struct ctl_rsp *r, u64 *want, u32 *count)
{
	u64 first, next, expect;
	u32 off = 0, n;
	u16 tag;
	const u8 *v;
	struct audit_line a;
	const char *why;
	if (!ctl_get_u64(r->items, r->len, MGMT_T_AUDIT_FIRST, &first) || !ctl_get_u64(r->items, r->len, MGMT_T_SEQ, &next))
		return ctl_fail(o, "malformed answer from cordon: no 8-byte first and next sequence numbers");
	if (next < *want || first > next)
		return ctl_fail(o, "cordon's audit trail ends at seq %llu, before seq %llu (has cordon restarted?)",
				(unsigned long long)next, (unsigned long long)*want);
	if (first > *want)
		print_gap(o->out, *want, first - 1, o->json);
	expect = first > *want ? first : *want;
	*count = 0;
	while (ctl_item_next(r->items, r->len, &off, &tag, &v, &n)) {
		if (tag != MGMT_T_AUDIT_REC)
			continue;
		if ((why = audit_line_parse(v, n, &a)))
			return ctl_fail(o, "malformed answer from cordon: %s", why);
		if (a.seq != expect)
			return ctl_fail(o, "malformed answer from cordon: record seq %llu where %llu was due",
					(unsigned long long)a.seq, (unsigned long long)expect);
		print_audit(o->out, &a, o->json);
		expect++;
		(*count)++;
	}
	if (expect != next)
		return ctl_fail(o, "malformed answer from cordon: records end before seq %llu, next says %llu",
				(unsigned long long)expect, (unsigned long long)next);
	*want = next;
	fflush(o->out);
	return 0;
}

static void pause_ms(u32 ms)
{
	struct timespec t = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };
	nanosleep(&t, NULL); /* a signal cuts it short, which is what we want */
}

/*
 * Without --follow: until caught up (an empty batch). With it: until
 * interrupted; when caught up it lets go of the channel while it waits, so
 * that other clients (cordon-ctl, cordon-attest) can use it meanwhile: the
 * channel serves one client at a time.
 */
int cmd_audit(const struct ctl_opts *o)
{
	struct sigaction sa, old_int, old_term;
	struct ctl_sess s = { 0 };
	struct ctl_rsp r;
	struct mgmt_wr w;
	u64 want = o->have_from ? o->from : 0;
	u32 count = 0;
	int rc = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	interrupted = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	while (!interrupted) {
		if (!s.open && (rc = sess_open(&s, o)))
			break;
		ctl_req_audit(&w, s.buf, BUF_CAP, want);
		if ((rc = sess_call(&s, mgmt_end(&w), MGMT_CTL_RSP, "audit", &r, false)) ||
		    (rc = take_batch(o, &r, &want, &count)))
			break;
		if (count == 0 && !o->follow)
			break;
		if (count == 0) {
			sess_close(&s);
			pause_ms(FOLLOW_POLL_MS);
		}
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sess_close(&s);
	return interrupted && o->follow ? CTL_EXIT_OK : rc;
}
