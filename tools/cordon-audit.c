/* cordon-audit: prints the audit records in a cordon console log, checks their hash chain, counts decisions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/sha256.h>

#define MARK "cordon: audit "

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

struct chain {
	unsigned char prev[32];
	unsigned long long next_seq, decisions; /* a record stands for 1 decision, or R with repeats=R */
	int records, bad;
};

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
	if (c->records == 0 && seq != 0)
		printf("note: log starts at seq %llu; its link to earlier records is not checked\n", seq);
	else if (seq != c->next_seq) {
		printf("line %u: BROKEN: seq %llu where %llu was expected (record missing or reordered)\n", lineno, seq,
		       c->next_seq);
		c->bad++;
	}
	sha256_init(&ctx);
	sha256_update(&ctx, c->prev, 32);
	sha256_update(&ctx, text, (unsigned long long)(h - text));
	sha256_final(&ctx, got);
	if (c->records > 0 || seq == 0) {
		if (memcmp(got, want, 32)) {
			printf("line %u: BROKEN: seq %llu hash does not match its text and predecessor (edited?)\n", lineno, seq);
			c->bad++;
		}
	}
	rep = strstr(text, " repeats=");
	c->decisions += rep && rep < h ? strtoull(rep + 9, NULL, 10) : 1;
	printf("%.*s\n", (int)(h - text), text);
	memcpy(c->prev, want, 32);
	c->next_seq = seq + 1;
	c->records++;
}

int main(int argc, char **argv)
{
	FILE *f = argc == 2 ? fopen(argv[1], "r") : NULL;
	struct chain c = { { 0 }, 0, 0, 0, 0 };
	char line[1024];
	unsigned lineno = 0;
	if (argc != 2) {
		fprintf(stderr, "usage: cordon-audit CONSOLE.LOG   (prints audit records and checks the hash chain)\n");
		return 2;
	}
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		if (strstr(line, MARK))
			check_line(&c, line, lineno);
	}
	fclose(f);
	if (c.bad)
		printf("audit chain BROKEN: %d problem(s) in %d record(s)\n", c.bad, c.records);
	else
		printf("audit chain OK: %d record(s), %llu decision(s)\n", c.records, c.decisions);
	return c.bad ? 1 : 0;
}
