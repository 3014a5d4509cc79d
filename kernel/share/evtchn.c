/* cordon core: event channels: ports bound between two VMs; a send is a virtual interrupt at the peer. */
#include <kernel/share/share.h>
#include <kernel/sched.h>
#include <kernel/trust/audit.h>
#include <lib/fmt.h>
#include <acm/hooks.h>
#include <cordon/hypercall.h>

void event_raise(struct vm *vm, u64 bits)
{
	vm->pending |= bits;
	vm->irq_pending = true;
	vcpu_wake(&vm->vcpu); /* a HLTed guest wakes for its interrupt */
}

static int free_port(const struct vm *vm)
{
	for (u32 p = 0; p < CORDON_EVENT_NIC && p < MAX_PORTS; p++)
		if (vm->ports[p].state == PORT_FREE)
			return (int)p;
	return -1;
}

s64 evtchn_alloc(struct vm *vm, u64 peer, u64 *out)
{
	int p = free_port(vm);
	if (!vm_peer(peer) || peer == vm->id)
		return CORDON_E_NOENT;
	if (p < 0)
		return CORDON_E_NOMEM;
	vm->ports[p] = (struct evport){ PORT_UNBOUND, (u32)peer, 0 };
	*out = (u64)p;
	return CORDON_OK;
}

/* PRE: the two labels must share an STE type. POST: both ends point at each other. */
s64 evtchn_bind(struct vm *vm, u64 peer, u64 peer_port, u64 *out)
{
	struct vm *o = vm_by_id(peer);
	struct evport *op = o && peer_port < MAX_PORTS ? &o->ports[peer_port] : NULL;
	enum acm_decision d;
	char obj[48];
	int p = free_port(vm);
	if (!o || !vm_alive(o) || !op || op->state != PORT_UNBOUND || op->peer != vm->id)
		return CORDON_E_NOENT;
	if (p < 0)
		return CORDON_E_NOMEM;
	d = acm_pre_share(vm->label, o->label);
	fmt_snprintf(obj, sizeof(obj), "evtchn:%s#%llu", o->cfg->name, peer_port);
	if (d != ACM_PERMIT)
		audit_log(AUDIT_EVTCHN_BIND, vm->cfg->name, vm->cfg->label, obj, o->cfg->label, acm_decision_name(d));
	if (d == ACM_DENY)
		return CORDON_E_PERM;
	vm->ports[p] = (struct evport){ PORT_CONNECTED, o->id, (u32)peer_port };
	*op = (struct evport){ PORT_CONNECTED, vm->id, (u32)p };
	*out = (u64)p;
	return CORDON_OK;
}

/* No policy lookup here: the channel was checked when it was bound. */
s64 evtchn_send(struct vm *vm, u64 port)
{
	struct evport *p = port < MAX_PORTS ? &vm->ports[port] : NULL;
	struct vm *o;
	if (!p || p->state != PORT_CONNECTED)
		return CORDON_E_NOENT;
	o = vm_by_id(p->peer);
	if (!o || !vm_alive(o))
		return CORDON_E_NOENT;
	event_raise(o, 1ULL << p->peer_port);
	return CORDON_OK;
}

/* Peers of a dying VM see their ports closed: sends return CORDON_E_NOENT, nothing is left dangling. */
void evtchn_teardown(struct vm *vm)
{
	for (u32 p = 0; p < MAX_PORTS; p++) {
		struct evport *e = &vm->ports[p];
		struct vm *o = vm_by_id(e->peer);
		if (e->state == PORT_CONNECTED && o && o->ports[e->peer_port].peer == vm->id)
			o->ports[e->peer_port].state = PORT_CLOSED;
		*e = (struct evport){ 0 };
	}
	vm->pending = 0;
	vm->irq_pending = false;
}

void evtchn_close(struct vm *vm, u32 port)
{
	struct evport *e = port < MAX_PORTS ? &vm->ports[port] : NULL;
	struct vm *o = e && e->state == PORT_CONNECTED ? vm_by_id(e->peer) : NULL;
	if (!e || e->state != PORT_CONNECTED)
		return;
	if (o && e->peer_port < MAX_PORTS && o->ports[e->peer_port].peer == vm->id)
		o->ports[e->peer_port].state = PORT_CLOSED;
	e->state = PORT_CLOSED;
}
