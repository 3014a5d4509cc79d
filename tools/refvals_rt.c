/* cordon tools: runtime-log (PCR 10) checks: started, policy-loaded, then vm-start/vm-stop of known VMs, vTPM EKs and policy changes. */
#include <stdlib.h>
#include <string.h>
#include <tools/refvals_int.h>
#include <lib/sha256.h>

#define P_STARTED "cordon started "
#define P_POLICY "cordon policy-loaded "
#define P_START "cordon vm-start "
#define P_STOP "cordon vm-stop "
#define P_CHANGED "cordon policy-changed "
#define P_VTPM_EK "cordon vtpm-ek "

/* A vm-start / vm-stop event taken apart (forms: lib/tcg/measure_ev.c, mev_rt_vm_start and mev_rt_vm_stop). */
struct vm_ev {
	bool stop;
	char name[CFG_NAME_MAX], label[CFG_NAME_MAX];
	u8 image[32];
};

static bool starts(const struct tcg_event *ev, const char *prefix)
{
	size_t n = strlen(prefix);
	return ev->data_len >= n && !memcmp(ev->data, prefix, n);
}

/* "KEY=VALUE" at *s, VALUE running to the next space or the end; then that space, if want_space. */
static bool kv(const char **s, const char *end, const char *key, char *out, size_t cap, bool want_space)
{
	size_t k = strlen(key), n = 0;
	if ((size_t)(end - *s) < k || memcmp(*s, key, k))
		return false;
	*s += k;
	while (*s + n < end && (*s)[n] != ' ')
		n++;
	if (n == 0 || n >= cap)
		return false;
	memcpy(out, *s, n);
	out[n] = 0;
	*s += n;
	if (!want_space)
		return true;
	return *s < end && *(*s)++ == ' ';
}

/* name=N label=L image=HEX, and for a stop " reason=R" with R non-empty (the rest of the event). */
static bool parse_vm_event(const struct tcg_event *ev, struct vm_ev *v)
{
	const char *s = (const char *)ev->data, *end = s + ev->data_len;
	char hex[65];
	v->stop = starts(ev, P_STOP);
	s += strlen(v->stop ? P_STOP : P_START);
	if (!kv(&s, end, "name=", v->name, sizeof(v->name), true) ||
	    !kv(&s, end, "label=", v->label, sizeof(v->label), true) ||
	    !kv(&s, end, "image=", hex, sizeof(hex), v->stop) || refvals_unhex(hex, v->image) < 0)
		return false;
	if (!v->stop)
		return s == end;
	/* The reason is free text (it may hold spaces): only its presence is checked. */
	return end - s > 7 && !memcmp(s, "reason=", 7);
}

/* Reports the expected runtime events before position upto that never came. */
static void missing_rt(struct matcher *m, u32 upto)
{
	for (; m->rt_next < upto; m->rt_next++)
		rv_add(m, RV_ERROR, "runtime", "missing runtime event '%s'",
		       refvals_kind_name(m->ref->rt[m->rt_next].kind));
}

/* The boot policy, as the reference expected it: accepted by definition (format 1 files give it no name). */
static void boot_policy(struct matcher *m, const char *hex)
{
	struct rv_policy *p = &m->out->policy;
	const struct ref_policy *a;
	if (refvals_unhex(hex, p->sha256) < 0)
		return;
	a = refvals_accepted(m->ref, p->sha256);
	p->known = p->accepted = true;
	snprintf(p->name, sizeof(p->name), "%s", a ? a->name : "-");
}

/* started / policy-loaded: each once, in the reference's order, with exactly the expected text. */
static void fixed_event(struct matcher *m, const struct tcg_event *ev, u32 kind)
{
	const struct refvals *ref = m->ref;
	char a[SHOW_BUF], b[SHOW_BUF];
	u32 j;
	for (j = 0; j < ref->nrt && ref->rt[j].kind != kind; j++)
		;
	if (j == ref->nrt || j < m->rt_next) {
		rv_add(m, RV_ERROR, "runtime", "unexpected %sruntime event '%s'", j == ref->nrt ? "" : "second ",
		       rv_show(ev->data, ev->data_len, a));
		return;
	}
	missing_rt(m, j);
	m->rt_next = j + 1;
	if (ev->data_len != strlen(ref->rt[j].data) || memcmp(ev->data, ref->rt[j].data, ev->data_len)) {
		rv_add(m, RV_ERROR, "runtime", "runtime event '%s' differs: '%s', expected '%s'", refvals_kind_name(kind),
		       rv_show(ev->data, ev->data_len, a),
		       rv_show((const u8 *)ref->rt[j].data, (u32)strlen(ref->rt[j].data), b));
		return;
	}
	if (kind == REF_RT_POLICY)
		boot_policy(m, ref->rt[j].data + strlen(P_POLICY));
}

static int find_vm(const struct refvals *r, const char *name)
{
	for (u32 i = 0; i < r->nvms; i++)
		if (!strcmp(r->vms[i].name, name))
			return (int)i;
	return -1;
}

