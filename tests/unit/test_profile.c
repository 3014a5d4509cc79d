/* cordon unit tests: the guest profile (kernel/profile.h) comes from the config once; ELF VMs reach no Linux device. */
/* sources: kernel/dev/io.c kernel/dev/mmio.c kernel/dev/vuart.c kernel/guest_boot.c kernel/linux/linux_profile.c kernel/sched_wake.c kernel/linux/platform.c kernel/linux/linux_cpu.c kernel/linux/vlapic.c kernel/linux/kvmclock.c kernel/linux/vioapic.c kernel/linux/acpi_regs.c kernel/dev/devices.c kernel/dev/pci.c kernel/dev/virtio_net.c kernel/dev/virtq.c kernel/mem/gva.c kernel/mem/gpmap.c lib/x86/insn.c lib/boot/elf.c lib/boot/e820.c lib/x86/pt.c lib/str.c */
#include <tests/unit/unit.h>
#include <kernel/handlers.h>
#include <kernel/backend.h>
#include <kernel/profile.h>
#include <kernel/linux/platform.h>
#include <kernel/dev/vuart.h>
#include <lib/boot/bzimage.h>

/* ---------------------------------------------------------------- host stand-ins for the core */

static u64 fake_get(struct vcpu *v, enum sreg r) { (void)v, (void)r; return 0; }
static const struct backend fake = { .name = "fake", .get_sreg = fake_get };
const struct backend *hv = &fake;

static int ended = -1;
void vm_end(struct vm *vm, enum end_reason why, u64 d, u64 d2) { (void)vm, (void)d, (void)d2; ended = (int)why; }
void vcpu_skip(struct vcpu *v, const struct vm_exit *e) { v->regs.rip += e->inst_len; }
void vcpu_advance(struct vcpu *v, u32 len) { v->regs.rip += len; }
void klog(u32 level, const char *fmt, ...) { (void)level, (void)fmt; }
void kprintf(const char *fmt, ...) { (void)fmt; }
/* The switch and the Linux boot (kernel/share/vnic.c, kernel/linux/linux_boot.c) are not under test here. */
s64 nic_send_frame(struct vm *vm, const u8 *f, u64 len) { (void)vm, (void)f, (void)len; return 0; }
bool nic_take_frame(struct vm *vm, u8 *dst, u64 cap, u64 *len) { (void)vm, (void)dst, (void)cap, (void)len; return false; }
bool nic_mac(const struct vm *vm, u8 mac[6]) { (void)vm, (void)mac; return false; }
bool nic_link_up(const struct vm *vm) { return vm->nic != NULL; }
const char *linux_boot_prepare(struct vm *vm, u64 tsc_khz) { (void)vm, (void)tsc_khz; return "not here"; }

/* ---------------------------------------------------------------- a VM as creation leaves it */

static struct vm vm;
static struct vuart uart;
static struct cfg_vm cfg;

static void emit(void *ctx, const char *line) { (void)ctx, (void)line; }

/* What vms_create_all does for one VM, then what linux_boot_prepare adds for a Linux one. */
static void create(bool linux_boot)
{
	memset(&vm, 0, sizeof(vm));
	memset(&cfg, 0, sizeof(cfg));
	strcpy(cfg.name, "t");
	cfg.linux_boot = linux_boot;
	vm.cfg = &cfg;
	vm.profile = guest_profile_for(&cfg);
	vm.uart = &uart;
	vm.state = VM_RUNNING;
	vm.vcpu.vm = &vm;
	vuart_init(vm.uart, emit, &vm);
	if (linux_boot)
		assert_non_null(linux_platform_attach(&vm, 1000000));
	ended = -1;
}

static u32 io(u16 port, bool in, u8 size, u32 val)
{
	struct vm_exit e = { .kind = EXIT_IO, .inst_len = 1, .io = { .port = port, .size = size, .in = in } };
	vm.vcpu.regs.rax = val;
	handle_io(&vm.vcpu, &e);
	return (u32)vm.vcpu.regs.rax;
}

static bool noted(u16 port)
{
	for (u32 i = 0; i < vm.ndefault_ports; i++)
		if (vm.default_ports[i] == port)
			return true;
	return false;
}

/* ---------------------------------------------------------------- the choice */

static void test_chosen_from_config(void **state)
{
	struct cfg_vm elf = { .linux_boot = 0 }, lx = { .linux_boot = 1 };
	(void)state;
	assert_ptr_equal(guest_profile_for(&elf), &elf_guest_profile);
	assert_ptr_equal(guest_profile_for(&lx), &linux_guest_profile);
	assert_string_equal(elf_guest_profile.name, "elf");
	assert_string_equal(linux_guest_profile.name, "linux");
}

/*
 * An ELF guest has no hook into a Linux device model: every one is NULL but MMIO, which finds only
 * the VM's own TPM (vm->tpm, none here: not the IOAPIC's page, not the TPM's), and its RAM is flat.
 */
static void test_elf_profile_has_no_devices(void **state)
{
	const struct guest_profile *p = &elf_guest_profile;
	(void)state;
	create(false);
	assert_null(p->cpuid);
	assert_null(p->msr);
	assert_null(p->port);
	assert_null(p->uart_irq);
	assert_null(p->mmio(&vm, VIOAPIC_BASE));
	assert_null(p->mmio(&vm, 0xfed40000ULL));
	assert_null(p->before_entry);
	assert_null(p->wake_pending);
	assert_null(p->nic_notify);
	assert_int_equal(p->low_ram(GiB(4)), GiB(4));
	assert_int_equal(linux_guest_profile.low_ram(GiB(8)), e820_low_ram(GiB(8))); /* around the PCI hole */
	assert_true(linux_guest_profile.low_ram(GiB(8)) < GiB(4));
}

