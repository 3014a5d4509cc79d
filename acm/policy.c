/* cordon: Access Control Module (sHype): binary policy validation, STE and Chinese Wall decisions. */
#include <acm/acm.h>
#include <lib/sha256.h>
#include <lib/str.h>

#define DIGEST_OFF __builtin_offsetof(struct policy_hdr, digest)

/* The boot.cfg label rule (lib/cfg/cfg_keys.c), so every policy label can be named in boot.cfg. */
static bool name_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || c_isdigit(c) || (!first && (c == '-' || c == '_'));
}

/* Zero padding too: then one policy has exactly one encoding, and one digest. */
static const char *check_name(const char *n)
{
	u64 len = c_strnlen(n, POLICY_NAME_MAX);
	if (len == POLICY_NAME_MAX)
		return "name not NUL-terminated";
	if (len == 0)
		return "empty name";
	for (u64 i = 0; i < len; i++)
		if (!name_char(n[i], i == 0))
			return "name uses a character other than a-z 0-9 - _ (or starts with - or _)";
	for (u64 i = len; i < POLICY_NAME_MAX; i++)
		if (n[i])
			return "name not zero-padded";
	return NULL;
}

/* n names, each at the start of a stride-byte record: valid and pairwise distinct. */
static const char *check_names(const void *base, u64 stride, u32 n, const char *dup)
{
	const char *b = base;
	for (u32 i = 0; i < n; i++) {
		const char *why = check_name(b + i * stride);
		if (why)
			return why;
		for (u32 j = 0; j < i; j++)
			if (!c_memcmp(b + i * stride, b + j * stride, POLICY_NAME_MAX))
				return dup;
	}
	return NULL;
}

/* Everything the counts and the file length decide, before any record is looked at. */
static const char *check_header(const struct policy_hdr *h, u64 len)
{
	if (h->magic != POLICY_MAGIC)
		return "bad magic (not a cordon policy)";
	if (h->version != POLICY_VERSION)
		return "unsupported policy version";
	if (h->size != len)
		return "size field does not match the file length";
	if (h->nste > POLICY_MAX_TYPES)
		return "too many STE types (max 64)";
	if (h->ncw > POLICY_MAX_TYPES)
		return "too many CW types (max 64)";
	if (h->nlabels > POLICY_MAX_LABELS)
		return "too many labels (max 256)";
	if (h->nconflicts > POLICY_MAX_CONFLICTS)
		return "too many conflict sets (max 64)";
	if (policy_size(h->nste, h->ncw, h->nlabels, h->nconflicts) != len)
		return "size does not match the type, label and conflict counts";
	if (h->flags & ~POLICY_F_ALL)
		return "unknown flag bits";
	if (h->reserved[0] | h->reserved[1] | h->reserved[2])
		return "reserved field not zero";
	return NULL;
}

/* SHA-256 over the file with the digest field read as zeros, compared with that field. */
static bool digest_ok(const u8 *b, u64 len)
{
	static const u8 zero[SHA256_DIGEST_SIZE];
	struct sha256_ctx c;
	u8 d[SHA256_DIGEST_SIZE];
	sha256_init(&c);
	sha256_update(&c, b, DIGEST_OFF);
	sha256_update(&c, zero, sizeof(zero));
	sha256_update(&c, b + DIGEST_OFF + sizeof(zero), len - DIGEST_OFF - sizeof(zero));
	sha256_final(&c, d);
	return c_memcmp(d, b + DIGEST_OFF, sizeof(d)) == 0;
}

/* A type may be STE or CW, never both: a label line could not say which one it meant. */
static const char *check_all_names(const struct policy *p)
{
	const struct policy_hdr *h = p->hdr;
	const char *why = check_name(h->name);
	if (!why)
		why = check_names(p->ste, POLICY_NAME_MAX, h->nste, "duplicate STE type");
	if (!why)
		why = check_names(p->cw, POLICY_NAME_MAX, h->ncw, "duplicate CW type");
	if (!why)
		why = check_names(p->labels, sizeof(*p->labels), h->nlabels, "duplicate label");
	if (!why)
		why = check_names(p->conflicts, sizeof(*p->conflicts), h->nconflicts, "duplicate conflict set");
	for (u32 i = 0; !why && i < h->nste; i++)
		for (u32 j = 0; j < h->ncw; j++)
			if (!c_memcmp(p->ste[i], p->cw[j], POLICY_NAME_MAX))
				return "type declared both STE and CW";
	return why;
}

