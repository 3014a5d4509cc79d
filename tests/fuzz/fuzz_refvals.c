/* cordon fuzz target: reference files (tools/refvals_parse.c) and matching hostile logs against a reference. */
/* sources: tools/refvals.c tools/refvals_parse.c tools/refvals_match.c tools/refvals_rt.c lib/tcg/tcglog.c lib/tcg/measure_ev.c lib/cfg/cfg.c lib/cfg/cfg_keys.c lib/cfg/cfg_vtpm.c lib/sha256.c lib/str.c lib/fmt.c -ltomcrypt */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tools/refvals.h>

/*
 * Seeds (corpus/refvals/): small.ref is the reference of fixed_ref()'s ESP; fw.log, rt.log and
 * final.bin are writer-made logs that match it. Each starts with its mode byte (see below).
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                  \
	do {                                                                      \
		if (!(c)) {                                                       \
			fprintf(stderr, "fuzz_refvals: check failed: %s\n", #c);  \
			abort();                                                  \
		}                                                                 \
	} while (0)

/* A reference file that parses is written back identically enough to parse to the same values. */
static void reference(const uint8_t *data, size_t size)
{
	static struct refvals r, back;
	static char out[65536];
	char err[256];
	FILE *f;
	if (refvals_parse((const char *)data, size, &r, err, sizeof(err)) < 0) {
		CHECK(memchr(err, 0, sizeof(err)) && !strncmp(err, "line ", 5));
		return;
	}
	f = fmemopen(out, sizeof(out), "w");
	CHECK(f && refvals_write(f, &r) == 0);
	CHECK(fclose(f) == 0);
	CHECK(refvals_parse(out, strlen(out), &back, err, sizeof(err)) == 0);
	CHECK(!memcmp(back.pcr8, r.pcr8, 32) && !memcmp(back.pcr9, r.pcr9, 32) && back.nload == r.nload);
}

static void put(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	CHECK((f = fopen(path, "w")) != NULL);
	fputs(text, f);
	fclose(f);
}

/* The reference every log is matched against: a policy and one VM, made once from files in a temp dir. */
static const struct refvals *fixed_ref(void)
{
	static const char cfg[] = "policy = p.bin\n[vm]\nname = a\nimage = a.elf\nmemory = 2M\nlabel = green\n";
	static struct refvals r;
	static char dir[] = "/tmp/fuzz-refvals-XXXXXX";
	char err[256], path[256];
	if (r.nload)
		return &r;
	CHECK(mkdtemp(dir) != NULL);
	put(dir, "hypervisor.elf", "hv");
	put(dir, "p.bin", "policy");
	put(dir, "a.elf", "guest");
	CHECK(refvals_make(cfg, sizeof(cfg) - 1, dir, &r, err, sizeof(err)) == 0);
	for (const char *const *n = (const char *const[]){ "hypervisor.elf", "p.bin", "a.elf", NULL }; *n; n++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *n);
		remove(path);
	}
	remove(dir);
	return &r;
}

/* 1: data is the firmware log; 2: the runtime log; 3: the final-events table (the others: headers only). */
static void logs(uint8_t mode, const uint8_t *data, size_t size)
{
	uint8_t hdr[TCGLOG_HEADER_SIZE], *buf = malloc(size ? size : 1); /* exact size for ASan */
	struct rv_logs l = { hdr, sizeof(hdr), NULL, 0, 0, hdr, sizeof(hdr) };
	struct rv_report rep;
	u32 len = (u32)size;
	tcglog_put_header(hdr, sizeof(hdr));
	memcpy(buf, data, size);
	if (mode == 1)
		l.fw = buf, l.fw_len = len;
	else if (mode == 2)
		l.rt = buf, l.rt_len = len;
	else
		l.final = buf, l.final_len = len, l.final_skip = size ? buf[0] & 1 : 0;
	CHECK(refvals_match(fixed_ref(), &l, &rep) >= 0);
	CHECK(rep.n <= 256 && rep.errors <= 0x7fffffff);
	for (u32 i = 0; i < rep.n; i++)
		CHECK(memchr(rep.f[i].msg, 0, sizeof(rep.f[i].msg)) && rep.f[i].severity <= RV_ERROR);
	refvals_report_free(&rep);
	free(buf);
}

/* First byte % 4 picks the input's role: 0 a reference file (seeds start with '0'), else a log. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] % 4 == 0)
		reference(data + 1, size - 1);
	else
		logs(data[0] % 4, data + 1, size - 1);
	return 0;
}
