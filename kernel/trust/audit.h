/* cordon core: the audit trail of reference-monitor decisions, a bounded hash-chained ring. */
#ifndef CORDON_KERNEL_AUDIT_H
#define CORDON_KERNEL_AUDIT_H
#include <cordon/types.h>

#define AUDIT_RING 256
#define AUDIT_TEXT 192
#define AUDIT_SUBJ 32	       /* a subject is a VM name (CFG_NAME_MAX) */
#define AUDIT_RUNS 16	       /* runs of repeated decisions counted at once */
#define AUDIT_REPEAT_FIRST 64  /* repeats in a run's first count record; each further one covers twice as many */
#define AUDIT_REPEAT_CAP (1ULL << 32)

/*
 * AUDIT_CTL: a management request (subj "operator", or "anyone" when it was
 * unsigned; obj "vm:NAME" or the operation; decision ok/refused/...).
 * AUDIT_POLICY_LOAD: a policy change (obj "policy:NAME", the digests in the label fields).
 * AUDIT_REVOKE: a binding a policy change revoked (decision "revoked").
 */
enum audit_op {
	AUDIT_VM_START,
	AUDIT_GRANT_MAP,
	AUDIT_EVTCHN_BIND,
	AUDIT_NIC_ATTACH,
	AUDIT_CTL,
	AUDIT_POLICY_LOAD,
	AUDIT_REVOKE,
};

/*
 * One record. text is the canonical form
 *   "seq=N t=TSC op=OP subj=NAME/LABEL obj=KIND:NAME/LABEL decision=D[ repeats=R]"
 * and hash = SHA-256(previous hash || text), so a missing, reordered or
 * edited record breaks the chain (checked by tools/cordon-audit).
 * The part from "op=" to the decision is the record's key. A record with
 * repeats=R stands for R more decisions with the same key since that key's
 * previous record (docs/SHARING.md, "Audit trail").
 */
struct audit_rec {
	u64 seq;
	char text[AUDIT_TEXT];
	u8 hash[32];
};

/* Pure (unit-tested): the key "op=OP subj=S/SL obj=O/OL decision=D" into buf; returns the untruncated length. */
u64 audit_key(char *buf, u64 size, const char *op, const char *subj, const char *subj_label, const char *obj,
	      const char *obj_label, const char *decision);
/* Pure: formats a record's text from its key (repeats 0: no repeats field) and chains it to prev. */
void audit_make(struct audit_rec *r, const u8 prev[32], u64 seq, u64 tsc, const char *key, u64 repeats);

/*
 * Records one decision. The first decision of a key is appended to the ring
 * and printed as "cordon: audit TEXT hash=HEX" at once; repeats of a key
 * whose run is open are only counted, and written as one record with
 * repeats=R when the count reaches the run's bound (64, then 128, 256, ...),
 * when the run is evicted for a new key, or when its subject ends.
 */
void audit_log(enum audit_op op, const char *subj, const char *subj_label, const char *obj, const char *obj_label,
	       const char *decision);
/* The subject VM ended: its open runs are written (if they counted anything) and closed. */
void audit_end_runs(const char *subj);
/* "TEXT hash=HEX" into buf (always terminated); returns the untruncated length. */
u64 audit_format(const struct audit_rec *r, char *buf, u64 size);
/* The record with sequence number seq, if still in the ring. */
const struct audit_rec *audit_get(u64 seq);
u64 audit_count(void);

#endif