/* Mask of the first n type bits (n <= 64). */
static u64 declared(u32 n)
{
	return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

static const char *check_masks(const struct policy *p)
{
	u64 ste = declared(p->hdr->nste), cw = declared(p->hdr->ncw);
	for (u32 i = 0; i < p->hdr->nlabels; i++) {
		const struct policy_label *l = &p->labels[i];
		if (l->ste & ~ste)
			return "label uses an undeclared STE type";
		if (l->cw & ~cw)
			return "label uses an undeclared CW type";
		if (!(l->ste | l->cw))
			return "label has no types";
	}
	for (u32 i = 0; i < p->hdr->nconflicts; i++) {
		u64 m = p->conflicts[i].cw;
		if (m & ~cw)
			return "conflict set uses an undeclared CW type";
		if (!(m & (m - 1))) /* zero or one bit set */
			return "conflict set has fewer than 2 types";
	}
	return NULL;
}

const char *policy_load(const void *bytes, u64 len, struct policy *p)
{
	const u8 *b = bytes;
	struct policy v;
	const char *why;

	c_memset(p, 0, sizeof(*p));
	if (len < sizeof(struct policy_hdr))
		return "shorter than the policy header";
	if ((uptr)bytes & 7) /* the u64 masks are read in place */
		return "policy bytes not 8-byte aligned";
	v.hdr = bytes;
	why = check_header(v.hdr, len);
	if (why)
		return why;
	if (!digest_ok(b, len))
		return "digest mismatch (file altered or corrupted)";
	v.ste = (const void *)(b + sizeof(struct policy_hdr));
	v.cw = v.ste + v.hdr->nste;
	v.labels = (const void *)(v.cw + v.hdr->ncw);
	v.conflicts = (const void *)(v.labels + v.hdr->nlabels);
	why = check_all_names(&v);
	if (!why)
		why = check_masks(&v);
	if (!why)
		c_memcpy(p, &v, sizeof(v));
	return why;
}

int policy_label(const struct policy *p, const char *name)
{
	if (!p)
		return -1;
	for (u32 i = 0; i < p->hdr->nlabels; i++)
		if (!c_strncmp(p->labels[i].name, name, POLICY_NAME_MAX))
			return (int)i;
	return -1;
}

static enum acm_decision permitted(const struct policy *p)
{
	return (p->hdr->flags & POLICY_F_AUDIT_PERMITS) ? ACM_PERMIT_AUDIT : ACM_PERMIT;
}

/* Fail closed on an index the caller should never pass. */
static bool label_ok(const struct policy *p, int l)
{
	return l >= 0 && (u32)l < p->hdr->nlabels;
}

enum acm_decision acm_share(const struct policy *p, int la, int lb)
{
	if (!p)
		return ACM_PERMIT;
	if (!label_ok(p, la) || !label_ok(p, lb))
		return ACM_DENY;
	return (p->labels[la].ste & p->labels[lb].ste) ? permitted(p) : ACM_DENY;
}

/*
 * CW masks a and b clash if some conflict set has types in both and, together, they hold two or
 * more of its types. So one type running twice is fine, while a label holding two types of one set
 * clashes with every VM that holds any type of that set.
 */
static bool cw_clash(const struct policy *p, u64 a, u64 b)
{
	for (u32 i = 0; i < p->hdr->nconflicts; i++) {
		u64 set = p->conflicts[i].cw, x = a & set, y = b & set, both = x | y;
		if (x && y && (both & (both - 1)))
			return true;
	}
	return false;
}

enum acm_decision acm_start(const struct policy *p, int l, const int *running, u32 n, u32 *culprit)
{
	if (!p)
		return ACM_PERMIT;
	if (!label_ok(p, l))
		return ACM_DENY;
	for (u32 i = 0; i < n; i++) {
		/* one read, checked in line: the check and the use see the same value (and Eva sees the bound) */
		int r = running[i];
		if (r < 0 || (u32)r >= p->hdr->nlabels || cw_clash(p, p->labels[l].cw, p->labels[r].cw)) {
			if (culprit)
				*culprit = i;
			return ACM_DENY;
		}
	}
	return permitted(p);
}

const char *acm_decision_name(enum acm_decision d)
{
	switch (d) {
	case ACM_PERMIT:
		return "permit";
	case ACM_PERMIT_AUDIT:
		return "permit+audit";
	case ACM_DENY:
		return "deny";
	}
	return "?";
}
