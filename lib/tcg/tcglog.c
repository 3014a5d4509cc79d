/* cordon: TCG crypto-agile event logs: parser, SHA-256 replay, quote digest and runtime-log writer. */
#include <lib/tcg/tcglog.h>
#include <lib/sha256.h>
#include <lib/str.h>
#include <lib/fmt.h>

#define ALG_SHA256 0x000B
#define NO_LIMIT (~0ULL)
#define SHA1_HDR 32u  /* TCG_PCClientPCREvent up to its event data: pcr, type, SHA-1 digest, size */
#define SPEC_FIXED 28u /* TCG_EfiSpecIdEvent before digestSizes[] (PFP 1.05, 10.4.5.1) */
#define EV2_FIXED 12u  /* TCG_PCR_EVENT2 before its digests: pcrIndex, eventType, count */

static const char spec_sig[16] = "Spec ID Event03"; /* with its NUL: 16 bytes (PFP 10.4.5.1) */

/* Digest sizes of the algorithms whose size we know (TCG Algorithm Registry, table 3). */
static const struct tcg_alg known_algs[] = {
	{ 0x0004, 20 }, /* SHA-1 */
	{ 0x000B, 32 }, /* SHA-256 */
	{ 0x000C, 48 }, /* SHA-384 */
	{ 0x000D, 64 }, /* SHA-512 */
	{ 0x0012, 32 }, /* SM3-256 */
};

