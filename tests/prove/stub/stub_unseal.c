/* cordon: make prove stand-in for the sealed-secret release (kernel/trust/unseal.c seal_secret_for). */
#include <kernel/vm.h>
#include <kernel/trust/tpm.h>
#include <cordon/hypercall.h>
#include <tests/prove/prove.h>

/*
 * Copies the secret for vm into out (at most cap bytes) and returns its
 * length, or a negative status: any refusal, or any length up to cap (Eva
 * checks all cap bytes are writable at the call).
 */
/*@ requires \valid_read(vm);
    requires cap <= CORDON_SECRET_MAX;
    requires \valid(out + (0 .. cap - 1)); */
s64 seal_secret_for(const struct vm *vm, u8 *out, u64 cap)
{
	(void)vm;
	if (prove_int(0, 1))
		return prove_int(CORDON_E_BUSY, CORDON_E_NOSYS);
	prove_bytes(out, cap);
	return (s64)prove_u64(0, cap);
}
