/* cordon vTPM: entropy for the domains: the platform TPM's RNG mixed with the CPU's RDSEED or RDRAND. */
#include <vtpm/link.h>
#include <kernel/vm.h>
#include <kernel/trust/tpm.h>
#include <arch/x86_64/cpu.h>
#include <lib/sha256.h>
#include <lib/str.h>
#include <cordon/hypercall.h>

/* CPUID.(EAX=07H,ECX=0):EBX[18] RDSEED, CPUID.01H:ECX[30] RDRAND (SDM vol. 2A, CPUID). */
static bool has_rdseed(void)
{
	u32 r[4];
	cpuid(0, 0, r);
	if (r[0] < 7)
		return false;
	cpuid(7, 0, r);
	return r[1] >> 18 & 1;
}

static bool has_rdrand(void)
{
	u32 r[4];
	cpuid(1, 0, r);
	return r[2] >> 30 & 1;
}

/* One 64-bit value; CF = 1 says it is valid (SDM vol. 2B, RDRAND and RDSEED), retried a few times. */
static bool hw_random(bool seed, u64 *v)
{
	for (int i = 0; i < 32; i++) {
		u8 ok;
		if (seed)
			__asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
		else
			__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

/* 32 bytes from the CPU, or zeros when it has no RNG (the TPM's share alone then counts). */
static void cpu_block(u8 out[32])
{
	bool seed = has_rdseed(), rand = has_rdrand();
	c_memset(out, 0, 32);
	for (u32 i = 0; i < 4 && (seed || rand); i++) {
		u64 v = 0;
		if (!(seed && hw_random(true, &v)) && rand)
			hw_random(false, &v);
		c_memcpy(out + 8 * i, &v, 8);
	}
}

/*
 * Each 32 bytes: SHA-256 over 32 bytes of TPM2_GetRandom and 32 of RDSEED
 * (or RDRAND), so the output is as strong as the better of the two sources.
 * The TPM's is required: without a TPM cordon has no source it vouches for.
 */
static bool fill(struct tpm_dev *d, u8 *out, u64 len)
{
	while (len) {
		u8 in[64], h[SHA256_DIGEST_SIZE];
		u64 n = len < sizeof(h) ? len : sizeof(h);
		if (tpm2_get_random(d, in, 32))
			return false;
		cpu_block(in + 32);
		sha256(in, sizeof(in), h);
		c_memcpy(out, h, n);
		c_memset(in, 0, sizeof(in));
		c_memset(h, 0, sizeof(h));
		out += n;
		len -= n;
	}
	return true;
}

s64 vtpm_hc_entropy(struct vm *domain, u64 gpa, u64 len)
{
	struct tpm_dev *d;
	u8 *dst;
	if (!domain->cfg->vtpm_domain)
		return CORDON_E_PERM;
	if (!len || len > CORDON_ENTROPY_MAX)
		return CORDON_E_INVAL;
	if (!(dst = gpmap_access(&domain->map, gpa, len, GP_W)))
		return CORDON_E_FAULT;
	if (!(d = tpm_get()))
		return CORDON_E_NODEV;
	return fill(d, dst, len) ? CORDON_OK : CORDON_E_NODEV;
}
