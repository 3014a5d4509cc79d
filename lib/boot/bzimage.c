/* cordon: bzImage setup-header checks, kernel/initrd placement and the zero page (Linux boot.rst, 2.12+). */
#include <lib/boot/bzimage.h>
#include <lib/fmt.h>
#include <lib/str.h>

#define SECTOR 512u

/* Little-endian reads; callers have checked that the bytes lie inside the image. */
static u16 get16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 get32(const u8 *p)
{
	return (u32)get16(p) | (u32)get16(p + 2) << 16;
}

static u64 get64(const u8 *p)
{
	return (u64)get32(p) | (u64)get32(p + 4) << 32;
}

static const char *fail(struct bzimage *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static const char *fail(struct bzimage *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(out->why, sizeof(out->why), fmt, ap);
	va_end(ap);
	return out->why;
}

/* boot_flag and "HdrS" (boot.rst "The Real-Mode Kernel Header"); a file without them is not a bzImage. */
static const char *check_magic(const u8 *img, u64 len, struct bzimage *out)
{
	if (len < BZ_JUMP)
		return fail(out, "not a bzImage: %llu bytes is less than a boot sector", len);
	if (get16(img + BZ_BOOT_FLAG) != 0xAA55)
		return fail(out, "not a bzImage: no 0xAA55 boot flag at 0x1fe");
	if (len < BZ_VERSION + 2)
		return fail(out, "truncated: %llu bytes end inside the setup header", len);
	if (get32(img + BZ_HEADER) != BZ_HDR_MAGIC)
		return fail(out, "not a bzImage: no HdrS signature at 0x202");
	return NULL;
}

/* The real-mode part is the boot sector plus setup_sects sectors, 0 meaning 4 (boot.rst note 1). */
static const char *check_setup(const u8 *img, u64 len, struct bzimage *out)
{
	u8 sects = img[BZ_SETUP_SECTS] ? img[BZ_SETUP_SECTS] : 4;
	out->setup_sects = sects;
	out->setup_len = (u64)(sects + 1) * SECTOR;
	if (len < out->setup_len)
		return fail(out, "truncated: setup claims %u sectors (%llu bytes), file has %llu bytes", sects,
			    out->setup_len, len);
	return NULL;
}

/*
 * Protocol 2.12 brings xloadflags; the header length comes from the short jump at 0x200 (boot.rst
 * "jump": 0xEB and a positive offset from 0x202), so it ends by 0x281, inside boot_params' 0x290.
 */
static const char *check_version(const u8 *img, struct bzimage *out)
{
	u16 v = get16(img + BZ_VERSION);
	out->version = v;
	if (v < BZ_MIN_VERSION)
		return fail(out, "boot protocol %u.%02u is too old: cordon needs 2.12 for the 64-bit entry", v >> 8,
			    v & 0xff);
	u32 end = BZ_HEADER + img[BZ_JUMP + 1];
	if (img[BZ_JUMP] != 0xEB || end < BZ_HDR_MIN_END || end > BZ_HDR_MAX_END)
		return fail(out, "setup header: the jump at 0x200 (%02x %02x) gives no header end in [0x%x, 0x%x]",
			    img[BZ_JUMP], img[BZ_JUMP + 1], BZ_HDR_MIN_END, BZ_HDR_MAX_END);
	out->hdr_len = end - BZ_SETUP_SECTS;
	return NULL;
}

/* cordon enters at the 64-bit entry of a kernel loaded high (boot.rst "loadflags", "xloadflags"). */
static const char *check_flags(const u8 *img, struct bzimage *out)
{
	out->loadflags = img[BZ_LOADFLAGS];
	out->xloadflags = get16(img + BZ_XLOADFLAGS);
	if (!(out->loadflags & BZ_LOADED_HIGH))
		return fail(out, "not a bzImage: loadflags 0x%02x has no LOADED_HIGH (a zImage?)", out->loadflags);
	if (!(out->xloadflags & BZ_XLF_KERNEL_64))
		return fail(out, "kernel has no 64-bit entry point (xloadflags 0x%04x, bit 0 clear)", out->xloadflags);
	return NULL;
}

/* syssize counts 16-byte paragraphs of protected-mode code after the setup (boot.rst "syssize"). */
static const char *check_kernel(const u8 *img, u64 len, struct bzimage *out)
{
	u64 avail = len - out->setup_len;
	out->kernel_len = (u64)get32(img + BZ_SYSSIZE) * 16;
	out->kernel = img + out->setup_len;
	if (out->kernel_len > avail)
		return fail(out, "truncated: syssize says %llu bytes of protected-mode code, file has %llu after "
				 "the setup", out->kernel_len, avail);
	if (out->kernel_len <= BZ_ENTRY64_OFFSET)
		return fail(out, "protected-mode code of %llu bytes cannot hold the 64-bit entry at +0x200",
			    out->kernel_len);
	return NULL;
}

/*
 * A relocatable kernel runs at its load address rounded up to kernel_alignment (boot.rst
 * "init_size"), so that must be a power of two; every kernel runs at or above pref_address, which
 * must leave the first MiB to cordon's boot structures.
 */
static const char *check_placement(const u8 *img, struct bzimage *out)
{
	out->relocatable = img[BZ_RELOCATABLE] != 0;
	out->min_alignment = img[BZ_MIN_ALIGNMENT];
	out->kernel_alignment = get32(img + BZ_KERNEL_ALIGNMENT);
	out->pref_address = get64(img + BZ_PREF_ADDRESS);
	u32 a = out->kernel_alignment;
	if (out->relocatable && (a == 0 || (a & (a - 1))))
		return fail(out, "kernel_alignment 0x%x is not a power of two", a);
	if (out->pref_address < MiB(1))
		return fail(out, "pref_address 0x%llx is below 1 MiB, where cordon keeps the boot structures",
			    out->pref_address);
	return NULL;
}

const char *bzimage_parse(const u8 *img, u64 len, struct bzimage *out)
{
	const char *why;
	c_memset(out, 0, sizeof(*out));
	if ((why = check_magic(img, len, out)) || (why = check_setup(img, len, out)) ||
	    (why = check_version(img, out)) || (why = check_flags(img, out)) || (why = check_kernel(img, len, out)) ||
	    (why = check_placement(img, out)))
		return why;
	/* Every header read is below hdr_end <= 0x281 < setup_len (at least 2 sectors). */
	out->setup = img;
	out->init_size = get32(img + BZ_INIT_SIZE);
	out->cmdline_size = get32(img + BZ_CMDLINE_SIZE);
	out->initrd_addr_max = get32(img + BZ_INITRD_ADDR_MAX);
	c_memcpy(out->hdr, img + BZ_SETUP_SECTS, out->hdr_len);
	return NULL;
}

u64 bzimage_need(const struct bzimage *b)
{
	return b->init_size > b->kernel_len ? b->init_size : b->kernel_len;
}

/* [base, base + size) lies inside [MiB(1), end), without wrapping. */
static bool fits(u64 base, u64 size, u64 end)
{
	return base >= MiB(1) && base <= end && size <= end - base;
}

/*
 * A relocatable kernel decompresses at its load address rounded up to kernel_alignment, but never
 * below LOAD_PHYSICAL_ADDR, the value header.S puts in pref_address (Linux 6.1
 * arch/x86/boot/compressed/head_64.S, startup_64: "cmpq $LOAD_PHYSICAL_ADDR, %rbp; jae"); a fixed
 * one runs at pref_address. Loading lower only wastes the gap, so the kernel goes where it will run.
 */
u64 bzimage_load_addr(const struct bzimage *b, u64 ram_end)
{
	u64 at = b->pref_address;
	if (b->relocatable)
		at = ALIGN_UP(at, b->kernel_alignment); /* wraps to 0 for absurd values: fits() refuses 0 */
	return fits(at, bzimage_need(b), ram_end) ? at : 0;
}

enum bz_place bzimage_place(const struct bzimage *b, u64 mem_size, u64 initrd_size, u64 *kernel_gpa,
			    u64 *initrd_gpa)
{
	u64 low = e820_low_ram(mem_size); /* both go below the 3-4 GiB hole (e820_build) */
	*initrd_gpa = 0;
	if (!(*kernel_gpa = bzimage_load_addr(b, low)))
		return BZ_NO_ROOM_KERNEL;
	if (initrd_size && !(*initrd_gpa = bzimage_initrd_addr(b, *kernel_gpa + bzimage_need(b), low, initrd_size)))
		return BZ_NO_ROOM_INITRD;
	return BZ_PLACED;
}

u64 bzimage_initrd_addr(const struct bzimage *b, u64 floor, u64 top, u64 size)
{
	bool high_ok = b->xloadflags & BZ_XLF_CAN_BE_LOADED_ABOVE_4G;
	u64 limit = (u64)b->initrd_addr_max + 1;
	if (!high_ok && top > limit)
		top = limit;
	if (size == 0 || size > top)
		return 0;
	u64 at = ALIGN_DOWN(top - size, PAGE_SIZE);
	return at >= floor && at > 0 ? at : 0;
}

/* ---------------------------------------------------------------- zero page */

static void put32(u8 *p, u32 v)
{
	for (u32 i = 0; i < 4; i++)
		p[i] = (u8)(v >> (8 * i));
}

static void put64(u8 *p, u64 v)
{
	put32(p, (u32)v);
	put32(p + 4, (u32)(v >> 32));
}

/* A 64-bit address split over a setup-header field and its ext_ field (bootparam.h 0x0C0-0x0C8). */
static void put_split(u8 *zp, u32 lo_off, u32 hi_off, u64 v)
{
	put32(zp + lo_off, (u32)v);
	put32(zp + hi_off, (u32)(v >> 32));
}

/* [a, a + alen) and [b, b + blen) share a byte; both ranges were checked not to wrap. */
static bool overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* The kernel runs at its load address only if that is aligned and not below pref_address (see above). */
static bool runs_in_place(const struct bzimage *b, u64 at)
{
	if (!b->relocatable)
		return at == b->pref_address;
	return at >= b->pref_address && (at & (b->kernel_alignment - 1)) == 0;
}

/* [base, base + size) lies in the VM's RAM below the 3-4 GiB hole or in the part above 4 GiB (e820_build). */
static bool in_ram(const struct e820_layout *m, u64 base, u64 size)
{
	u64 low = e820_low_ram(m->mem_size), high = e820_high_ram(m->mem_size);
	if (base + size < base)
		return false;
	if (base + size <= low)
		return true;
	return base >= E820_HIGH_RAM_BASE && base - E820_HIGH_RAM_BASE + size <= high;
}

/* What the kernel cannot take from this layout, checked before anything is written. */
static const char *check_layout(const struct bzimage *b, const struct bzimage_layout *l)
{
	u64 need = bzimage_need(b);
	bool high_ok = b->xloadflags & BZ_XLF_CAN_BE_LOADED_ABOVE_4G;
	const char *why = e820_layout_check(&l->mem);
	if (why)
		return why;
	if (l->kernel_gpa < MiB(1) || !in_ram(&l->mem, l->kernel_gpa, need))
		return "kernel load address and init_size do not fit guest RAM above 1 MiB";
	if (!runs_in_place(b, l->kernel_gpa))
		return "the kernel would not run at its load address (below pref_address or misaligned)";
	if (overlap(l->kernel_gpa, need, l->mem.acpi_gpa, l->mem.acpi_size))
		return "the kernel's init_size area overlaps the ACPI range";
	if (l->cmdline_gpa == 0 || !in_ram(&l->mem, l->cmdline_gpa, 1))
		return "command line address is 0 or outside guest RAM";
	if (l->cmdline_gpa >> 32 && !high_ok)
		return "command line above 4 GiB, and the kernel cannot take one there";
	if (l->initrd_size == 0)
		return NULL;
	u64 end = l->initrd_gpa + l->initrd_size;
	if (!in_ram(&l->mem, l->initrd_gpa, l->initrd_size))
		return "initrd outside guest RAM";
	if (!high_ok && end - 1 > b->initrd_addr_max)
		return "initrd ends above the kernel's initrd_addr_max";
	if (overlap(l->initrd_gpa, l->initrd_size, l->kernel_gpa, need))
		return "initrd overlaps the kernel's init_size area";
	if (overlap(l->initrd_gpa, l->initrd_size, l->mem.acpi_gpa, l->mem.acpi_size))
		return "initrd overlaps the ACPI range";
	return NULL;
}

/* boot_e820_entry: u64 addr, u64 size, u32 type, packed into 20 bytes (bootparam.h, table at 0x2D0). */
static void put_e820(u8 *zp, const struct e820_layout *mem)
{
	struct e820_entry t[8] = { 0 }; /* zeroed only so Eva sees every read initialised (make prove) */
	u32 n = e820_build(t, ARRAY_SIZE(t), mem);
	zp[ZP_E820_ENTRIES] = (u8)n;
	for (u32 i = 0; i < n; i++) {
		u8 *e = zp + ZP_E820_TABLE + i * ZP_E820_ENTRY_SIZE;
		put64(e, t[i].addr);
		put64(e + 8, t[i].size);
		put32(e + 16, t[i].type);
	}
}

const char *bzimage_boot_params(u8 zp[ZP_SIZE], const struct bzimage *b, const struct bzimage_layout *l)
{
	const char *why = check_layout(b, l);
	if (why)
		return why;
	/* boot.rst "64-bit Boot Protocol": a zeroed boot_params with the image's setup header at 0x1F1. */
	c_memset(zp, 0, ZP_SIZE);
	c_memcpy(zp + BZ_SETUP_SECTS, b->hdr, b->hdr_len);
	zp[BZ_TYPE_OF_LOADER] = 0xFF;
	/* No real-mode code runs, so no heap (CAN_USE_HEAP clear) and no quiet/keep-segments requests. */
	zp[BZ_LOADFLAGS] = BZ_LOADED_HIGH;
	/* boot.rst "code32_start": a relocating loader points it at the load address. */
	put32(zp + BZ_CODE32_START, l->kernel_gpa >> 32 ? 0 : (u32)l->kernel_gpa);
	put_split(zp, BZ_CMD_LINE_PTR, ZP_EXT_CMD_LINE_PTR, l->cmdline_gpa);
	put_split(zp, BZ_RAMDISK_IMAGE, ZP_EXT_RAMDISK_IMAGE, l->initrd_size ? l->initrd_gpa : 0);
	put_split(zp, BZ_RAMDISK_SIZE, ZP_EXT_RAMDISK_SIZE, l->initrd_size);
	/* The other loader-written fields must not keep what the image happened to hold. */
	c_memset(zp + BZ_HEAP_END_PTR, 0, 4); /* heap_end_ptr, ext_loader_ver, ext_loader_type */
	c_memset(zp + BZ_HARDWARE_SUBARCH, 0, 12); /* x86/PC, no subarch data */
	c_memset(zp + BZ_SETUP_DATA, 0, 8);	    /* no setup_data list */
	put64(zp + ZP_ACPI_RSDP_ADDR, l->rsdp_gpa);
	put_e820(zp, &l->mem);
	return NULL;
}
