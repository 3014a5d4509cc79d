/* cordon core: management requests: a challenge per signed request, the operator's signature, then the operation. */
#include <kernel/trust/ctl.h>
#include <kernel/trust/audit.h>
#include <kernel/trust/tpm.h>
#include <kernel/console.h>
#include <kernel/vm.h>
#include <kernel/vm_ctl.h>
#include <kernel/policy_update.h>
#include <lib/mgmt/mgmt_frame.h>
#include <lib/sig/sig.h>
#include <lib/sha256.h>
#include <lib/str.h>
#include <lib/fmt.h>
#include <arch/x86_64/cpu.h>

#define TEXT_MAX 200

static struct sig_pub operator_key, policy_key;
static bool have_operator, have_policy;
static u8 seed[32];	     /* secret per boot: challenges cannot be predicted from earlier ones */
static u64 issued;	     /* challenges made so far: no two are equal within a boot */
static u8 challenge[MGMT_CHALLENGE_LEN];
static bool outstanding;     /* a challenge waits for its signed request */

static bool load_key(const struct bootinfo *bi, u32 kind, struct sig_pub *k, const char *what)
{
	const struct bi_module *m = bootinfo_module(bi, kind);
	const char *why;
	if (!m)
		return false;
	if ((why = sig_pub_parse((const u8 *)m->phys, (u32)m->size, k))) { /* the loader checked it: a broken handover */
		kprintf("cordon: %s '%s' unusable (%s): management requests are refused\n", what, m->name, why);
		return false;
	}
	return true;
}

/* The seed comes from the TPM when there is one, else from the TSC (weaker: docs/MANAGEMENT.md says so). */
static void seed_challenges(void)
{
	struct tpm_dev *d = tpm_get();
	u64 t = rdtsc();
	if (!d || tpm2_get_random(d, seed, sizeof(seed)) != TPM2_OK)
		sha256(&t, sizeof(t), seed);
}

void ctl_init(const struct bootinfo *bi)
{
	have_operator = load_key(bi, BI_MOD_OPERATOR_KEY, &operator_key, "operator_key");
	have_policy = load_key(bi, BI_MOD_POLICY_KEY, &policy_key, "policy_key");
	if (have_operator && !bootinfo_module(bi, BI_MOD_POLICY_KEY)) {
		policy_key = operator_key; /* boot.cfg names one key for both roles */
		have_policy = true;
	}
	seed_challenges();
	kprintf("cordon: management control %s\n", have_operator ? "enabled (requests signed by the operator key)"
								   : "disabled: boot.cfg names no operator_key");
}

/* challenge = SHA-256(seed || count): fresh for every request, unpredictable without the seed. */
static void new_challenge(void)
{
	struct sha256_ctx c;
	issued++;
	sha256_init(&c);
	sha256_update(&c, seed, sizeof(seed));
	sha256_update(&c, &issued, sizeof(issued));
	sha256_final(&c, challenge);
	outstanding = true;
}

/* A response's status and text; the operation's items, if any, follow before mgmt_end. */
static void answer(struct mgmt_wr *w, u8 *rsp, u32 cap, u32 status, const char *text)
{
	mgmt_begin(w, rsp, cap, MGMT_CTL_RSP);
	mgmt_item_u32(w, MGMT_T_STATUS, status);
	mgmt_item(w, MGMT_T_TEXT, text, (u32)c_strlen(text));
}

static u32 respond(u8 *rsp, u32 cap, u32 status, const char *text)
{
	struct mgmt_wr w;
	answer(&w, rsp, cap, status, text);
	return mgmt_end(&w);
}

/*
 * One audit record per signed or malformed request: who asked, what, and
 * cordon's answer. A request that is not the operator's names no VM in its
 * record: what it names is the sender's choice, and distinct names would be
 * distinct records, so anyone on the channel could push the operator's
 * records out of the ring. Without the name, repeats are counted instead.
 */
static void audit_request(const struct ctl_req *r, bool signer, u32 status)
{
	char obj[CFG_NAME_MAX + 8];
	if (!signer || !r->nvm || r->op == MGMT_OP_POLICY_LOAD)
		fmt_snprintf(obj, sizeof(obj), "%s", r->op == MGMT_OP_POLICY_LOAD ? "policy" : "-");
	else
		fmt_snprintf(obj, sizeof(obj), "vm:%s", r->vm[0]);
	audit_log(AUDIT_CTL, signer ? "operator" : "anyone", "-", obj, ctl_op_name(r->op), mgmt_status_name(status));
}

/* Is this the operator, answering the challenge cordon issued last? Uses the challenge up either way. */
static u32 authenticate(u16 type, const u8 *p, const struct ctl_req *r, const char **why)
{
	u8 digest[32];
	bool fresh = outstanding && r->has_challenge && !c_memcmp(r->challenge, challenge, sizeof(challenge));
	outstanding = false; /* used up before anything else is looked at */
	if (!have_operator)
		return *why = "boot.cfg names no operator_key: management control is disabled", MGMT_S_UNAUTHENTICATED;
	if (!r->sig)
		return *why = "this operation needs the operator's signature", MGMT_S_UNAUTHENTICATED;
	if (!fresh)
		return *why = "not the challenge cordon issued last (ask for a new one): refused as a replay",
		       MGMT_S_STALE;
	ctl_req_digest(type, p, r->signed_len, digest);
	if ((*why = sig_verify(&operator_key, digest, r->sig, r->sig_len)))
		return MGMT_S_UNAUTHENTICATED;
	return MGMT_S_OK;
}

