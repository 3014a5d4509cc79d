/* cordon tools: reference values: built from boot.cfg and the ESP's files, written as text (format in refvals.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <tools/refvals.h>
#include <lib/sha256.h>

/* The loader's names for these two files inside \cordon (boot/loader.h HV_FILE and CFG_FILE). */
#define HV_FILE "hypervisor.elf"
#define CFG_FILE "boot.cfg"

static const struct {
	const char *name;
	u32 pcr;
} kinds[REF_NKINDS] = {
	[REF_HYPERVISOR] = { "hypervisor", MEV_PCR_IMAGES },
	[REF_BOOTCFG] = { "boot.cfg", MEV_PCR_CONFIG },
	[REF_POLICY] = { "policy", MEV_PCR_CONFIG },
	[REF_OPERATOR_KEY] = { "operator-key", MEV_PCR_CONFIG },
	[REF_POLICY_KEY] = { "policy-key", MEV_PCR_CONFIG },
	[REF_GUEST_IMAGE] = { "guest-image", MEV_PCR_IMAGES },
	[REF_GUEST_CONFIG] = { "guest-config", MEV_PCR_CONFIG },
	[REF_GUEST_INITRD] = { "guest-initrd", MEV_PCR_IMAGES },
	[REF_RT_STARTED] = { "started", MEV_PCR_RUNTIME },
	[REF_RT_POLICY] = { "policy-loaded", MEV_PCR_RUNTIME },
};

const char *refvals_kind_name(u32 kind)
{
	return kind < REF_NKINDS ? kinds[kind].name : "?";
}

u32 refvals_kind_pcr(u32 kind)
{
	return kind < REF_NKINDS ? kinds[kind].pcr : ~0u;
}

int refvals_unhex(const char *s, u8 out[32])
{
	u32 v = 0;
	for (u32 i = 0; i < 64; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | (u32)d;
		if (i & 1)
			out[i / 2] = (u8)v;
	}
	return s[64] ? -1 : 0;
}

bool refvals_printable(const char *s)
{
	for (; *s; s++)
		if (*s != '\t' && (*s < 0x20 || *s > 0x7e))
			return false;
	return true;
}

void refvals_replay(const struct refvals *r, u8 pcr8[32], u8 pcr9[32])
{
	struct tcg_replay rp;
	tcglog_replay_init(&rp);
	for (u32 i = 0; i < r->nload; i++) {
		struct tcg_event ev = { .pcr = r->load[i].pcr, .type = MEV_EVENT_TYPE, .sha256 = r->load[i].digest };
		tcglog_replay_event(&rp, &ev);
	}
	memcpy(pcr8, rp.pcr[MEV_PCR_CONFIG], 32);
	memcpy(pcr9, rp.pcr[MEV_PCR_IMAGES], 32);
}

