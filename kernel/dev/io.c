/* cordon core: port I/O exits: the profile's devices, the per-VM UART, nothing else (reads all-ones, writes dropped). */
#include <kernel/handlers.h>
#include <kernel/console.h>
#include <kernel/dev/vuart.h>
#include <kernel/profile.h>

static u32 size_mask(u8 size)
{
	return size == 1 ? 0xffu : size == 2 ? 0xffffu : 0xffffffffu;
}

/* Remembers the first distinct ports answered by default, for the VM's end summary. */
static void note_port(struct vm *vm, u16 port)
{
	for (u32 i = 0; i < vm->ndefault_ports; i++)
		if (vm->default_ports[i] == port)
			return;
	if (vm->ndefault_ports < ARRAY_SIZE(vm->default_ports))
		vm->default_ports[vm->ndefault_ports++] = port;
}

void handle_io(struct vcpu *v, const struct vm_exit *e)
{
	struct vm *vm = v->vm;
	const struct exit_io *io = &e->io;
	u32 val = (u32)v->regs.rax & size_mask(io->size);
	if (io->string) {
		vm_end(vm, END_UNSUPPORTED_IO, io->port, 0);
		return;
	}
	if (vm->profile->port && vm->profile->port(vm, io->port, io->in, io->size, &val)) {
		if (vm->state != VM_RUNNING)
			return;
	} else if (io->port >= VUART_BASE && io->port < VUART_BASE + VUART_PORTS && io->size == 1) {
		vuart_access(vm->uart, io->port - VUART_BASE, io->in, &val);
		if (vm->profile->uart_irq)
			vm->profile->uart_irq(vm);
	} else if (io->in) {
		val = size_mask(io->size);
		note_port(vm, io->port);
	} else {
		note_port(vm, io->port);
		if (vm->ports_dropped++ == 0)
			klog(LOG_DEBUG, "cordon: vm '%s': write to port 0x%x dropped\n", vm->cfg->name, io->port);
	}
	/* A 32-bit IN zero-extends into RAX like any 32-bit register write; 8/16-bit IN merge. */
	if (io->in)
		v->regs.rax = io->size == 4 ? val : (v->regs.rax & ~(u64)size_mask(io->size)) | val;
	vcpu_skip(v, e);
}
