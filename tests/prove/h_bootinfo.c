/* cordon: make prove harness: bootinfo_check over a boot-info block of any bytes, then bootinfo_module of any kind. */
/* sources: lib/boot/bootinfo.c lib/str.c */
/* reaches: bootinfo_check check_mem check_cfg terminated check_tpm in_loader_memory check_mods check_kinds mods_overlap ranges_overlap bootinfo_module */
#include <cordon/bootinfo.h>
#include <tests/prove/prove.h>

/* The hypervisor checks the block in place, where the loader left it: any bytes at an aligned address. */
static struct bootinfo bi;

int main(void)
{
	prove_bytes(&bi, sizeof(bi));
	const char *why = bootinfo_check(&bi);
	u32 kind = (u32)prove_u64(0, ~0u);
	bootinfo_module(&bi, kind);
	return why ? 1 : 0;
}
