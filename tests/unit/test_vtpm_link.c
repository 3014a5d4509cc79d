/* cordon unit tests: the vTPM link (vtpm/link.c): submit, busy, down, cancel, READY, RECV/SEND rights and bounds, ends. */
/* sources: vtpm/link.c vtpm/entropy.c kernel/vm_table.c kernel/mem/gpmap.c lib/tcg/measure_ev.c lib/cfg/cfg.c lib/cfg/cfg_keys.c lib/cfg/cfg_vtpm.c lib/fmt.c lib/str.c lib/sha256.c */
#include <tests/unit/unit.h>
#include <vtpm/vtpm.h>
#include <vtpm/link.h>
#include <kernel/vm.h>
#include <kernel/vm_ctl.h>
#include <kernel/console.h>
#include <kernel/share/share.h>
#include <kernel/trust/tpm.h>
#include <lib/fmt.h>

/*
 * Four VMs: CLIENT (vtpm = yes) paired with DOMAIN, PLAIN with no vTPM, and
 * OTHER, a second domain whose client entry names someone else. Each has 64
 * KiB of RAM at guest-physical 0.
 */
enum { CLIENT, DOMAIN, PLAIN, OTHER, NVMS };
#define MEM 0x10000ULL
#define BUF 0x4000ULL /* where the domain's runtime keeps its buffer */
static struct cfg_vm cfgs[NVMS];
static u8 ram[NVMS][MEM] __attribute__((aligned(4096)));
#define vms (vm_at(0))

/* ---------------------------------------------------------------- what link.c calls, recorded */
static u64 raised[NVMS];
static u32 completions;
static u8 last_rsp[CORDON_VTPM_BUF_MAX];
static u32 last_len;
static char console[512];
static bool start_fails, start_blocks;
static u32 destroyed;

void event_raise(struct vm *vm, u64 bits) { raised[vm->id] |= bits; }
void vtpm_complete(struct vm *client, const u8 *rsp, u32 len)
{
	assert_int_equal(client->id, CLIENT);
	assert_true(len <= sizeof(last_rsp));
	memcpy(last_rsp, rsp, len);
	last_len = len;
	completions++;
}
void kprintf(const char *fmt, ...)
{
	va_list ap;
	size_t n = strlen(console);
	va_start(ap, fmt);
	fmt_vsnprintf(console + n, sizeof(console) - n, fmt, ap);
	va_end(ap);
}
void vm_describe_end(const struct vm *vm, char *buf, u64 size)
{
	snprintf(buf, size, vm->end == END_EXIT ? "exited with code %llu" : "reason %llu",
		 vm->end == END_EXIT ? (unsigned long long)vm->end_detail : (unsigned long long)vm->end);
}
/* vm_end as kernel/vm.c does it: mark, then the units stop (here: only the vTPM one). */
void vm_end(struct vm *vm, enum end_reason why, u64 detail, u64 detail2)
{
	(void)detail2;
	if (vm->state != VM_RUNNING)
		return;
	vm->state = VM_ENDED;
	vm->end = why;
	vm->end_detail = detail;
	vtpm_unit_stop(vm);
}
const char *vm_ctl_start_domain(struct vm *vm)
{
	if (vm->state == VM_RUNNING)
		return "it is running";
	if (start_blocks) {
		vm->state = VM_WAITING;
		vm->blocked = true;
	} else {
		vm->state = start_fails ? VM_ENDED : VM_RUNNING;
	}
	return NULL;
}
const char *vm_ctl_destroy_domain(struct vm *vm)
{
	vm->blocked = false;
	destroyed++;
	return NULL;
}

/* The platform TPM for ENTROPY: none (an unmeasured boot), or one whose GetRandom gives 0x5a bytes or fails. */
static struct tpm_dev *platform_tpm;
static u32 tpm_rc, tpm_calls;
struct tpm_dev *tpm_get(void) { return platform_tpm; }
u32 tpm2_get_random(struct tpm_dev *d, u8 *out, u16 n)
{
	assert_ptr_equal(d, platform_tpm);
	tpm_calls++;
	memset(out, 0x5a, n);
	return tpm_rc;
}

