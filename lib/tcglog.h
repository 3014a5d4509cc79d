/* cordon: TCG crypto-agile event logs: parse, replay, and write (firmware log and cordon's runtime log). */
#ifndef CORDON_LIB_TCGLOG_H
#define CORDON_LIB_TCGLOG_H
#include <cordon/types.h>

/*
 * Formats: TCG PC Client Platform Firmware Profile (PFP) 1.05, 10.2 "Event
 * Log Structures". A log starts with a TCG_PCClientPCREvent in SHA-1 format
 * (EV_NO_ACTION, PCR 0) whose event data is TCG_EfiSpecIdEvent
 * ("Spec ID Event03", one {algorithmId, digestSize} per bank); every later
 * event is a TCG_PCR_EVENT2 {pcrIndex, eventType, TPML_DIGEST_VALUES digests,
 * eventSize, event[eventSize]}, little-endian. The EFI final-events table
 * (TCG EFI Protocol 2.0, 6.5) is a sequence of TCG_PCR_EVENT2 without header.
 * Every byte is untrusted: every length is checked against the buffer.
 */

#define TCG_EV_PREBOOT_CERT 0x0
#define TCG_EV_POST_CODE 0x1
#define TCG_EV_NO_ACTION 0x3
#define TCG_EV_SEPARATOR 0x4
#define TCG_EV_ACTION 0x5
#define TCG_EV_EVENT_TAG 0x6
#define TCG_EV_IPL 0xD
#define TCG_MAX_ALGS 8
#define TCG_MAX_PCR 24
#define TCG_MAX_EVENT_DATA (1u << 20) /* refuse larger event data outright */

struct tcg_alg {
	u16 id;   /* TPM_ALG_ID */
	u16 size; /* digest size */
};

/* The banks declared by a log's Spec ID event; events are parsed with these. */
struct tcg_spec {
	u32 nalgs;
	struct tcg_alg algs[TCG_MAX_ALGS];
};

struct tcg_event {
	u32 pcr;
	u32 type;
	const u8 *sha256; /* the SHA-256 digest of this event, NULL if the log has no SHA-256 bank */
	const u8 *data;	  /* event data */
	u32 data_len;
	u32 offset; /* of the event in its buffer, for error messages */
};

struct tcg_iter {
	const u8 *buf;
	u32 len, off;
	struct tcg_spec spec;
	const char *err; /* set when tcglog_next returns -1 */
};

/* Parses the Spec ID header event. Returns NULL or a static reason. */
const char *tcglog_open(struct tcg_iter *it, const void *buf, u32 len);
/* Iterates headerless TCG_PCR_EVENT2s (final-events table) with the banks of spec. */
void tcglog_open_events(struct tcg_iter *it, const void *buf, u32 len, const struct tcg_spec *spec);
/* 1: *ev filled; 0: clean end of the buffer; -1: malformed (it->err says why and where). */
int tcglog_next(struct tcg_iter *it, struct tcg_event *ev);

/* SHA-256 PCR bank replay: pcr[i] starts at zero; each event extends pcr[ev.pcr]. */
struct tcg_replay {
	u8 pcr[TCG_MAX_PCR][32];
	u32 events;
};
void tcglog_replay_init(struct tcg_replay *r);
/* Extends one event; EV_NO_ACTION events are not extended (PFP 10.4.5). Returns NULL or a reason. */
const char *tcglog_replay_event(struct tcg_replay *r, const struct tcg_event *ev);
/* PCR digest as TPM2_Quote computes it: SHA-256 over the selected PCRs' values in index order. */
void tcglog_pcr_digest(const struct tcg_replay *r, u32 mask, u8 out[32]);

/* ---- writer (cordon's runtime log): SHA-256 bank only. Return bytes written, 0 if it does not fit. */
u32 tcglog_put_header(u8 *buf, u32 cap);
u32 tcglog_put_event(u8 *buf, u32 cap, u32 pcr, u32 type, const u8 sha256[32], const void *data,
		     u32 data_len);

#endif
