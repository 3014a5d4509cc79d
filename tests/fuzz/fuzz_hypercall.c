/* cordon fuzz target: hypercall argument decoding and the sharing calls, driven by arbitrary bytes. */
/* sources: kernel/hypercall.c kernel/share/peer.c kernel/vm_table.c kernel/sched_wake.c kernel/share/grant.c kernel/share/evtchn.c kernel/share/vnic.c kernel/mem/gpmap.c kernel/dev/vuart.c kernel/trust/audit_chain.c vtpm/link.c acm/policy.c lib/sha256.c lib/str.c lib/fmt.c */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel/backend.h>
#include <kernel/handlers.h>
#include <kernel/dev/vuart.h>
#include <kernel/share/share.h>
#include <kernel/trust/audit.h>
#include <kernel/mem/pmm.h>
#include <acm/hooks.h>
#include <kernel/vm_ctl.h>
#include <vtpm/vtpm.h>
#include <vtpm/link.h>
#include <cordon/hypercall.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NVM 3
#define MEM 0x20000 /* 128 KiB of guest RAM each */

/* ---- the world the sharing code expects, as small stand-ins ---- */
#define vms (vm_at(0)) /* kernel/vm_table.c's private table, through its first slot */
static struct cfg_vm cfgs[NVM];
static u8 *ram[NVM];
static struct vuart uarts[NVM]; /* each VM's COM1, as VM creation gives it */

static int mapped_ok(struct vm *vm, u64 gpa, u64 hpa, u32 perm) { (void)vm, (void)gpa, (void)hpa, (void)perm; return 0; }
static void unmapped(struct vm *vm, u64 gpa) { (void)vm, (void)gpa; }
static bool irq_ok(struct vcpu *v, u8 vec) { (void)v, (void)vec; return true; }
/* The caller's privilege level, set per call from the input. */
static u32 cur_cpl;
static u32 fake_cpl(struct vcpu *v) { (void)v; return cur_cpl; }
static const struct backend fake = { .name = "fake", .map_page = mapped_ok, .unmap_page = unmapped, .inject_irq = irq_ok,
				     .cpl = fake_cpl };
const struct backend *hv = &fake;

void kprintf(const char *fmt, ...) { (void)fmt; }
void audit_log(enum audit_op op, const char *a, const char *b, const char *c, const char *d, const char *e)
{
	(void)op, (void)a, (void)b, (void)c, (void)d, (void)e;
}
void audit_end_runs(const char *subj) { (void)subj; }
const struct audit_rec *audit_get(u64 seq) { (void)seq; return NULL; }
u64 audit_count(void) { return 0; }
/* kernel/trust/unseal.c's contract: VM 0 holds a 16-byte secret, everyone else is refused. */
s64 seal_secret_for(const struct vm *vm, u8 *out, u64 cap)
{
	if (vm->id != 0)
		return CORDON_E_PERM;
	if (cap < 16)
		return CORDON_E_INVAL;
	memset(out, 0x5a, 16);
	return 16;
}
/* The vTPM link's neighbours: no VM here is a vTPM client or domain, so these are only linked. */
void vtpm_complete(struct vm *client, const u8 *rsp, u32 len) { (void)client, (void)rsp, (void)len; }
s64 vtpm_hc_entropy(struct vm *domain, u64 gpa, u64 len) { (void)domain, (void)gpa, (void)len; return CORDON_E_PERM; }
const char *vm_ctl_start_domain(struct vm *vm) { (void)vm; return NULL; }
const char *vm_ctl_destroy_domain(struct vm *vm) { (void)vm; return NULL; }
bool rtlog_vtpm_ek(struct vm *client, const u8 *name, u32 len) { (void)client, (void)name, (void)len; return true; }
void mev_hex_bytes(const u8 *d, u32 len, char *out) { for (u32 i = 0; i < len; i++) snprintf(out + 2 * i, 3, "%02x", d[i]); }
void vm_describe_end(const struct vm *vm, char *buf, u64 size) { (void)vm; snprintf(buf, size, "ended"); }
void vcpu_skip(struct vcpu *v, const struct vm_exit *e) { v->regs.rip += e->inst_len; }
void vm_end(struct vm *vm, enum end_reason why, u64 d, u64 d2)
{
	(void)why, (void)d, (void)d2;
	if (vm->state == VM_RUNNING) {
		vm->state = VM_ENDED;
		share_teardown(vm);
	}
}
u64 pmm_alloc(u64 bytes, u64 align) { void *p = aligned_alloc(align, bytes); memset(p, 0, bytes); return (u64)(uintptr_t)p; }
void pmm_free(u64 base, u64 bytes) { (void)bytes; free((void *)(uintptr_t)base); }
/* Labels 0 and 1 share (green), 2 does not (red): enough to reach both sides of every hook. */
enum acm_decision acm_pre_share(int subj, int obj) { return subj == 2 || obj == 2 ? ACM_DENY : ACM_PERMIT; }
/* The one segment has no label of its own: red is refused its NIC, the others attach. */
enum acm_decision acm_pre_attach(int vm_label, const char *segment) { (void)segment; return acm_pre_share(vm_label, -1); }

