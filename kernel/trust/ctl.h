/* cordon core: the management plane on the channel: challenges, signed requests, their dispatch. */
#ifndef CORDON_KERNEL_CTL_H
#define CORDON_KERNEL_CTL_H
#include <cordon/bootinfo.h>
#include <lib/mgmt/ctl_req.h>

/* Reads the operator and policy-authority keys the loader measured; seeds the challenges. */
void ctl_init(const struct bootinfo *bi);
/* MGMT_CHALLENGE_REQ and MGMT_CTL_REQ frames: writes the response frame into rsp, returns its length. */
u32 ctl_handle(u16 type, const u8 *payload, u32 len, u8 *rsp, u32 cap);

/* ctl_read.c: the read-only operations, their items appended to w (after STATUS and TEXT). */
struct mgmt_wr;
void ctl_list(struct mgmt_wr *w);
void ctl_policy_show(struct mgmt_wr *w);
void ctl_audit(struct mgmt_wr *w, u64 from);

#endif
