/* cordon core: the audit trail of reference-monitor decisions, a bounded hash-chained ring. */
#ifndef CORDON_KERNEL_AUDIT_H
#define CORDON_KERNEL_AUDIT_H
#include <cordon/types.h>

#define AUDIT_RING 256
#define AUDIT_TEXT 192

enum audit_op { AUDIT_VM_START, AUDIT_GRANT_MAP, AUDIT_EVTCHN_BIND, AUDIT_NIC_ATTACH };

/*
 * One decision. text is the canonical form
 *   "seq=N t=TSC op=OP subj=NAME/LABEL obj=KIND:NAME/LABEL decision=D"
 * and hash = SHA-256(previous hash || text), so a missing, reordered or
 * edited record breaks the chain (checked by tools/cordon-audit).
 */
struct audit_rec {
	u64 seq;
	char text[AUDIT_TEXT];
	u8 hash[32];
};

/* Pure: formats a record's text and chains it to prev (unit-tested). */
void audit_make(struct audit_rec *r, const u8 prev[32], u64 seq, u64 tsc, const char *op, const char *subj,
		const char *subj_label, const char *obj, const char *obj_label, const char *decision);

/* Appends to the ring and prints "cordon: audit TEXT hash=HEX" on the console. */
void audit_log(enum audit_op op, const char *subj, const char *subj_label, const char *obj, const char *obj_label,
	       const char *decision);
/* "TEXT hash=HEX" into buf (always terminated); returns the untruncated length. */
u64 audit_format(const struct audit_rec *r, char *buf, u64 size);
/* The record with sequence number seq, if still in the ring. */
const struct audit_rec *audit_get(u64 seq);
u64 audit_count(void);

#endif
