/* cordon-ctl: list, and the signed lifecycle requests start, stop, destroy and restart. */
#include <tools/ctl/cmd.h>
#include <tools/ctl/print.h>
#include <tools/ctl/request.h>

#define BUF_CAP (MGMT_HDR_SIZE + MGMT_MAX_FRAME)

int cmd_list(const struct ctl_opts *o)
{
	return sess_read_only(o, MGMT_OP_LIST, "list", print_list);
}

/*
 * A signed request answers with the challenge it used up, whatever the
 * outcome; with --json a refusal is printed as an object too, so a script
 * gets the status from stdout and the exit status alike.
 */
int cmd_vm(const struct ctl_opts *o, u32 op, const char *verb, const char *name)
{
	struct ctl_sess s;
	struct ctl_rsp r;
	struct mgmt_wr w;
	u8 ch[MGMT_CHALLENGE_LEN];
	char err[512], what[64];
	int rc;
	if (!o->key)
		return ctl_fail(o, "%s is signed: give --key OPERATOR.key", verb);
	if ((rc = sess_open(&s, o)))
		return rc;
	if ((rc = sess_challenge(&s, ch)))
		goto out;
	ctl_req_vm(&w, s.buf, BUF_CAP, op, name, ch);
	if (ctl_req_sign(&w, o->key, err, sizeof(err)) < 0) {
		rc = ctl_fail(o, "%s", err);
		goto out;
	}
	snprintf(what, sizeof(what), "%s %s", verb, name);
	rc = sess_call(&s, mgmt_end(&w), MGMT_CTL_RSP, what, &r, false);
	if (rc != CTL_EXIT_ERROR)
		print_result(o->out, &r, o->json);
out:
	sess_close(&s);
	return rc;
}