/* The runtime log: records the EK name it was given, or refuses it. */
static bool log_fails;
static u32 logged;
static u8 logged_name[CORDON_VTPM_EK_NAME_LEN];
bool rtlog_vtpm_ek(struct vm *client, const u8 *name, u32 len)
{
	assert_int_equal(client->id, CLIENT);
	assert_int_equal(len, CORDON_VTPM_EK_NAME_LEN);
	if (log_fails)
		return false;
	memcpy(logged_name, name, len);
	logged++;
	return true;
}

/* ---------------------------------------------------------------- the world */
#define NAME_AT 0x8000ULL /* where the domain keeps its EK name */
static s64 ready(void)
{
	static const u8 name[CORDON_VTPM_EK_NAME_LEN] = { 0x00, 0x0b, 0xab, [33] = 0xcd };
	memcpy(ram[DOMAIN] + NAME_AT, name, sizeof(name));
	return vtpm_hc_ready(&vms[DOMAIN], NAME_AT, sizeof(name));
}

static int setup_unready(void **state)
{
	(void)state;
	vm_table_reset();
	memset(cfgs, 0, sizeof(cfgs));
	memset(ram, 0, sizeof(ram));
	memset(raised, 0, sizeof(raised));
	completions = last_len = destroyed = 0;
	console[0] = 0;
	start_fails = start_blocks = false;
	platform_tpm = NULL;
	tpm_rc = tpm_calls = 0;
	cfgs[CLIENT] = (struct cfg_vm){ .name = "client", .vtpm = 1, .vtpm_peer = DOMAIN };
	cfgs[DOMAIN] = (struct cfg_vm){ .name = "client-vtpm", .vtpm_domain = 1, .vtpm_peer = CLIENT };
	cfgs[PLAIN] = (struct cfg_vm){ .name = "plain" };
	cfgs[OTHER] = (struct cfg_vm){ .name = "stray-vtpm", .vtpm_domain = 1, .vtpm_peer = PLAIN };
	for (u32 i = 0; i < NVMS; i++) {
		struct vm *vm = vm_add();
		vm->cfg = &cfgs[i];
		vm->state = i == DOMAIN ? VM_WAITING : VM_RUNNING;
		vm->vcpu.vm = vm;
		assert_int_equal(gpmap_add(&vm->map, 0, MEM, (u64)(uintptr_t)ram[i], GP_R | GP_W | GP_X), 0);
	}
	log_fails = false;
	logged = 0;
	assert_null(vtpm_unit_start(&vms[CLIENT])); /* the client's start starts its domain */
	assert_int_equal(vms[DOMAIN].state, VM_RUNNING);
	return 0;
}

/* The usual world: the domain has made its EK and reported it. */
static int setup(void **state)
{
	setup_unready(state);
	assert_int_equal(ready(), CORDON_OK);
	console[0] = 0;
	return 0;
}

/* A command: TPM2_GetRandom(8) (TPM 2.0 Part 3, 16.1), with a marker byte so copies can be told apart. */
static const u8 getrandom[12] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7b, 0, 8 };
/* A response of 12 bytes whose header says 12 (success). */
static const u8 answer12[12] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0, 0, 0xaa, 0xbb };

static s64 recv(u32 vm, u64 max, u64 *len)
{
	return vtpm_hc_recv(&vms[vm], BUF, max, len);
}

static s64 send_bytes(u32 vm, const u8 *rsp, u64 len)
{
	memcpy(ram[vm] + BUF, rsp, len);
	return vtpm_hc_send(&vms[vm], BUF, len);
}

static void rc_is(u32 rc)
{
	u8 want[10];
	vtpm_error_response(want, rc);
	assert_int_equal(last_len, 10);
	assert_memory_equal(last_rsp, want, 10);
}

/* ---------------------------------------------------------------- the round trip */

static void test_error_response(void **state)
{
	u8 r[10];
	static const u8 want[10] = { 0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x01, 0x01 };
	(void)state;
	vtpm_error_response(r, VTPM_RC_FAILURE);
	assert_memory_equal(r, want, 10);
}

