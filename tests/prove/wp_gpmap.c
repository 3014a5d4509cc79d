/* cordon: make prove WP target: what a non-NULL gpmap_access result guarantees, proved against the code. */

/*
 * The postcondition of gpmap_access (kernel/mem/gpmap.h puts it in the
 * contract there through this macro): the result is NULL, or len > 0 bytes
 * from gpa lie in one range i that grants perm, and the result is that
 * range's host address at gpa's offset in it. So a caller that uses the
 * result for len bytes stays inside memory it put in the map.
 */
#define GPMAP_ACCESS_ENSURES \
	ensures \result != \null ==> \exists integer i; 0 <= i < m->n && i < GPMAP_MAX && \
		len > 0 && (m->r[i].perm & perm) == perm && \
		m->r[i].gpa <= gpa && gpa + len <= m->r[i].gpa + m->r[i].size && \
		(uptr)\result == (u64)(m->r[i].hpa + (gpa - m->r[i].gpa));
#include <kernel/mem/gpmap.c>
