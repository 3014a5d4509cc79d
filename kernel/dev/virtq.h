/* cordon core: the device side of a legacy split virtqueue, walked with bounded work (virtio 1.2, 2.7). */
#ifndef CORDON_KERNEL_VIRTQ_H
#define CORDON_KERNEL_VIRTQ_H
#include <cordon/types.h>
#include <kernel/mem/gpmap.h>

#define VQ_SIZE 256u /* descriptors; a power of two (virtio 1.2, 2.7) */

/*
 * The legacy layout (virtio 1.2, 2.7.2 "Legacy Interfaces: A Note on
 * Virtqueue Layout", and 4.1.5.1.3.1 for the PFN), from the PFN the driver
 * wrote, times 4096:
 * descriptor table (16 bytes each), available ring (flags, idx, ring[N],
 * used_event), then the used ring (flags, idx, {id, len}[N], avail_event)
 * at the next 4 KiB boundary.
 */
#define VQ_DESC_BYTES (16u * VQ_SIZE)
#define VQ_AVAIL_BYTES (4u + 2u * VQ_SIZE + 2u)
#define VQ_USED_OFFSET ALIGN_UP(VQ_DESC_BYTES + VQ_AVAIL_BYTES, PAGE_SIZE)
#define VQ_USED_BYTES (4u + 8u * VQ_SIZE + 2u)

/* One queue's device-side state; all zero is a queue the driver has not set up. */
struct virtq {
	u32 pfn;       /* ring base >> 12, 0 = none */
	u16 last_avail; /* next available-ring slot the device reads */
	u16 used_idx;   /* next used-ring slot the device writes */
	bool broken;   /* the driver broke the ring's rules: the device ignores the queue until reset */
};

/* One descriptor's buffer as the device sees it: host address and length (NULL when len is 0). */
struct vq_buf {
	u8 *p;
	u32 len;
};

/* A chain taken off the available ring. */
struct vq_chain {
	u16 head;
	u32 n;	  /* descriptors walked */
	bool bad; /* a buffer outside the VM's memory or in the wrong direction: complete it, move nothing */
	struct vq_buf b[VQ_SIZE];
};

enum vq_pop {
	VQ_EMPTY,  /* nothing available */
	VQ_GOT,	   /* *c holds the next chain; the device must vq_push() it */
	VQ_BROKEN, /* the queue is (now) broken; see struct virtq */
};

/* Available chains not yet taken, or -1 (and the queue is broken) if the driver claims more than VQ_SIZE. */
int vq_pending(struct virtq *q, const struct gpmap *m);
/* Takes the next chain; dev_writes selects the direction the device needs (receive: true, transmit: false). */
enum vq_pop vq_pop(struct virtq *q, const struct gpmap *m, bool dev_writes, struct vq_chain *c);
/* Returns a chain through the used ring; true if the driver wants an interrupt for it. */
bool vq_push(struct virtq *q, const struct gpmap *m, u16 head, u32 len);

#endif
