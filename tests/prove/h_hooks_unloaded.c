/* cordon: make prove harness: the ACM hooks with no policy, or after any policy bytes that were rejected. */
/* sources: acm/hooks.c acm/policy.c lib/str.c */
/* eva: -eva-split-return-function policy_load:0 */
/* reaches: acm_init policy_load acm_label usable running_labels acm_pre_vm_start acm_post_vm_start acm_fail_vm_start acm_vm_stop acm_pre_share acm_pre_attach acm_start acm_share */
/* h_hooks.c with its other half: only the outcomes other than a loaded policy go on to the hooks */
#define HOOKS_LOADED 0
#include <tests/prove/h_hooks.c>