/* Submit copies the command and wakes the domain; RECV hands it over, SEND completes it. */
static void test_round_trip(void **state)
{
	u8 cmd[12];
	u64 len = 0;
	(void)state;
	memcpy(cmd, getrandom, sizeof(cmd));
	assert_true(vtpm_up(&vms[CLIENT]));
	assert_int_equal(vtpm_submit(&vms[CLIENT], cmd, sizeof(cmd)), VTPM_QUEUED);
	assert_int_equal(raised[DOMAIN], 1ULL << CORDON_EVENT_VTPM);
	memset(cmd, 0xee, sizeof(cmd)); /* the guest rewrites its buffer: the link kept its own copy */
	assert_int_equal(recv(DOMAIN, CORDON_VTPM_BUF_MAX, &len), CORDON_OK);
	assert_int_equal(len, sizeof(getrandom));
	assert_memory_equal(ram[DOMAIN] + BUF, getrandom, sizeof(getrandom));
	assert_int_equal(send_bytes(DOMAIN, answer12, sizeof(answer12)), CORDON_OK);
	assert_int_equal(completions, 1);
	assert_int_equal(last_len, 12);
	assert_memory_equal(last_rsp, answer12, 12);
	/* idle again: the next command is taken, and nothing waits now */
	assert_int_equal(recv(DOMAIN, CORDON_VTPM_BUF_MAX, &len), CORDON_E_AGAIN);
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, sizeof(getrandom)), VTPM_QUEUED);
}

/* One command at a time: a second one is refused, untouched, until the first is answered. */
static void test_busy(void **state)
{
	u64 len;
	(void)state;
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
	assert_int_equal(vtpm_submit(&vms[CLIENT], answer12, 12), VTPM_BUSY);
	assert_int_equal(recv(DOMAIN, 4096, &len), CORDON_OK);
	assert_int_equal(vtpm_submit(&vms[CLIENT], answer12, 12), VTPM_BUSY);
	assert_memory_equal(ram[DOMAIN] + BUF, getrandom, 12);
	assert_int_equal(send_bytes(DOMAIN, answer12, 12), CORDON_OK);
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
}

/* No vTPM, or a length no CRB buffer holds: down, nothing queued. */
static void test_submit_down(void **state)
{
	static u8 big[CORDON_VTPM_BUF_MAX + 1];
	(void)state;
	assert_false(vtpm_up(&vms[PLAIN]));
	assert_int_equal(vtpm_submit(&vms[PLAIN], getrandom, 12), VTPM_DOWN);
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 0), VTPM_DOWN);
	assert_int_equal(vtpm_submit(&vms[CLIENT], big, sizeof(big)), VTPM_DOWN);
	assert_int_equal(raised[DOMAIN], 0);
	assert_int_equal(vtpm_submit(&vms[CLIENT], big, CORDON_VTPM_BUF_MAX), VTPM_QUEUED);
}

/* A domain still waiting to start gets no event; it receives the command once it runs. */
static void test_domain_waiting(void **state)
{
	u64 len;
	(void)state;
	vm_end(&vms[CLIENT], END_OPERATOR, 0, 0);
	vms[CLIENT].state = VM_RUNNING;
	start_blocks = true;
	assert_null(vtpm_unit_start(&vms[CLIENT]));
	assert_true(vtpm_up(&vms[CLIENT]));
	memset(raised, 0, sizeof(raised));
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
	assert_int_equal(raised[DOMAIN], 0);
	vms[DOMAIN].state = VM_RUNNING; /* the scrub finished, it started */
	vms[DOMAIN].blocked = false;
	assert_int_equal(ready(), CORDON_OK); /* its engine made its EK */
	assert_int_equal(recv(DOMAIN, 4096, &len), CORDON_OK);
	assert_int_equal(len, 12);
}

/*
 * A domain waiting for a scrub keeps its last run's state (ended) while
 * blocked: still up. One whose retried start then failed (its units rolled
 * back before the vTPM unit ran, so no stop tells the link): down.
 */
