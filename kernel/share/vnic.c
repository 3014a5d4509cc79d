/* cordon core: paravirtual NICs and the built-in switch: frames stay inside their segment. */
#include <kernel/share/share.h>
#include <kernel/profile.h>
#include <kernel/sched.h>
#include <kernel/trust/audit.h>
#include <kernel/console.h>
#include <lib/str.h>
#include <acm/hooks.h>
#include <cordon/hypercall.h>

#define NIC_QUEUE 16

struct frame {
	u32 len;
	u8 data[CORDON_FRAME_MAX];
};

struct vnic {
	struct vm *vm;
	u8 mac[6];
	u32 head, count;   /* receive queue: oldest at head */
	u64 dropped;	   /* frames lost to a full queue */
	bool revoked;	   /* a policy change took it off its segment: every frame is dropped */
	struct frame q[NIC_QUEUE];
};

static struct vnic nics[MAX_VMS];

/* Default MAC: locally administered 02:00:00:00:00:<id + 1>. */
static void pick_mac(const struct vm *vm, u8 mac[6])
{
	if (vm->cfg->has_mac) {
		c_memcpy(mac, vm->cfg->mac, 6);
		return;
	}
	c_memset(mac, 0, 6);
	mac[0] = 0x02;
	mac[5] = (u8)(vm->id + 1);
}

/* PRE: the VM's label and the segment's label (the segment name, looked up in the policy) share a type. */
void nic_attach(struct vm *vm)
{
	const char *seg = vm->cfg->nic;
	enum acm_decision d;
	if (!seg[0])
		return;
	d = acm_pre_attach(vm->label, seg); /* a segment the policy does not label: deny */
	if (d != ACM_PERMIT)
		audit_log(AUDIT_NIC_ATTACH, vm->cfg->name, vm->cfg->label, "segment", seg, acm_decision_name(d));
	if (d == ACM_DENY) {
		kprintf("cordon: vm '%s': NIC on segment '%s' refused by the reference monitor\n", vm->cfg->name, seg);
		return;
	}
	vm->nic = &nics[vm->id];
	c_memset(vm->nic, 0, sizeof(*vm->nic));
	vm->nic->vm = vm;
	pick_mac(vm, vm->nic->mac);
	kprintf("cordon: vm '%s': NIC %02x:%02x:%02x:%02x:%02x:%02x on segment '%s'\n", vm->cfg->name, vm->nic->mac[0],
		vm->nic->mac[1], vm->nic->mac[2], vm->nic->mac[3], vm->nic->mac[4], vm->nic->mac[5], seg);
}

void nic_detach(struct vm *vm)
{
	vm->nic = NULL;
}

/* The device stays (a Linux guest keeps its PCI function and sees the link go down); the switch forgets it. */
void nic_revoke(struct vm *vm)
{
	if (!vm->nic || vm->nic->revoked)
		return;
	vm->nic->revoked = true;
	vm->nic->head = vm->nic->count = 0;
	if (vm->profile->nic_notify) /* the device model reports the link change */
		vm->profile->nic_notify(vm);
	else
		event_raise(vm, 1ULL << CORDON_EVENT_NIC);
}

bool nic_link_up(const struct vm *vm)
{
	return vm->nic && !vm->nic->revoked;
}

s64 nic_info(struct vm *vm, u64 *out)
{
	u64 m = 0;
	if (!nic_link_up(vm))
		return CORDON_E_NODEV;
	for (int i = 0; i < 6; i++)
		m = m << 8 | vm->nic->mac[i];
	*out = m;
	return CORDON_OK;
}

static void enqueue(struct vnic *n, const u8 *frame, u64 len)
{
	struct frame *f;
	if (n->count == NIC_QUEUE) {
		n->dropped++;
		return;
	}
	f = &n->q[(n->head + n->count++) % NIC_QUEUE];
	f->len = (u32)len;
	c_memcpy(f->data, frame, len);
	if (n->vm->profile->nic_notify) /* a device model (virtio-net) takes it */
		n->vm->profile->nic_notify(n->vm);
	else
		event_raise(n->vm, 1ULL << CORDON_EVENT_NIC);
}

static bool same_segment(const struct vm *a, const struct vm *b)
{
	return !c_strcmp(a->cfg->nic, b->cfg->nic);
}

/* The source MAC must be the sender's own; unicast goes to the matching NIC, broadcast to all others. */
s64 nic_send_frame(struct vm *vm, const u8 *f, u64 len)
{
	static const u8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	if (!nic_link_up(vm))
		return CORDON_E_NODEV;
	if (len < 14 || len > CORDON_FRAME_MAX)
		return CORDON_E_INVAL;
	if (c_memcmp(f + 6, vm->nic->mac, 6))
		return CORDON_E_PERM; /* no spoofing of another NIC's address */
	for (u32 i = 0; i < vm_count(); i++) {
		struct vm *o = vm_at(i);
		if (o == vm || !vm_alive(o) || !nic_link_up(o) || !same_segment(vm, o))
			continue;
		if (!c_memcmp(f, bcast, 6) || !c_memcmp(f, o->nic->mac, 6))
			enqueue(o->nic, f, len);
	}
	return CORDON_OK;
}

s64 nic_send(struct vm *vm, u64 gpa, u64 len)
{
	const u8 *f;
	if (!nic_link_up(vm))
		return CORDON_E_NODEV;
	if (len < 14 || len > CORDON_FRAME_MAX)
		return CORDON_E_INVAL;
	f = gpmap_access(&vm->map, gpa, len, GP_R);
	return f ? nic_send_frame(vm, f, len) : CORDON_E_FAULT;
}

bool nic_take_frame(struct vm *vm, u8 *dst, u64 cap, u64 *len)
{
	struct vnic *n = vm->nic;
	struct frame *f;
	if (!n || n->revoked || !n->count || n->q[n->head].len > cap)
		return false;
	f = &n->q[n->head];
	c_memcpy(dst, f->data, f->len);
	*len = f->len;
	n->head = (n->head + 1) % NIC_QUEUE;
	n->count--;
	return true;
}

bool nic_mac(const struct vm *vm, u8 mac[6])
{
	if (!vm->nic)
		return false;
	c_memcpy(mac, vm->nic->mac, 6);
	return true;
}

s64 nic_recv(struct vm *vm, u64 gpa, u64 max, u64 *out)
{
	struct vnic *n = vm->nic;
	struct frame *f;
	u8 *dst;
	if (!n || n->revoked)
		return CORDON_E_NODEV;
	if (!n->count)
		return CORDON_E_AGAIN;
	f = &n->q[n->head];
	if (f->len > max)
		return CORDON_E_INVAL;
	dst = gpmap_access(&vm->map, gpa, f->len, GP_W);
	if (!dst)
		return CORDON_E_FAULT;
	c_memcpy(dst, f->data, f->len);
	*out = f->len;
	n->head = (n->head + 1) % NIC_QUEUE;
	n->count--;
	return CORDON_OK;
}

void share_teardown(struct vm *vm)
{
	grants_teardown(vm);
	evtchn_teardown(vm);
	nic_detach(vm);
	audit_end_runs(vm->cfg->name); /* its counted repeats are written now, not lost */
}
