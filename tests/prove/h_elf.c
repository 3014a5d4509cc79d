/* cordon: make prove harness: elf_check over every byte string up to ELF_PROVE_MAX bytes. */
/* sources: lib/boot/elf.c lib/str.c */
/* reaches: elf_check check_header check_segment overlaps add_segment entry_in_segment */
#include <lib/boot/elf.h>
#include <tests/prove/prove.h>

/*
 * elf_check has no size limit of its own and its callers none before it (boot/check.c, boot/hv.c,
 * kernel/guest_boot.c, cordon-cfg): any length up to 2^56 bytes, more than any machine holds. The image
 * is 8-byte aligned, as every caller's is (EFI pages, the hypervisor's module memory, malloc).
 */
#define ELF_PROVE_MAX (1ull << 56)
/*
 * Eva bounds each read by the buffer, not by size (it is non-relational), so a read at a fixed offset
 * past a short file would go unseen in the large one: every size up to SMALL is also analysed alone,
 * in a buffer that ends where the file does. SMALL covers the ELF header and a first program header.
 */
#define SMALL 128

static u64 file[ELF_PROVE_MAX / 8];
static u8 small[SMALL];
static struct elf_image img;

int main(void)
{
	u64 size = prove_u64(0, sizeof(file));
	prove_bytes(file, sizeof(file));
	prove_bytes(small, sizeof(small));
	elf_check(file, size, &img);
	/*@ loop unroll SMALL + 1; */
	for (u64 n = 0; n <= SMALL; n++)
		elf_check(small + SMALL - n, n, &img);
	return 0;
}
