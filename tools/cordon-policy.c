/* cordon-policy: compiles, shows and queries Access Control Module (sHype) policies on the host. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "acm/acm.h"
#include "sha256.h"

#define MAX_WORDS 512 /* words on one source line: 64 types fit easily */

/* The policy being compiled, in declaration order: that order becomes the bit and record order. */
struct src {
	const char *file;
	u32 line, policy_line;
	char name[POLICY_NAME_MAX];
	u32 flags, nste, ncw, nlabels, nconflicts;
	char ste[POLICY_MAX_TYPES][POLICY_NAME_MAX], cw[POLICY_MAX_TYPES][POLICY_NAME_MAX];
	struct policy_label labels[POLICY_MAX_LABELS];
	struct policy_conflict conflicts[POLICY_MAX_CONFLICTS];
};

__attribute__((format(printf, 2, 3))) static int err(const struct src *s, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%u: error: ", s->file, s->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* Index of name among n records of stride bytes that start with a name, or -1. */
static int find(const void *base, size_t stride, u32 n, const char *name)
{
	for (u32 i = 0; i < n; i++)
		if (!strcmp((const char *)base + i * stride, name))
			return (int)i;
	return -1;
}

/*
 * A new name of one kind (what): too long, bad characters (policy_load's rule, which is also
 * boot.cfg's label rule), already among the count names at base, or no room for max + 1.
 */
static int new_name(const struct src *s, const char *what, const char *n, const void *base, size_t stride,
		    u32 count, u32 max)
{
	if (strlen(n) >= POLICY_NAME_MAX)
		return err(s, "%s name '%s' too long (max %d characters)", what, n, POLICY_NAME_MAX - 1);
	for (const char *c = n; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || (c > n && (*c == '-' || *c == '_'))))
			return err(s, "%s name '%s' may use only a-z, 0-9, '-' and '_' (not first)", what, n);
	if (find(base, stride, count, n) >= 0)
		return err(s, "duplicate %s '%s'", what, n);
	if (count == max)
		return err(s, "too many %ss (max %u)", what, max);
	return 0;
}

static int add_types(struct src *s, int argc, char **argv, bool ste)
{
	u32 *n = ste ? &s->nste : &s->ncw;
	if (!argc)
		return err(s, "'%s' needs at least one type name", ste ? "ste" : "cw");
	for (int i = 0; i < argc; i++) {
		if (new_name(s, ste ? "STE type" : "CW type", argv[i], ste ? s->ste : s->cw, POLICY_NAME_MAX, *n,
			     POLICY_MAX_TYPES) < 0)
			return -1;
		if (find(ste ? s->cw : s->ste, POLICY_NAME_MAX, ste ? s->ncw : s->nste, argv[i]) >= 0)
			return err(s, "type '%s' declared as both ste and cw", argv[i]);
		strcpy(ste ? s->ste[(*n)++] : s->cw[(*n)++], argv[i]);
	}
	return 0;
}

static int kw_ste(struct src *s, int argc, char **argv) { return add_types(s, argc, argv, true); }
static int kw_cw(struct src *s, int argc, char **argv) { return add_types(s, argc, argv, false); }

/* Adds type t of the given kind to *mask; names the other kind when the user mixed them up. */
static int add_member(const struct src *s, const char *t, bool ste, u64 *mask)
{
	int i = ste ? find(s->ste, POLICY_NAME_MAX, s->nste, t) : find(s->cw, POLICY_NAME_MAX, s->ncw, t);
	int other = ste ? find(s->cw, POLICY_NAME_MAX, s->ncw, t) : find(s->ste, POLICY_NAME_MAX, s->nste, t);
	if (!*t)
		return err(s, "empty type name in a list");
	if (i < 0 && other >= 0)
		return err(s, "'%s' is %s type, not %s type", t, ste ? "a CW" : "an STE", ste ? "an STE" : "a CW");
	if (i < 0)
		return err(s, "unknown %s type '%s'", ste ? "STE" : "CW", t);
	if (*mask & (1ULL << i))
		return err(s, "type '%s' repeated", t);
	*mask |= 1ULL << i;
	return 0;
}