static void test_domain_retry_fails(void **state)
{
	(void)state;
	vm_end(&vms[CLIENT], END_OPERATOR, 0, 0);
	vms[CLIENT].state = VM_RUNNING;
	vms[DOMAIN].state = VM_ENDED;
	start_blocks = true;
	assert_null(vtpm_unit_start(&vms[CLIENT]));
	vms[DOMAIN].state = VM_ENDED; /* vm_try_start leaves an ended slot as it was while it waits */
	assert_true(vtpm_up(&vms[CLIENT]));
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
	vms[DOMAIN].blocked = false; /* retried: END_CREATE_FAILED */
	assert_false(vtpm_up(&vms[CLIENT]));
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_DOWN);
}

/* A domain that cannot start fails the client's start; a missing pair is a configuration error. */
static void test_start_fails(void **state)
{
	(void)state;
	vm_end(&vms[CLIENT], END_OPERATOR, 0, 0);
	start_fails = true;
	assert_string_equal(vtpm_unit_start(&vms[CLIENT]), "its vTPM domain could not start");
	cfgs[CLIENT].vtpm_peer = PLAIN;
	assert_string_equal(vtpm_unit_start(&vms[CLIENT]), "its vTPM domain is missing from the configuration");
	assert_null(vtpm_unit_start(&vms[PLAIN]));  /* no vTPM: nothing to do */
	assert_null(vtpm_unit_start(&vms[DOMAIN])); /* a domain is no client */
}

/* ---------------------------------------------------------------- cancel */

/* Not yet received: answered at once with TPM_RC_CANCELED; the domain never sees it. */
static void test_cancel_queued(void **state)
{
	u64 len;
	(void)state;
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
	vtpm_cancel(&vms[CLIENT]);
	assert_int_equal(completions, 1);
	rc_is(0x909);
	assert_int_equal(recv(DOMAIN, 4096, &len), CORDON_E_AGAIN);
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
}

/* Received: the domain still answers; cancel with nothing outstanding, or without a vTPM, does nothing. */
static void test_cancel_in_domain(void **state)
{
	u64 len;
	(void)state;
	vtpm_cancel(&vms[CLIENT]);
	vtpm_cancel(&vms[PLAIN]);
	assert_int_equal(completions, 0);
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
	assert_int_equal(recv(DOMAIN, 4096, &len), CORDON_OK);
	vtpm_cancel(&vms[CLIENT]);
	assert_int_equal(completions, 0);
	assert_int_equal(send_bytes(DOMAIN, answer12, 12), CORDON_OK);
	assert_int_equal(completions, 1);
	assert_int_equal(last_len, 12);
}

/* ---------------------------------------------------------------- RECV and SEND: rights and bounds */

/* Only a domain may call them: the client, a plain VM get E_PERM and nothing moves. */
static void test_perm(void **state)
{
	u64 len = 77;
	(void)state;
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
	assert_int_equal(recv(CLIENT, 4096, &len), CORDON_E_PERM);
	assert_int_equal(recv(PLAIN, 4096, &len), CORDON_E_PERM);
	assert_int_equal(send_bytes(CLIENT, answer12, 12), CORDON_E_PERM);
	assert_int_equal(vtpm_hc_entropy(&vms[CLIENT], BUF, 16), CORDON_E_PERM);
	assert_int_equal(len, 77);
	assert_int_equal(completions, 0);
	/* a domain whose pair does not match (its "client" names another domain) has no client */
	assert_int_equal(recv(OTHER, 4096, &len), CORDON_E_NOENT);
	assert_int_equal(len, 77);
}

/* The hypercalls a domain may make: the basic five and its four. */
static void test_domain_calls(void **state)
{
	(void)state;
	for (u64 nr = 0; nr < 64; nr++) {
		bool want = nr <= CORDON_HC_EXIT || nr == CORDON_HC_VTPM_RECV || nr == CORDON_HC_VTPM_SEND ||
			    nr == CORDON_HC_ENTROPY || nr == CORDON_HC_VTPM_READY;
		assert_int_equal(vtpm_domain_may_call(nr), want);
	}
	assert_false(vtpm_domain_may_call(~0ULL));
}

