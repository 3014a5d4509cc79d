/* cordon-audit: prints the audit records in a cordon console log or a cordon-ctl audit stream, checks their hash chain, counts decisions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/sha256.h>

#define MARK "cordon: audit "
/* What cordon-ctl audit prints when cordon's ring overwrote records before they were read (tools/ctl/print.c). */
#define GAP_MARK "cordon-ctl: audit gap: records "

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int parse_hex(const char *s, unsigned char out[32])
{
	for (int i = 0; i < 32; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/*
 * anchored: prev is the real hash of record next_seq - 1, so the next
 * record's hash can be checked. It is not at the start of a stream that does
 * not begin at seq 0 (unless --from-hash gives it) and after a gap: the first
 * record after either is trusted, and the chain is checked from there on.
 */
struct chain {
	unsigned char prev[32];
	unsigned long long next_seq, first_seq, decisions; /* a record stands for 1 decision, or R with repeats=R */
	int records, bad, anchored, started, trusted_start;
};

static void gap(struct chain *c, unsigned lineno, unsigned long long from, unsigned long long to, const char *why)
{
	printf("line %u: BROKEN: gap: seq %llu..%llu missing (%s)\n", lineno, from, to, why);
	c->bad++;
	c->anchored = 0;
}

/* Where a record's seq stands against the chain: 1 when its hash can be checked against prev. */
static int place(struct chain *c, unsigned long long seq, unsigned lineno)
{
	if (!c->started) {
		c->started = 1;
		c->first_seq = seq;
		if (seq == 0 || c->anchored)
			return 1;
		printf("note: stream starts at seq %llu; that record is trusted and the chain checked from it "
		       "(--from-hash gives its predecessor's hash)\n", seq);
		c->trusted_start = 1;
		return 0;
	}
	if (seq == c->next_seq)
		return c->anchored;
	if (seq > c->next_seq)
		gap(c, lineno, c->next_seq, seq - 1, "record missing or removed");
	else {
		printf("line %u: BROKEN: seq %llu where %llu was expected (record reordered or repeated)\n", lineno, seq,
		       c->next_seq);
		c->bad++;
	}
	return 0;
}

/* One "cordon: audit TEXT hash=HEX" line: checks sequence and hash, prints the record. */
static void check_line(struct chain *c, const char *line, unsigned lineno)
{
	const char *text = strstr(line, MARK) + strlen(MARK), *h = strstr(text, " hash="), *rep;
	unsigned char want[32], got[32];
	unsigned long long seq;
	struct sha256_ctx ctx;
	if (!h || sscanf(text, "seq=%llu", &seq) != 1 || strlen(h + 6) < 64 || parse_hex(h + 6, want) < 0) {
		printf("line %u: malformed audit record\n", lineno);
		c->bad++;
		return;
	}
	if (place(c, seq, lineno)) {
		sha256_init(&ctx);
		sha256_update(&ctx, c->prev, 32);
		sha256_update(&ctx, text, (unsigned long long)(h - text));
		sha256_final(&ctx, got);
		if (memcmp(got, want, 32)) {
			printf("line %u: BROKEN: seq %llu hash does not match its text and predecessor (edited?)\n", lineno, seq);
			c->bad++;
		}
	}
	rep = strstr(text, " repeats=");
	c->decisions += rep && rep < h ? strtoull(rep + 9, NULL, 10) : 1;
	printf("%.*s\n", (int)(h - text), text);
	memcpy(c->prev, want, 32);
	c->anchored = 1; /* from here on, the next record is checked against this one's hash */
	c->next_seq = seq + 1;
	c->records++;
}

/* cordon-ctl's gap line: the records it names are gone; the chain resumes, trusted, after them. */
static void check_gap_line(struct chain *c, const char *line, unsigned lineno)
{
	unsigned long long from, to;
	if (sscanf(strstr(line, GAP_MARK) + strlen(GAP_MARK), "%llu..%llu", &from, &to) != 2 || to < from) {
		printf("line %u: malformed gap line\n", lineno);
		c->bad++;
		return;
	}
	if (c->started && from > c->next_seq)
		gap(c, lineno, c->next_seq, from - 1, "record missing or removed");
	gap(c, lineno, from, to, "overwritten in cordon's ring before cordon-ctl read them");
	if (!c->started)
		c->first_seq = from;
	c->started = 1;
	c->next_seq = to + 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: cordon-audit [--from-hash HEX] LOG   (LOG: a console log or cordon-ctl audit output; - for stdin)\n"
			"  prints the audit records, checks the hash chain; exit 1 on any gap, edit or reordering\n"
			"  --from-hash HEX  the hash of the record before the first one (else the first is trusted)\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct chain c;
	char line[1024];
	unsigned lineno = 0;
	const char *path;
	FILE *f;
	memset(&c, 0, sizeof(c));
	if (argc == 4 && !strcmp(argv[1], "--from-hash")) {
		if (strlen(argv[2]) != 64 || parse_hex(argv[2], c.prev) < 0)
			return fprintf(stderr, "cordon-audit: --from-hash wants 64 lowercase hex digits\n"), 2;
		c.anchored = 1;
		path = argv[3];
	} else if (argc == 2 && (argv[1][0] != '-' || !strcmp(argv[1], "-")))
		path = argv[1];
	else
		return usage();
	f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		perror(path);
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		if (strstr(line, MARK))
			check_line(&c, line, lineno);
		else if (strstr(line, GAP_MARK))
			check_gap_line(&c, line, lineno);
	}
	if (f != stdin)
		fclose(f);
	if (c.bad)
		printf("audit chain BROKEN: %d problem(s) in %d record(s)\n", c.bad, c.records);
	else if (c.records)
		printf("audit chain OK: %d record(s), %llu decision(s), seq %llu..%llu%s\n", c.records, c.decisions,
		       c.first_seq, c.next_seq - 1, c.trusted_start ? " (the first record trusted)" : "");
	else
		printf("audit chain OK: 0 record(s), 0 decision(s)\n");
	return c.bad ? 1 : 0;
}
