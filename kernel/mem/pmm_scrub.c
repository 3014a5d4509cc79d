/* cordon core: ended VMs' memory is zeroed in bounded pieces, and returns to the allocator only when zero. */
#include <kernel/mem/pmm.h>

int scrub_add(struct scrub_queue *q, u64 base, u64 bytes, void (*finished)(void *ctx), void *ctx)
{
	if (q->n == SCRUB_MAX_JOBS || !bytes || ((base | bytes) & (PAGE_SIZE - 1)))
		return -1;
	q->j[q->n++] = (struct scrub_job){ base, bytes, 0, finished, ctx };
	return 0;
}

/* The oldest job is zero: it becomes free memory, then its owner hears of it. */
static void finish_oldest(struct scrub_queue *q, struct pmm *p, struct pmm *clean)
{
	struct scrub_job j = q->j[0];
	for (u32 i = 0; i + 1 < q->n; i++)
		q->j[i] = q->j[i + 1];
	q->n--;
	if (pmm_free_in(p, j.base, j.size) < 0)
		q->bad_frees++;
	else if (clean)
		pmm_free_in(clean, j.base, j.size); /* a full set just leaves it not known zero */
	if (j.finished)
		j.finished(j.ctx);
}

u64 scrub_run(struct scrub_queue *q, struct pmm *p, struct pmm *clean, u64 max)
{
	u64 zeroed = 0;
	while (q->n && zeroed < max) {
		struct scrub_job *j = &q->j[0];
		u64 n = j->size - j->done;
		n = n < max - zeroed ? n : ALIGN_DOWN(max - zeroed, 8);
		if (!n)
			break;
		pmm_zero((void *)(uptr)(j->base + j->done), n);
		j->done += n;
		zeroed += n;
		if (j->done == j->size)
			finish_oldest(q, p, clean);
	}
	return zeroed;
}
