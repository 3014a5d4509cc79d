/* cordon: make prove harness: one hypercall with every guest register unknown, from a VM set up as the kernel does. */
/* sources: kernel/hypercall.c kernel/share/peer.c kernel/mem/gpmap.c kernel/vm_table.c lib/str.c tests/prove/stub/stub_share.c tests/prove/stub/stub_vuart.c tests/prove/stub/stub_audit_ring.c tests/prove/stub/stub_unseal.c tests/prove/stub/stub_vm_end.c tests/prove/stub/stub_vcpu_skip.c tests/prove/stub/stub_vtpm.c */
/* eva: -eva-split-limit 200 */
/* reaches: handle_hypercall hc_null hc_version hc_console_write hc_yield hc_exit hc_lookup hc_grant_create hc_grant_map hc_grant_unmap hc_grant_revoke hc_ev_alloc hc_ev_bind hc_ev_send hc_ev_pending hc_nic_info hc_nic_send hc_nic_recv hc_audit_read hc_secret_read hc_vtpm_recv hc_vtpm_send hc_entropy gpmap_access vm_alive vm_lookup vm_peer c_memcmp */
#include <kernel/backend.h>
#include <kernel/handlers.h>
#include <kernel/dev/vuart.h>
#include <tests/prove/prove.h>

/*
 * The calling VM as VM creation leaves it (kernel/vm.c): a table slot, its
 * boot.cfg entry (privileged or not), its COM1, running, and a memory map of
 * whole-page ranges in cordon's memory (RAM of four pages, two single pages as
 * grants and devices leave them), each at any page-aligned guest-physical
 * address whose range does not wrap, with any permission bits, any number of
 * them in use (a superset of what gpmap_add builds). Every general register, the
 * exit record and the pending events are unknown; the vCPU runs at any CPL.
 * Two more VMs wait or run or have ended, for VM_LOOKUP to find. The
 * sharing calls but VM_LOOKUP, the console, audit and secret calls are
 * stand-ins (tests/prove/stub/): any status, any result.
 */
static u64 ram[4 * 512], granted[512], device[512];
static struct cfg_vm cfg, others[2];
static struct vuart uart;

static u32 any_cpl(struct vcpu *v)
{
	(void)v;
	return (u32)prove_int(0, 3);
}

static const struct backend prove_backend = { .name = "prove", .cpl = any_cpl };
const struct backend *hv = &prove_backend;

static void range(struct vm *vm, u32 i, u64 *mem, u64 bytes)
{
	vm->map.r[i] = (struct gpmap_range){ prove_u64(0, (~0ULL - bytes) / PAGE_SIZE) * PAGE_SIZE, bytes, (u64)(uptr)mem,
					     (u32)prove_u64(0, 0xffffffffULL) };
}

int main(void)
{
	struct vm *vm = vm_add();
	struct vm_exit e;
	if (!vm)
		return 0;
	cfg.privileged = prove_int(0, 1);
	vm->cfg = &cfg;
	vm->uart = &uart;
	vm->state = VM_RUNNING;
	vm->vcpu.vm = vm;
	range(vm, 0, ram, sizeof(ram));
	range(vm, 1, granted, sizeof(granted));
	range(vm, 2, device, sizeof(device));
	vm->map.n = (u32)prove_u64(0, 3);
	vm->pending = prove_u64(0, ~0ULL);
	prove_bytes(&vm->vcpu.regs, sizeof(vm->vcpu.regs));
	prove_bytes(&e, sizeof(e));
	/* Two more VMs a VM_LOOKUP may find: terminated names of any bytes, any state. */
	for (u32 i = 0; i < ARRAY_SIZE(others); i++) {
		struct vm *o = vm_add();
		if (!o)
			return 0;
		prove_bytes(others[i].name, sizeof(others[i].name) - 1);
		o->cfg = &others[i];
		o->state = (u32)prove_int(VM_EMPTY, VM_ENDED);
	}
	prove_bytes(cfg.name, sizeof(cfg.name) - 1);
	handle_hypercall(&vm->vcpu, &e);
	return 0;
}
