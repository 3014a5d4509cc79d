/* cordon benchmark guest: TSC round trips of a null hypercall, a yield, a CPUID exit, and boot time to this guest. */
#include <tests/guests/guest.h>

#define ROUNDS 2000

static void sort(u64 *v, u32 n)
{
	for (u32 i = 1; i < n; i++)
		for (u32 j = i; j > 0 && v[j - 1] > v[j]; j--) {
			u64 t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static u64 samples[ROUNDS];

static void report(const char *what)
{
	u64 sum = 0;
	sort(samples, ROUNDS);
	for (u32 i = 0; i < ROUNDS; i++)
		sum += samples[i];
	gprintf("bench %s: min %llu median %llu mean %llu cycles (%u rounds)\n", what, samples[0],
		samples[ROUNDS / 2], sum / ROUNDS, ROUNDS);
}

int main(void)
{
	u32 r[4];
	u64 khz = start_info->tsc_khz ? start_info->tsc_khz : 1;
	u64 boot = guest_first_tsc - start_info->loader_tsc;
	gprintf("bench boot: loader entry to first guest instruction %llu cycles = %llu ms (TSC %llu kHz)\n", boot,
		boot / khz, khz);
	for (u32 i = 0; i < ROUNDS; i++) {
		u64 t0 = rdtsc();
		hcall(CORDON_HC_NULL, 0, 0, 0);
		samples[i] = rdtsc() - t0;
	}
	report("null-hypercall");
	/* A yield ends the time slice: the vCPU's FPU/XSAVE state, XCR0 and DR0-DR3 are stored and loaded again. */
	for (u32 i = 0; i < ROUNDS; i++) {
		u64 t0 = rdtsc();
		hc_yield();
		samples[i] = rdtsc() - t0;
	}
	report("yield");
	for (u32 i = 0; i < ROUNDS; i++) {
		u64 t0 = rdtsc();
		cpuid(CORDON_CPUID_BASE, 0, r);
		samples[i] = rdtsc() - t0;
	}
	report("cpuid-exit");
	for (u32 i = 0; i < ROUNDS; i++) {
		u64 t0 = rdtsc();
		__asm__ volatile("" ::: "memory");
		samples[i] = rdtsc() - t0;
	}
	report("rdtsc-only");
	return 0;
}