/* RECV: max in 1..4096, the buffer writable guest memory; a command longer than max is refused. */
static void test_recv_bounds(void **state)
{
	u64 len = 77;
	(void)state;
	assert_int_equal(vtpm_hc_recv(&vms[DOMAIN], BUF, 0, &len), CORDON_E_INVAL);
	assert_int_equal(vtpm_hc_recv(&vms[DOMAIN], BUF, CORDON_VTPM_BUF_MAX + 1, &len), CORDON_E_INVAL);
	assert_int_equal(vtpm_hc_recv(&vms[DOMAIN], MEM - 100, 4096, &len), CORDON_E_FAULT);
	assert_int_equal(vtpm_hc_recv(&vms[DOMAIN], ~0ULL - 10, 4096, &len), CORDON_E_FAULT);
	assert_int_equal(vtpm_hc_recv(&vms[DOMAIN], MEM - 100, 100, &len), CORDON_E_AGAIN);
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
	assert_int_equal(recv(DOMAIN, 11, &len), CORDON_E_INVAL);
	assert_int_equal(len, 77);
	assert_int_equal(recv(DOMAIN, 12, &len), CORDON_OK);
	assert_int_equal(len, 12);
	/* received again (the runtime lost it): the same command */
	memset(ram[DOMAIN] + BUF, 0, 12);
	assert_int_equal(recv(DOMAIN, 12, &len), CORDON_OK);
	assert_memory_equal(ram[DOMAIN] + BUF, getrandom, 12);
}

/* SEND: only after a RECV, 10..4096 bytes of readable memory whose header gives that length. */
static void test_send_bounds(void **state)
{
	static u8 big[CORDON_VTPM_BUF_MAX + 1];
	u8 lying[12];
	u64 len;
	(void)state;
	assert_int_equal(send_bytes(DOMAIN, answer12, 12), CORDON_E_INVAL); /* nothing received */
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
	assert_int_equal(send_bytes(DOMAIN, answer12, 12), CORDON_E_INVAL); /* queued, not yet received */
	assert_int_equal(recv(DOMAIN, 4096, &len), CORDON_OK);
	assert_int_equal(send_bytes(DOMAIN, answer12, 9), CORDON_E_INVAL);
	assert_int_equal(vtpm_hc_send(&vms[DOMAIN], BUF, sizeof(big)), CORDON_E_INVAL);
	assert_int_equal(vtpm_hc_send(&vms[DOMAIN], MEM - 11, 12), CORDON_E_FAULT);
	memcpy(lying, answer12, 12);
	lying[5] = 200; /* says 200 bytes */
	assert_int_equal(send_bytes(DOMAIN, lying, 12), CORDON_E_INVAL);
	assert_int_equal(completions, 0);
	assert_int_equal(send_bytes(DOMAIN, answer12, 12), CORDON_OK);
	assert_int_equal(completions, 1);
	assert_int_equal(send_bytes(DOMAIN, answer12, 12), CORDON_E_INVAL); /* answered once only */
	assert_int_equal(completions, 1);
	(void)big;
}

/* ENTROPY: 1..256 bytes of writable memory; no TPM, or a failing one, is E_NODEV: never unmixed bytes. */
static void test_entropy(void **state)
{
	static struct tpm_dev *fake = (struct tpm_dev *)&fake;
	u8 *b = ram[DOMAIN] + BUF, raw[32];
	(void)state;
	assert_int_equal(vtpm_hc_entropy(&vms[DOMAIN], BUF, 0), CORDON_E_INVAL);
	assert_int_equal(vtpm_hc_entropy(&vms[DOMAIN], BUF, CORDON_ENTROPY_MAX + 1), CORDON_E_INVAL);
	assert_int_equal(vtpm_hc_entropy(&vms[DOMAIN], MEM - 8, 16), CORDON_E_FAULT);
	assert_int_equal(vtpm_hc_entropy(&vms[DOMAIN], BUF, 16), CORDON_E_NODEV);
	platform_tpm = fake;
	tpm_rc = 0x101;
	assert_int_equal(vtpm_hc_entropy(&vms[DOMAIN], BUF, 16), CORDON_E_NODEV);
	tpm_rc = 0;
	assert_int_equal(vtpm_hc_entropy(&vms[DOMAIN], BUF, 100), CORDON_OK);
	assert_int_equal(tpm_calls, 1 + 4); /* the failed one, then one per 32 bytes (32, 32, 32, 4) */
	memset(raw, 0x5a, sizeof(raw));
	assert_memory_not_equal(b, raw, 32); /* hashed with the CPU's share, never the TPM's bytes as they came */
	assert_int_equal(b[100], 0); /* nothing past len */
}

