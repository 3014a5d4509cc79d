/* cordon core: the device side of a legacy split virtqueue: every index checked, every walk bounded. */
#include <kernel/dev/virtq.h>

/*
 * Descriptor flags (virtio 1.2, 2.7.5). INDIRECT needs VIRTIO_F_INDIRECT_DESC,
 * which cordon never offers, so a driver that sets it broke the rules
 * (2.7.5.3.1).
 */
#define DESC_NEXT 1u
#define DESC_WRITE 2u
#define DESC_INDIRECT 4u
#define AVAIL_NO_INTERRUPT 1u /* virtq_avail.flags (2.7.7) */

struct desc {
	u64 addr;
	u32 len;
	u16 flags, next;
} __attribute__((packed));

/* The three parts of the ring, each checked to lie in the VM's memory (writable: the driver owns it). */
struct ring {
	const volatile struct desc *d;
	const volatile u16 *avail; /* flags, idx, ring[N] */
	volatile u32 *used;	   /* flags | idx << 16, then {id, len} pairs */
};

static bool ring_of(const struct virtq *q, const struct gpmap *m, struct ring *r)
{
	u64 base = (u64)q->pfn << 12;
	if (!q->pfn)
		return false;
	r->d = gpmap_access(m, base, VQ_DESC_BYTES, GP_W);
	r->avail = gpmap_access(m, base + VQ_DESC_BYTES, VQ_AVAIL_BYTES, GP_W);
	r->used = gpmap_access(m, base + VQ_USED_OFFSET, VQ_USED_BYTES, GP_W);
	return r->d && r->avail && r->used;
}

static int broken(struct virtq *q)
{
	q->broken = true;
	return -1;
}

/*
 * A chain needs at least one descriptor of the VQ_SIZE in the table (2.7.5),
 * so no driver can have more than VQ_SIZE chains available at once: an idx
 * further ahead (2.7.6) is a broken ring, not VQ_SIZE * 256 chains of work.
 */
int vq_pending(struct virtq *q, const struct gpmap *m)
{
	struct ring r;
	u16 n;
	if (q->broken || !ring_of(q, m, &r))
		return q->broken ? -1 : 0;
	n = (u16)(r.avail[1] - q->last_avail);
	return n > VQ_SIZE ? broken(q) : (int)n;
}

/* One descriptor's buffer, direction checked (2.7.5.1: no writes to device-readable buffers). */
static void take_buf(const struct gpmap *m, const struct desc *d, bool dev_writes, struct vq_chain *c)
{
	struct vq_buf *b = &c->b[c->n++];
	bool writable = d->flags & DESC_WRITE;
	b->len = d->len;
	b->p = d->len ? gpmap_access(m, d->addr, d->len, dev_writes ? GP_W : GP_R) : NULL;
	if (writable != dev_writes || (d->len && !b->p)) {
		c->bad = true;
		b->p = NULL, b->len = 0;
	}
}

/*
 * Walks the chain from c->head, reading each descriptor once (the driver may
 * rewrite the table meanwhile). More than VQ_SIZE descriptors means a loop,
 * which 2.7.5.2 forbids; so is a next or head outside the table.
 */
static bool walk(const struct ring *r, const struct gpmap *m, bool dev_writes, struct vq_chain *c)
{
	u16 i = c->head;
	c->n = 0;
	c->bad = false;
	for (;;) {
		struct desc d;
		if (i >= VQ_SIZE || c->n == VQ_SIZE)
			return false;
		d = (struct desc){ r->d[i].addr, r->d[i].len, r->d[i].flags, r->d[i].next };
		if (d.flags & DESC_INDIRECT)
			return false;
		take_buf(m, &d, dev_writes, c);
		if (!(d.flags & DESC_NEXT))
			return true;
		i = d.next;
	}
}

enum vq_pop vq_pop(struct virtq *q, const struct gpmap *m, bool dev_writes, struct vq_chain *c)
{
	struct ring r;
	int n = vq_pending(q, m);
	if (n < 0)
		return VQ_BROKEN;
	if (n == 0 || !ring_of(q, m, &r))
		return VQ_EMPTY;
	c->head = r.avail[2 + q->last_avail % VQ_SIZE];
	if (!walk(&r, m, dev_writes, c)) {
		broken(q);
		return VQ_BROKEN;
	}
	q->last_avail++;
	return VQ_GOT;
}

/* 2.7.8: the element first, then idx, so the driver never sees an index ahead of its element. */
bool vq_push(struct virtq *q, const struct gpmap *m, u16 head, u32 len)
{
	struct ring r;
	u16 i;
	if (!ring_of(q, m, &r))
		return false;
	i = q->used_idx++;
	r.used[1 + 2 * (i % VQ_SIZE)] = head;
	r.used[2 + 2 * (i % VQ_SIZE)] = len;
	__asm__ volatile("" ::: "memory");
	((volatile u16 *)r.used)[1] = q->used_idx;
	return !(r.avail[0] & AVAIL_NO_INTERRUPT);
}