/* ---------------------------------------------------------------- port 0xCF8 from each kind */

/* An ELF guest's PCI configuration access gets the default answer, as for any port it has no device at. */
static void test_elf_pci_config_unsupported(void **state)
{
	(void)state;
	create(false);
	io(0xcf8, false, 4, 0x80000000u);
	assert_int_equal(vm.ports_dropped, 1);
	assert_int_equal(io(0xcfc, true, 4, 0), 0xffffffffu);
	assert_true(noted(0xcf8));
	assert_true(noted(0xcfc));
	assert_int_equal(vm.vcpu.regs.rip, 2);
	io(0x604, false, 1, 1); /* the Linux reset register: nothing to reset here */
	assert_int_equal(ended, -1);
	assert_null(vm.plat);
}

/* The same accesses from a Linux VM reach its host bridge and are not defaults. */
static void test_linux_pci_config(void **state)
{
	(void)state;
	create(true);
	io(0xcf8, false, 4, 0x80000000u);
	assert_int_equal(io(0xcfc, true, 4, 0), 0x00081b36); /* 00:00.0 host bridge */
	assert_int_equal(vm.ndefault_ports, 0);
	assert_int_equal(vm.ports_dropped, 0);
	assert_int_equal(vm.plat->pci.addr, 0x80000000u);
}

/* Chosen once: the core never asks the config again, so changing it afterwards changes nothing. */
static void test_chosen_once(void **state)
{
	(void)state;
	create(false);
	cfg.linux_boot = true;
	assert_int_equal(io(0xcfc, true, 4, 0), 0xffffffffu);
	assert_true(noted(0xcfc));
	create(true);
	cfg.linux_boot = false;
	io(0xcf8, false, 4, 0x80000000u);
	assert_int_equal(io(0xcfc, true, 4, 0), 0x00081b36);
}

/* ---------------------------------------------------------------- MMIO and the UART */

/* A fault on the IOAPIC page is not emulated for an ELF guest (the NPF then ends it). */
static void test_elf_ioapic_not_emulated(void **state)
{
	struct vm_exit e = { .kind = EXIT_NPF, .npf = { .gpa = VIOAPIC_BASE + 0x10, .write = true } };
	(void)state;
	create(false);
	assert_false(mmio_emulate(&vm.vcpu, &e));
	assert_int_equal(vm.vcpu.regs.rip, 0);
}

/* The UART's transmitter-empty interrupt pulses IOAPIC pin 4 in a Linux VM; an ELF VM has no IOAPIC. */
static void test_uart_interrupt_routing(void **state)
{
	(void)state;
	create(true);
	vioapic_write(&vm.plat->ioapic, 0, 0x10 + 2 * VUART_GSI); /* pin 4, low half: vector 0x24, unmasked */
	vioapic_write(&vm.plat->ioapic, 0x10, 0x24);
	vm.plat->lapic.svr = 0x1ff; /* APIC software-enabled */
	io(0x3f9, false, 1, 2); /* IER: transmitter empty */
	assert_int_equal(vlapic_pending(&vm.plat->lapic), 0x24);
	create(false);
	io(0x3f9, false, 1, 2); /* the same edge, nowhere to go (vm.plat is NULL) */
	assert_int_equal(vm.ndefault_ports, 0);
}

/* One platform per VM slot, in the state firmware leaves: BAR0 assigned, I/O decoding on. */
static void test_platform_attach(void **state)
{
	struct vm other = { .id = MAX_VMS };
	(void)state;
	create(true);
	assert_int_equal(vm.plat->pci.cmd, 1);
	assert_int_equal(vm.plat->pci.bar0, VNET_IO_BASE);
	assert_int_equal(vm.plat->pci.irq_line, VNET_GSI);
	assert_null(linux_platform_attach(&other, 1000000));
	assert_null(other.plat);
	other.id = 1;
	assert_non_null(linux_platform_attach(&other, 1000000));
	assert_ptr_not_equal(other.plat, vm.plat);
}

/* A frame for a Linux VM wakes its halted vCPU (virtio-net takes it before the next entry); a dead one stays dead. */
static void test_linux_nic_notify_wakes(void **state)
{
	(void)state;
	create(true);
	vm.vcpu.state = VCPU_BLOCKED;
	linux_guest_profile.nic_notify(&vm);
	assert_int_equal(vm.vcpu.state, VCPU_RUNNABLE);
	vm.vcpu.state = VCPU_DEAD;
	linux_guest_profile.nic_notify(&vm);
	assert_int_equal(vm.vcpu.state, VCPU_DEAD);
	assert_null(elf_guest_profile.nic_notify); /* the switch raises the NIC event bit itself */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chosen_from_config),
		cmocka_unit_test(test_elf_profile_has_no_devices),
		cmocka_unit_test(test_elf_pci_config_unsupported),
		cmocka_unit_test(test_linux_pci_config),
		cmocka_unit_test(test_chosen_once),
		cmocka_unit_test(test_elf_ioapic_not_emulated),
		cmocka_unit_test(test_uart_interrupt_routing),
		cmocka_unit_test(test_platform_attach),
		cmocka_unit_test(test_linux_nic_notify_wakes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
