/* cordon: make prove stand-in for the vTPM domain's hypercalls (vtpm/link.c, vtpm/entropy.c). */
#include <kernel/vm.h>
#include <vtpm/link.h>
#include <cordon/hypercall.h>
#include <tests/prove/prove.h>

/* Any status; RECV may set the caller's RDX to any length a command can have. */
/*@ requires \valid(domain);
    requires \valid(out); */
s64 vtpm_hc_recv(struct vm *domain, u64 gpa, u64 max, u64 *out)
{
	(void)domain, (void)gpa, (void)max;
	if (prove_int(0, 1))
		*out = prove_u64(0, CORDON_VTPM_BUF_MAX);
	return prove_int(CORDON_E_BUSY, CORDON_OK);
}

/*@ requires \valid(domain); */
s64 vtpm_hc_send(struct vm *domain, u64 gpa, u64 len)
{
	(void)domain, (void)gpa, (void)len;
	return prove_int(CORDON_E_BUSY, CORDON_OK);
}

/*@ requires \valid(domain); */
s64 vtpm_hc_entropy(struct vm *domain, u64 gpa, u64 len)
{
	(void)domain, (void)gpa, (void)len;
	return prove_int(CORDON_E_BUSY, CORDON_OK);
}

/*@ requires \valid(domain); */
s64 vtpm_hc_ready(struct vm *domain, u64 gpa, u64 len)
{
	(void)domain, (void)gpa, (void)len;
	return prove_int(CORDON_E_BUSY, CORDON_OK);
}

bool vtpm_domain_may_call(u64 nr)
{
	(void)nr;
	return prove_int(0, 1);
}
