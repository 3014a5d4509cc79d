/* Access Control Module (sHype): the answer a PRE hook gives, shared by the decision functions and the hooks. */
#ifndef CORDON_ACM_DECISION_H
#define CORDON_ACM_DECISION_H

/* A decision only, never a state change (DESIGN.md, ACM hook contract). */
enum acm_decision { ACM_PERMIT, ACM_PERMIT_AUDIT, ACM_DENY };

/* "permit", "permit+audit" or "deny" (acm/policy.c). */
const char *acm_decision_name(enum acm_decision d);

#endif
