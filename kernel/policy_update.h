/* cordon core: replacing the running policy as one step: check every running VM and binding, then commit or change nothing. */
#ifndef CORDON_KERNEL_POLICY_UPDATE_H
#define CORDON_KERNEL_POLICY_UPDATE_H
#include <cordon/types.h>
#include <cordon/mgmt.h>

/*
 * The whole-policy form of the ACM's PRE/POST/FAIL contract (docs/MANAGEMENT.md):
 *  - PRE: the bytes are a valid policy; serial is above the running policy's
 *    (no downgrade); every running VM's label is in it; the running set passes
 *    its Chinese Wall once the VMs named in stop[0..nstop) are left out (those are
 *    only stopped when they must be). Nothing changes when any check fails.
 *  - commit: the named VMs that conflict are ended (END_OPERATOR) with no blocked
 *    VM retried meanwhile; the ACM switches to the new policy in one step; every
 *    grant mapping, event channel and NIC the new STE rules forbid is revoked
 *    through the teardown paths, each revocation audited; the old and new digests
 *    are audited; the new digest is extended into PCR 10 (runtime log event
 *    "cordon policy-changed ..."); then blocked VMs are retried under it.
 * The caller has checked the policy authority's signature over (serial, sha), sha being the
 * SHA-256 of bytes it computed for that check.
 * Returns MGMT_S_OK, MGMT_S_BAD_POLICY or MGMT_S_REFUSED, with a line for the operator in why.
 */
enum mgmt_status policy_update(const u8 *bytes, u32 len, const u8 sha[32], u64 serial, const char *const *stop,
			       u32 nstop, char *why, u32 why_len);

/* policy show: "name=N digest=HEX serial=N since_ms=N labels=a,b,c" ("name=- ..." with the NULL policy). */
u32 policy_describe(char *buf, u32 cap);
/* The running policy's serial: 0 for the boot policy. */
u64 policy_serial(void);

/*
 * kernel/policy_revoke.c, part of the commit: with the ACM switched and every
 * vm->label set, revokes each grant, event channel and NIC the policy's STE
 * rules now deny (each audited and printed once). Returns how many.
 */
u32 policy_revoke(void);

#endif
