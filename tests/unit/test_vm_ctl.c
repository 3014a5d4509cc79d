/* cordon unit tests: VM lifecycle control (kernel/vm_ctl.c) over the real VM lifecycle (kernel/vm.c). */
/* sources: kernel/vm_ctl.c kernel/vm.c kernel/vm_table.c kernel/vm_units.c kernel/vm_describe.c kernel/dev/vuart.c kernel/mem/gpmap.c lib/str.c lib/fmt.c */
#include <tests/unit/unit.h>
#include <kernel/vm_ctl.h>
#include <kernel/vm_units.h>
#include <kernel/backend.h>
#include <kernel/profile.h>
#include <kernel/console.h>
#include <kernel/vcpu_state.h>
#include <kernel/mem/pmm.h>
#include <kernel/share/share.h>
#include <arch/x86_64/arch.h>
#include <cordon/hypercall.h>

/* ---------------------------------------------------------------- host stand-ins for the core */

static char out[8192]; /* every console line, to assert on what the operator reads */
void kprintf(const char *fmt, ...)
{
	va_list ap;
	size_t n = strlen(out);
	va_start(ap, fmt);
	if (n < sizeof(out))
		vsnprintf(out + n, sizeof(out) - n, fmt, ap);
	va_end(ap);
}

/* 1 GHz: a 60 s restart window is 6e13 TSC ticks, which no test run comes near. */
u64 tsc_khz(void) { return 1000000; }

/* The scrub queue: one outstanding job, finished when the test says so. */
static void (*scrub_done)(void *ctx);
static void *scrub_ctx;
static int nalloc;
u64 pmm_alloc(u64 bytes, u64 align) { (void)bytes, (void)align; return (u64)++nalloc << 30; }
void pmm_free_scrubbed(u64 base, u64 bytes, void (*finished)(void *ctx), void *ctx)
{
	(void)base, (void)bytes;
	assert_null(scrub_done); /* the tests end one VM at a time */
	scrub_done = finished;
	scrub_ctx = ctx;
}
bool pmm_scrub_busy(void) { return scrub_done != NULL; }
static void finish_scrub(void)
{
	void (*f)(void *) = scrub_done;
	assert_non_null(f);
	scrub_done = NULL; /* no longer busy when it reports, like pmm_scrub_step */
	f(scrub_ctx);
}

static int vm_inits, vm_destroys, vcpu_destroys;
static int f_vm_init(struct vm *vm) { vm->nested_root = 0x5000; vm->tag = 1; vm_inits++; return 0; }
static void f_vm_destroy(struct vm *vm) { vm->nested_root = 0; vm_destroys++; }
static int f_vcpu_init(struct vcpu *v) { v->hw = &vm_inits; return 0; }
static void f_vcpu_destroy(struct vcpu *v) { v->hw = NULL; vcpu_destroys++; }
static const struct backend fake = { .name = "fake", .vm_init = f_vm_init, .vm_destroy = f_vm_destroy,
				     .vcpu_init = f_vcpu_init, .vcpu_destroy = f_vcpu_destroy };
const struct backend *hv = &fake;
static u8 fpu_area[64];
int vcpu_state_init(struct vcpu *v) { v->fpu = fpu_area; return 0; }
void vcpu_state_free(struct vcpu *v) { v->fpu = NULL; }

static u64 raised;
static struct vm *raised_on;
void event_raise(struct vm *vm, u64 bits) { raised_on = vm, raised |= bits; }

/* Both guest kinds: prepare records the start; the Linux kind has its own stop request (the button). */
static int prepares, presses;
static u64 flat(u64 mem) { return mem; }
static const char *prepare(struct vm *vm, u64 khz, u64 loader)
{
	(void)khz, (void)loader;
	prepares++;
	vm->vcpu.regs.rip = 0x100000;
	return NULL;
}
static const char *press(struct vm *vm) { (void)vm; presses++; return "ACPI power button pressed"; }
const struct guest_profile elf_guest_profile = { .name = "elf", .low_ram = flat, .prepare = prepare };
const struct guest_profile linux_guest_profile = { .name = "linux", .low_ram = flat, .prepare = prepare,
						   .request_stop = press };