/* ---------------------------------------------------------------- ends */

/* The domain ends with a command in it: TPM_RC_FAILURE, a console line, and down for good. */
static void test_domain_ends_in_command(void **state)
{
	u64 len;
	(void)state;
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
	assert_int_equal(recv(DOMAIN, 4096, &len), CORDON_OK);
	vm_end(&vms[DOMAIN], END_EXIT, 3, 0);
	assert_int_equal(completions, 1);
	rc_is(VTPM_RC_FAILURE);
	assert_string_equal(console, "cordon: vm 'client': its vTPM ended: exited with code 3\n");
	assert_false(vtpm_up(&vms[CLIENT]));
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_DOWN);
	/* started again by someone: the link stays down until the client restarts */
	vms[DOMAIN].state = VM_RUNNING;
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_DOWN);
	assert_int_equal(send_bytes(DOMAIN, answer12, 12), CORDON_E_INVAL);
	assert_int_equal(completions, 1);
}

/* Queued, not yet received: failed the same way; idle: only the line. */
static void test_domain_ends_queued_or_idle(void **state)
{
	(void)state;
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
	vm_end(&vms[DOMAIN], END_TRIPLE_FAULT, 0, 0);
	assert_int_equal(completions, 1);
	rc_is(VTPM_RC_FAILURE);
	setup(NULL);
	vm_end(&vms[DOMAIN], END_TRIPLE_FAULT, 0, 0);
	assert_int_equal(completions, 0);
	assert_non_null(strstr(console, "its vTPM ended: reason 2"));
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_DOWN);
}

/* The client ends: its domain ends with it, with no line and no completion; a restart brings it all back. */
static void test_client_ends(void **state)
{
	u64 len;
	(void)state;
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
	vm_end(&vms[CLIENT], END_OPERATOR, 0, 0);
	assert_int_equal(vms[DOMAIN].state, VM_ENDED);
	assert_int_equal(vms[DOMAIN].end, END_CLIENT_ENDED);
	assert_int_equal(completions, 0);
	assert_string_equal(console, "");
	vms[CLIENT].state = VM_RUNNING; /* restarted */
	assert_null(vtpm_unit_start(&vms[CLIENT]));
	assert_true(vtpm_up(&vms[CLIENT]));
	assert_int_equal(ready(), CORDON_OK); /* the new run's EK */
	assert_int_equal(recv(DOMAIN, 4096, &len), CORDON_E_AGAIN); /* the old command is gone */
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
}

/* A client ending while its domain still waits to start cancels that start. */
static void test_client_ends_domain_waiting(void **state)
{
	(void)state;
	vm_end(&vms[CLIENT], END_OPERATOR, 0, 0);
	vms[CLIENT].state = VM_RUNNING;
	start_blocks = true;
	assert_null(vtpm_unit_start(&vms[CLIENT]));
	vm_end(&vms[CLIENT], END_OPERATOR, 0, 0);
	assert_int_equal(destroyed, 1);
	assert_false(vms[DOMAIN].blocked);
}

/* ---------------------------------------------------------------- READY: the EK name first */

/* Before READY a queued command stays queued (RECV refused); READY logs the name, prints it, and opens the link. */
static void test_ready_first(void **state)
{
	u64 len = 77;
	(void)state;
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
	assert_int_equal(recv(DOMAIN, 4096, &len), CORDON_E_PERM);
	assert_int_equal(len, 77);
	assert_int_equal(completions, 0);
	assert_int_equal(ready(), CORDON_OK);
	assert_int_equal(logged, 1);
	assert_int_equal(logged_name[2], 0xab);
	assert_string_equal(console, "cordon: vm 'client': vTPM EK name 000bab"
				     "000000000000000000000000000000000000000000000000000000000000cd\n");
	assert_int_equal(recv(DOMAIN, 4096, &len), CORDON_OK);
	assert_int_equal(len, 12);
}

