/* cordon: the Linux x86 boot protocol as pure code: bzImage header checks, placement, zero page, e820. */
#ifndef CORDON_LIB_BZIMAGE_H
#define CORDON_LIB_BZIMAGE_H
#include <cordon/types.h>

/*
 * Setup-header offsets, the same in the bzImage file and in struct boot_params (the header is copied
 * to 0x1F1 in both). Source: Documentation/arch/x86/boot.rst, "The Real-Mode Kernel Header", and
 * struct setup_header in arch/x86/include/uapi/asm/bootparam.h.
 */
#define BZ_SETUP_SECTS 0x1F1	  /* u8, 0 means 4 */
#define BZ_SYSSIZE 0x1F4	  /* u32, protected-mode size in 16-byte paragraphs (2.04+) */
#define BZ_BOOT_FLAG 0x1FE	  /* u16, 0xAA55 */
#define BZ_JUMP 0x200		  /* 0xEB, then the signed offset that ends the header (0x202 + it) */
#define BZ_HEADER 0x202		  /* u32, "HdrS" */
#define BZ_VERSION 0x206	  /* u16, (major << 8) | minor */
#define BZ_TYPE_OF_LOADER 0x210	  /* u8, 0xFF = undefined loader */
#define BZ_LOADFLAGS 0x211	  /* u8 */
#define BZ_CODE32_START 0x214	  /* u32, load address of the protected-mode part */
#define BZ_RAMDISK_IMAGE 0x218	  /* u32 */
#define BZ_RAMDISK_SIZE 0x21C	  /* u32 */
#define BZ_HEAP_END_PTR 0x224	  /* u16, then ext_loader_ver, ext_loader_type (u8 each) */
#define BZ_CMD_LINE_PTR 0x228	  /* u32 (2.02+) */
#define BZ_INITRD_ADDR_MAX 0x22C  /* u32, highest byte an initrd may occupy (2.03+) */
#define BZ_KERNEL_ALIGNMENT 0x230 /* u32 (2.05+) */
#define BZ_RELOCATABLE 0x234	  /* u8 (2.05+) */
#define BZ_MIN_ALIGNMENT 0x235	  /* u8, log2 (2.10+) */
#define BZ_XLOADFLAGS 0x236	  /* u16 (2.12+) */
#define BZ_CMDLINE_SIZE 0x238	  /* u32, without the NUL (2.06+) */
#define BZ_HARDWARE_SUBARCH 0x23C /* u32, then u64 hardware_subarch_data (2.07+) */
#define BZ_SETUP_DATA 0x250	  /* u64, list of struct setup_data (2.09+) */
#define BZ_PREF_ADDRESS 0x258	  /* u64 (2.10+) */
#define BZ_INIT_SIZE 0x260	  /* u32 (2.10+) */

#define BZ_HDR_MAGIC 0x53726448u /* "HdrS" read little-endian */
#define BZ_MIN_VERSION 0x020C	 /* 2.12: xloadflags, and with it XLF_KERNEL_64 */
#define BZ_HDR_MIN_END 0x268	 /* a 2.12 header reaches at least handover_offset (0x264/4) */
#define BZ_HDR_MAX_END 0x281	 /* the jump's offset is a positive s8: 144 bytes (boot.rst "kernel_info") */
#define BZ_HDR_MAX (BZ_HDR_MAX_END - BZ_SETUP_SECTS)

#define BZ_LOADED_HIGH 0x01	       /* loadflags bit 0: protected-mode code runs high (bzImage) */
#define BZ_CAN_USE_HEAP 0x80	       /* loadflags bit 7: heap_end_ptr is valid */
#define BZ_XLF_KERNEL_64 0x01	       /* xloadflags bit 0: 64-bit entry at +0x200 */
#define BZ_XLF_CAN_BE_LOADED_ABOVE_4G 0x02 /* xloadflags bit 1 */
#define BZ_ENTRY64_OFFSET 0x200	       /* boot.rst "64-bit Boot Protocol": entry = load address + 0x200 */

/*
 * Zero-page (struct boot_params) offsets beyond the setup header, from bootparam.h's offset comments.
 */
#define ZP_SIZE 4096
#define ZP_ACPI_RSDP_ADDR 0x070	    /* u64 */
#define ZP_EXT_RAMDISK_IMAGE 0x0C0  /* u32, bits 63:32 of ramdisk_image */
#define ZP_EXT_RAMDISK_SIZE 0x0C4   /* u32 */
#define ZP_EXT_CMD_LINE_PTR 0x0C8   /* u32 */
#define ZP_E820_ENTRIES 0x1E8	    /* u8 */
#define ZP_SENTINEL 0x1EF	    /* u8, must stay 0: only the header is copied in */
#define ZP_E820_TABLE 0x2D0	    /* struct boot_e820_entry[128]: u64 addr, u64 size, u32 type, packed */
#define ZP_E820_ENTRY_SIZE 20
#define ZP_E820_MAX 128