/* All integers in the log are little-endian (PFP 10.2). */
static u16 rd16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 rd32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static void wr16(u8 *p, u16 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static void wr32(u8 *p, u32 v)
{
	wr16(p, (u16)v);
	wr16(p + 2, (u16)(v >> 16));
}

/* Records why and where parsing stopped; every later tcglog_next fails the same way. */
__attribute__((format(printf, 3, 4))) static int fail(struct tcg_iter *it, u32 at, const char *fmt, ...)
{
	va_list ap;
	u64 n = fmt_snprintf(it->errbuf, sizeof(it->errbuf), "offset %u: ", at);
	va_start(ap, fmt);
	if (n < sizeof(it->errbuf))
		fmt_vsnprintf(it->errbuf + n, sizeof(it->errbuf) - n, fmt, ap);
	va_end(ap);
	it->err = it->errbuf;
	return -1;
}

static void start(struct tcg_iter *it, const void *buf, u32 len)
{
	c_memset(it, 0, sizeof(*it));
	it->buf = buf;
	it->len = len;
	it->left = NO_LIMIT;
}

static int spec_find(const struct tcg_spec *s, u16 id)
{
	for (u32 i = 0; i < s->nalgs; i++)
		if (s->algs[i].id == id)
			return (int)i;
	return -1;
}

/* One digestSizes[] entry: a known algorithm must have its real size, others 1..64 bytes. */
static int spec_add(struct tcg_iter *it, const u8 *p, u32 at)
{
	struct tcg_alg a = { rd16(p), rd16(p + 2) };
	if (spec_find(&it->spec, a.id) >= 0)
		return fail(it, at, "Spec ID event declares algorithm 0x%x twice", a.id);
	if (a.size == 0 || a.size > TCG_MAX_DIGEST)
		return fail(it, at, "algorithm 0x%x has digest size %u", a.id, a.size);
	for (u32 i = 0; i < ARRAY_SIZE(known_algs); i++)
		if (known_algs[i].id == a.id && known_algs[i].size != a.size)
			return fail(it, at, "algorithm 0x%x has digest size %u, not %u", a.id, a.size,
				    known_algs[i].size);
	it->spec.algs[it->spec.nalgs++] = a;
	return 0;
}

/* TCG_EfiSpecIdEvent (PFP 1.05, 10.4.5.1): signature, class, version, banks, vendor info. */
static int parse_spec(struct tcg_iter *it, const u8 *d, u32 n)
{
	u32 nalgs, end;
	if (n < SPEC_FIXED + 4 + 1)
		return fail(it, SHA1_HDR, "Spec ID event is %u bytes, too short", n);
	if (c_memcmp(d, spec_sig, sizeof(spec_sig)))
		return fail(it, SHA1_HDR, "no \"Spec ID Event03\" signature");
	if (d[21] != 2)
		return fail(it, SHA1_HDR, "spec version %u.%u, not 2.x", d[21], d[20]);
	nalgs = rd32(d + 24);
	if (nalgs == 0 || nalgs > TCG_MAX_ALGS)
		return fail(it, SHA1_HDR, "Spec ID event declares %u banks (1 to %u supported)", nalgs,
			    TCG_MAX_ALGS);
	end = SPEC_FIXED + 4 * nalgs; /* vendorInfoSize */
	if (end + 1 > n)
		return fail(it, SHA1_HDR, "Spec ID event ends inside its bank list");
	for (u32 i = 0; i < nalgs; i++)
		if (spec_add(it, d + SPEC_FIXED + 4 * i, SHA1_HDR + SPEC_FIXED + 4 * i) < 0)
			return -1;
	if (end + 1 + d[end] != n)
		return fail(it, SHA1_HDR, "Spec ID event is %u bytes, its contents %u", n, end + 1 + d[end]);
	return 0;
}

/* The header event is a TCG_PCClientPCREvent in SHA-1 format (PFP 1.05, 10.2.1). */
static int parse_header(struct tcg_iter *it, const u8 *b, u32 len)
{
	u32 size;
	if (len < SHA1_HDR)
		return fail(it, 0, "log is %u bytes, shorter than its header event", len);
	if (rd32(b) != 0 || rd32(b + 4) != TCG_EV_NO_ACTION)
		return fail(it, 0, "first event (PCR %u, type 0x%x) is not the Spec ID event", rd32(b), rd32(b + 4));
	size = rd32(b + 28);
	if (size > len - SHA1_HDR)
		return fail(it, 0, "Spec ID event of %u bytes runs past the end of the log", size);
	if (parse_spec(it, b + SHA1_HDR, size) < 0)
		return -1;
	it->off = SHA1_HDR + size;
	return 0;
}

const char *tcglog_open(struct tcg_iter *it, const void *buf, u32 len)
{
	start(it, buf, len);
	return parse_header(it, buf, len) < 0 ? it->err : NULL;
}

void tcglog_open_events(struct tcg_iter *it, const void *buf, u32 len, const struct tcg_spec *spec)
{
	start(it, buf, len);
	it->spec = *spec;
}

/* EFI_TCG2_FINAL_EVENTS_TABLE: u64 Version (1), u64 NumberOfEvents (TCG EFI Protocol 2.0, 6.5). */
static int parse_final(struct tcg_iter *it, const u8 *t, u32 len, u64 skip)
{
	struct tcg_event ev;
	if (len < 16)
		return fail(it, 0, "final-events table is %u bytes, shorter than its header", len);
	if (rd32(t) != 1 || rd32(t + 4) != 0)
		return fail(it, 0, "final-events table version is not 1");
	it->left = (u64)rd32(t + 8) | (u64)rd32(t + 12) << 32;
	it->off = 16;
	if (skip > it->left)
		return fail(it, 8, "cannot skip %llu events of a table of %llu", skip, it->left);
	for (; skip; skip--)
		if (tcglog_next(it, &ev) != 1)
			return -1;
	return 0;
}

const char *tcglog_open_final(struct tcg_iter *it, const void *table, u32 len, const struct tcg_spec *spec,
			      u64 skip)
{
	tcglog_open_events(it, table, len, spec);
	return parse_final(it, table, len, skip) < 0 ? it->err : NULL;
}

/* TPML_DIGEST_VALUES: exactly one digest per declared bank, each bank once (PFP 1.05, 10.2.2). */
static int read_digests(struct tcg_iter *it, u32 at, u32 count, u32 *pos, struct tcg_event *ev)
{
	u32 seen = 0;
	if (count != it->spec.nalgs)
		return fail(it, at, "event has %u digests, the log declares %u banks", count, it->spec.nalgs);
	for (u32 i = 0; i < count; i++) {
		int k;
		if (it->len - *pos < 2)
			return fail(it, at, "event ends inside its digests");
		k = spec_find(&it->spec, rd16(it->buf + *pos));
		if (k < 0)
			return fail(it, at, "digest algorithm 0x%x is not declared by the log",
				    rd16(it->buf + *pos));
		if (seen & 1u << k)
			return fail(it, at, "two digests of algorithm 0x%x", it->spec.algs[k].id);
		seen |= 1u << k;
		*pos += 2;
		if (it->len - *pos < it->spec.algs[k].size)
			return fail(it, at, "event ends inside its digests");
		if (it->spec.algs[k].id == ALG_SHA256)
			ev->sha256 = it->buf + *pos;
		*pos += it->spec.algs[k].size;
	}
	return 0;
}

int tcglog_next(struct tcg_iter *it, struct tcg_event *ev)
{
	u32 at = it->off, pos = at + EV2_FIXED, size;
	if (it->err)
		return -1;
	if (it->left == 0 || (it->off == it->len && it->left == NO_LIMIT))
		return 0;
	if (it->len - at < EV2_FIXED)
		return fail(it, at, "%s", at == it->len ? "the table ends before its last event" : "truncated event");
	c_memset(ev, 0, sizeof(*ev));
	ev->pcr = rd32(it->buf + at);
	ev->type = rd32(it->buf + at + 4);
	if (ev->pcr >= TCG_MAX_PCR)
		return fail(it, at, "PCR index %u out of range", ev->pcr);
	if (read_digests(it, at, rd32(it->buf + at + 8), &pos, ev) < 0)
		return -1;
	if (it->len - pos < 4)
		return fail(it, at, "event ends before its data size");
	size = rd32(it->buf + pos);
	pos += 4;
	if (size > TCG_MAX_EVENT_DATA || size > it->len - pos)
		return fail(it, at, "event data of %u bytes runs past the end of the log", size);
	ev->data = it->buf + pos;
	ev->data_len = size;
	ev->offset = at;
	it->off = pos + size;
	if (it->left != NO_LIMIT)
		it->left--;
	return 1;
}

void tcglog_replay_init(struct tcg_replay *r)
{
	c_memset(r, 0, sizeof(*r));
}

/* TCG_EfiStartupLocalityEvent (PFP 1.05, 10.4.5.3): "StartupLocality\0" and the locality byte. */
static const char *startup_locality(struct tcg_replay *r, const struct tcg_event *ev)
{
	static const char sig[16] = "StartupLocality";
	if (ev->pcr != 0 || ev->data_len != 17 || c_memcmp(ev->data, sig, 16))
		return NULL;
	if (r->extended & 1)
		return "StartupLocality event after PCR 0 was extended";
	r->pcr[0][31] = ev->data[16];
	return NULL;
}

const char *tcglog_replay_event(struct tcg_replay *r, const struct tcg_event *ev)
{
	struct sha256_ctx c;
	if (ev->pcr >= TCG_MAX_PCR)
		return "PCR index out of range";
	if (ev->type == TCG_EV_NO_ACTION)
		return startup_locality(r, ev);
	if (!ev->sha256)
		return "event has no SHA-256 digest";
	/* PCR_new = SHA-256(PCR_old || digest) (TPM 2.0 Part 1, 17.2 "Extend"). */
	sha256_init(&c);
	sha256_update(&c, r->pcr[ev->pcr], 32);
	sha256_update(&c, ev->sha256, 32);
	sha256_final(&c, r->pcr[ev->pcr]);
	r->extended |= 1u << ev->pcr;
	r->events++;
	return NULL;
}

/* TPMS_QUOTE_INFO.pcrDigest: hash of the selected PCRs concatenated in selection order (TPM 2.0 Part 3, 18.4). */
void tcglog_pcr_digest(const struct tcg_replay *r, u32 mask, u8 out[32])
{
	struct sha256_ctx c;
	sha256_init(&c);
	for (u32 i = 0; i < TCG_MAX_PCR; i++)
		if (mask & 1u << i)
			sha256_update(&c, r->pcr[i], 32);
	sha256_final(&c, out);
}

/* SHA-1 format header and a Spec ID event with one bank, SHA-256, and no vendor info (PFP 10.4.5.1). */
u32 tcglog_put_header(u8 *buf, u32 cap)
{
	if (cap < TCGLOG_HEADER_SIZE)
		return 0;
	c_memset(buf, 0, TCGLOG_HEADER_SIZE);
	wr32(buf + 4, TCG_EV_NO_ACTION);
	wr32(buf + 28, TCGLOG_HEADER_SIZE - SHA1_HDR);
	c_memcpy(buf + SHA1_HDR, spec_sig, sizeof(spec_sig));
	buf[SHA1_HDR + 21] = 2;	 /* specVersionMajor; minor and errata 0, platformClass 0 (client) */
	buf[SHA1_HDR + 23] = 2;	 /* uintnSize: UINT64 */
	wr32(buf + SHA1_HDR + 24, 1);
	wr16(buf + SHA1_HDR + SPEC_FIXED, ALG_SHA256);
	wr16(buf + SHA1_HDR + SPEC_FIXED + 2, 32);
	return TCGLOG_HEADER_SIZE; /* the last byte, vendorInfoSize, stays 0 */
}

/* TCG_PCR_EVENT2 with a one-entry TPML_DIGEST_VALUES (PFP 1.05, 10.2.2). */
u32 tcglog_put_event(u8 *buf, u32 cap, u32 pcr, u32 type, const u8 sha256[32], const void *data,
		     u32 data_len)
{
	if (data_len > TCG_MAX_EVENT_DATA || cap < TCGLOG_EVENT_SIZE(data_len))
		return 0;
	wr32(buf, pcr);
	wr32(buf + 4, type);
	wr32(buf + 8, 1);
	wr16(buf + 12, ALG_SHA256);
	c_memcpy(buf + 14, sha256, 32);
	wr32(buf + 46, data_len);
	c_memcpy(buf + 50, data, data_len);
	return TCGLOG_EVENT_SIZE(data_len);
}
