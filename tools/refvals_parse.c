/* cordon tools: reference-file reader: every line is hostile input; errors name the line (format in refvals.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <tools/refvals.h>
#include <lib/sha256.h>

#define REF_LINE_MAX 1024

struct parser {
	struct refvals *r;
	u32 line;
	char vmref[REF_MAX_LOAD][CFG_NAME_MAX]; /* load lines name VMs that later lines may define */
	u32 pcr_line[2];			/* of the pcr 8 / pcr 9 lines; 0 while not seen */
	u32 version;				/* of the file's first line: 1 or 2 */
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 3, 4))) static int fail(struct parser *p, u32 line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(p->err, p->errlen, "line %u: ", line);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < p->errlen)
		vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Cuts the next space-separated field off *s; NULL when there is none. */
static char *field(char **s)
{
	char *f = *s, *sp;
	if (!f || !*f)
		return NULL;
	sp = strchr(f, ' ');
	if (sp)
		*sp++ = 0;
	*s = sp;
	return f;
}

static int digest(struct parser *p, const char *s, u8 out[32])
{
	if (!s || refvals_unhex(s, out) < 0)
		return fail(p, p->line, "expected a SHA-256 digest of 64 hex digits");
	return 0;
}

/* A bounded, printable, non-empty text field copied into dst[size]. */
static int text(struct parser *p, const char *what, const char *s, char *dst, size_t size)
{
	if (!s || !*s)
		return fail(p, p->line, "missing %s", what);
	if (strlen(s) >= size || !refvals_printable(s))
		return fail(p, p->line, "%s is longer than %zu bytes or not printable", what, size - 1);
	strcpy(dst, s);
	return 0;
}

static int kind_of(const char *s, u32 first, u32 last)
{
	for (u32 k = first; s && k <= last; k++)
		if (!strcmp(s, refvals_kind_name(k)))
			return (int)k;
	return -1;
}

/* String events are extended with SHA-256 of their text: a digest that is not is an edited file. */
static int string_digest(struct parser *p, const struct ref_event *e)
{
	u8 d[32];
	sha256(e->data, strlen(e->data), d);
	return memcmp(d, e->digest, 32) ? fail(p, p->line, "digest is not SHA-256 of the event string") : 0;
}

/* load KIND VM PCR SHA256 EVENT */
static int load_line(struct parser *p, char *s)
{
	const char *kind = field(&s), *vm = field(&s), *pcr = field(&s), *dg = field(&s);
	int k = kind_of(kind, REF_HYPERVISOR, REF_GUEST_INITRD);
	struct ref_event *e = &p->r->load[p->r->nload];
	char want[12];
	if (k < 0 || (p->version < 2 && (k == REF_OPERATOR_KEY || k == REF_POLICY_KEY)))
		return fail(p, p->line, "unknown load kind '%.40s'", kind ? kind : "");
	if (p->r->nload == REF_MAX_LOAD)
		return fail(p, p->line, "more than %u load lines", REF_MAX_LOAD);
	if (!vm || (k >= REF_GUEST_IMAGE) != (strcmp(vm, "-") != 0))
		return fail(p, p->line, "%s events name %s", kind, k >= REF_GUEST_IMAGE ? "their VM" : "no VM ('-')");
	snprintf(want, sizeof(want), "%u", refvals_kind_pcr((u32)k));
	if (!pcr || strcmp(pcr, want))
		return fail(p, p->line, "%s events go to PCR %s", kind, want);
	e->kind = (u32)k;
	e->pcr = refvals_kind_pcr((u32)k);
	e->line = p->line;
	if (text(p, "VM name", vm, p->vmref[p->r->nload], CFG_NAME_MAX) < 0 || digest(p, dg, e->digest) < 0 ||
	    text(p, "event string", s, e->data, MEV_MAX) < 0 || (k == REF_GUEST_CONFIG && string_digest(p, e) < 0))
		return -1;
	p->r->nload++;
	return 0;
}

