/* cordon core: guest-physical memory map. */
#include <kernel/mem/gpmap.h>

int gpmap_add(struct gpmap *m, u64 gpa, u64 size, u64 hpa, u32 perm)
{
	if (m->n == GPMAP_MAX || !size || ((gpa | size | hpa) & (PAGE_SIZE - 1)) || gpa + size < gpa)
		return -1;
	for (u32 i = 0; i < m->n; i++)
		if (gpa < m->r[i].gpa + m->r[i].size && m->r[i].gpa < gpa + size)
			return -1;
	m->r[m->n++] = (struct gpmap_range){ gpa, size, hpa, perm };
	m->gen++; /* a new range may put another frame where a removed one was */
	return 0;
}

const struct gpmap_range *gpmap_find(const struct gpmap *m, u64 gpa)
{
	for (u32 i = 0; i < m->n; i++)
		if (gpa >= m->r[i].gpa && gpa - m->r[i].gpa < m->r[i].size)
			return &m->r[i];
	return NULL;
}

int gpmap_remove(struct gpmap *m, u64 gpa)
{
	for (u32 i = 0; i < m->n; i++)
		if (m->r[i].gpa == gpa) {
			struct gpmap_range last = m->r[--m->n]; /* through a copy: r[i] may be the last one itself */
			m->r[i] = last;
			m->gen++; /* removals too: a translation cached through this range is stale */
			return 0;
		}
	return -1;
}

/*
 * The range is found here rather than through gpmap_find so that the test that
 * gpa lies in it bounds the offset where the host address is computed: that is
 * what lets the analysis bound that address by the one range (tests/prove/h_gva.c).
 */
void *gpmap_access(const struct gpmap *m, u64 gpa, u64 len, u32 perm)
{
	/*@ loop invariant 0 <= i <= GPMAP_MAX;
	    loop assigns i;
	    loop variant GPMAP_MAX - i; */
	for (u32 i = 0; i < m->n && i < GPMAP_MAX; i++) {
		const struct gpmap_range *r = &m->r[i];
		u64 off = gpa - r->gpa; /* in a variable: the test below bounds it even where r->gpa is not known */
		if (gpa < r->gpa || off >= r->size)
			continue;
		if (!len || (r->perm & perm) != perm)
			return NULL;
		if (len > r->size - off)
			return NULL;
		return (void *)(uptr)(r->hpa + off);
	}
	return NULL;
}
