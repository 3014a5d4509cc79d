/* cordon core: after a policy change, every binding the new STE rules deny is revoked through the teardown paths. */
#include <kernel/policy_update.h>
#include <kernel/share/share.h>
#include <kernel/console.h>
#include <kernel/trust/audit.h>
#include <acm/hooks.h>
#include <lib/fmt.h>

/* Each binding was permitted when it was made; only what the new policy denies goes (a permit+audit stays). */
static bool denied(const struct vm *a, const struct vm *b)
{
	return acm_pre_share(a->label, b->label) == ACM_DENY;
}

/*
 * A mapped grant: the mapper keeps a zeroed stand-in page at the address and
 * the granter's page is untouched (grant_revoke, the granter's own path). One
 * offered but not yet mapped is withdrawn the same way.
 */
static u32 revoke_grants(struct vm *g)
{
	u32 n = 0;
	for (u32 r = 0; r < MAX_GRANTS; r++) {
		struct grant *gr = &g->grants[r];
		struct vm *peer = gr->used ? vm_by_id(gr->peer) : NULL;
		char obj[48];
		if (!peer || !denied(peer, g))
			continue;
		fmt_snprintf(obj, sizeof(obj), "grant:%s#%u", g->cfg->name, r);
		audit_log(AUDIT_REVOKE, peer->cfg->name, peer->cfg->label, obj, g->cfg->label, "revoked");
		if (gr->mapped_at)
			kprintf("cordon: policy change: grant '%s'#%u mapped by '%s' at 0x%llx revoked: it now reads zeros\n",
				g->cfg->name, r, peer->cfg->name, gr->mapped_at);
		else
			kprintf("cordon: policy change: grant '%s'#%u offered to '%s' withdrawn\n", g->cfg->name, r,
				peer->cfg->name);
		grant_revoke(g, r);
		n++;
	}
	return n;
}

/* Both ends close; the walk meets the peer's end closed already, so each channel counts once. */
static u32 revoke_channels(struct vm *a)
{
	u32 n = 0;
	for (u32 p = 0; p < MAX_PORTS; p++) {
		struct evport *e = &a->ports[p];
		struct vm *o = e->state == PORT_CONNECTED ? vm_by_id(e->peer) : NULL;
		char obj[48];
		if (!o || !denied(a, o))
			continue;
		fmt_snprintf(obj, sizeof(obj), "evtchn:%s#%u", o->cfg->name, e->peer_port);
		audit_log(AUDIT_REVOKE, a->cfg->name, a->cfg->label, obj, o->cfg->label, "revoked");
		kprintf("cordon: policy change: event channel '%s'#%u <-> '%s'#%u closed\n", a->cfg->name, p, o->cfg->name,
			e->peer_port);
		evtchn_close(a, p);
		n++;
	}
	return n;
}

/* The segment's label is its name (acm_pre_attach), as at start. */
static u32 revoke_nic(struct vm *vm)
{
	if (!nic_link_up(vm) || acm_pre_attach(vm->label, vm->cfg->nic) != ACM_DENY)
		return 0;
	audit_log(AUDIT_REVOKE, vm->cfg->name, vm->cfg->label, "segment", vm->cfg->nic, "revoked");
	kprintf("cordon: policy change: vm '%s': NIC on segment '%s' detached (link down)\n", vm->cfg->name,
		vm->cfg->nic);
	nic_revoke(vm);
	return 1;
}

u32 policy_revoke(void)
{
	u32 n = 0;
	for (u32 i = 0; i < vm_count(); i++) {
		struct vm *vm = vm_at(i);
		if (!vm_alive(vm))
			continue; /* an ended VM's bindings went with its teardown */
		n += revoke_grants(vm);
		n += revoke_channels(vm);
		n += revoke_nic(vm);
	}
	return n;
}
