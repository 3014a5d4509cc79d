/* cordon-policy: compiles, shows and queries Access Control Module (sHype) policies on the host. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <acm/acm.h>
#include <tools/policy_src.h>
#include <lib/sha256.h>

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
			policy_src_err(s, "file contains a NUL byte");
		} else if (policy_src_parse(s, text) == 0 && (b = policy_src_emit(s, &len))) {
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
