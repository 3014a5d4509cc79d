/* cordon core: the audit ring: every deny and audited permit, printed and kept hash-chained. */
#include "audit.h"
#include "console.h"
#include <cpu.h>

static struct audit_rec ring[AUDIT_RING];
static u64 next_seq;
static u8 last_hash[32]; /* all zero before the first record */

static const char *const op_names[] = { "vm-start", "grant-map", "evtchn-bind", "nic-attach" };

void audit_log(enum audit_op op, const char *subj, const char *subj_label, const char *obj, const char *obj_label,
	       const char *decision)
{
	struct audit_rec *r = &ring[next_seq % AUDIT_RING];
	char line[AUDIT_TEXT + 80];
	audit_make(r, last_hash, next_seq, rdtsc(), op_names[op], subj, subj_label, obj, obj_label, decision);
	for (int i = 0; i < 32; i++)
		last_hash[i] = r->hash[i];
	next_seq++;
	audit_format(r, line, sizeof(line));
	kprintf("cordon: audit %s\n", line);
}

const struct audit_rec *audit_get(u64 seq)
{
	if (seq >= next_seq || next_seq - seq > AUDIT_RING)
		return NULL;
	return &ring[seq % AUDIT_RING];
}

u64 audit_count(void)
{
	return next_seq;
}
