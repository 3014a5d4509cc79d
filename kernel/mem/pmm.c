/* cordon core: physical memory allocator (sorted free ranges, first fit, merge on free). */
#include <kernel/mem/pmm.h>
#include <lib/str.h>

static void remove_at(struct pmm *p, u32 i)
{
	for (; i + 1 < p->n; i++)
		p->r[i] = p->r[i + 1];
	p->n--;
}

static int insert_at(struct pmm *p, u32 i, u64 base, u64 end)
{
	if (p->n == PMM_MAX_RANGES)
		return -1;
	for (u32 j = p->n; j > i; j--)
		p->r[j] = p->r[j - 1];
	p->r[i] = (struct pmm_range){ base, end };
	p->n++;
	return 0;
}

void pmm_init(struct pmm *p, const struct bi_mem *mem, u32 n)
{
	c_memset(p, 0, sizeof(*p));
	for (u32 i = 0; i < n; i++) {
		u64 base = mem[i].base, end = base + mem[i].pages * PAGE_SIZE;
		if (mem[i].type != BI_MEM_USABLE)
			continue;
		if (base < MiB(1))
			base = MiB(1);
		if (base < end)
			pmm_free_in(p, base, end - base);
	}
}

u64 pmm_alloc_in(struct pmm *p, u64 bytes, u64 align)
{
	if (bytes > ~0ULL - PAGE_SIZE)
		return 0;
	bytes = ALIGN_UP(bytes, PAGE_SIZE);
	if (!bytes || align < PAGE_SIZE || (align & (align - 1)))
		return 0;
	for (u32 i = 0; i < p->n; i++) {
		struct pmm_range *r = &p->r[i];
		u64 base = ALIGN_UP(r->base, align);
		if (base < r->base || base >= r->end || r->end - base < bytes)
			continue;
		if (base > r->base && base + bytes < r->end) {
			if (insert_at(p, i + 1, base + bytes, r->end) < 0)
				continue; /* no room to split: try elsewhere */
			r->end = base;
		} else if (base > r->base) {
			r->end = base;
		} else if (base + bytes < r->end) {
			r->base = base + bytes;
		} else {
			remove_at(p, i);
		}
		p->free_bytes -= bytes;
		return base;
	}
	return 0;
}

int pmm_free_in(struct pmm *p, u64 base, u64 bytes)
{
	u64 end;
	u32 i = 0;
	if (!bytes || bytes > ~0ULL - PAGE_SIZE || (base & (PAGE_SIZE - 1)))
		return -1;
	end = base + ALIGN_UP(bytes, PAGE_SIZE);
	if (end <= base)
		return -1;
	while (i < p->n && p->r[i].end <= base)
		i++;
	if (i < p->n && p->r[i].base < end)
		return -1; /* overlaps a free range: double free */
	bool join_prev = i > 0 && p->r[i - 1].end == base;
	bool join_next = i < p->n && p->r[i].base == end;
	if (join_prev && join_next) {
		p->r[i - 1].end = p->r[i].end;
		remove_at(p, i);
	} else if (join_prev) {
		p->r[i - 1].end = end;
	} else if (join_next) {
		p->r[i].base = base;
	} else if (insert_at(p, i, base, end) < 0) {
		return -1;
	}
	p->free_bytes += end - base;
	return 0;
}

void pmm_zero(void *p, u64 bytes)
{
	u64 words = bytes / 8;
	__asm__ volatile("rep stosq" : "+D"(p), "+c"(words) : "a"(0ULL) : "memory");
}

/* Drops [base, base + bytes) from the set wherever it overlaps; never fails (see pmm.h). */
void pmm_remove_in(struct pmm *p, u64 base, u64 bytes)
{
	u64 end = base + bytes < base ? ~0ULL : base + bytes;
	for (u32 i = 0; i < p->n;) {
		struct pmm_range *r = &p->r[i];
		u64 lo = r->base > base ? r->base : base, hi = r->end < end ? r->end : end;
		if (lo >= hi) {
			i++;
			continue;
		}
		p->free_bytes -= hi - lo;
		if (lo > r->base && hi < r->end) { /* the middle: split, or lose the right part */
			if (insert_at(p, i + 1, hi, r->end) < 0)
				p->free_bytes -= r->end - hi;
			p->r[i].end = lo;
			i++;
		} else if (lo > r->base) {
			r->end = lo;
			i++;
		} else if (hi < r->end) {
			r->base = hi;
			i++;
		} else {
			remove_at(p, i);
		}
	}
}

/* Zeroes the parts of [base, base + bytes) that no range of the clean set covers. */
void pmm_zero_unclean(const struct pmm *clean, u64 base, u64 bytes)
{
	u64 at = base, end = base + bytes;
	for (u32 i = 0; i < clean->n && at < end; i++) {
		const struct pmm_range *r = &clean->r[i];
		if (r->end <= at)
			continue;
		if (r->base >= end)
			break;
		if (r->base > at)
			pmm_zero((void *)(uptr)at, r->base - at);
		at = r->end;
	}
	if (at < end)
		pmm_zero((void *)(uptr)at, end - at);
}