/* Once per run; only 34 bytes of a SHA-256 name, in the domain's memory; only a domain with a client. */
static void test_ready_checks(void **state)
{
	(void)state;
	ram[DOMAIN][NAME_AT + 1] = 0x0c; /* SHA-384's id with a SHA-256 length */
	assert_int_equal(vtpm_hc_ready(&vms[DOMAIN], NAME_AT, CORDON_VTPM_EK_NAME_LEN), CORDON_E_INVAL);
	assert_int_equal(vtpm_hc_ready(&vms[DOMAIN], NAME_AT, 33), CORDON_E_INVAL);
	assert_int_equal(vtpm_hc_ready(&vms[DOMAIN], MEM - 20, CORDON_VTPM_EK_NAME_LEN), CORDON_E_FAULT);
	assert_int_equal(vtpm_hc_ready(&vms[CLIENT], NAME_AT, CORDON_VTPM_EK_NAME_LEN), CORDON_E_PERM);
	assert_int_equal(vtpm_hc_ready(&vms[PLAIN], NAME_AT, CORDON_VTPM_EK_NAME_LEN), CORDON_E_PERM);
	assert_int_equal(vtpm_hc_ready(&vms[OTHER], NAME_AT, CORDON_VTPM_EK_NAME_LEN), CORDON_E_NOENT);
	assert_int_equal(logged, 0);
	assert_int_equal(ready(), CORDON_OK);
	assert_int_equal(ready(), CORDON_E_BUSY);
	assert_int_equal(logged, 1);
}

/* A name the log cannot take ends the domain: the client's queued command fails, its TPM stays down. */
static void test_ready_unlogged(void **state)
{
	u64 len;
	(void)state;
	log_fails = true;
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
	assert_int_equal(ready(), CORDON_E_PERM);
	assert_int_equal(vms[DOMAIN].state, VM_ENDED);
	assert_non_null(strstr(console, "could not be logged"));
	assert_int_equal(completions, 1);
	rc_is(VTPM_RC_FAILURE);
	assert_false(vtpm_up(&vms[CLIENT]));
	assert_int_equal(recv(DOMAIN, 4096, &len), CORDON_E_PERM);
}

/* A new run of the client (and so of its domain) needs a new READY. */
static void test_ready_per_run(void **state)
{
	u64 len;
	(void)state;
	vtpm_unit_stop(&vms[CLIENT]);
	vms[DOMAIN].state = VM_WAITING;
	assert_null(vtpm_unit_start(&vms[CLIENT]));
	assert_int_equal(vtpm_submit(&vms[CLIENT], getrandom, 12), VTPM_QUEUED);
	assert_int_equal(recv(DOMAIN, 4096, &len), CORDON_E_PERM);
	assert_int_equal(ready(), CORDON_OK);
	assert_int_equal(recv(DOMAIN, 4096, &len), CORDON_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_error_response, setup),
		cmocka_unit_test_setup(test_round_trip, setup),
		cmocka_unit_test_setup(test_busy, setup),
		cmocka_unit_test_setup(test_submit_down, setup),
		cmocka_unit_test_setup(test_domain_waiting, setup),
		cmocka_unit_test_setup(test_domain_retry_fails, setup),
		cmocka_unit_test_setup(test_start_fails, setup),
		cmocka_unit_test_setup(test_cancel_queued, setup),
		cmocka_unit_test_setup(test_cancel_in_domain, setup),
		cmocka_unit_test_setup(test_perm, setup),
		cmocka_unit_test_setup(test_domain_calls, setup),
		cmocka_unit_test_setup(test_recv_bounds, setup),
		cmocka_unit_test_setup(test_send_bounds, setup),
		cmocka_unit_test_setup(test_entropy, setup),
		cmocka_unit_test_setup(test_domain_ends_in_command, setup),
		cmocka_unit_test_setup(test_domain_ends_queued_or_idle, setup),
		cmocka_unit_test_setup(test_client_ends, setup),
		cmocka_unit_test_setup(test_client_ends_domain_waiting, setup),
		cmocka_unit_test_setup(test_ready_first, setup_unready),
		cmocka_unit_test_setup(test_ready_checks, setup_unready),
		cmocka_unit_test_setup(test_ready_unlogged, setup_unready),
		cmocka_unit_test_setup(test_ready_per_run, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
