/* cordon vTPM: the hypercalls only a vTPM domain may make (bodies in vtpm/link.c and vtpm/entropy.c). */
#ifndef CORDON_VTPM_LINK_H
#define CORDON_VTPM_LINK_H
#include <cordon/types.h>

struct vm;

/* Status per enum cordon_status; *out goes to the caller's RDX. Every other VM gets CORDON_E_PERM. */
s64 vtpm_hc_recv(struct vm *domain, u64 gpa, u64 max, u64 *out);
s64 vtpm_hc_send(struct vm *domain, u64 gpa, u64 len);
s64 vtpm_hc_entropy(struct vm *domain, u64 gpa, u64 len);
s64 vtpm_hc_ready(struct vm *domain, u64 gpa, u64 len); /* the EK's name, logged before any command */

/* kernel/hypercall.c: may a vTPM domain make hypercall nr at all? (its four and the basic five) */
bool vtpm_domain_may_call(u64 nr);

#endif