/* runtime KIND SHA256 EVENT; started comes first, each kind once. */
static int runtime_line(struct parser *p, char *s)
{
	const char *kind = field(&s), *dg = field(&s);
	int k = kind_of(kind, REF_RT_STARTED, REF_RT_POLICY);
	struct ref_event *e = &p->r->rt[p->r->nrt];
	if (k < 0)
		return fail(p, p->line, "unknown runtime kind '%.40s'", kind ? kind : "");
	if (p->r->nrt != (u32)(k - REF_RT_STARTED))
		return fail(p, p->line, "runtime lines are 'started' then, with a policy, 'policy-loaded', once each");
	e->kind = (u32)k;
	e->pcr = MEV_PCR_RUNTIME;
	e->line = p->line;
	if (digest(p, dg, e->digest) < 0 || text(p, "event string", s, e->data, MEV_MAX) < 0 || string_digest(p, e) < 0)
		return -1;
	p->r->nrt++;
	return 0;
}

static int find_vm(const struct refvals *r, const char *name)
{
	for (u32 i = 0; i < r->nvms; i++)
		if (!strcmp(r->vms[i].name, name))
			return (int)i;
	return -1;
}

/* vm NAME LABEL IMAGE-SHA256 IMAGE-PATH */
static int vm_line(struct parser *p, char *s)
{
	const char *name = field(&s), *label = field(&s), *dg = field(&s);
	struct ref_vm *v = &p->r->vms[p->r->nvms];
	if (p->r->nvms == CFG_MAX_VMS)
		return fail(p, p->line, "more than %u VMs", CFG_MAX_VMS);
	if (text(p, "VM name", name, v->name, sizeof(v->name)) < 0 ||
	    text(p, "label", label, v->label, sizeof(v->label)) < 0 || digest(p, dg, v->image_digest) < 0 ||
	    text(p, "image path", s, v->image, sizeof(v->image)) < 0)
		return -1;
	if (!strcmp(name, "-") || find_vm(p->r, name) >= 0)
		return fail(p, p->line, "VM name '%s' is '-' or used twice", name);
	p->r->nvms++;
	return 0;
}

/* accept-policy SHA256 NAME (format 2) */
static int accept_line(struct parser *p, char *s)
{
	const char *dg = field(&s), *name = field(&s);
	struct ref_policy *a = &p->r->accept[p->r->naccept];
	if (p->version < 2)
		return fail(p, p->line, "unknown record 'accept-policy'");
	if (p->r->naccept == REF_MAX_ACCEPT)
		return fail(p, p->line, "more than %u accept-policy lines", REF_MAX_ACCEPT);
	if (digest(p, dg, a->sha256) < 0 || text(p, "policy name", name, a->name, sizeof(a->name)) < 0)
		return -1;
	if (s)
		return fail(p, p->line, "text after the policy name");
	for (u32 i = 0; i < p->r->naccept; i++)
		if (!memcmp(p->r->accept[i].sha256, a->sha256, 32))
			return fail(p, p->line, "policy %s accepted twice", dg);
	a->line = p->line;
	p->r->naccept++;
	return 0;
}

/* pcr 8|9 VALUE */
static int pcr_line(struct parser *p, char *s)
{
	const char *idx = field(&s), *dg = field(&s);
	int i = idx && !strcmp(idx, "8") ? 0 : idx && !strcmp(idx, "9") ? 1 : -1;
	if (i < 0)
		return fail(p, p->line, "only PCRs 8 and 9 are predicted");
	if (p->pcr_line[i])
		return fail(p, p->line, "pcr %s given twice", idx);
	p->pcr_line[i] = p->line;
	if (s)
		return fail(p, p->line, "text after the PCR value");
	return digest(p, dg, i ? p->r->pcr9 : p->r->pcr8);
}

static int record(struct parser *p, char *s)
{
	char *word = field(&s);
	if (!strcmp(word, "load"))
		return load_line(p, s);
	if (!strcmp(word, "runtime"))
		return runtime_line(p, s);
	if (!strcmp(word, "vm"))
		return vm_line(p, s);
	if (!strcmp(word, "pcr"))
		return pcr_line(p, s);
	if (!strcmp(word, "accept-policy"))
		return accept_line(p, s);
	return fail(p, p->line, "unknown record '%.40s'", word);
}