char *refvals_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *nb;
	size_t n = 0, cap = 0;
	int bad;
	if (!f)
		return NULL;
	while (!feof(f) && !ferror(f)) {
		if (cap - n < 2) {
			if (!(nb = realloc(buf, cap = 2 * cap + 65536))) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
		}
		n += fread(buf + n, 1, cap - n - 1, f); /* one byte stays free for the NUL */
	}
	bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	buf[n] = 0;
	*len = n;
	return buf;
}

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* The file at esp_dir/path, path as boot.cfg writes it (relative to \cordon; '\' becomes '/'); malloc'd. */
static char *read_esp(const char *esp_dir, const char *path, size_t *len, char *err, size_t errlen)
{
	char full[4096], *p, *data;
	if ((size_t)snprintf(full, sizeof(full), "%s/%s", esp_dir, path) >= sizeof(full)) {
		fail(err, errlen, "%s/%s: path too long", esp_dir, path);
		return NULL;
	}
	for (p = full + strlen(esp_dir); *p; p++)
		if (*p == '\\')
			*p = '/';
	if (!(data = refvals_read_file(full, len)))
		fail(err, errlen, "%s: %s", full, strerror(errno));
	return data;
}

/* SHA-256 of esp_dir/path. */
static int digest_file(const char *esp_dir, const char *path, u8 out[32], char *err, size_t errlen)
{
	size_t len;
	char *data = read_esp(esp_dir, path, &len, err, errlen);
	if (!data)
		return -1;
	sha256(data, len, out);
	free(data);
	return 0;
}

/* Appends one expected event; n is the mev_* length (0: the string did not fit). */
static int add(struct ref_event *ev, u32 kind, u32 vm, const u8 digest[32], const char *data, u32 n, char *err,
	       size_t errlen)
{
	if (n == 0 || !refvals_printable(data))
		return fail(err, errlen, "the %s event string is too long or not printable", kinds[kind].name);
	ev->kind = kind;
	ev->vm = vm;
	ev->pcr = kinds[kind].pcr;
	memcpy(ev->digest, digest, 32);
	memcpy(ev->data, data, n + 1);
	return 0;
}

/* A string event: its digest is SHA-256 of the string itself. */
static int add_string(struct ref_event *ev, u32 kind, u32 vm, const char *data, u32 n, char *err, size_t errlen)
{
	u8 d[32];
	sha256(data, n, d);
	return add(ev, kind, vm, d, data, n, err, errlen);
}

/* The VM's line and its loader events: image (PCR 9), configuration (PCR 8), a Linux VM's initrd (PCR 9). */
static int make_vm(struct refvals *r, const struct cfg_vm *vm, const char *esp_dir, char *err, size_t errlen)
{
	struct ref_vm *v = &r->vms[r->nvms];
	char s[MEV_MAX];
	strcpy(v->name, vm->name);
	strcpy(v->label, vm->label[0] ? vm->label : "-");
	strcpy(v->image, vm->image);
	if (digest_file(esp_dir, vm->image, v->image_digest, err, errlen) < 0 ||
	    add(&r->load[r->nload++], REF_GUEST_IMAGE, r->nvms, v->image_digest, s,
		mev_guest_image(s, sizeof(s), vm), err, errlen) < 0 ||
	    add_string(&r->load[r->nload++], REF_GUEST_CONFIG, r->nvms, s, mev_guest_config(s, sizeof(s), vm), err,
		       errlen) < 0)
		return -1;
	if (vm->initrd[0]) {
		u8 d[32];
		if (digest_file(esp_dir, vm->initrd, d, err, errlen) < 0 ||
		    add(&r->load[r->nload++], REF_GUEST_INITRD, r->nvms, d, s, mev_guest_initrd(s, sizeof(s), vm),
			err, errlen) < 0)
			return -1;
	}
	r->nvms++;
	return 0;
}

/* A key file boot.cfg names (kind REF_OPERATOR_KEY or REF_POLICY_KEY); none named: no event. */
static int make_key(struct refvals *r, u32 kind, const char *path, const char *esp_dir, char *err, size_t errlen)
{
	char s[MEV_MAX];
	u8 d[32];
	if (!path[0])
		return 0;
	if (digest_file(esp_dir, path, d, err, errlen) < 0)
		return -1;
	return add(&r->load[r->nload++], kind, 0, d, s, mev_key(s, sizeof(s), kinds[kind].name, path), err, errlen);
}

const struct ref_policy *refvals_accepted(const struct refvals *r, const u8 sha256[32])
{
	for (u32 i = 0; i < r->naccept; i++)
		if (!memcmp(r->accept[i].sha256, sha256, 32))
			return &r->accept[i];
	return NULL;
}

/* The name inside a binary policy (include/cordon/policy.h: magic at 0, name at 48), or "-" if it is not one. */
static void policy_name(const u8 *b, size_t len, char out[CFG_NAME_MAX])
{
	static const u8 magic[8] = { 'C', 'D', 'N', 'P', 'O', 'L', 'C', 'Y' };
	size_t n = 0;
	strcpy(out, "-");
	if (len < 80 || memcmp(b, magic, 8))
		return;
	while (n < CFG_NAME_MAX - 1 && b[48 + n] > 0x20 && b[48 + n] < 0x7f)
		n++;
	if (n && !b[48 + n]) {
		memcpy(out, b + 48, n);
		out[n] = 0;
	}
}

int refvals_accept_policy(struct refvals *r, const void *bytes, size_t len, char *err, size_t errlen)
{
	struct ref_policy *p = &r->accept[r->naccept];
	u8 d[32];
	sha256(bytes, len, d);
	if (refvals_accepted(r, d))
		return 0;
	if (r->naccept == REF_MAX_ACCEPT)
		return fail(err, errlen, "more than %d accepted policies", REF_MAX_ACCEPT);
	memset(p, 0, sizeof(*p));
	memcpy(p->sha256, d, 32);
	policy_name(bytes, len, p->name);
	r->naccept++;
	return 0;
}

/* The boot policy is accepted in force by definition: its own line, with its name. */
static int accept_boot_policy(struct refvals *r, const char *esp_dir, const char *path, char *err, size_t errlen)
{
	size_t len;
	char *data = read_esp(esp_dir, path, &len, err, errlen);
	int rc;
	if (!data)
		return -1;
	rc = refvals_accept_policy(r, data, len, err, errlen);
	free(data);
	return rc;
}

/* The loader's order: hypervisor, boot.cfg, policy, the operator and policy keys, then each VM's image and configuration. */
static int make_loads(struct refvals *r, const struct cfg *c, const u8 cf[32], const char *esp_dir, u8 hv[32],
		      u8 pol[32], char *err, size_t errlen)
{
	char s[MEV_MAX];
	if (digest_file(esp_dir, HV_FILE, hv, err, errlen) < 0 ||
	    add(&r->load[r->nload++], REF_HYPERVISOR, 0, hv, s, mev_hypervisor(s, sizeof(s), HV_FILE), err, errlen) <
		    0 ||
	    add(&r->load[r->nload++], REF_BOOTCFG, 0, cf, s, mev_config(s, sizeof(s), CFG_FILE), err, errlen) < 0)
		return -1;
	if (c->policy[0] && (digest_file(esp_dir, c->policy, pol, err, errlen) < 0 ||
			     add(&r->load[r->nload++], REF_POLICY, 0, pol, s, mev_policy(s, sizeof(s), c->policy), err,
				 errlen) < 0 ||
			     accept_boot_policy(r, esp_dir, c->policy, err, errlen) < 0))
		return -1;
	if (make_key(r, REF_OPERATOR_KEY, c->operator_key, esp_dir, err, errlen) < 0 ||
	    make_key(r, REF_POLICY_KEY, c->policy_key, esp_dir, err, errlen) < 0)
		return -1;
	for (u32 i = 0; i < c->nvms; i++)
		if (make_vm(r, &c->vms[i], esp_dir, err, errlen) < 0)
			return -1;
	return 0;
}

int refvals_make(const char *cfg_text, size_t cfg_len, const char *esp_dir, struct refvals *out, char *err,
		 size_t errlen)
{
	static struct cfg c;
	struct cfg_error ce;
	u8 cf[32], hv[32], pol[32];
	char s[MEV_MAX];
	memset(out, 0, sizeof(*out));
	if (cfg_parse(cfg_text, cfg_len, &c, &ce) < 0)
		return fail(err, errlen, "boot.cfg line %u: %s", ce.line, ce.msg);
	sha256(cfg_text, cfg_len, cf);
	if (make_loads(out, &c, cf, esp_dir, hv, pol, err, errlen) < 0 ||
	    add_string(&out->rt[out->nrt++], REF_RT_STARTED, 0, s, mev_rt_started(s, sizeof(s), hv, cf, c.nvms), err,
		       errlen) < 0)
		return -1;
	if (c.policy[0] &&
	    add_string(&out->rt[out->nrt++], REF_RT_POLICY, 0, s, mev_rt_policy(s, sizeof(s), pol), err, errlen) < 0)
		return -1;
	refvals_replay(out, out->pcr8, out->pcr9);
	return 0;
}

int refvals_write(FILE *f, const struct refvals *r)
{
	char h[65];
	fprintf(f, "cordon-ref %d\n# reference values (docs/ATTESTATION.md, \"Reference values\")\n", REF_VERSION);
	for (u32 i = 0; i < r->nload; i++) {
		const struct ref_event *e = &r->load[i];
		mev_hex(e->digest, h);
		fprintf(f, "load %s %s %u %s %s\n", kinds[e->kind].name,
			e->kind >= REF_GUEST_IMAGE ? r->vms[e->vm].name : "-", e->pcr, h, e->data);
	}
	for (u32 i = 0; i < r->nrt; i++) {
		mev_hex(r->rt[i].digest, h);
		fprintf(f, "runtime %s %s %s\n", kinds[r->rt[i].kind].name, h, r->rt[i].data);
	}
	for (u32 i = 0; i < r->nvms; i++) {
		mev_hex(r->vms[i].image_digest, h);
		fprintf(f, "vm %s %s %s %s\n", r->vms[i].name, r->vms[i].label, h, r->vms[i].image);
	}
	for (u32 i = 0; i < r->naccept; i++) {
		mev_hex(r->accept[i].sha256, h);
		fprintf(f, "accept-policy %s %s\n", h, r->accept[i].name);
	}
	mev_hex(r->pcr8, h);
	fprintf(f, "pcr 8 %s\n", h);
	mev_hex(r->pcr9, h);
	fprintf(f, "pcr 9 %s\n", h);
	return ferror(f) ? -1 : 0;
}
