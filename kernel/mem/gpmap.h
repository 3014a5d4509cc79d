/* cordon core: per-VM guest-physical memory map (ranges -> host frames + permissions). */
#ifndef CORDON_KERNEL_GPMAP_H
#define CORDON_KERNEL_GPMAP_H
#include <cordon/types.h>

#define GPMAP_MAX 24
#define GP_R 1u
#define GP_W 2u
#define GP_X 4u
#define GP_RWX (GP_R | GP_W | GP_X)
#define GP_GRANT 8u  /* a page another VM granted (or its zero-page stand-in after a revoke) */
#define GP_OWNED 16u /* cordon allocated the frame for this range and frees it on removal */

struct gpmap_range {
	u64 gpa, size, hpa; /* page aligned */
	u32 perm;	    /* GP_* */
};

/* The core owns this map; backends only encode it as NPT or EPT entries. */
struct gpmap {
	u32 n;
	struct gpmap_range r[GPMAP_MAX];
	u64 gen; /* counts every add and remove: a translation cached at one value is stale at another */
};

/* Adds a range; -1 if misaligned, empty, overflowing, overlapping or the map is full. */
int gpmap_add(struct gpmap *m, u64 gpa, u64 size, u64 hpa, u32 perm);
const struct gpmap_range *gpmap_find(const struct gpmap *m, u64 gpa);
/* Removes the range that starts at gpa; -1 if there is none. */
int gpmap_remove(struct gpmap *m, u64 gpa);
/*
 * Host address of guest bytes [gpa, gpa+len) if they lie in one range that
 * grants perm; NULL otherwise (including len == 0 and address wrap). This is
 * the only way the core touches guest memory on a guest's behalf. A non-NULL
 * result is byte gpa - r.gpa of one range r's host memory with len bytes of r
 * left from there: WP proves it (GPMAP_ACCESS_ENSURES, stated in
 * tests/prove/wp_gpmap.c; empty elsewhere, as Eva evaluates every
 * postcondition of what it analyses and cannot decide that one's \exists).
 */
#ifndef GPMAP_ACCESS_ENSURES
#define GPMAP_ACCESS_ENSURES
#endif
/*@ requires \valid_read(m);
    assigns \result \from m->n, m->r[0 .. GPMAP_MAX - 1], gpa, len, perm;
    GPMAP_ACCESS_ENSURES */
void *gpmap_access(const struct gpmap *m, u64 gpa, u64 len, u32 perm);

#endif