static int kw_label(struct src *s, int argc, char **argv)
{
	struct policy_label *l = &s->labels[s->nlabels];
	if (argc < 1)
		return err(s, "expected 'label NAME ste=TYPE,... cw=TYPE,...'");
	if (new_name(s, "label", argv[0], s->labels, sizeof(*l), s->nlabels, POLICY_MAX_LABELS) < 0)
		return -1;
	strcpy(l->name, argv[0]);
	for (int i = 1; i < argc; i++) {
		bool ste = !strncmp(argv[i], "ste=", 4);
		u64 *mask = ste ? &l->ste : &l->cw;
		if (!ste && strncmp(argv[i], "cw=", 3))
			return err(s, "label '%s': expected ste=TYPE,... or cw=TYPE,..., not '%s'", argv[0], argv[i]);
		if (*mask) /* lists are never empty, so a set mask means this key came before */
			return err(s, "label '%s': %s given twice", argv[0], ste ? "ste=" : "cw=");
		/* strsep, unlike strtok, yields the empty items of "a,,b" so they are reported */
		for (char *t, *list = strchr(argv[i], '=') + 1; (t = strsep(&list, ","));)
			if (add_member(s, t, ste, mask) < 0)
				return -1;
	}
	if (!(l->ste | l->cw))
		return err(s, "label '%s' has no types (give ste= and/or cw=)", argv[0]);
	s->nlabels++;
	return 0;
}

static int kw_conflict(struct src *s, int argc, char **argv)
{
	struct policy_conflict *c = &s->conflicts[s->nconflicts];
	if (argc < 2 || strcmp(argv[1], "="))
		return err(s, "expected 'conflict NAME = TYPE TYPE ...'");
	if (new_name(s, "conflict set", argv[0], s->conflicts, sizeof(*c), s->nconflicts, POLICY_MAX_CONFLICTS) < 0)
		return -1;
	strcpy(c->name, argv[0]);
	for (int i = 2; i < argc; i++)
		if (add_member(s, argv[i], false, &c->cw) < 0)
			return -1;
	if (argc - 2 < 2) /* a set of one type could never conflict with anything */
		return err(s, "conflict set '%s' needs at least 2 CW types", argv[0]);
	s->nconflicts++;
	return 0;
}

static int kw_policy(struct src *s, int argc, char **argv)
{
	if (argc != 1)
		return err(s, "expected 'policy NAME'");
	if (s->policy_line)
		return err(s, "duplicate 'policy' line (first at line %u)", s->policy_line);
	if (new_name(s, "policy", argv[0], NULL, 0, 0, 1) < 0)
		return -1;
	strcpy(s->name, argv[0]);
	s->policy_line = s->line;
	return 0;
}

static int kw_audit(struct src *s, int argc, char **argv)
{
	if (argc != 1 || strcmp(argv[0], "permits"))
		return err(s, "expected 'audit permits'");
	s->flags |= POLICY_F_AUDIT_PERMITS;
	return 0;
}

static const struct {
	const char *kw;
	int (*fn)(struct src *s, int argc, char **argv);
} keywords[] = { { "policy", kw_policy }, { "ste", kw_ste },	       { "cw", kw_cw },
		 { "label", kw_label },	  { "conflict", kw_conflict }, { "audit", kw_audit } };

/* One line (NUL-terminated, comment not yet removed): split into words, dispatch on the first. */
static int parse_line(struct src *s, char *text)
{
	char *words[MAX_WORDS], *save = NULL;
	int n = 0;
	text[strcspn(text, "#")] = 0;
	for (char *w = strtok_r(text, " \t\r", &save); w; w = strtok_r(NULL, " \t\r", &save)) {
		if (n == MAX_WORDS)
			return err(s, "too many words on one line (max %d)", MAX_WORDS);
		words[n++] = w;
	}
	if (!n)
		return 0;
	for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
		if (!strcmp(words[0], keywords[k].kw))
			return keywords[k].fn(s, n - 1, words + 1);
	return err(s, "unknown keyword '%s'", words[0]);
}

