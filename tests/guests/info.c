/* cordon test guest (h): reads its start-info page and the cordon CPUID leaves and prints them. */
#include <tests/guests/guest.h>

int main(void)
{
	const struct cordon_start_info *si = start_info;
	u32 r[4];
	u64 abi = 0;
	char sig[13];
	if (si->magic != CORDON_START_MAGIC || si->size != sizeof(*si)) {
		gprintf("bad start-info magic or size\n");
		return 1;
	}
	gprintf("I am '%s', label '%s', vm id %u\n", si->name, si->label, si->vm_id);
	gprintf("memory %llu KiB, %u vcpu, cmdline \"%s\"\n", si->mem_size >> 10, si->nvcpus, si->cmdline);
	cpuid(CORDON_CPUID_BASE, 0, r);
	c_memcpy(sig, &r[1], 4);
	c_memcpy(sig + 4, &r[2], 4);
	c_memcpy(sig + 8, &r[3], 4);
	sig[12] = 0;
	cpuid(1, 0, r);
	hcall2(CORDON_HC_VERSION, 0, 0, 0, &abi);
	gprintf("cpuid signature \"%s\", hypervisor bit %u, ABI version %llu\n", sig, r[2] >> 31, abi);
	hprintf("this line came through the console hypercall\n");
	return 0;
}
