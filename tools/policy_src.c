/* cordon-policy: the policy source parser (file:line errors) and the binary writer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tools/policy_src.h>
#include <lib/sha256.h>

#define MAX_WORDS 512 /* words on one source line: 64 types fit easily */



int policy_src_err(const struct src *s, const char *fmt, ...)
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
		return policy_src_err(s, "%s name '%s' too long (max %d characters)", what, n, POLICY_NAME_MAX - 1);
	for (const char *c = n; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || (c > n && (*c == '-' || *c == '_'))))
			return policy_src_err(s, "%s name '%s' may use only a-z, 0-9, '-' and '_' (not first)", what, n);
	if (find(base, stride, count, n) >= 0)
		return policy_src_err(s, "duplicate %s '%s'", what, n);
	if (count == max)
		return policy_src_err(s, "too many %ss (max %u)", what, max);
	return 0;
}

static int add_types(struct src *s, int argc, char **argv, bool ste)
{
	u32 *n = ste ? &s->nste : &s->ncw;
	if (!argc)
		return policy_src_err(s, "'%s' needs at least one type name", ste ? "ste" : "cw");
	for (int i = 0; i < argc; i++) {
		if (new_name(s, ste ? "STE type" : "CW type", argv[i], ste ? s->ste : s->cw, POLICY_NAME_MAX, *n,
			     POLICY_MAX_TYPES) < 0)
			return -1;
		if (find(ste ? s->cw : s->ste, POLICY_NAME_MAX, ste ? s->ncw : s->nste, argv[i]) >= 0)
			return policy_src_err(s, "type '%s' declared as both ste and cw", argv[i]);
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
		return policy_src_err(s, "empty type name in a list");
	if (i < 0 && other >= 0)
		return policy_src_err(s, "'%s' is %s type, not %s type", t, ste ? "a CW" : "an STE", ste ? "an STE" : "a CW");
	if (i < 0)
		return policy_src_err(s, "unknown %s type '%s'", ste ? "STE" : "CW", t);
	if (*mask & (1ULL << i))
		return policy_src_err(s, "type '%s' repeated", t);
	*mask |= 1ULL << i;
	return 0;
}

static int kw_label(struct src *s, int argc, char **argv)
{
	struct policy_label *l = &s->labels[s->nlabels];
	if (argc < 1)
		return policy_src_err(s, "expected 'label NAME ste=TYPE,... cw=TYPE,...'");
	if (new_name(s, "label", argv[0], s->labels, sizeof(*l), s->nlabels, POLICY_MAX_LABELS) < 0)
		return -1;
	strcpy(l->name, argv[0]);
	for (int i = 1; i < argc; i++) {
		bool ste = !strncmp(argv[i], "ste=", 4);
		u64 *mask = ste ? &l->ste : &l->cw;
		if (!ste && strncmp(argv[i], "cw=", 3))
			return policy_src_err(s, "label '%s': expected ste=TYPE,... or cw=TYPE,..., not '%s'", argv[0], argv[i]);
		if (*mask) /* lists are never empty, so a set mask means this key came before */
			return policy_src_err(s, "label '%s': %s given twice", argv[0], ste ? "ste=" : "cw=");
		/* strsep, unlike strtok, yields the empty items of "a,,b" so they are reported */
		for (char *t, *list = strchr(argv[i], '=') + 1; (t = strsep(&list, ","));)
			if (add_member(s, t, ste, mask) < 0)
				return -1;
	}
	if (!(l->ste | l->cw))
		return policy_src_err(s, "label '%s' has no types (give ste= and/or cw=)", argv[0]);
	s->nlabels++;
	return 0;
}

static int kw_conflict(struct src *s, int argc, char **argv)
{
	struct policy_conflict *c = &s->conflicts[s->nconflicts];
	if (argc < 2 || strcmp(argv[1], "="))
		return policy_src_err(s, "expected 'conflict NAME = TYPE TYPE ...'");
	if (new_name(s, "conflict set", argv[0], s->conflicts, sizeof(*c), s->nconflicts, POLICY_MAX_CONFLICTS) < 0)
		return -1;
	strcpy(c->name, argv[0]);
	for (int i = 2; i < argc; i++)
		if (add_member(s, argv[i], false, &c->cw) < 0)
			return -1;
	if (argc - 2 < 2) /* a set of one type could never conflict with anything */
		return policy_src_err(s, "conflict set '%s' needs at least 2 CW types", argv[0]);
	s->nconflicts++;
	return 0;
}

static int kw_policy(struct src *s, int argc, char **argv)
{
	if (argc != 1)
		return policy_src_err(s, "expected 'policy NAME'");
	if (s->policy_line)
		return policy_src_err(s, "duplicate 'policy' line (first at line %u)", s->policy_line);
	if (new_name(s, "policy", argv[0], NULL, 0, 0, 1) < 0)
		return -1;
	strcpy(s->name, argv[0]);
	s->policy_line = s->line;
	return 0;
}

static int kw_audit(struct src *s, int argc, char **argv)
{
	if (argc != 1 || strcmp(argv[0], "permits"))
		return policy_src_err(s, "expected 'audit permits'");
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
			return policy_src_err(s, "too many words on one line (max %d)", MAX_WORDS);
		words[n++] = w;
	}
	if (!n)
		return 0;
	for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
		if (!strcmp(words[0], keywords[k].kw))
			return keywords[k].fn(s, n - 1, words + 1);
	return policy_src_err(s, "unknown keyword '%s'", words[0]);
}

int policy_src_parse(struct src *s, char *text)
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
	return policy_src_err(s, "missing 'policy NAME' line");
}

/* Header, names and records in declaration order; the digest covers the file with its field zero. */
u8 *policy_src_emit(const struct src *s, u64 *len)
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
