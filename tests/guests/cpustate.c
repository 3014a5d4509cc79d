/* cordon test guest (isolation): CPU state VM entry does not switch stays per VM. cmdline "write" or "read". */
#include <tests/guests/guest.h>

#define CR4_OSFXSR (1ULL << 9)
#define CR4_OSXSAVE (1ULL << 18)
#define CR4_PKE (1ULL << 22)
#define MARK 0x00007ff0c0de0000ULL /* canonical, so every base and address register takes it */

/* Every register class a guest can write without an exit (or through an allowed one), read back. */
struct view {
	u64 dr[4], dr6, dr7, cr2, cr8, kgs, fsb, gsb, xcr0;
	u64 ymm_hi[16][2]; /* bits 255:128 of YMM0-15 */
	u32 pkru, mxcsr;
	u16 fcw;
	bool pku, xsave, avx; /* what this CPU let the guest reach */
};

static const char *const names[] = { "dr0", "dr1", "dr2", "dr3", "dr6", "dr7", "cr2", "cr8", "kernel_gs_base",
				     "fs_base", "gs_base", "xcr0", "ymm", "pkru", "mxcsr", "fcw" };

static u64 cr4(void)
{
	u64 v;
	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

/* Sets CR4 bits one at a time; each is kept only if the CPU accepts it. */
static void enable(void)
{
	static const u64 bits[] = { CR4_OSFXSR, CR4_OSXSAVE, CR4_PKE };
	for (u32 i = 0; i < ARRAY_SIZE(bits); i++) {
		u64 v = cr4() | bits[i];
		TRY("mov %0, %%cr4", : : "r"(v) : TRY_CLOBBER);
	}
}

static void read_dregs(struct view *w)
{
	__asm__ volatile("mov %%dr0, %0" : "=r"(w->dr[0]));
	__asm__ volatile("mov %%dr1, %0" : "=r"(w->dr[1]));
	__asm__ volatile("mov %%dr2, %0" : "=r"(w->dr[2]));
	__asm__ volatile("mov %%dr3, %0" : "=r"(w->dr[3]));
	__asm__ volatile("mov %%dr6, %0" : "=r"(w->dr6));
	__asm__ volatile("mov %%dr7, %0" : "=r"(w->dr7));
	__asm__ volatile("mov %%cr2, %0" : "=r"(w->cr2));
	__asm__ volatile("mov %%cr8, %0" : "=r"(w->cr8));
}

static void read_simd(struct view *w)
{
	u8 ymm[16][32] __attribute__((aligned(32)));
	u32 lo = 0, hi = 0;
	__asm__ volatile("stmxcsr %0; fnstcw %1" : "=m"(w->mxcsr), "=m"(w->fcw));
	w->pku = !TRY("rdpkru", : "=a"(lo), "=d"(hi) : "c"(0) : TRY_CLOBBER);
	w->pkru = w->pku ? lo : 0;
	w->xsave = !TRY("xgetbv", : "=a"(lo), "=d"(hi) : "c"(0) : TRY_CLOBBER);
	w->xcr0 = w->xsave ? (u64)hi << 32 | lo : 0;
	w->avx = w->xsave && (w->xcr0 & 4);
	if (!w->avx)
		return;
	__asm__ volatile("vmovdqu %%ymm0, 0(%0); vmovdqu %%ymm1, 32(%0); vmovdqu %%ymm2, 64(%0)\n\t"
			 "vmovdqu %%ymm3, 96(%0); vmovdqu %%ymm4, 128(%0); vmovdqu %%ymm5, 160(%0)\n\t"
			 "vmovdqu %%ymm6, 192(%0); vmovdqu %%ymm7, 224(%0); vmovdqu %%ymm8, 256(%0)\n\t"
			 "vmovdqu %%ymm9, 288(%0); vmovdqu %%ymm10, 320(%0); vmovdqu %%ymm11, 352(%0)\n\t"
			 "vmovdqu %%ymm12, 384(%0); vmovdqu %%ymm13, 416(%0); vmovdqu %%ymm14, 448(%0)\n\t"
			 "vmovdqu %%ymm15, 480(%0)" : : "r"(ymm) : "memory");
	for (int i = 0; i < 16; i++)
		c_memcpy(w->ymm_hi[i], ymm[i] + 16, 16);
}

static void read_view(struct view *w)
{
	c_memset(w, 0, sizeof(*w));
	read_dregs(w);
	rdmsr_safe(0xc0000102, &w->kgs);
	rdmsr_safe(0xc0000100, &w->fsb);
	rdmsr_safe(0xc0000101, &w->gsb);
	read_simd(w);
}

static void set_xcr0(u64 v)
{
	TRY("xsetbv", : : "a"((u32)v), "d"((u32)(v >> 32)), "c"(0) : TRY_CLOBBER);
}

/* The writer's values: distinct per register, none a reset value. */
static void plant(void)
{
	u8 ymm[16][32] __attribute__((aligned(32)));
	u32 mx = 0x9fc0; /* FTZ, DAZ and the masks */
	u16 fcw = 0x027f;
	__asm__ volatile("mov %0, %%dr0" : : "r"(MARK + 0x10));
	__asm__ volatile("mov %0, %%dr1" : : "r"(MARK + 0x20));
	__asm__ volatile("mov %0, %%dr2" : : "r"(MARK + 0x30));
	__asm__ volatile("mov %0, %%dr3" : : "r"(MARK + 0x40));
	__asm__ volatile("mov %0, %%dr6" : : "r"(0xffff0ff3ULL));	/* B0 B1 */
	__asm__ volatile("mov %0, %%dr7" : : "r"(0x00550400ULL));	/* RW/LEN set, no breakpoint enabled */
	__asm__ volatile("mov %0, %%cr2" : : "r"(MARK + 0x50));
	__asm__ volatile("mov %0, %%cr8" : : "r"(9ULL));
	wrmsr_safe(0xc0000102, MARK + 0x60);
	wrmsr_safe(0xc0000100, MARK + 0x70);
	wrmsr_safe(0xc0000101, MARK + 0x80);
	TRY("wrpkru", : : "a"(0x5555555cu), "c"(0), "d"(0) : TRY_CLOBBER);
	set_xcr0(7); /* x87 | SSE | AVX */
	__asm__ volatile("ldmxcsr %0; fldcw %1" : : "m"(mx), "m"(fcw));
	for (int i = 0; i < 16; i++)
		for (int b = 0; b < 32; b++)
			ymm[i][b] = (u8)(0xa0 + i + b);
	TRY("vmovdqu 0(%0), %%ymm0; vmovdqu 32(%0), %%ymm1; vmovdqu 64(%0), %%ymm2; vmovdqu 96(%0), %%ymm3\n\t"
	    "vmovdqu 128(%0), %%ymm4; vmovdqu 160(%0), %%ymm5; vmovdqu 192(%0), %%ymm6\n\t"
	    "vmovdqu 224(%0), %%ymm7; vmovdqu 256(%0), %%ymm8; vmovdqu 288(%0), %%ymm9\n\t"
	    "vmovdqu 320(%0), %%ymm10; vmovdqu 352(%0), %%ymm11; vmovdqu 384(%0), %%ymm12\n\t"
	    "vmovdqu 416(%0), %%ymm13; vmovdqu 448(%0), %%ymm14; vmovdqu 480(%0), %%ymm15", : : "r"(ymm) : TRY_CLOBBER);
}

/* Bit i set: class names[i] differs between a and b. */
static u32 diff(const struct view *a, const struct view *b)
{
	u32 d = 0;
	const u64 x[] = { a->dr[0], a->dr[1], a->dr[2], a->dr[3], a->dr6, a->dr7, a->cr2, a->cr8, a->kgs, a->fsb,
			  a->gsb, a->xcr0 };
	const u64 y[] = { b->dr[0], b->dr[1], b->dr[2], b->dr[3], b->dr6, b->dr7, b->cr2, b->cr8, b->kgs, b->fsb,
			  b->gsb, b->xcr0 };
	for (u32 i = 0; i < ARRAY_SIZE(x); i++)
		d |= (x[i] != y[i]) << i;
	d |= (u32)(c_memcmp(a->ymm_hi, b->ymm_hi, sizeof(a->ymm_hi)) != 0) << 12;
	d |= (u32)(a->pkru != b->pkru) << 13;
	d |= (u32)(a->mxcsr != b->mxcsr) << 14;
	d |= (u32)(a->fcw != b->fcw) << 15;
	return d;
}

static void report(const char *what, u32 d, const struct view *seen)
{
	char buf[160];
	u64 n = 0;
	buf[0] = 0;
	for (u32 i = 0; i < ARRAY_SIZE(names); i++)
		if (d >> i & 1)
			n += fmt_snprintf(buf + n, sizeof(buf) - n, " %s", names[i]);
	gprintf("cpustate %s: FAIL:%s (dr0 0x%llx cr2 0x%llx cr8 %llu pkru 0x%x xcr0 0x%llx ymm0.hi 0x%llx)\n", what,
		buf, seen->dr[0], seen->cr2, seen->cr8, seen->pkru, seen->xcr0, seen->ymm_hi[0][0]);
}

/* The reset values docs/GUEST.md promises a new VM. */
static void reset_view(struct view *w, const struct view *seen)
{
	c_memset(w, 0, sizeof(*w));
	w->dr6 = 0xffff0ff0;
	w->dr7 = 0x400;
	w->xcr0 = seen->xsave ? 1 : 0;
	w->mxcsr = 0x1f80;
	w->fcw = 0x37f;
}

/* Rounds of yielding; after each, this VM's registers must equal want. */
static u32 rounds(const struct view *want, struct view *seen)
{
	u32 bad = 0;
	for (int i = 0; i < 30 && !bad; i++) {
		hc_yield();
		read_view(seen);
		bad = diff(want, seen);
	}
	return bad;
}

static int writer(void)
{
	struct view mine, seen;
	u32 bad;
	plant();
	read_view(&mine);
	gprintf("cpustate write: planted dr0-3 0x%llx.. dr6 0x%llx dr7 0x%llx cr2 0x%llx cr8 %llu pkru 0x%x%s "
		"xcr0 0x%llx ymm %s\n", mine.dr[0], mine.dr6, mine.dr7, mine.cr2, mine.cr8, mine.pkru,
		mine.pku ? "" : " (no PKU)", mine.xcr0, mine.avx ? "yes" : "no (no AVX)");
	if ((bad = rounds(&mine, &seen)))
		report("write", bad, &seen);
	else
		gprintf("cpustate write: my registers stayed my own over 30 switches\n");
	return bad ? 1 : 0;
}

static int reader(void)
{
	struct view want, seen;
	u32 bad;
	read_view(&seen);
	reset_view(&want, &seen);
	if ((bad = diff(&want, &seen))) {
		report("read", bad, &seen);
		return 1;
	}
	gprintf("cpustate read: starts in the reset state\n");
	set_xcr0(7); /* enable AVX (if the guest may) to look at the YMM upper halves */
	read_view(&seen);
	want.xcr0 = seen.xcr0;
	if ((bad = diff(&want, &seen)) || (bad = rounds(&want, &seen))) {
		report("read", bad, &seen);
		return 1;
	}
	gprintf("cpustate read: every register in its reset state, before and over 30 switches (xcr0 0x%llx%s)\n",
		seen.xcr0, seen.avx ? ", ymm checked" : "");
	return 0;
}

int main(void)
{
	traps_install();
	enable();
	return start_info->cmdline[0] == 'w' ? writer() : reader();
}
