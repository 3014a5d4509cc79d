/* cordon vTPM: the link between a client VM and its vTPM domain: one command at a time, in cordon's buffer. */
#include <vtpm/vtpm.h>
#include <vtpm/link.h>
#include <kernel/vm.h>
#include <kernel/vm_ctl.h>
#include <kernel/console.h>
#include <kernel/share/share.h>
#include <kernel/trust/tpm.h>
#include <lib/tcg/measure_ev.h>
#include <lib/str.h>

/*
 * IDLE: nothing outstanding; QUEUED: a command waits in cmd for the domain;
 * IN_DOMAIN: the domain has received it and owes the answer; DOWN: the
 * domain ended while the client ran, or the client has ended: every submit
 * is answered with TPM_RC_FAILURE until the client starts again.
 */
enum link_state { LINK_IDLE, LINK_QUEUED, LINK_IN_DOMAIN, LINK_DOWN };

struct link {
	u32 state; /* enum link_state */
	bool ready; /* the domain's EK name is in the runtime log: only now may it receive commands */
	u32 len;
	u8 cmd[CORDON_VTPM_BUF_MAX]; /* a copy: the client may rewrite its own buffer at any time */
};
static struct link links[MAX_VMS]; /* by client VM id */

#define TPM_RC_CANCELED 0x909 /* RC_WARN + 0x009 (TPM 2.0 Part 2, 6.6.3) */

void vtpm_error_response(u8 out[10], u32 rc)
{
	static const u8 head[6] = { 0x80, 0x01, 0, 0, 0, 10 }; /* TPM_ST_NO_SESSIONS, size 10, big-endian */
	c_memcpy(out, head, sizeof(head));
	out[6] = (u8)(rc >> 24);
	out[7] = (u8)(rc >> 16);
	out[8] = (u8)(rc >> 8);
	out[9] = (u8)rc;
}

/* The partner cfg names, if both entries agree they are a pair (the loader checked, this costs nothing). */
static struct vm *partner(const struct vm *vm, bool want_domain)
{
	struct vm *p = vm_by_id(vm->cfg->vtpm_peer);
	if (!p || p == vm || p->cfg->vtpm_peer != vm->id || p->cfg->vtpm_domain != want_domain)
		return NULL;
	return p;
}

static struct vm *domain_of(const struct vm *client)
{
	return client->cfg->vtpm && !client->cfg->vtpm_domain && client->id < MAX_VMS ? partner(client, true) : NULL;
}

static struct vm *client_of(const struct vm *domain)
{
	struct vm *c = domain->cfg->vtpm_domain ? partner(domain, false) : NULL;
	return c && c->cfg->vtpm && c->id < MAX_VMS ? c : NULL;
}

static void answer(struct vm *client, u32 rc)
{
	u8 rsp[10];
	vtpm_error_response(rsp, rc);
	vtpm_complete(client, rsp, sizeof(rsp));
}

/* A domain that has ended (its start failed, or it stopped) takes no command: the link is down for good. */
static bool link_down(const struct vm *client, const struct vm *domain)
{
	struct link *l = &links[client->id];
	if (domain->state == VM_ENDED && !domain->blocked)
		l->state = LINK_DOWN;
	return l->state == LINK_DOWN;
}

bool vtpm_up(const struct vm *client)
{
	const struct vm *d = domain_of(client);
	return d && !link_down(client, d);
}

enum vtpm_submit vtpm_submit(struct vm *client, const u8 *cmd, u32 len)
{
	struct vm *d = domain_of(client);
	struct link *l;
	if (!d || link_down(client, d) || !len || len > CORDON_VTPM_BUF_MAX)
		return VTPM_DOWN;
	l = &links[client->id];
	if (l->state != LINK_IDLE)
		return VTPM_BUSY;
	c_memcpy(l->cmd, cmd, len);
	l->len = len;
	l->state = LINK_QUEUED;
	if (d->state == VM_RUNNING) /* a domain still waiting to start receives it once it runs */
		event_raise(d, 1ULL << CORDON_EVENT_VTPM);
	return VTPM_QUEUED;
}

