/* cordon fuzz target: TCG event-log parser and replay (lib/tcg/tcglog.c), as a log and as a final-events table. */
/* sources: lib/tcg/tcglog.c lib/sha256.c lib/str.c lib/fmt.c -ltomcrypt */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/tcg/tcglog.h>

/*
 * Seeds (corpus/tcglog/): OVMF + swtpm logs with one and with three banks and a final-events table
 * (captured as tests/unit/test_tcglog_replay.c describes), and a runtime log made by the writer.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                 \
	do {                                                                     \
		if (!(c)) {                                                      \
			fprintf(stderr, "fuzz_tcglog: check failed: %s\n", #c);  \
			abort();                                                 \
		}                                                                \
	} while (0)

/* Every event lies inside the buffer, after the previous one; a failure leaves a message. */
static void walk(struct tcg_iter *it, const uint8_t *buf, u32 len, struct tcg_replay *r)
{
	struct tcg_event ev;
	u32 prev_end = it->off;
	int rc;
	while ((rc = tcglog_next(it, &ev)) == 1) {
		CHECK(ev.pcr < TCG_MAX_PCR);
		CHECK(ev.offset >= prev_end && ev.offset < len);
		CHECK(ev.data >= buf && ev.data + ev.data_len <= buf + len);
		CHECK(!ev.sha256 || (ev.sha256 >= buf && ev.sha256 + 32 <= ev.data));
		CHECK(it->off == (u32)(ev.data - buf) + ev.data_len);
		prev_end = it->off;
		tcglog_replay_event(r, &ev);
	}
	CHECK(rc == 0 || (rc == -1 && it->err && memchr(it->errbuf, 0, sizeof(it->errbuf))));
	CHECK(tcglog_next(it, &ev) == rc); /* the end and errors are sticky */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tcg_spec three = { 3, { { 0x0004, 20 }, { 0x000B, 32 }, { 0x000C, 48 } } };
	uint8_t *buf = malloc(size ? size : 1); /* exact size: any over-read is an ASan report */
	u32 len = size > 0xffffffffu ? 0xffffffffu : (u32)size;
	struct tcg_iter it;
	struct tcg_replay r;
	u8 q[32];
	memcpy(buf, data, size);
	tcglog_replay_init(&r);
	if (!tcglog_open(&it, buf, len)) {
		CHECK(it.spec.nalgs >= 1 && it.spec.nalgs <= TCG_MAX_ALGS && it.off <= len);
		walk(&it, buf, len, &r);
	} else
		CHECK(it.err != NULL);
	if (!tcglog_open_final(&it, buf, len, &three, size ? data[0] & 3 : 0))
		walk(&it, buf, len, &r);
	tcglog_pcr_digest(&r, 0x7ff, q);
	free(buf);
	return 0;
}
