/* cordon: a bump arena for libtomcrypt and libtommath during one signature check (see sig_heap.h). */
#include <lib/sig/sig_heap.h>
#include <lib/str.h>

/* Every block starts with its size, so realloc knows how much to copy; 16 keeps u64 digits aligned. */
#define HDR 16
#define ALIGN 16

static _Alignas(ALIGN) u8 arena[SIG_HEAP_BYTES];
static uptr top;    /* first free byte */
static u32 live;    /* blocks allocated and not yet freed */
static uptr peak;
static u32 leaked;

static uptr *size_of(void *p)
{
	return (uptr *)(void *)((u8 *)p - HDR);
}

void sig_heap_begin(void)
{
	top = 0;
	live = 0;
}

/* What RSA left in the arena is public (key, signature, padding), but scrub it anyway: it is cheap. */
void sig_heap_end(void)
{
	leaked = live;
	c_memset(arena, 0, top);
	top = 0;
	live = 0;
}

void *sig_heap_alloc(uptr n)
{
	/* compare before adding, so a huge n cannot wrap the sum */
	if (n > SIG_HEAP_BYTES - HDR)
		return NULL;
	uptr need = ALIGN_UP(HDR + n, ALIGN);
	if (need > SIG_HEAP_BYTES - top)
		return NULL;
	u8 *p = arena + top + HDR;
	top += need;
	if (top > peak)
		peak = top;
	live++;
	*size_of(p) = n;
	return p;
}

void *sig_heap_calloc(uptr count, uptr size)
{
	if (size && count > (SIG_HEAP_BYTES - HDR) / size)
		return NULL;
	void *p = sig_heap_alloc(count * size);
	if (p)
		c_memset(p, 0, count * size);
	return p;
}

/* The last block ends at top: only it can give its bytes back (or grow in place). */
static bool is_last(void *p)
{
	return (u8 *)p - HDR + ALIGN_UP(HDR + *size_of(p), ALIGN) == arena + top;
}

void sig_heap_free(void *p)
{
	if (!p)
		return;
	live--;
	if (is_last(p))
		top = (uptr)((u8 *)p - HDR - arena);
}

void *sig_heap_realloc(void *p, uptr n)
{
	if (!p)
		return sig_heap_alloc(n);
	uptr old = *size_of(p);
	if (is_last(p)) {
		/* grow or shrink in place: give the block back, then take it again at the same place */
		uptr base = (uptr)((u8 *)p - HDR - arena);
		if (n > SIG_HEAP_BYTES - HDR || ALIGN_UP(HDR + n, ALIGN) > SIG_HEAP_BYTES - base)
			return NULL;
		top = base + ALIGN_UP(HDR + n, ALIGN);
		if (top > peak)
			peak = top;
		*size_of(p) = n;
		return p;
	}
	void *q = sig_heap_alloc(n);
	if (!q)
		return NULL;
	c_memcpy(q, p, old < n ? old : n);
	sig_heap_free(p);
	return q;
}

uptr sig_heap_peak(void)
{
	return peak;
}

void *sig_mp_realloc(void *p, uptr old, uptr n)
{
	(void)old;
	return sig_heap_realloc(p, n);
}

void sig_mp_free(void *p, uptr size)
{
	(void)size;
	sig_heap_free(p);
}

u32 sig_heap_leaked(void)
{
	return leaked;
}