/*
 * A command the domain has not yet received is answered at once, from
 * within this call, with TPM_RC_CANCELED; one it holds is answered by it
 * (libtpms finishes every command it starts).
 */
void vtpm_cancel(struct vm *client)
{
	struct vm *d = domain_of(client);
	struct link *l;
	if (!d)
		return;
	l = &links[client->id];
	if (l->state != LINK_QUEUED)
		return;
	l->state = LINK_IDLE;
	answer(client, TPM_RC_CANCELED);
}

s64 vtpm_hc_recv(struct vm *domain, u64 gpa, u64 max, u64 *out)
{
	struct vm *c;
	struct link *l;
	u8 *dst;
	if (!domain->cfg->vtpm_domain)
		return CORDON_E_PERM;
	if (!max || max > CORDON_VTPM_BUF_MAX)
		return CORDON_E_INVAL;
	if (!gpmap_access(&domain->map, gpa, max, GP_W)) /* a bad buffer shows before any command comes */
		return CORDON_E_FAULT;
	if (!(c = client_of(domain)))
		return CORDON_E_NOENT;
	l = &links[c->id];
	if (!l->ready) /* the runtime sends READY first: one that does not is broken, and gets no command */
		return CORDON_E_PERM;
	if (c->state != VM_RUNNING || (l->state != LINK_QUEUED && l->state != LINK_IN_DOMAIN))
		return CORDON_E_AGAIN;
	if (l->len > max)
		return CORDON_E_INVAL;
	dst = gpmap_access(&domain->map, gpa, l->len, GP_W);
	c_memcpy(dst, l->cmd, l->len);
	l->state = LINK_IN_DOMAIN; /* received again after a lost answer: the same command, once more */
	*out = l->len;
	return CORDON_OK;
}

/* The response's header must say its own length (TPM 2.0 Part 1, 18.2: tag, size, code; big-endian). */
static bool header_ok(const u8 *rsp, u64 len)
{
	u32 size = (u32)rsp[2] << 24 | (u32)rsp[3] << 16 | (u32)rsp[4] << 8 | rsp[5];
	return size == len;
}

s64 vtpm_hc_send(struct vm *domain, u64 gpa, u64 len)
{
	struct vm *c;
	struct link *l;
	const u8 *src;
	if (!domain->cfg->vtpm_domain)
		return CORDON_E_PERM;
	if (len < 10 || len > CORDON_VTPM_BUF_MAX)
		return CORDON_E_INVAL;
	if (!(src = gpmap_access(&domain->map, gpa, len, GP_R)))
		return CORDON_E_FAULT;
	if (!(c = client_of(domain)))
		return CORDON_E_NOENT;
	l = &links[c->id];
	if (l->state != LINK_IN_DOMAIN || c->state != VM_RUNNING || !header_ok(src, len))
		return CORDON_E_INVAL; /* no command was received, or this is no answer to one */
	l->state = LINK_IDLE;
	vtpm_complete(c, src, (u32)len);
	return CORDON_OK;
}

/*
 * READY: the engine made its EK. Its Name goes into PCR 10 before the first
 * command goes to the domain, so whatever the client does with this TPM is
 * bound to an identity a verifier saw in the quoted log. If the log cannot
 * take it, the domain ends: an unlogged vTPM must not serve.
 */
