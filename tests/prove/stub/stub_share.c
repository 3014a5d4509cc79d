/* cordon: make prove stand-in for the sharing calls (kernel/share/ but peer.c): any status, and *out written when they write it. */
#include <kernel/share/share.h>
#include <cordon/hypercall.h>
#include <tests/prove/prove.h>

/*
 * The hypercall layer passes these its VM, the guest's raw arguments and
 * &vcpu->regs.rdx, and forwards the status. What they do to sharing state is
 * theirs to prove; here each may return any status and write any value to
 * *out, which is what the layer above can observe. Guest addresses reach
 * them as numbers: they check them against the map themselves.
 */
static s64 any_status(void)
{
	return prove_int(CORDON_E_BUSY, CORDON_OK);
}

/*@ requires \valid(vm); */
static s64 out_status(struct vm *vm, u64 *out)
{
	(void)vm;
	if (prove_int(0, 1))
		*out = prove_u64(0, ~0ULL);
	return any_status();
}

s64 grant_create(struct vm *vm, u64 peer, u64 gpa, u64 flags, u64 *out) { (void)peer, (void)gpa, (void)flags; return out_status(vm, out); }
s64 grant_map(struct vm *vm, u64 granter, u64 ref, u64 dest) { (void)vm, (void)granter, (void)ref, (void)dest; return any_status(); }
s64 grant_unmap(struct vm *vm, u64 dest) { (void)vm, (void)dest; return any_status(); }
s64 grant_revoke(struct vm *vm, u64 ref) { (void)vm, (void)ref; return any_status(); }
s64 evtchn_alloc(struct vm *vm, u64 peer, u64 *out) { (void)peer; return out_status(vm, out); }
s64 evtchn_bind(struct vm *vm, u64 peer, u64 peer_port, u64 *out) { (void)peer, (void)peer_port; return out_status(vm, out); }
s64 evtchn_send(struct vm *vm, u64 port) { (void)vm, (void)port; return any_status(); }
s64 nic_info(struct vm *vm, u64 *out) { return out_status(vm, out); }
s64 nic_send(struct vm *vm, u64 gpa, u64 len) { (void)vm, (void)gpa, (void)len; return any_status(); }
s64 nic_recv(struct vm *vm, u64 gpa, u64 max, u64 *out) { (void)gpa, (void)max; return out_status(vm, out); }
