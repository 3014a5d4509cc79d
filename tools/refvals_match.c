/* cordon tools: matching the firmware log, final events and runtime log against reference values. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <tools/refvals.h>
#include <tools/refvals_int.h>

#define MAX_FINDINGS 256 /* a hostile log must not make the report unbounded */

static const char *const sev_names[] = { "info", "warning", "error" };

const char *refvals_severity_name(u32 severity)
{
	return severity < 3 ? sev_names[severity] : "?";
}

void refvals_report_free(struct rv_report *r)
{
	free(r->f);
	r->f = NULL;
	r->n = r->cap = 0;
}

void rv_add(struct matcher *m, u32 sev, const char *component, const char *fmt, ...)
{
	struct rv_report *r = m->out;
	struct rv_finding *f;
	va_list ap;
	r->errors += sev == RV_ERROR;
	r->warnings += sev == RV_WARNING;
	if (r->n == MAX_FINDINGS || m->oom)
		return;
	if (r->n == r->cap) {
		f = realloc(r->f, (r->cap = r->cap ? 2 * r->cap : 16) * sizeof(*f));
		if (!f) {
			m->oom = true;
			return;
		}
		r->f = f;
	}
	f = &r->f[r->n++];
	if (r->n == MAX_FINDINGS) { /* the last slot says that the list stops here */
		*f = (struct rv_finding){ .severity = RV_INFO, .component = "report" };
		snprintf(f->msg, sizeof(f->msg), "findings after the first %d are not listed (the error and warning "
			 "counts include them)", MAX_FINDINGS - 1);
		return;
	}
	f->severity = sev;
	snprintf(f->component, sizeof(f->component), "%s", component);
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
}

/* Untrusted event data, quoted safely: non-printable bytes become '?', long data is cut. */
const char *rv_show(const u8 *data, u32 len, char out[SHOW_BUF])
{
	u32 n = len < SHOW_MAX ? len : SHOW_MAX, i;
	for (i = 0; i < n; i++)
		out[i] = data[i] >= 0x20 && data[i] < 0x7f ? (char)data[i] : '?';
	strcpy(out + i, len > n ? "..." : "");
	return out;
}

/* Component and human name of an expected loader event, e.g. "vm:green-a", "guest image 'green-a' (share.elf)". */
static void names(const struct refvals *ref, const struct ref_event *e, char comp[48], char what[160])
{
	const struct ref_vm *v = &ref->vms[e->vm];
	const char *base = strrchr(v->image, '/');
	static const char *const fixed[] = { "hypervisor image", "boot.cfg", "policy", "operator key", "policy key" };
	if (e->kind < REF_GUEST_IMAGE) {
		snprintf(comp, 48, "%s", refvals_kind_name(e->kind));
		snprintf(what, 160, "%s", fixed[e->kind]);
		return;
	}
	snprintf(comp, 48, "vm:%s", v->name);
	if (e->kind == REF_GUEST_IMAGE)
		snprintf(what, 160, "guest image '%s' (%s)", v->name, base ? base + 1 : v->image);
	else if (e->kind == REF_GUEST_INITRD)
		snprintf(what, 160, "initrd of '%s'", v->name);
	else
		snprintf(what, 160, "guest configuration '%s'", v->name);
}

/* The words that name an event's component: 2 for the fixed ones, 3 for a VM's ("cordon guest-image NAME"). */
static bool same_component(const struct ref_event *e, const struct tcg_event *ev)
{
	u32 words = e->kind >= REF_GUEST_IMAGE ? 3 : 2, n = 0;
	while (e->data[n] && words)
		words -= e->data[n++] == ' ';
	return !words && ev->data_len >= n && !memcmp(ev->data, e->data, n);
}

/* Field-by-field comparison of a PCR 8/9 event with the reference event it names. */
static void compare(struct matcher *m, const struct ref_event *e, const struct tcg_event *ev)
{
	char comp[48], what[160], a[SHOW_BUF], b[SHOW_BUF], h1[65], h2[65];
	names(m->ref, e, comp, what);
	if (ev->pcr != e->pcr)
		rv_add(m, RV_ERROR, comp, "%s measured into PCR %u, expected PCR %u", what, ev->pcr, e->pcr);
	if (ev->type != MEV_EVENT_TYPE)
		rv_add(m, RV_ERROR, comp, "%s has event type 0x%x, expected EV_IPL (0x%x)", what, ev->type,
		       MEV_EVENT_TYPE);
	if (ev->data_len != strlen(e->data) || memcmp(ev->data, e->data, ev->data_len))
		rv_add(m, RV_ERROR, comp, "%s event differs: '%s', expected '%s'", what,
		       rv_show(ev->data, ev->data_len, a), rv_show((const u8 *)e->data, (u32)strlen(e->data), b));
	if (ev->sha256 && memcmp(ev->sha256, e->digest, 32)) {
		mev_hex(ev->sha256, h1);
		mev_hex(e->digest, h2);
		rv_add(m, RV_ERROR, comp, "%s differs: digest %s, expected %s", what, h1, h2);
	}
}

