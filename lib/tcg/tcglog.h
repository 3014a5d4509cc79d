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
 * (TCG EFI Protocol 2.0, 6.5) is {u64 version, u64 count} and a sequence of
 * TCG_PCR_EVENT2 without a Spec ID header.
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
#define TCG_MAX_DIGEST 64	      /* SHA-512, the largest TPMU_HA member (TPM 2.0 Part 2, 10.3.1) */
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
	u32 pcr;	  /* below TCG_MAX_PCR (checked by the parser) */
	u32 type;
	const u8 *sha256; /* the SHA-256 digest of this event, NULL if the log has no SHA-256 bank */
	const u8 *data;	  /* event data */
	u32 data_len;
	u32 offset; /* of the event in its buffer, for error messages */
};

struct tcg_iter {
	const u8 *buf;
	u32 len, off;
	u64 left; /* events still to come: the final-events table's count; ~0 for a log */
	struct tcg_spec spec;
	const char *err; /* set when tcglog_next returns -1 (points into errbuf); sticky */
	char errbuf[112];
};

/* Parses the Spec ID header event. Returns NULL or the reason (it->err, valid while *it lives). */
const char *tcglog_open(struct tcg_iter *it, const void *buf, u32 len);
/* Iterates headerless TCG_PCR_EVENT2s with the banks of spec, up to the end of the buffer. */
void tcglog_open_events(struct tcg_iter *it, const void *buf, u32 len, const struct tcg_spec *spec);
/*
 * Iterates an EFI final-events table (header included; len may exceed it: the
 * table ends after its count of events), parsing and dropping its first skip
 * events (those already in the log copy). Returns NULL or the reason.
 */
const char *tcglog_open_final(struct tcg_iter *it, const void *table, u32 len, const struct tcg_spec *spec,
			      u64 skip);
/* 1: *ev filled; 0: clean end of the buffer; -1: malformed (it->err says why and where). */
int tcglog_next(struct tcg_iter *it, struct tcg_event *ev);

/* SHA-256 PCR bank replay: pcr[i] starts at zero; each event extends pcr[ev.pcr]. */
struct tcg_replay {
	u8 pcr[TCG_MAX_PCR][32];
	u32 events;   /* extends done */
	u32 extended; /* bit i: PCR i has been extended (a StartupLocality event must come first) */
};
void tcglog_replay_init(struct tcg_replay *r);
/*
 * Extends one event; EV_NO_ACTION events are not extended (PFP 10.4.5), except
 * that a StartupLocality event (PFP 10.4.5.3) sets PCR 0's starting value.
 * Returns NULL or a reason (no SHA-256 digest; locality event after PCR 0 moved).
 */
const char *tcglog_replay_event(struct tcg_replay *r, const struct tcg_event *ev);
/* PCR digest as TPM2_Quote computes it: SHA-256 over the selected PCRs' values in index order. */
void tcglog_pcr_digest(const struct tcg_replay *r, u32 mask, u8 out[32]);

/* ---- writer (cordon's runtime log): SHA-256 bank only. Return bytes written, 0 if it does not fit. */
#define TCGLOG_HEADER_SIZE 65u			     /* 32-byte SHA-1 format header + 33-byte Spec ID event */
#define TCGLOG_EVENT_SIZE(n) (4u + 4u + 4u + 2u + 32u + 4u + (n)) /* one TCG_PCR_EVENT2 with n data bytes */
u32 tcglog_put_header(u8 *buf, u32 cap);
u32 tcglog_put_event(u8 *buf, u32 cap, u32 pcr, u32 type, const u8 sha256[32], const void *data,
		     u32 data_len);

#endif