/* The units a start walks: a reference monitor that refuses on demand, a runtime-log counter, the core. */
static bool wall; /* the Chinese Wall holds every VM back */
static int measured_starts, measured_stops;
static bool may(struct vm *vm) { (void)vm; return !wall; }
static const char *measure_start(struct vm *vm) { vm->measured = true; measured_starts++; return NULL; }
static void measure_stop(struct vm *vm) { vm->measured = false; measured_stops++; }
static const struct vm_unit units[] = {
	{ .name = "reference monitor", .may_start = may },
	{ .name = "runtime log", .start = measure_start, .stop = measure_stop },
	{ .name = "memory and vCPU", .start = vm_core_start, .stop = vm_core_stop },
};

/* ---------------------------------------------------------------- the VMs: tiny, Linux, manual */

static struct bootinfo bi;
/* The test's TSC for the lifecycle's tick: restarts are counted against it. */
static u64 now;

static void add_vm(u32 i, const char *name, bool linux_boot, u32 start)
{
	struct cfg_vm *c = &bi.cfg.vms[i];
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->label, sizeof(c->label), "green");
	c->memory = MiB(2);
	c->linux_boot = linux_boot;
	c->start = start;
	bi.mods[bi.nmods++] = (struct bi_module){ .kind = BI_MOD_GUEST, .vm = i };
	bi.cfg.nvms++;
}

static int setup(void **state)
{
	(void)state;
	memset(&bi, 0, sizeof(bi));
	memset(out, 0, sizeof(out));
	vm_table_reset();
	scrub_done = NULL;
	now = 1000;
	raised = 0, raised_on = NULL;
	wall = false;
	prepares = presses = measured_starts = measured_stops = vm_inits = vm_destroys = vcpu_destroys = 0;
	add_vm(0, "tiny", false, CFG_START_BOOT);
	add_vm(1, "lx", true, CFG_START_BOOT);
	add_vm(2, "later", false, CFG_START_MANUAL);
	vms_create_all(&bi, units, ARRAY_SIZE(units));
	for (u32 i = 0; i < vm_count(); i++)
		vm_at(i)->label = 7; /* what rmon_init would set: it must survive every start */
	return 0;
}

static struct vm *tiny(void) { return vm_by_name("tiny"); }

static void start_ok(struct vm *vm)
{
	assert_null(vm_ctl_start(vm));
	assert_int_equal(vm->state, VM_RUNNING);
}

/* ---------------------------------------------------------------- tests */

static void test_by_name(void **state)
{
	(void)state;
	assert_ptr_equal(vm_by_name("lx"), vm_at(1));
	assert_ptr_equal(vm_by_name("later"), vm_at(2));
	assert_null(vm_by_name("lx2"));
	assert_null(vm_by_name(""));
}

/* Each request names why it is refused in the wrong state, and changes nothing then. */
static void test_refusals(void **state)
{
	struct vm *vm = vm_by_name("later");
	(void)state;
	assert_string_equal(vm_ctl_state(vm), "stopped"); /* start = manual, never started */
	assert_string_equal(vm_ctl_stop(vm, 0), "it is not running");
	assert_string_equal(vm_ctl_destroy(vm), "it is not running");
	assert_string_equal(vm_ctl_restart(vm), "it is not running");
	assert_int_equal(vm->state, VM_WAITING);
	assert_int_equal(prepares, 0);
	start_ok(vm);
	assert_string_equal(vm_ctl_state(vm), "running");
	assert_string_equal(vm_ctl_start(vm), "it is running");
	assert_null(vm_ctl_stop(vm, 1000));
	assert_string_equal(vm_ctl_state(vm), "stopping");
	assert_string_equal(vm_ctl_stop(vm, 1000), "it is already stopping");
	assert_null(vm_ctl_destroy(vm));
	assert_int_equal(vm->end, END_OPERATOR);
	assert_string_equal(vm_ctl_state(vm), "stopped");
	assert_string_equal(vm_ctl_destroy(vm), "it is not running");
	assert_string_equal(vm_ctl_stop(vm, 0), "it is not running");
}