/* Each VM has exactly one image event (with its digest) and one config event. */
static int check_vms(struct parser *p)
{
	struct refvals *r = p->r;
	u32 seen[CFG_MAX_VMS][3] = { { 0 } };
	for (u32 i = 0; i < r->nload; i++) {
		struct ref_event *e = &r->load[i];
		int v = e->kind >= REF_GUEST_IMAGE ? find_vm(r, p->vmref[i]) : 0;
		if (v < 0)
			return fail(p, e->line, "no vm line for '%s'", p->vmref[i]);
		e->vm = (u32)v;
		if (e->kind < REF_GUEST_IMAGE)
			continue;
		if (seen[v][e->kind - REF_GUEST_IMAGE]++)
			return fail(p, e->line, "second %s event for VM '%s'", refvals_kind_name(e->kind), r->vms[v].name);
		if (e->kind == REF_GUEST_IMAGE && memcmp(e->digest, r->vms[v].image_digest, 32))
			return fail(p, e->line, "digest differs from the vm line's image digest");
	}
	for (u32 v = 0; v < r->nvms; v++)
		if (!seen[v][0] || !seen[v][1])
			return fail(p, 0, "VM '%s' lacks its guest-image or guest-config load line", r->vms[v].name);
	return 0;
}

/* Whole-file rules: the fixed components once each, a policy in both lists or neither, PCRs that replay. */
static int check_all(struct parser *p)
{
	struct refvals *r = p->r;
	u32 n[REF_NKINDS] = { 0 };
	u8 p8[32], p9[32];
	for (u32 i = 0; i < r->nload; i++)
		n[r->load[i].kind]++;
	if (n[REF_HYPERVISOR] != 1 || n[REF_BOOTCFG] != 1 || n[REF_POLICY] > 1 || n[REF_OPERATOR_KEY] > 1 ||
	    n[REF_POLICY_KEY] > 1)
		return fail(p, 0, "expected one hypervisor, one boot.cfg and at most one policy, operator-key and "
			       "policy-key load line");
	if (r->nrt < 1 || (r->nrt == 2) != (n[REF_POLICY] == 1))
		return fail(p, 0, "runtime lines: 'started', and 'policy-loaded' exactly when there is a policy");
	if (!p->pcr_line[0] || !p->pcr_line[1])
		return fail(p, 0, "missing the pcr 8 or pcr 9 line");
	if (check_vms(p) < 0)
		return -1;
	refvals_replay(r, p8, p9);
	if (memcmp(p8, r->pcr8, 32))
		return fail(p, p->pcr_line[0], "pcr 8 is not the replay of the load lines");
	if (memcmp(p9, r->pcr9, 32))
		return fail(p, p->pcr_line[1], "pcr 9 is not the replay of the load lines");
	return 0;
}

/* Copies line p->line out of the text, without its newline and CR; refuses NULs and overlong lines. */
static int take_line(struct parser *p, const char **t, const char *end, char out[REF_LINE_MAX])
{
	const char *nl = memchr(*t, '\n', (size_t)(end - *t));
	size_t n = (size_t)((nl ? nl : end) - *t);
	if (n >= REF_LINE_MAX)
		return fail(p, p->line, "longer than %d bytes", REF_LINE_MAX - 1);
	memcpy(out, *t, n);
	out[n] = 0;
	if (strlen(out) != n)
		return fail(p, p->line, "NUL byte");
	if (n && out[n - 1] == '\r')
		out[n - 1] = 0;
	*t = nl ? nl + 1 : end;
	return 0;
}

int refvals_parse(const char *text_in, size_t len, struct refvals *out, char *err, size_t errlen)
{
	struct parser p;
	const char *t = text_in, *end = text_in + len;
	char line[REF_LINE_MAX];
	memset(&p, 0, sizeof(p));
	memset(out, 0, sizeof(*out));
	p.r = out, p.err = err, p.errlen = errlen;
	for (p.line = 1; t < end; p.line++) {
		if (take_line(&p, &t, end, line) < 0)
			return -1;
		if (p.line == 1 && strcmp(line, "cordon-ref 1") && strcmp(line, "cordon-ref 2"))
			return fail(&p, 1, strncmp(line, "cordon-ref ", 11) ? "not a cordon reference file"
									: "unsupported format version (this reads 1 and 2)");
		if (p.line == 1)
			p.version = (u32)(line[11] - '0');
		if (p.line > 1 && line[0] && line[0] != '#' && record(&p, line) < 0)
			return -1;
	}
	if (p.line == 1)
		return fail(&p, 1, "empty file");
	return check_all(&p);
}

int refvals_load(const char *path, struct refvals *out, char *err, size_t errlen)
{
	size_t len;
	char *text = refvals_read_file(path, &len);
	int rc;
	if (!text) {
		snprintf(err, errlen, "%s", strerror(errno)); /* the caller names the file */
		return -1;
	}
	rc = refvals_parse(text, len, out, err, errlen);
	free(text);
	return rc;
}