/* A checked bzImage: pointers into the caller's image, values from its setup header. */
struct bzimage {
	const u8 *setup;	/* boot sector + real-mode setup: img[0, setup_len); cordon never runs it */
	u64 setup_len;		/* (setup_sects + 1) * 512 */
	const u8 *kernel;	/* protected-mode part: copy kernel_len bytes to the load address */
	u64 kernel_len;		/* syssize * 16; bytes after it (e.g. a PE signature) are not loaded */
	u16 version;		/* boot protocol, >= 2.12 */
	u8 setup_sects;		/* after "0 means 4" */
	u8 loadflags;		/* LOADED_HIGH set */
	u16 xloadflags;		/* XLF_KERNEL_64 set */
	u8 relocatable;		/* relocatable_kernel != 0 */
	u8 min_alignment;	/* log2, informational */
	u32 kernel_alignment;	/* a power of two when relocatable */
	u64 pref_address;	/* lowest address it runs at (Linux's LOAD_PHYSICAL_ADDR), >= 1 MiB */
	u32 init_size;		/* bytes from the load address the kernel needs before it reads e820 */
	u32 cmdline_size;	/* longest command line, without its NUL */
	u32 initrd_addr_max;	/* highest byte an initrd may occupy (unless ABOVE_4G) */
	u32 hdr_len;		/* setup header bytes from 0x1F1: 0x202 + img[0x201] - 0x1F1 */
	u8 hdr[BZ_HDR_MAX];	/* copy of img[0x1F1, 0x1F1 + hdr_len) */
	char why[128];		/* the refusal, when bzimage_parse fails */
};

/*
 * Checks a bzImage's setup header (boot protocol >= 2.12, LOADED_HIGH, XLF_KERNEL_64, setup and
 * protected-mode parts inside the file, a usable alignment or preferred address) and fills *out.
 * Reads nothing at or past img[len]. Returns NULL, or a message (kept in out->why) that says what
 * is wrong, with the offending numbers.
 */
const char *bzimage_parse(const u8 *img, u64 len, struct bzimage *out);

/* Bytes the kernel needs from its load address: init_size, or its own size if that is larger. */
u64 bzimage_need(const struct bzimage *b);

/*
 * Where to copy b->kernel, given that guest RAM [1 MiB, ram_end) is free for it (pass the start of
 * anything placed high, e.g. an ACPI region, as ram_end): pref_address, rounded up to
 * kernel_alignment if the kernel is relocatable. Linux decompresses there even when loaded lower
 * (it never runs below pref_address, its LOAD_PHYSICAL_ADDR), so there is no lower fallback: a VM
 * needs RAM up to pref_address + bzimage_need() (Debian 6.1: 16 MiB + 51.5 MiB) plus its initrd.
 * Returns 0 if that does not fit below ram_end.
 */
u64 bzimage_load_addr(const struct bzimage *b, u64 ram_end);

/*
 * Highest page-aligned address for an initrd of `size` bytes that ends by `top` and by
 * initrd_addr_max + 1 (unless the kernel takes one above 4 GiB) and starts at or above `floor`
 * (the end of the kernel's init_size area). Returns 0 if there is no room.
 */
u64 bzimage_initrd_addr(const struct bzimage *b, u64 floor, u64 top, u64 size);

/*
 * The one placement cordon uses in a VM of mem_size bytes: the kernel at bzimage_load_addr(), an initrd
 * of initrd_size bytes (0: none) at bzimage_initrd_addr() above the kernel's bzimage_need() area, both
 * in the RAM below the 3-4 GiB hole (e820_low_ram). The loader, cordon-cfg and the hypervisor all call
 * it, so what the checks accept is what boots.
 */
enum bz_place { BZ_PLACED = 0, BZ_NO_ROOM_KERNEL = 1, BZ_NO_ROOM_INITRD = 2 };
enum bz_place bzimage_place(const struct bzimage *b, u64 mem_size, u64 initrd_size, u64 *kernel_gpa,
			    u64 *initrd_gpa);

/* ---------------------------------------------------------------- e820 */

/* boot_e820_entry.type: the BIOS INT 15h E820h range types (Linux arch/x86/include/asm/e820/types.h). */
enum e820_type {
	E820_RAM = 1,
	E820_RESERVED = 2,
	E820_ACPI = 3, /* ACPI tables; reclaimable once read */
};