static int parse(struct src *s, char *text)
{
	for (char *line = text, *nl; line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = 0;
		s->line++;
		if (parse_line(s, line) < 0)
			return -1;
	}
	if (s->policy_line)
		return 0;
	s->line = 1; /* where the line belongs */
	return err(s, "missing 'policy NAME' line");
}

/* Header, names and records in declaration order; the digest covers the file with its field zero. */
static u8 *emit(const struct src *s, u64 *len)
{
	u64 n = policy_size(s->nste, s->ncw, s->nlabels, s->nconflicts);
	u8 *b = calloc(1, n), *q;
	struct policy_hdr *h = (void *)b;
	if (!b)
		return NULL;
	q = b + sizeof(*h);
	*h = (struct policy_hdr){ .magic = POLICY_MAGIC, .version = POLICY_VERSION, .size = (u32)n,
				  .nste = s->nste, .ncw = s->ncw, .nlabels = s->nlabels,
				  .nconflicts = s->nconflicts, .flags = s->flags };
	memcpy(h->name, s->name, sizeof(h->name));
	memcpy(q, s->ste, s->nste * sizeof(s->ste[0])), q += s->nste * sizeof(s->ste[0]);
	memcpy(q, s->cw, s->ncw * sizeof(s->cw[0])), q += s->ncw * sizeof(s->cw[0]);
	memcpy(q, s->labels, s->nlabels * sizeof(s->labels[0])), q += s->nlabels * sizeof(s->labels[0]);
	memcpy(q, s->conflicts, s->nconflicts * sizeof(s->conflicts[0]));
	sha256(b, n, h->digest);
	*len = n;
	return b;
}

