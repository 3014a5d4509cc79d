/* cordon core: the audit ring: every deny and audited permit, printed and kept hash-chained; repeats counted. */
#include <kernel/trust/audit.h>
#include <kernel/console.h>
#include <lib/str.h>
#include <arch/x86_64/cpu.h>

static struct audit_rec ring[AUDIT_RING];
static u64 next_seq;
static u8 last_hash[32]; /* all zero before the first record */

/*
 * An open run: a key whose first decision is recorded and whose repeats are
 * being counted. A VM retrying a denied call would otherwise write a record
 * per call and push older ones out of the ring.
 */
struct run {
	char key[AUDIT_TEXT];
	char subj[AUDIT_SUBJ];
	u64 pending; /* repeats since the run's last record */
	u64 bound;   /* pending that makes the next record */
	u64 used;    /* last use (for eviction); 0: the slot is free */
};

static struct run runs[AUDIT_RUNS];
static u64 clock;

static const char *const op_names[] = { "vm-start", "grant-map", "evtchn-bind", "nic-attach", "ctl", "policy-load", "revoke" };

static void emit(const char *key, u64 repeats)
{
	struct audit_rec *r = &ring[next_seq % AUDIT_RING];
	char line[AUDIT_TEXT + 80];
	audit_make(r, last_hash, next_seq, rdtsc(), key, repeats);
	c_memcpy(last_hash, r->hash, 32);
	next_seq++;
	audit_format(r, line, sizeof(line));
	kprintf("cordon: audit %s\n", line);
}

static void close_run(struct run *r)
{
	if (r->used && r->pending)
		emit(r->key, r->pending);
	r->used = 0;
}

static struct run *find_run(const char *key)
{
	for (u32 i = 0; i < AUDIT_RUNS; i++)
		if (runs[i].used && !c_strcmp(runs[i].key, key))
			return &runs[i];
	return NULL;
}

/* A free slot, else the least recently used run, closed first. */
static struct run *new_run(void)
{
	struct run *best = &runs[0];
	for (u32 i = 0; i < AUDIT_RUNS; i++) {
		if (!runs[i].used)
			return &runs[i];
		if (runs[i].used < best->used)
			best = &runs[i];
	}
	close_run(best);
	return best;
}

static void count_repeat(struct run *r)
{
	if (++r->pending < r->bound)
		return;
	emit(r->key, r->pending);
	r->pending = 0;
	if (r->bound < AUDIT_REPEAT_CAP)
		r->bound *= 2;
}

void audit_log(enum audit_op op, const char *subj, const char *subj_label, const char *obj, const char *obj_label,
	       const char *decision)
{
	char key[AUDIT_TEXT];
	struct run *r;
	audit_key(key, sizeof(key), op_names[op], subj, subj_label, obj, obj_label, decision);
	r = find_run(key);
	if (r) {
		r->used = ++clock;
		count_repeat(r);
		return;
	}
	r = new_run();
	c_strlcpy(r->key, key, sizeof(r->key));
	c_strlcpy(r->subj, subj, sizeof(r->subj));
	r->pending = 0;
	r->bound = AUDIT_REPEAT_FIRST;
	r->used = ++clock;
	emit(key, 0);
}

void audit_end_runs(const char *subj)
{
	for (u32 i = 0; i < AUDIT_RUNS; i++)
		if (runs[i].used && !c_strcmp(runs[i].subj, subj))
			close_run(&runs[i]);
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