static void emit(void *ctx, const char *line) { (void)ctx, (void)line; }

static void setup(void)
{
	static const char *const names[NVM] = { "a", "b", "red" };
	vm_table_reset();
	for (u32 i = 0; i < NVM; i++) {
		struct vm *vm = vm_add();
		if (!ram[i])
			ram[i] = aligned_alloc(4096, MEM);
		memset(ram[i], 0, MEM);
		memset(&cfgs[i], 0, sizeof(cfgs[i]));
		strcpy(cfgs[i].name, names[i]);
		strcpy(cfgs[i].label, names[i]);
		strcpy(cfgs[i].nic, "seg");
		cfgs[i].privileged = i == 0;
		vm->cfg = &cfgs[i], vm->state = VM_RUNNING, vm->label = (int)i;
		vm->mem_size = MEM, vm->mem_hpa = (u64)(uintptr_t)ram[i];
		vm->vcpu.vm = vm;
		gpmap_add(&vm->map, 0, MEM, vm->mem_hpa, GP_RWX);
		vm->uart = &uarts[i];
		vuart_init(vm->uart, emit, vm);
		nic_attach(vm);
	}
}

/* Arguments near guest memory hit the interesting edges far more often than random 64-bit values. */
static u64 arg(const uint8_t *p)
{
	u64 v;
	memcpy(&v, p, 8);
	return (v >> 63) ? v : v % (MEM + 0x3000);
}

static void check_invariants(void)
{
	for (u32 i = 0; i < NVM; i++) {
		if (vms[i].map.n > GPMAP_MAX)
			abort();
		for (u32 r = 0; r < MAX_GRANTS; r++)
			if (vms[i].grants[r].used && vms[i].grants[r].peer >= NVM)
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	for (; size >= 26; data += 26, size -= 26) {
		struct vm *vm = &vms[data[0] % NVM];
		struct vm_exit e = { .kind = EXIT_HYPERCALL, .inst_len = 3 };
		if (!vm_alive(vm))
			continue;
		vm->vcpu.regs.rax = data[1] % (CORDON_HC_COUNT + 2);
		vm->vcpu.regs.rdi = arg(data + 2);
		vm->vcpu.regs.rsi = arg(data + 10);
		vm->vcpu.regs.rdx = arg(data + 18);
		cur_cpl = (data[0] & 0xc0) == 0xc0 ? 3 : 0; /* one call in four from user mode */
		if (cur_cpl) { /* a user-mode call changes nothing but RAX (E_PERM) and RIP */
			static struct vm before[NVM];
			memcpy(before, vms, sizeof(before));
			handle_hypercall(&vm->vcpu, &e);
			if ((s64)vm->vcpu.regs.rax != CORDON_E_PERM)
				abort();
			vm->vcpu.regs.rax = before[vm->id].vcpu.regs.rax;
			vm->vcpu.regs.rip = before[vm->id].vcpu.regs.rip;
			if (memcmp(before, vms, sizeof(before)))
				abort();
			continue;
		}
		handle_hypercall(&vm->vcpu, &e);
		check_invariants();
	}
	for (u32 i = 0; i < NVM; i++)
		vm_end(&vms[i], END_EXIT, 0, 0); /* teardown frees every stand-in page */
	return 0;
}
