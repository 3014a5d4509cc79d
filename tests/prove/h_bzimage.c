/* cordon: make prove harness: bzimage_parse over any bytes, then placement and the zero page for any layout. */
/* sources: lib/boot/bzimage.c lib/boot/e820.c lib/str.c tests/prove/stub/stub_fmt.c */
/* reaches: bzimage_parse fail get16 get32 get64 check_magic check_setup check_version check_flags check_kernel check_placement bzimage_need fits bzimage_load_addr bzimage_place bzimage_initrd_addr bzimage_boot_params check_layout e820_layout_check in_ram runs_in_place overlap put_e820 e820_build add_edge type_at put32 put64 put_split e820_low_ram e820_high_ram */
#include <lib/boot/bzimage.h>
#include <tests/prove/prove.h>

/*
 * bzimage_parse has no size limit and its callers none before it (boot/check.c, kernel/guest_boot.c,
 * cordon-cfg): any length up to 2^56 bytes, every header field at any value.
 */
#define BZ_PROVE_MAX (1ull << 56)
/*
 * Eva bounds each read by the buffer, not by len (it is non-relational), so a header read past a short
 * file would go unseen in the large one: every length up to SMALL, past the last header field the
 * checks read (BZ_HDR_MAX_END), is also analysed alone, in a buffer that ends where the file does.
 */
#define SMALL 0x290

static u8 img[BZ_PROVE_MAX];
static u8 small[SMALL];
static struct bzimage b;
static u8 zp[ZP_SIZE];

static u64 any(void)
{
	return prove_u64(0, ~0ULL);
}

/* Every placement question, and the zero page for a layout of any values (the caller's choice). */
static void use(const struct bzimage *bz)
{
	u64 kernel, initrd;
	struct bzimage_layout l = {
		.mem = { .mem_size = any(), .acpi_gpa = any(), .acpi_size = any() },
		.kernel_gpa = any(), .cmdline_gpa = any(), .initrd_gpa = any(), .initrd_size = any(), .rsdp_gpa = any(),
	};
	bzimage_need(bz);
	bzimage_load_addr(bz, any());
	bzimage_initrd_addr(bz, any(), any(), any());
	bzimage_place(bz, any(), any(), &kernel, &initrd);
	bzimage_boot_params(zp, bz, &l);
}

int main(void)
{
	u64 len = prove_u64(0, sizeof(img));
	prove_bytes(img, sizeof(img));
	prove_bytes(small, sizeof(small));
	if (!bzimage_parse(img, len, &b))
		use(&b);
	/*@ loop unroll SMALL + 1; */
	for (u64 n = 0; n <= SMALL; n++)
		bzimage_parse(small + SMALL - n, n, &b);
	return 0;
}
