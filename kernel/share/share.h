/* cordon core: sharing between VMs: grants, event channels and NICs, each bound through the reference monitor. */
#ifndef CORDON_KERNEL_SHARE_H
#define CORDON_KERNEL_SHARE_H
#include <kernel/vm.h>

/* Hypercall bodies (status per enum cordon_status; *out goes to the guest's RDX). */
s64 grant_create(struct vm *vm, u64 peer, u64 gpa, u64 flags, u64 *out);
s64 grant_map(struct vm *vm, u64 granter, u64 ref, u64 dest);
s64 grant_unmap(struct vm *vm, u64 dest);
s64 grant_revoke(struct vm *vm, u64 ref);
s64 evtchn_alloc(struct vm *vm, u64 peer, u64 *out);
s64 evtchn_bind(struct vm *vm, u64 peer, u64 peer_port, u64 *out);
s64 evtchn_send(struct vm *vm, u64 port);
s64 nic_info(struct vm *vm, u64 *out);
s64 nic_send(struct vm *vm, u64 gpa, u64 len);
s64 nic_recv(struct vm *vm, u64 gpa, u64 max, u64 *out);
/* The same switch for device models (virtio-net): frames in host memory. */
s64 nic_send_frame(struct vm *vm, const u8 *f, u64 len);
bool nic_take_frame(struct vm *vm, u8 *dst, u64 cap, u64 *len);
bool nic_mac(const struct vm *vm, u8 mac[6]);

/* Raises event bits on a VM and wakes it; delivery is a virtual interrupt (kernel/sched.c). */
void event_raise(struct vm *vm, u64 bits);
/* VM lifecycle: NIC attach at start; everything shared torn down at the end. */
void nic_attach(struct vm *vm);
void share_teardown(struct vm *vm);
void grants_teardown(struct vm *vm);
void evtchn_teardown(struct vm *vm);
void nic_detach(struct vm *vm);
/*
 * A policy change revoked a binding (kernel/policy_update.c decides, these only tear down):
 * evtchn_close closes both ends of a connected port (sends then return CORDON_E_NOENT);
 * nic_revoke takes the NIC off its segment: its queue is emptied, frames to or from it are dropped,
 * the device (virtio-net) stays with its link down. nic_link_up: a NIC that is attached and not revoked.
 * A grant is revoked by grant_revoke, the granter's own path.
 */
void evtchn_close(struct vm *vm, u32 port);
void nic_revoke(struct vm *vm);
bool nic_link_up(const struct vm *vm);

/* The running or waiting VM with this id, or NULL: what a sharing call may name as its peer. */
struct vm *vm_peer(u64 id);
/* VM_LOOKUP: *out = id of the running or waiting VM whose name is the len bytes at gpa. */
s64 vm_lookup(const struct vm *caller, u64 gpa, u64 len, u64 *out);

#endif