s64 vtpm_hc_ready(struct vm *domain, u64 gpa, u64 len)
{
	const u8 *name;
	struct vm *c;
	struct link *l;
	char hex[2 * CORDON_VTPM_EK_NAME_LEN + 1];
	if (!domain->cfg->vtpm_domain)
		return CORDON_E_PERM;
	if (len != CORDON_VTPM_EK_NAME_LEN)
		return CORDON_E_INVAL;
	if (!(name = gpmap_access(&domain->map, gpa, len, GP_R)))
		return CORDON_E_FAULT;
	if (!(c = client_of(domain)))
		return CORDON_E_NOENT;
	l = &links[c->id];
	if (l->ready || c->state != VM_RUNNING)
		return CORDON_E_BUSY; /* once per domain run: the log holds one identity per vTPM */
	if (name[0] != 0x00 || name[1] != 0x0b) /* TPM_ALG_SHA256 (TPM 2.0 Part 2, 6.3) */
		return CORDON_E_INVAL;
	if (!rtlog_vtpm_ek(c, name, (u32)len)) {
		kprintf("cordon: vm '%s': its vTPM's EK name could not be logged: ending the vTPM\n", c->cfg->name);
		vm_end(domain, END_EXIT, 4, 0);
		return CORDON_E_PERM;
	}
	l->ready = true;
	mev_hex_bytes(name, (u32)len, hex);
	kprintf("cordon: vm '%s': vTPM EK name %s\n", c->cfg->name, hex);
	return CORDON_OK;
}

/* The client starts: a fresh link, and its domain (which may wait for the reference monitor or a scrub). */
const char *vtpm_unit_start(struct vm *vm)
{
	struct vm *d;
	if (!vm->cfg->vtpm || vm->cfg->vtpm_domain)
		return NULL;
	if (!(d = domain_of(vm)))
		return "its vTPM domain is missing from the configuration";
	links[vm->id].state = LINK_IDLE;
	links[vm->id].ready = false; /* the domain starts anew and makes its EK again */
	links[vm->id].len = 0;
	if (d->state != VM_RUNNING)
		vm_ctl_start_domain(d);
	if (d->state != VM_RUNNING && !d->blocked)
		return "its vTPM domain could not start";
	return NULL;
}

/* The domain ended while its client runs: the client's command fails, and its TPM stays down. */
static void domain_ended(struct vm *domain)
{
	struct vm *c = client_of(domain);
	char why[VM_END_TEXT];
	struct link *l;
	bool outstanding;
	if (!c || c->state != VM_RUNNING)
		return; /* the client's own end stopped it, or it has no client */
	l = &links[c->id];
	if (l->state == LINK_DOWN)
		return;
	outstanding = l->state == LINK_QUEUED || l->state == LINK_IN_DOMAIN;
	l->state = LINK_DOWN; /* before the answer: a front end that submits again from vtpm_complete gets DOWN */
	vm_describe_end(domain, why, sizeof(why));
	kprintf("cordon: vm '%s': its vTPM ended: %s\n", c->cfg->name, why);
	if (outstanding)
		answer(c, VTPM_RC_FAILURE);
}

/* The client ends: its domain ends with it (or its pending start is cancelled). */
void vtpm_unit_stop(struct vm *vm)
{
	struct vm *d;
	if (vm->cfg->vtpm_domain) {
		domain_ended(vm);
		return;
	}
	if (!(d = domain_of(vm)))
		return;
	links[vm->id].state = LINK_DOWN;
	if (d->state == VM_RUNNING)
		vm_end(d, END_CLIENT_ENDED, 0, 0);
	else if (d->blocked)
		vm_ctl_destroy_domain(d);
}

/* A domain runs only the engine: it may print, yield and exit, and use its link; nothing of sharing or audit. */
bool vtpm_domain_may_call(u64 nr)
{
	switch (nr) {
	case CORDON_HC_NULL:
	case CORDON_HC_VERSION:
	case CORDON_HC_CONSOLE_WRITE:
	case CORDON_HC_YIELD:
	case CORDON_HC_EXIT:
	case CORDON_HC_VTPM_RECV:
	case CORDON_HC_VTPM_SEND:
	case CORDON_HC_ENTROPY:
	case CORDON_HC_VTPM_READY:
		return true;
	default:
		return false;
	}
}
