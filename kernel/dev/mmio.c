/* cordon core: MMIO emulation for Linux VMs: a nested page fault on a device page is decoded and completed. */
#include <kernel/handlers.h>
#include <kernel/backend.h>
#include <kernel/console.h>
#include <kernel/mem/gva.h>
#include <lib/x86/insn.h>
#include <kernel/dev/devices.h>
#include <kernel/profile.h>

/*
 * Neither AMD-V under QEMU nor older hardware gives decode assists, so the
 * faulting instruction is fetched through the guest's page tables and
 * decoded (lib/x86/insn.c). Only mov-class accesses are emulated; anything else
 * ends the VM with the reason.
 */

/* struct gpregs order to the encoding's register numbers (lib/x86/insn.h, enum insn_gpr). */
static u64 *gpr(struct gpregs *r, int i)
{
	return gpregs_by_number(r, (u32)i);
}

static void complete(struct vcpu *v, const struct mmio_dev *d, const struct insn *in, u64 off)
{
	u64 regs[16];
	for (int i = 0; i < 16; i++)
		regs[i] = *gpr(&v->regs, i);
	if (in->write) {
		d->write(v->vm, off, (u32)insn_write_value(in, regs));
	} else {
		insn_apply_read(in, regs, d->read(v->vm, off));
		for (int i = 0; i < 16; i++)
			*gpr(&v->regs, i) = regs[i];
	}
	vcpu_advance(v, in->len);
}

bool mmio_emulate(struct vcpu *v, const struct vm_exit *e)
{
	struct vm *vm = v->vm;
	u64 gpa = e->npf.gpa, cr0 = hv->get_sreg(v, SREG_CR0);
	u8 bytes[15];
	struct insn in;
	const char *why;
	u32 n;
	const struct mmio_dev *d = vm->profile->mmio && !e->npf.fetch ? vm->profile->mmio(vm, gpa) : NULL;
	if (!d)
		return false;
	n = gva_read(vm, hv->get_sreg(v, SREG_CR3), cr0 & (1ULL << 31), v->regs.rip, bytes, sizeof(bytes));
	why = insn_decode(bytes, n, hv->get_sreg(v, SREG_EFER) & (1ULL << 10), true, &in);
	if (!why && in.size != 4)
		why = "device registers take 32-bit accesses only";
	if (why) {
		kprintf("cordon: vm '%s': MMIO at 0x%llx by the instruction at 0x%llx: %s\n", vm->cfg->name, gpa,
			v->regs.rip, why);
		return false;
	}
	complete(v, d, &in, (gpa - d->base) & ~3ULL);
	return true;
}
