/* Access Control Module (sHype): the hooks the core calls, and their contract. */
#ifndef CORDON_ACM_HOOKS_H
#define CORDON_ACM_HOOKS_H
#include <lib/cfg/cfg.h>
#include <acm/decision.h>
#include <cordon/policy.h>

struct policy;

/*
 * Contract (after sHype): a PRE hook decides permit, permit-and-audit or
 * deny and changes no state; the core then either commits with the POST
 * hook, which never fails, or rolls back with FAIL. Decisions are made when
 * something is bound (a VM starts, a grant is mapped, a channel is bound, a
 * NIC is attached), never per access. With no policy every PRE permits
 * (the NULL policy), so enforcement cost can be measured against it.
 * The ACM keeps its own state (the policy and the running labels, by VM
 * id); it prints nothing and knows no kernel structure: the kernel's
 * reference monitor (kernel/rmon.c) prints, audits and names the VMs.
 */

#define ACM_MAX_VMS CFG_MAX_VMS
#define ACM_NO_CULPRIT 0xffffffffu

/* What acm_init found, for the kernel to report. */
enum acm_state { ACM_NO_POLICY, ACM_POLICY_REJECTED, ACM_POLICY_LOADED };
struct acm_status {
	enum acm_state state;
	const char *reason; /* ACM_POLICY_REJECTED: why, a static string */
	const char *name;   /* ACM_POLICY_LOADED: the policy's name (points into its bytes) */
	u32 nlabels, nste, ncw, nconflicts;
};

/*
 * Validates and adopts the policy bytes (NULL: boot.cfg names none, the NULL
 * policy), which must outlive the ACM; no VM runs afterwards. A rejected
 * policy denies every VM start and every share. Returns out->state too (make prove
 * follows the loaded and the other outcomes apart by it, docs/PROOF.md).
 */
enum acm_state acm_init(const void *bytes, u64 len, struct acm_status *out);
/* Index of the label called name; -1 if the policy lacks it, or there is no usable policy. */
int acm_label(const char *name);

/*
 * VM start, keyed by VM id (< ACM_MAX_VMS) with the VM's label index.
 * PRE decides against the running set: denied if the label is unknown to a
 * loaded policy, the policy was rejected, or the Chinese Wall forbids it; on
 * a Chinese Wall deny *culprit = the id of the lowest-numbered conflicting
 * running VM, else ACM_NO_CULPRIT. An id >= ACM_MAX_VMS or a label past the
 * policy's last is denied. POST puts the VM in the running set;
 * FAIL takes out a VM whose start failed after POST; stop takes out one
 * that ended.
 */
enum acm_decision acm_pre_vm_start(u32 id, int label, u32 *culprit);
void acm_post_vm_start(u32 id, int label);
void acm_fail_vm_start(u32 id);
void acm_vm_stop(u32 id);

/* Sharing between subjects with these label indexes (two VMs, a VM and a grant's owner): Simple Type Enforcement.
 * A label that is not the policy's (negative, or past its last) is denied, whatever the other is. */
enum acm_decision acm_pre_share(int subj_label, int obj_label);
/* May a VM with this label attach to the switch segment of that name? A segment the policy does not label: deny. */
enum acm_decision acm_pre_attach(int vm_label, const char *segment);

/*
 * Whole-policy change (the PRE/POST contract over every running VM at once).
 * The ACM keys VMs by id; the kernel gives each VM's label index under the
 * candidate, found by name (label[id] < 0: not in it), for every id.
 * PRE is pure: denied when a running VM's label is missing and the operator
 * did not allow it to stop (those ids in missing[]; one it did allow must
 * stop, and is in conflict[] when permitted) or when the candidate's Chinese Wall fails among the running VMs
 * the operator did not allow to stop (may_stop[id] false): the ids of every
 * such VM that clashes with another are in conflict[]. Permitted, conflict[]
 * holds exactly the may-stop VMs that must end first: those without a label,
 * then each other one, in id order, that
 * clashes with a VM that keeps running (or with an earlier may-stop one that
 * keeps running). A policy that failed at boot has nothing running, so any
 * valid candidate passes.
 * POST copies the candidate's bytes into the ACM's spare buffer, makes it the
 * active policy and relabels the running set, in one step; it never fails.
 * The old policy's bytes stay untouched until the next change (two buffers).
 */
#define ACM_POLICY_MAX_SIZE (112 + 32 * 2 * POLICY_MAX_TYPES + 48 * POLICY_MAX_LABELS + 40 * POLICY_MAX_CONFLICTS)
struct acm_policy_check {
	u32 nmissing, missing[ACM_MAX_VMS];
	u32 nconflict, conflict[ACM_MAX_VMS];
};
enum acm_decision acm_pre_policy(const struct policy *cand, const int *label, const bool *may_stop,
				 struct acm_policy_check *out);
void acm_post_policy(const struct policy *cand, const int *label);
/* The active policy's bytes (NULL with the NULL policy or a rejected one) and its length. */
const void *acm_policy_bytes(u64 *len);

#endif