/* Whole file, NUL-terminated for the source parser; malloc's alignment satisfies policy_load. */
static u8 *slurp(const char *path, u64 *len)
{
	FILE *f = fopen(path, "rb");
	long n = f && !fseek(f, 0, SEEK_END) ? ftell(f) : -1;
	u8 *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (buf) {
		rewind(f);
		if (fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = 0;
			*len = (u64)n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	if (f)
		fclose(f);
	if (!buf)
		fprintf(stderr, "%s: error: cannot read\n", path);
	return buf;
}

/* Reads and validates a binary policy; the caller frees the bytes the policy points into. */
static u8 *load(const char *path, struct policy *p)
{
	u64 len;
	u8 *b = slurp(path, &len);
	const char *why = b ? policy_load(b, len, p) : NULL;
	if (!why)
		return b;
	fprintf(stderr, "%s: error: %s\n", path, why);
	free(b);
	return NULL;
}

static const char *hex(const u8 d[32])
{
	static char out[65];
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
	return out;
}

/* Writes the binary, then validates what was written rather than what was meant to be. */
static int write_policy(const char *out, const u8 *b, u64 len)
{
	FILE *f = fopen(out, "wb");
	struct policy p;
	u8 *back;
	bool ok = f && fwrite(b, 1, len, f) == len;
	if ((f && fclose(f)) || !ok) {
		fprintf(stderr, "%s: error: cannot write\n", out);
		return 1;
	}
	back = load(out, &p);
	if (!back)
		return 1;
	printf("%s: policy %s, %u labels, sha256 %s\n", out, p.hdr->name, p.hdr->nlabels, hex(p.hdr->digest));
	free(back);
	return 0;
}

static int compile(const char *in, const char *out)
{
	struct src *s = calloc(1, sizeof(*s)); /* zeroed: every name field is zero-padded */
	u64 len = 0;
	char *text = (char *)slurp(in, &len);
	u8 *b = NULL;
	int rc = 1;
	if (s && text) {
		s->file = in;
		if (strlen(text) != len) { /* everything after the NUL would be ignored */
			s->line = 1;
			err(s, "file contains a NUL byte");
		} else if (parse(s, text) == 0 && (b = emit(s, &len))) {
			rc = write_policy(out, b, len);
		}
	}
	free(b);
	free(text);
	free(s);
	return rc;
}

/* The names of mask's types, the first after first and the others after sep. */
static void types(const char *first, const char *sep, u64 mask, const char (*names)[POLICY_NAME_MAX])
{
	for (int i = 0; i < 64; i++)
		if (mask & (1ULL << i))
			printf("%s%s", first, names[i]), first = sep;
}

/* In source form, so the output compiles back to the same digest. */
static int show(const char *path)
{
	struct policy p;
	u8 *b = load(path, &p), d[32];
	const struct policy_hdr *h = p.hdr;
	if (!b)
		return 1;
	sha256(b, h->size, d);
	printf("# %s: policy version %u, %u bytes\n# digest %s\n", path, h->version, h->size, hex(h->digest));
	printf("# file sha256 %s\npolicy %s\n", hex(d), h->name);
	if (h->nste)
		types("ste ", " ", h->nste < 64 ? (1ULL << h->nste) - 1 : ~0ULL, p.ste), printf("\n");
	if (h->ncw)
		types("cw ", " ", h->ncw < 64 ? (1ULL << h->ncw) - 1 : ~0ULL, p.cw), printf("\n");
	for (u32 i = 0; i < h->nlabels; i++) {
		printf("label %s", p.labels[i].name);
		types(" ste=", ",", p.labels[i].ste, p.ste), types(" cw=", ",", p.labels[i].cw, p.cw), printf("\n");
	}
	for (u32 i = 0; i < h->nconflicts; i++)
		printf("conflict %s =", p.conflicts[i].name), types(" ", " ", p.conflicts[i].cw, p.cw), printf("\n");
	if (h->flags & POLICY_F_AUDIT_PERMITS)
		printf("audit permits\n");
	free(b);
	return 0;
}

/* check-share BIN A B and check-start BIN L [RUNNING...]: argv[3..] are labels. */
static int check(int argc, char **argv, bool start)
{
	struct policy p;
	u8 *b = load(argv[2], &p);
	int *l = calloc((size_t)argc, sizeof(*l)), rc = b ? 0 : 1;
	u32 culprit = 0;
	enum acm_decision d;
	for (int i = 3; !rc && i < argc; i++)
		if ((l[i - 3] = policy_label(&p, argv[i])) < 0)
			rc = 1, fprintf(stderr, "%s: error: no label '%s' in policy %s\n", argv[2], argv[i], p.hdr->name);
	if (!rc) {
		d = start ? acm_start(&p, l[0], l + 1, (u32)argc - 4, &culprit) : acm_share(&p, l[0], l[1]);
		printf("%s", acm_decision_name(d));
		if (d == ACM_DENY && start)
			printf(": %s conflicts with running %s", argv[3], argv[4 + culprit]);
		else if (d == ACM_DENY)
			printf(": %s and %s have no STE type in common", argv[3], argv[4]);
		printf("\n");
		rc = d == ACM_DENY ? 3 : 0;
	}
	free(l), free(b);
	return rc;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	if (!strcmp(cmd, "compile") && argc == 5 && !strcmp(argv[3], "-o"))
		return compile(argv[2], argv[4]);
	if (!strcmp(cmd, "show") && argc == 3)
		return show(argv[2]);
	if ((!strcmp(cmd, "check-share") && argc == 5) || (!strcmp(cmd, "check-start") && argc >= 4))
		return check(argc, argv, !strcmp(cmd, "check-start"));
	fprintf(stderr, "usage: cordon-policy compile SRC -o OUT     compile a policy (docs/POLICY.md)\n"
			"       cordon-policy show BIN                validate, print as source\n"
			"       cordon-policy check-share BIN LABEL LABEL\n"
			"       cordon-policy check-start BIN LABEL [RUNNING_LABEL...]\n"
			"check-* print permit, permit+audit or deny; exit 0 on permit, 3 on deny, 1 on errors.\n");
	return 2;
}