/* A VM event names a reference VM, with that VM's label and image digest; starts and stops alternate. */
static void vm_event(struct matcher *m, const struct tcg_event *ev)
{
	struct vm_ev v;
	const struct ref_vm *rv;
	char a[SHOW_BUF], comp[48], h1[65], h2[65];
	const char *verb;
	int i;
	missing_rt(m, m->ref->nrt); /* VMs start only after the started (and policy-loaded) events */
	if (!parse_vm_event(ev, &v)) {
		rv_add(m, RV_ERROR, "runtime", "malformed VM event '%s'", rv_show(ev->data, ev->data_len, a));
		return;
	}
	verb = v.stop ? "stopped" : "started";
	if ((i = find_vm(m->ref, v.name)) < 0) {
		rv_add(m, RV_ERROR, "runtime", "unknown VM '%s' %s", rv_show((const u8 *)v.name, (u32)strlen(v.name), a),
		       verb);
		return;
	}
	rv = &m->ref->vms[i];
	snprintf(comp, sizeof(comp), "vm:%s", rv->name);
	if (strcmp(v.label, rv->label))
		rv_add(m, RV_ERROR, comp, "VM '%s' %s with label '%s', expected '%s'", rv->name, verb,
		       rv_show((const u8 *)v.label, (u32)strlen(v.label), a), rv->label);
	if (memcmp(v.image, rv->image_digest, 32)) {
		mev_hex(v.image, h1);
		mev_hex(rv->image_digest, h2);
		rv_add(m, RV_ERROR, comp, "VM '%s' %s with image digest %s, expected %s", rv->name, verb, h1, h2);
	}
	if (v.stop != m->running[i])
		rv_add(m, RV_WARNING, comp, "VM '%s' %s", rv->name,
		       v.stop ? "stopped but was not running" : "started again while running");
	m->running[i] = !v.stop;
	m->ek_logged[i] = 0; /* a domain's every run makes a new EK */
}

/* name=N serial=S sha256=HEX (form: lib/tcg/measure_ev.c, mev_rt_policy_changed). */
static bool parse_changed(const struct tcg_event *ev, char name[CFG_NAME_MAX], u64 *serial, u8 sha[32])
{
	const char *s = (const char *)ev->data + strlen(P_CHANGED), *end = (const char *)ev->data + ev->data_len;
	char num[24], hex[65], *e;
	if (!kv(&s, end, "name=", name, CFG_NAME_MAX, true) || !kv(&s, end, "serial=", num, sizeof(num), true) ||
	    !kv(&s, end, "sha256=", hex, sizeof(hex), false) || s != end || refvals_unhex(hex, sha) < 0)
		return false;
	if (num[0] < '0' || num[0] > '9')
		return false;
	*serial = strtoull(num, &e, 10);
	return !*e;
}

/*
 * A policy loaded at run time: its serial rises, and it is accepted only if
 * the reference lists its SHA-256. The one in force at the end of the log
 * decides (rv_runtime_end); one replaced before is noted as a warning.
 */
static void policy_changed(struct matcher *m, const struct tcg_event *ev)
{
	struct rv_policy *p = &m->out->policy, n = { .known = true, .changed = true };
	char a[SHOW_BUF], h[65];
	missing_rt(m, m->ref->nrt); /* only after the started (and policy-loaded) events */
	if (!parse_changed(ev, n.name, &n.serial, n.sha256)) {
		rv_add(m, RV_ERROR, "runtime", "malformed policy-changed event '%s'", rv_show(ev->data, ev->data_len, a));
		return;
	}
	if (n.serial <= p->serial)
		rv_add(m, RV_ERROR, "policy", "policy '%s' loaded with serial %llu, not above the previous %llu", n.name,
		       (unsigned long long)n.serial, (unsigned long long)p->serial);
	if (p->changed && !p->accepted) {
		mev_hex(p->sha256, h);
		rv_add(m, RV_WARNING, "policy", "policy '%s' (sha256 %s), not in the reference values, was in force "
		       "before policy '%s'", p->name, h, n.name);
	}
	n.accepted = refvals_accepted(m->ref, n.sha256) != NULL;
	n.changes = p->changes + 1;
	*p = n;
}

/*
 * Whether the reference VM i has vtpm = yes: boot.cfg then adds its domain
 * NAME-vtpm (lib/cfg/cfg_vtpm.c), and the reference lists that domain as a
 * VM; the configuration refuses a VM of its own by that name.
 */
static int vtpm_domain_of(const struct refvals *r, u32 i)
{
	char name[CFG_NAME_MAX + sizeof(CFG_VTPM_SUFFIX)];
	snprintf(name, sizeof(name), "%s" CFG_VTPM_SUFFIX, r->vms[i].name);
	return find_vm(r, name);
}