/* An ended VM's slot starts from zero, but for what creation and rmon_init set and its restart history. */
static void test_start_again_resets_the_slot(void **state)
{
	struct vm *vm = tiny();
	const struct cfg_vm *cfg;
	struct vuart *uart;
	(void)state;
	start_ok(vm);
	cfg = vm->cfg, uart = vm->uart;
	vm->vcpu.nexits = 99;
	vm->vcpu.exit_counts[EXIT_IO] = 5;
	vm->vcpu.regs.rax = 0xdead;
	vm->grants[3].used = true;
	vm->ports[2].state = PORT_CONNECTED;
	vm->pending = 1ULL << CORDON_EVENT_NIC;
	vm->irq_pending = true;
	vm->nic = (struct vnic *)fpu_area;
	vm->ports_dropped = 4;
	vm->ndefault_msrs = 2;
	vm->life.nrestarts = 2;
	vm_end(vm, END_EXIT, 3, 0);
	assert_int_equal(measured_stops, 1);
	assert_null(vm_ctl_start(vm)); /* accepted, but its memory is still being scrubbed */
	assert_int_equal(vm->state, VM_WAITING);
	assert_true(vm->blocked);
	assert_string_equal(vm_ctl_state(vm), "waiting");
	assert_non_null(strstr(out, "cordon: vm 'tiny' waits: memory of an ended VM is still being scrubbed"));
	finish_scrub(); /* vm.c retries it */
	assert_int_equal(vm->state, VM_RUNNING);
	assert_int_equal(prepares, 2);
	assert_int_equal(measured_starts, 2); /* measured again */
	assert_int_equal(vm_inits, 2);
	assert_int_equal(vm->vcpu.nexits, 0);
	assert_int_equal(vm->vcpu.exit_counts[EXIT_IO], 0);
	assert_int_equal(vm->vcpu.regs.rax, 0);
	assert_int_equal(vm->vcpu.regs.rip, 0x100000);
	assert_false(vm->grants[3].used);
	assert_int_equal(vm->ports[2].state, PORT_FREE);
	assert_int_equal(vm->pending, 0);
	assert_false(vm->irq_pending);
	assert_null(vm->nic);
	assert_int_equal(vm->ports_dropped + vm->ndefault_msrs, 0);
	assert_int_equal(vm->end, END_NONE);
	assert_int_equal(vm->end_detail, 0);
	assert_false(vm->blocked);
	assert_true(vm->measured);
	assert_int_equal(vm->vcpu.state, VCPU_RUNNABLE);
	assert_ptr_equal(vm->vcpu.vm, vm);
	/* kept */
	assert_int_equal(vm->id, 0);
	assert_ptr_equal(vm->cfg, cfg);
	assert_ptr_equal(vm->uart, uart);
	assert_ptr_equal(vm->profile, &elf_guest_profile);
	assert_int_equal(vm->label, 7);
	assert_int_equal(vm->life.nrestarts, 2);
}

/* A Chinese Wall refusal leaves it waiting; it starts when the wall lets it (another VM's end). */
static void test_start_waits_for_the_wall(void **state)
{
	struct vm *vm = vm_by_name("later");
	(void)state;
	start_ok(tiny());
	wall = true;
	assert_null(vm_ctl_start(vm));
	assert_int_equal(vm->state, VM_WAITING);
	assert_string_equal(vm_ctl_state(vm), "waiting");
	assert_string_equal(vm_ctl_start(tiny()), "it is running");
	wall = false;
	vm_end(tiny(), END_EXIT, 0, 0);
	finish_scrub();
	assert_int_equal(vm->state, VM_RUNNING);
}

