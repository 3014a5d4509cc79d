/* cordon: make prove stand-in for the reference monitor's sharing decision (acm/hooks.c, acm/policy.c). */
#include <acm/hooks.h>
#include <acm/decision.h>
#include <tests/prove/prove.h>

/* Any decision for any labels: tests/prove/h_policy.c proves the decision itself. */
enum acm_decision acm_pre_share(int subj_label, int obj_label)
{
	(void)subj_label, (void)obj_label;
	return (enum acm_decision)prove_int(ACM_PERMIT, ACM_DENY);
}

const char *acm_decision_name(enum acm_decision d)
{
	return d == ACM_PERMIT ? "permit" : d == ACM_PERMIT_AUDIT ? "permit+audit" : "deny";
}