/* name=CLIENT ek=HEX: an even number of hex digits, 4 to 128 (form: mev_rt_vtpm_ek). */
static bool parse_vtpm_ek(const struct tcg_event *ev, char name[CFG_NAME_MAX], char hex[129])
{
	const char *s = (const char *)ev->data + strlen(P_VTPM_EK), *end = (const char *)ev->data + ev->data_len;
	size_t n;
	if (!kv(&s, end, "name=", name, CFG_NAME_MAX, true) || !kv(&s, end, "ek=", hex, 129, false) || s != end)
		return false;
	n = strlen(hex);
	if (n < 4 || n % 2 || strspn(hex, "0123456789abcdef") != n)
		return false;
	return true;
}

/*
 * A vTPM's EK name: accepted only for a reference VM with vtpm = yes, while
 * it and its domain run (after both vm-start events), once per run of the
 * domain. The name itself is new on every boot, so it is reported, not matched.
 */
static void vtpm_ek(struct matcher *m, const struct tcg_event *ev)
{
	char a[SHOW_BUF], name[CFG_NAME_MAX], hex[129], comp[48];
	struct rv_report *out = m->out;
	int i, d;
	missing_rt(m, m->ref->nrt);
	if (!parse_vtpm_ek(ev, name, hex)) {
		rv_add(m, RV_ERROR, "runtime", "malformed vtpm-ek event '%s'", rv_show(ev->data, ev->data_len, a));
		return;
	}
	if ((i = find_vm(m->ref, name)) < 0 || (d = vtpm_domain_of(m->ref, (u32)i)) < 0) {
		rv_add(m, RV_ERROR, "runtime", "vtpm-ek event for %s VM '%s'", i < 0 ? "unknown" : "vTPM-less",
		       rv_show((const u8 *)name, (u32)strlen(name), a));
		return;
	}
	snprintf(comp, sizeof(comp), "vm:%s", name);
	if (!m->running[i] || !m->running[d]) {
		rv_add(m, RV_ERROR, comp, "vtpm-ek event for VM '%s' before its %s started", name,
		       m->running[i] ? "vTPM domain" : "VM");
		return;
	}
	if (m->ek_logged[d]) {
		rv_add(m, RV_ERROR, comp, "second vtpm-ek event for VM '%s' in one run of its vTPM", name);
		return;
	}
	m->ek_logged[d] = 1;
	if (out->nvtpm < CFG_MAX_VMS) {
		snprintf(out->vtpm[out->nvtpm].client, CFG_NAME_MAX, "%s", name);
		snprintf(out->vtpm[out->nvtpm].ek_name, sizeof(out->vtpm[0].ek_name), "%s", hex);
		out->nvtpm++;
	}
}

void rv_runtime_event(struct matcher *m, const struct tcg_event *ev)
{
	char a[SHOW_BUF];
	u8 d[32];
	if (ev->pcr != MEV_PCR_RUNTIME || ev->type != MEV_EVENT_TYPE) {
		rv_add(m, RV_ERROR, "log:runtime", "offset %u: event (PCR %u, type 0x%x) is not an EV_IPL event in PCR %u",
		       ev->offset, ev->pcr, ev->type, MEV_PCR_RUNTIME);
		return;
	}
	sha256(ev->data, ev->data_len, d);
	if (!ev->sha256 || memcmp(d, ev->sha256, 32))
		rv_add(m, RV_ERROR, "log:runtime", "offset %u: digest is not SHA-256 of the event '%s'", ev->offset,
		       rv_show(ev->data, ev->data_len, a));
	if (starts(ev, P_STARTED))
		fixed_event(m, ev, REF_RT_STARTED);
	else if (starts(ev, P_POLICY))
		fixed_event(m, ev, REF_RT_POLICY);
	else if (starts(ev, P_START) || starts(ev, P_STOP))
		vm_event(m, ev);
	else if (starts(ev, P_CHANGED))
		policy_changed(m, ev);
	else if (starts(ev, P_VTPM_EK))
		vtpm_ek(m, ev);
	else
		rv_add(m, RV_ERROR, "runtime", "unexpected runtime event '%s'", rv_show(ev->data, ev->data_len, a));
}

/* The verdict on the policy in force: one the reference values do not list is an error. */
static void active_policy(struct matcher *m)
{
	const struct rv_policy *p = &m->out->policy;
	char h[65];
	if (!p->known)
		return;
	mev_hex(p->sha256, h);
	if (!p->accepted)
		rv_add(m, RV_ERROR, "policy", "policy in force '%s' (serial %llu, sha256 %s) is not in the reference values",
		       p->name, (unsigned long long)p->serial, h);
	else
		rv_add(m, RV_INFO, "policy", "policy in force: %s '%s' (serial %llu, sha256 %s), accepted",
		       p->changed ? "loaded at run time," : "the boot policy", p->name, (unsigned long long)p->serial, h);
}

void rv_runtime_end(struct matcher *m)
{
	char comp[48];
	missing_rt(m, m->ref->nrt);
	active_policy(m);
	for (u32 i = 0; i < m->ref->nvms; i++) {
		if (!m->running[i])
			continue;
		snprintf(comp, sizeof(comp), "vm:%s", m->ref->vms[i].name);
		rv_add(m, RV_INFO, comp, "VM '%s' is running (started, no stop logged)", m->ref->vms[i].name);
	}
}