static u32 read_only(const struct ctl_req *r, u8 *rsp, u32 cap)
{
	struct mgmt_wr w;
	answer(&w, rsp, cap, MGMT_S_OK, "ok");
	if (r->op == MGMT_OP_LIST)
		ctl_list(&w);
	else if (r->op == MGMT_OP_POLICY_SHOW)
		ctl_policy_show(&w);
	else
		ctl_audit(&w, r->seq);
	return mgmt_end(&w);
}

/*
 * The envelope: magic, serial, the policy's digest, then the authority's
 * signature over all three. On success digest is the policy's SHA-256.
 */
static u32 check_envelope(const struct ctl_req *r, u64 *serial, u8 digest[32], const char **why)
{
	const struct mgmt_policy_sig *e = (const struct mgmt_policy_sig *)r->policy_sig;
	u8 want[32];
	struct sha256_ctx c;
	u32 slen;
	if (r->policy_sig_len < sizeof(*e))
		return *why = "the policy envelope is truncated", MGMT_S_BAD_POLICY;
	slen = (u32)e->sig_len[0] << 8 | e->sig_len[1];
	if (c_memcmp(e->magic, "CPS1", 4) || r->policy_sig_len != sizeof(*e) + slen)
		return *why = "the policy envelope is malformed", MGMT_S_BAD_POLICY;
	sha256(r->policy, r->policy_len, digest);
	if (c_memcmp(digest, e->policy_sha256, 32))
		return *why = "the envelope was signed for another policy", MGMT_S_BAD_POLICY;
	*serial = 0;
	for (u32 i = 0; i < 8; i++)
		*serial = *serial << 8 | e->serial[i];
	sha256_init(&c);
	sha256_update(&c, MGMT_POLICY_DOMAIN, sizeof(MGMT_POLICY_DOMAIN) - 1);
	sha256_update(&c, e->serial, 8 + 32); /* serial then the policy's digest, as the authority signed them */
	sha256_final(&c, want);
	if (!have_policy || sig_verify(&policy_key, want, r->policy_sig + sizeof(*e), slen))
		return *why = "the policy is not signed by the policy authority boot.cfg names", MGMT_S_BAD_POLICY;
	return MGMT_S_OK;
}

static u32 load_policy_req(const struct ctl_req *r, char *text, u32 cap)
{
	const char *stop[CTL_MAX_VMS], *why = NULL;
	u64 serial;
	u8 sha[32];
	u32 st = check_envelope(r, &serial, sha, &why), nstop = 0;
	if (st != MGMT_S_OK) {
		fmt_snprintf(text, cap, "%s", why);
		return st;
	}
	if (r->flags & MGMT_F_STOP_CONFLICTING)
		for (; nstop < r->nvm; nstop++)
			stop[nstop] = r->vm[nstop];
	return policy_update(r->policy, r->policy_len, sha, serial, stop, nstop, text, cap);
}

static u32 vm_op(const struct ctl_req *r, char *text, u32 cap)
{
	struct vm *vm = vm_by_name(r->vm[0]);
	const char *why;
	if (!vm) {
		fmt_snprintf(text, cap, "no VM is called '%s'", r->vm[0]);
		return MGMT_S_NO_SUCH_VM;
	}
	switch (r->op) {
	case MGMT_OP_START: why = vm_ctl_start(vm); break;
	case MGMT_OP_STOP: why = vm_ctl_stop(vm, VM_STOP_DEADLINE_MS); break;
	case MGMT_OP_DESTROY: why = vm_ctl_destroy(vm); break;
	default: why = vm_ctl_restart(vm); break;
	}
	if (why) {
		fmt_snprintf(text, cap, "%s '%s': %s", ctl_op_name(r->op), vm->cfg->name, why);
		return MGMT_S_WRONG_STATE;
	}
	fmt_snprintf(text, cap, "%s '%s': done (now %s)", ctl_op_name(r->op), vm->cfg->name, vm_ctl_state(vm));
	return MGMT_S_OK;
}

static u32 request(const u8 *p, u32 len, u8 *rsp, u32 cap)
{
	struct ctl_req r;
	char text[TEXT_MAX];
	const char *why = ctl_req_parse(p, len, &r);
	u32 st;
	if (why) {
		outstanding = false; /* a malformed request may have been meant as the signed one */
		audit_request(&r, false, MGMT_S_BAD_REQUEST);
		return respond(rsp, cap, MGMT_S_BAD_REQUEST, why);
	}
	if (!ctl_op_signed(r.op))
		return read_only(&r, rsp, cap);
	if ((st = authenticate(MGMT_CTL_REQ, p, &r, &why)) != MGMT_S_OK) {
		audit_request(&r, false, st);
		kprintf("cordon: management request %s refused: %s\n", ctl_op_name(r.op), why);
		return respond(rsp, cap, st, why);
	}
	st = r.op == MGMT_OP_POLICY_LOAD ? load_policy_req(&r, text, sizeof(text)) : vm_op(&r, text, sizeof(text));
	audit_request(&r, true, st);
	kprintf("cordon: operator: %s\n", text);
	return respond(rsp, cap, st, text);
}

u32 ctl_handle(u16 type, const u8 *payload, u32 len, u8 *rsp, u32 cap)
{
	struct mgmt_wr w;
	if (type == MGMT_CTL_REQ)
		return request(payload, len, rsp, cap);
	new_challenge();
	mgmt_begin(&w, rsp, cap, MGMT_CHALLENGE_RSP);
	mgmt_item(&w, MGMT_T_CHALLENGE, challenge, sizeof(challenge));
	return mgmt_end(&w);
}