/* A PCR 8/9 event must be the next expected loader event; anything else is named as precisely as possible. */
static void loader_event(struct matcher *m, const struct tcg_event *ev)
{
	const struct refvals *ref = m->ref;
	char comp[48], what[160], a[SHOW_BUF];
	u32 i;
	for (i = 0; i < ref->nload && !same_component(&ref->load[i], ev); i++)
		;
	if (i == ref->nload) {
		rv_add(m, RV_ERROR, "loader", "unexpected event in PCR %u: '%s'", ev->pcr,
		       rv_show(ev->data, ev->data_len, a));
		return;
	}
	names(ref, &ref->load[i], comp, what);
	if (m->seen[i]++) {
		rv_add(m, RV_ERROR, comp, "unexpected second event for %s: '%s'", what,
		       rv_show(ev->data, ev->data_len, a));
		return;
	}
	if ((int)i < m->last)
		rv_add(m, RV_ERROR, comp, "event for %s out of order (logged after the one for the %s)", what,
		       m->last_what);
	else {
		m->last = (int)i;
		snprintf(m->last_what, sizeof(m->last_what), "%s", what);
	}
	compare(m, &ref->load[i], ev);
}

static void missing_loads(struct matcher *m)
{
	char comp[48], what[160];
	for (u32 i = 0; i < m->ref->nload; i++) {
		if (m->seen[i])
			continue;
		names(m->ref, &m->ref->load[i], comp, what);
		rv_add(m, RV_ERROR, comp, "missing event for %s", what);
	}
}

/* Every event of every log: replayed, then matched by the PCR it extends. */
static void one_event(struct matcher *m, const struct tcg_event *ev, bool runtime)
{
	char a[SHOW_BUF];
	const char *why = tcglog_replay_event(&m->out->replay, ev);
	if (why && ev->type == TCG_EV_NO_ACTION)
		rv_add(m, RV_ERROR, "log:firmware", "offset %u: %s", ev->offset, why);
	if (runtime)
		rv_runtime_event(m, ev);
	else if (ev->pcr < 8)
		m->out->fw_events[ev->pcr]++;
	else if (ev->pcr == MEV_PCR_CONFIG || ev->pcr == MEV_PCR_IMAGES)
		loader_event(m, ev);
	else if (ev->pcr == MEV_PCR_RUNTIME)
		rv_add(m, RV_ERROR, "loader", "PCR 10 event in the firmware log: '%s'", rv_show(ev->data, ev->data_len, a));
	else
		rv_add(m, RV_INFO, "firmware", "event in PCR %u, which cordon does not use: '%s'", ev->pcr,
		       rv_show(ev->data, ev->data_len, a));
}

/* Walks one opened log to its end; a malformed tail is one finding (the events before it still count). */
static void walk(struct matcher *m, struct tcg_iter *it, const char *log, bool runtime)
{
	struct tcg_event ev;
	int r;
	while ((r = tcglog_next(it, &ev)) == 1)
		one_event(m, &ev, runtime);
	if (r < 0)
		rv_add(m, RV_ERROR, log, "malformed: %s", it->err);
}

static bool has_sha256(const struct tcg_spec *s)
{
	for (u32 i = 0; i < s->nalgs; i++)
		if (s->algs[i].id == 0x000B) /* TPM_ALG_SHA256 */
			return true;
	return false;
}

/* The firmware log, then the final-events table read with the firmware log's banks. */
static void firmware_logs(struct matcher *m, const struct rv_logs *l)
{
	struct tcg_iter it;
	struct tcg_spec spec;
	const char *why;
	if (!l->fw) {
		rv_add(m, RV_ERROR, "log:firmware", "no firmware event log");
		return;
	}
	if ((why = tcglog_open(&it, l->fw, l->fw_len))) {
		rv_add(m, RV_ERROR, "log:firmware", "malformed: %s", why);
		return;
	}
	if (!has_sha256(&it.spec))
		rv_add(m, RV_ERROR, "log:firmware", "no SHA-256 bank: digests cannot be checked");
	spec = it.spec;
	walk(m, &it, "log:firmware", false);
	if (!l->final)
		return;
	if ((why = tcglog_open_final(&it, l->final, l->final_len, &spec, l->final_skip)))
		rv_add(m, RV_ERROR, "log:final", "malformed: %s", why);
	else
		walk(m, &it, "log:final", false);
}

static void runtime_log(struct matcher *m, const struct rv_logs *l)
{
	struct tcg_iter it;
	const char *why;
	if (!l->rt)
		rv_add(m, RV_ERROR, "log:runtime", "no runtime log: PCR 10 cannot be checked");
	else if ((why = tcglog_open(&it, l->rt, l->rt_len)))
		rv_add(m, RV_ERROR, "log:runtime", "malformed: %s", why);
	else if (!has_sha256(&it.spec))
		rv_add(m, RV_ERROR, "log:runtime", "no SHA-256 bank");
	else
		walk(m, &it, "log:runtime", true);
	rv_runtime_end(m);
}

int refvals_match(const struct refvals *ref, const struct rv_logs *logs, struct rv_report *out)
{
	struct matcher m = { .ref = ref, .out = out, .last = -1 };
	u32 fw = 0;
	memset(out, 0, sizeof(*out));
	tcglog_replay_init(&out->replay);
	firmware_logs(&m, logs);
	missing_loads(&m);
	runtime_log(&m, logs);
	for (u32 i = 0; i < 8; i++)
		fw += out->fw_events[i];
	rv_add(&m, RV_INFO, "firmware", "%u events in PCRs 0-7 (the firmware's: counted, not matched)", fw);
	return m.oom ? -1 : (int)out->errors;
}