/* A tiny guest gets the stop bit, a Linux VM the button; still running at the deadline: destroyed. */
static void test_stop_deadline(void **state)
{
	struct vm *t = tiny(), *lx = vm_by_name("lx");
	char why[VM_END_TEXT];
	(void)state;
	start_ok(t);
	start_ok(lx);
	assert_null(vm_ctl_stop(t, 0)); /* the default deadline */
	assert_int_equal(raised, 1ULL << CORDON_EVENT_STOP);
	assert_ptr_equal(raised_on, t);
	assert_int_equal(presses, 0);
	assert_null(vm_ctl_stop(lx, 2500));
	assert_int_equal(presses, 1);
	assert_ptr_equal(raised_on, t); /* no event bit for Linux */
	assert_non_null(strstr(out, "cordon: vm 'lx': orderly stop: ACPI power button pressed; destroyed if still running in 2500 ms"));
	vm_ctl_tick(lx->stop_tsc - 1);
	assert_int_equal(lx->state, VM_RUNNING);
	vm_ctl_tick(lx->stop_tsc);
	assert_int_equal(lx->state, VM_ENDED);
	assert_int_equal(lx->end, END_STOP_DEADLINE);
	vm_describe_end(lx, why, sizeof(why));
	assert_string_equal(why, "did not stop within 2500 ms of the stop request: destroyed");
	assert_int_equal(t->state, VM_RUNNING); /* its own deadline is 30 s */
	assert_int_equal(t->stop_tsc - t->stop_asked_tsc, (u64)VM_STOP_DEADLINE_MS * tsc_khz() + 1);
	finish_scrub();
	vm_ctl_tick(t->stop_tsc);
	assert_int_equal(t->end, END_STOP_DEADLINE);
	vm_describe_end(t, why, sizeof(why));
	assert_string_equal(why, "did not stop within 30 s of the stop request: destroyed");
}

/* A VM that ends by itself before the deadline keeps its own reason; a new start has no deadline. */
static void test_stop_in_time(void **state)
{
	struct vm *t = tiny();
	(void)state;
	start_ok(t);
	assert_null(vm_ctl_stop(t, 1000));
	vm_end(t, END_EXIT, CORDON_EVENT_STOP, 0);
	assert_non_null(strstr(out, "cordon: vm 'tiny' ended"));
	assert_non_null(strstr(out, "ms after the stop request"));
	vm_ctl_tick(t->stop_tsc);
	assert_int_equal(t->end, END_EXIT);
	finish_scrub();
	start_ok(t);
	assert_int_equal(t->stop_tsc, 0);
	vm_ctl_tick(~0ULL);
	assert_int_equal(t->state, VM_RUNNING);
}

/* Restart: destroyed at once, started again only once its memory is scrubbed, measured again. */
static void test_restart_after_scrub(void **state)
{
	struct vm *t = tiny();
	(void)state;
	start_ok(t);
	assert_null(vm_ctl_restart(t));
	assert_int_equal(t->end, END_OPERATOR);
	assert_int_equal(measured_stops, 1);
	assert_string_equal(vm_ctl_state(t), "waiting");
	vm_ctl_tick(0);
	vm_ctl_tick(0);
	assert_int_equal(t->state, VM_ENDED); /* the scrub is not done */
	finish_scrub();
	assert_int_equal(t->state, VM_ENDED); /* the next scheduler pass starts it */
	vm_ctl_tick(0);
	assert_int_equal(t->state, VM_RUNNING);
	assert_int_equal(measured_starts, 2);
	assert_false(t->life.restart);
}

/* destroy cancels a restart that waits for its scrub, and 'q' relies on that. */
static void test_destroy_cancels_a_restart(void **state)
{
	struct vm *t = tiny();
	(void)state;
	start_ok(t);
	assert_null(vm_ctl_restart(t));
	assert_null(vm_ctl_destroy(t));
	assert_string_equal(vm_ctl_state(t), "stopped");
	finish_scrub();
	vm_ctl_tick(0);
	assert_int_equal(t->state, VM_ENDED);
	assert_string_equal(vm_ctl_destroy(t), "it is not running");
}

