/* cordon vTPM runtime: hypercalls, the console, entropy and time. */
#include <vtpm/rt/rt.h>

const struct cordon_start_info *start_info;
static bool use_vmcall; /* VT-x: VMCALL; AMD-V: VMMCALL (CPUID 0x40000001 ECX, docs/GUEST.md) */

void hc_init(void)
{
	u32 a, b, c, d;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(CORDON_CPUID_INFO), "c"(0));
	use_vmcall = c == CORDON_HCALL_VMCALL;
}

s64 hc(u64 nr, u64 a1, u64 a2, u64 a3, u64 *rdx)
{
	register u64 d __asm__("rdx") = a3;
	s64 ret;
	if (use_vmcall)
		__asm__ volatile("vmcall" : "=a"(ret), "+r"(d) : "a"(nr), "D"(a1), "S"(a2) : "memory");
	else
		__asm__ volatile("vmmcall" : "=a"(ret), "+r"(d) : "a"(nr), "D"(a1), "S"(a2) : "memory");
	if (rdx)
		*rdx = d;
	return ret;
}

void rt_stop(s64 code)
{
	hc(CORDON_HC_EXIT, (u64)code, 0, 0, NULL);
	for (;;)
		__asm__ volatile("cli; hlt");
}

void rt_print(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	u64 n;
	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	hc(CORDON_HC_CONSOLE_WRITE, (u64)buf, n < sizeof(buf) ? n : sizeof(buf) - 1, 0, NULL);
}

/*
 * libtpms makes the client's keys and seeds from OpenSSL's RNG, which seeds
 * from getrandom; were that to fail, it would fall back to rand(). So no
 * entropy means no TPM: the domain stops instead of answering.
 */
void rt_entropy(void *buf, u64 len)
{
	u8 *p = buf;
	while (len) {
		u64 n = len < CORDON_ENTROPY_MAX ? len : CORDON_ENTROPY_MAX;
		s64 st = hc(CORDON_HC_ENTROPY, (u64)p, n, 0, NULL); /* identity-mapped: the address is the gpa */
		if (st != CORDON_OK) {
			rt_print("vtpm: no entropy source (status %lld): stopping\n", st);
			rt_stop(3);
		}
		p += n;
		len -= n;
	}
}

u64 rt_ms(u64 tsc)
{
	return start_info->tsc_khz ? tsc / start_info->tsc_khz : 0;
}