struct e820_entry {
	u64 addr;
	u64 size;
	u32 type;
};

/*
 * A VM's memory as cordon gives it: mem_size bytes of RAM, at most E820_LOW_RAM_END of it from 0 and
 * the rest from 4 GiB, so that nothing of it lies in [3 GiB, 4 GiB), where the PCI memory window
 * (lib/acpi/acpi.c), the IOAPIC, the LAPIC and the TPM are; optionally the ACPI tables inside the low part.
 *
 * The map e820_build writes, and why:
 *   [0, 0x9FC00)          RAM       like a PC with a 1 KiB EBDA; cordon puts the zero page, command
 *                                   line, GDT and entry page tables low in it (see BZ_GPA_* below):
 *                                   Linux copies the zero page and command line early and avoids them
 *                                   until then, and replaces the page tables in its decompressor.
 *   [0x9FC00, 0x100000)   reserved  the EBDA, VGA and BIOS hole a PC has; Linux reserves the first
 *                                   MiB anyway, and scans 0xE0000-0xFFFFF for the RSDP.
 *   [0x100000, low end)   RAM       the kernel, its init_size area, the initrd, free memory;
 *                                   low end = e820_low_ram(mem_size), at most 3 GiB.
 *   [4 GiB, 4 GiB + rest) RAM       only when mem_size is above 3 GiB: the rest of it.
 *   [acpi_gpa, +acpi_size) ACPI     carved out of whichever low range it falls in.
 * Adjacent ranges of one type are merged; entries are sorted and never overlap; together they cover
 * exactly the RAM above. The hole between them (and the MMIO in it) is not listed.
 */
#define E820_LOW_RAM_END 0xC0000000ULL /* 3 GiB: where the 32-bit PCI memory window starts */
#define E820_HIGH_RAM_BASE 0x100000000ULL

struct e820_layout {
	u64 mem_size; /* at least 1 MiB */
	u64 acpi_gpa, acpi_size; /* acpi_size 0: no ACPI range; inside the low RAM */
};

/* RAM below the hole, and above 4 GiB, of a VM with mem_size bytes; VMs map their RAM the same way. */
u64 e820_low_ram(u64 mem_size);
u64 e820_high_ram(u64 mem_size);

/*
 * Suggested homes for the boot structures, all in usable low RAM below 0x90000: the 6.1 decompressor
 * borrows the two pages under 0x9F000 for its paging trampoline, and Linux itself reserves
 * [0x9F000, 1 MiB) when the BIOS data area (left zero by cordon) names no EBDA.
 */
#define BZ_GPA_ZERO_PAGE 0x7000ULL /* 4 KiB boot_params */
#define BZ_GPA_CMDLINE 0x8000ULL   /* up to 32 KiB, NUL-terminated */
#define BZ_GPA_GDT 0x10000ULL	   /* __BOOT_CS 0x10, __BOOT_DS 0x18 */
#define BZ_GPA_PGTABLES 0x11000ULL /* identity map for the 64-bit entry */

/* NULL if the layout can be described, else why not. */
const char *e820_layout_check(const struct e820_layout *l);

/* Writes the map above into t[0, max); returns the entry count, 0 if the layout is bad or max too small. */
u32 e820_build(struct e820_entry *t, u32 max, const struct e820_layout *l);

/* ---------------------------------------------------------------- zero page */

/* Where the caller has put things in guest memory. */
struct bzimage_layout {
	struct e820_layout mem;
	u64 kernel_gpa;		  /* from bzimage_load_addr */
	u64 cmdline_gpa;	  /* NUL-terminated, at most b->cmdline_size characters; never 0 */
	u64 initrd_gpa, initrd_size; /* initrd_size 0: no initrd */
	u64 rsdp_gpa;		  /* 0: Linux scans 0xE0000-0xFFFFF for the RSDP itself */
};

/*
 * Fills the 4 KiB zero page for the 64-bit entry: zeroes it, copies the setup header to 0x1F1, sets
 * type_of_loader 0xFF, loadflags LOADED_HIGH (no heap: the real-mode setup never runs), code32_start,
 * cmd_line_ptr and ramdisk_image/size with their ext_ high halves, acpi_rsdp_addr and the e820 map.
 * Returns NULL, or a static reason when the layout does not suit the kernel (then zp is undefined).
 */
const char *bzimage_boot_params(u8 zp[ZP_SIZE], const struct bzimage *b, const struct bzimage_layout *l);

#endif
