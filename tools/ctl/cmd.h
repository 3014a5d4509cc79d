/* cordon-ctl: the subcommands (each returns the exit status: CTL_EXIT_*). */
#ifndef CORDON_TOOLS_CTL_CMD_H
#define CORDON_TOOLS_CTL_CMD_H
#include <tools/ctl/session.h>

int cmd_keygen(const struct ctl_opts *o, const char *base);
int cmd_list(const struct ctl_opts *o);
/* start, stop, destroy, restart (MGMT_OP_*) of one VM: signed. */
int cmd_vm(const struct ctl_opts *o, u32 op, const char *verb, const char *name);
int cmd_policy_show(const struct ctl_opts *o);
int cmd_policy_sign(const struct ctl_opts *o, const char *policy);
int cmd_policy_load(const struct ctl_opts *o, const char *policy);
int cmd_audit(const struct ctl_opts *o);

/* The whole file, at most max bytes (malloc'd; *len set). NULL with a line on o->err. */
u8 *ctl_read_file(const struct ctl_opts *o, const char *path, u32 max, u32 *len);
/* Splits "a,b,c" into at most max VM names (pointers into copy). -1 with a line on o->err. */
int ctl_split_names(const struct ctl_opts *o, char *copy, const char **names, u32 max, u32 *n);

/*
 * A policy's signed envelope (include/cordon/mgmt.h, struct mgmt_policy_sig,
 * then the signature) by the authority key in keyfile; its length, or 0 with err.
 */
u32 ctl_policy_envelope(const u8 *policy, u32 len, u64 serial, const char *keyfile, u8 *out, u32 cap, char *err,
			u32 errlen);

/* The whole command line: global options, a subcommand and its arguments. The exit status. */
int ctl_main(int argc, char **argv, FILE *out, FILE *err);

#endif
