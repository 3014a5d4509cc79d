/* cordon unit tests: a hand-laid synthetic bzImage (protocol 2.15) shared by the bzImage and e820 tests. */
#ifndef CORDON_TESTS_BZIMAGE_FIXTURE_H
#define CORDON_TESTS_BZIMAGE_FIXTURE_H
#include <lib/boot/bzimage.h>

/* Four setup sectors after the boot sector, then 0x400 bytes of "protected-mode code". */
#define FX_SETUP_LEN (5 * 512)
#define FX_PM_LEN 0x400
#define FX_LEN (FX_SETUP_LEN + FX_PM_LEN)
#define FX_HDR_END 0x26C /* 0x202 + the jump's 0x6A, as Linux 6.1 (ends after kernel_info_offset) */
#define FX_PREF 0x1000000ULL
#define FX_INIT_SIZE 0x3000000u
#define FX_ALIGN 0x200000u

static u8 fx_img[FX_LEN + 64]; /* room for trailing bytes after syssize (a signature, say) */

static void fx_put(u8 *img, u64 off, u32 width, u64 value)
{
	for (u32 i = 0; i < width; i++)
		img[off + i] = (u8)(value >> (8 * i));
}

/* Offsets written as literals from boot.rst's header table, not from bzimage.h, so a typo there shows. */
static void fx_make(void)
{
	memset(fx_img, 0, sizeof(fx_img));
	for (u32 i = FX_SETUP_LEN; i < sizeof(fx_img); i++)
		fx_img[i] = (u8)(i * 13 + 5);
	fx_put(fx_img, 0x1F1, 1, 4);		/* setup_sects */
	fx_put(fx_img, 0x1F4, 4, FX_PM_LEN / 16); /* syssize */
	fx_put(fx_img, 0x1FA, 2, 0xFFFF);	/* vid_mode "normal" */
	fx_put(fx_img, 0x1FE, 2, 0xAA55);	/* boot_flag */
	fx_put(fx_img, 0x200, 2, 0x6AEB);	/* jump: EB 6A */
	memcpy(fx_img + 0x202, "HdrS", 4);	/* header */
	fx_put(fx_img, 0x206, 2, 0x020F);	/* version 2.15 */
	fx_put(fx_img, 0x20E, 2, 0x1000);	/* kernel_version */
	fx_put(fx_img, 0x211, 1, 0x01);		/* loadflags: LOADED_HIGH */
	fx_put(fx_img, 0x214, 4, 0x100000);	/* code32_start */
	fx_put(fx_img, 0x22C, 4, 0x7FFFFFFF);	/* initrd_addr_max */
	fx_put(fx_img, 0x230, 4, FX_ALIGN);	/* kernel_alignment */
	fx_put(fx_img, 0x234, 1, 1);		/* relocatable_kernel */
	fx_put(fx_img, 0x235, 1, 21);		/* min_alignment */
	fx_put(fx_img, 0x236, 2, 0x0003);	/* xloadflags: KERNEL_64, CAN_BE_LOADED_ABOVE_4G */
	fx_put(fx_img, 0x238, 4, 0x7FF);	/* cmdline_size */
	fx_put(fx_img, 0x248, 4, 0x2CC);	/* payload_offset */
	fx_put(fx_img, 0x258, 8, FX_PREF);	/* pref_address */
	fx_put(fx_img, 0x260, 4, FX_INIT_SIZE); /* init_size */
	fx_put(fx_img, 0x268, 4, 0x3F0);	/* kernel_info_offset */
	memset(fx_img + FX_HDR_END, 0xCC, 0x290 - FX_HDR_END); /* past the header: never copied */
}

#endif