/* What acpi_regs.c does at a write of the reset register, then the scheduler's passes until the scrub ends. */
static void reset_and_scrub(struct vm *vm)
{
	vm_end(vm, END_RESET, 0, 0);
	vm_ctl_tick(now); /* on_reboot is decided here */
	finish_scrub();
	vm_ctl_tick(now);
}

/* on_reboot = restart: up to VM_RESTART_MAX restarts within the window, then it is left ended. */
static void test_reboot_loop_guard(void **state)
{
	struct vm *lx = vm_by_name("lx");
	(void)state;
	bi.cfg.vms[1].on_reboot = CFG_REBOOT_RESTART;
	start_ok(lx);
	for (u32 i = 1; i <= VM_RESTART_MAX; i++) {
		reset_and_scrub(lx);
		assert_int_equal(lx->state, VM_RUNNING);
		assert_int_equal(lx->life.nrestarts, i);
	}
	reset_and_scrub(lx);
	assert_int_equal(lx->state, VM_ENDED);
	assert_string_equal(vm_ctl_state(lx), "stopped");
	assert_non_null(strstr(out, "cordon: vm 'lx': reset more than 3 times within 60 s: left ended (reboot loop"));
	assert_int_equal(measured_starts, 1 + VM_RESTART_MAX);
	/* the operator may still start it */
	start_ok(lx);
}

/* The same VM restarted long ago does not count: only restarts within the window do. */
static void test_reboot_window_slides(void **state)
{
	struct vm *lx = vm_by_name("lx");
	(void)state;
	bi.cfg.vms[1].on_reboot = CFG_REBOOT_RESTART;
	start_ok(lx);
	for (u32 i = 1; i <= VM_RESTART_MAX; i++) { /* one restart a second */
		reset_and_scrub(lx);
		now += 1000 * tsc_khz();
	}
	now += (u64)(VM_RESTART_WINDOW_MS - 3000) * tsc_khz(); /* the first restart is 60 s ago now */
	reset_and_scrub(lx);
	assert_int_equal(lx->state, VM_RUNNING);
	assert_int_equal(lx->life.nrestarts, VM_RESTART_MAX + 1);
	reset_and_scrub(lx); /* but the second is not */
	assert_int_equal(lx->state, VM_ENDED);
}

/* on_reboot = destroy (the default), and a reset while an orderly stop is under way: left ended. */
static void test_reset_without_restart(void **state)
{
	struct vm *lx = vm_by_name("lx");
	(void)state;
	start_ok(lx);
	reset_and_scrub(lx);
	assert_int_equal(lx->state, VM_ENDED);
	bi.cfg.vms[1].on_reboot = CFG_REBOOT_RESTART;
	start_ok(lx);
	assert_null(vm_ctl_stop(lx, 0));
	reset_and_scrub(lx);
	assert_int_equal(lx->state, VM_ENDED);
	assert_non_null(strstr(out, "cordon: vm 'lx': reset while stopping: left ended"));
	vm_ctl_tick(now); /* a reset is acted on once */
	assert_int_equal(lx->state, VM_ENDED);
	assert_false(lx->life.restart);
}

int main(void)
{
	static const struct CMUnitTest t[] = {
		cmocka_unit_test_setup(test_by_name, setup),
		cmocka_unit_test_setup(test_refusals, setup),
		cmocka_unit_test_setup(test_start_again_resets_the_slot, setup),
		cmocka_unit_test_setup(test_start_waits_for_the_wall, setup),
		cmocka_unit_test_setup(test_stop_deadline, setup),
		cmocka_unit_test_setup(test_stop_in_time, setup),
		cmocka_unit_test_setup(test_restart_after_scrub, setup),
		cmocka_unit_test_setup(test_destroy_cancels_a_restart, setup),
		cmocka_unit_test_setup(test_reboot_loop_guard, setup),
		cmocka_unit_test_setup(test_reboot_window_slides, setup),
		cmocka_unit_test_setup(test_reset_without_restart, setup),
	};
	return cmocka_run_group_tests_name("vm_ctl", t, NULL, NULL);
}
