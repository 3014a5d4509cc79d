/* cordon Linux test guest: an unprivileged process tries cordon's hypercalls (they must be refused). */
/* Built by tools/fetch-linux.sh with the host compiler, static and without libc, into the initramfs. */
#include <cordon/hypercall.h>

static long sys3(long nr, long a, long b, long c)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return r;
}

static void out(const char *s)
{
	long n = 0;
	while (s[n])
		n++;
	sys3(1 /* write */, 1, (long)s, n);
}

static long hcall(int vmcall, unsigned long nr, unsigned long a1, unsigned long a2)
{
	long r;
	if (vmcall)
		__asm__ volatile("vmcall" : "=a"(r) : "a"(nr), "D"(a1), "S"(a2) : "rdx", "memory");
	else
		__asm__ volatile("vmmcall" : "=a"(r) : "a"(nr), "D"(a1), "S"(a2) : "rdx", "memory");
	return r;
}

static const char *status(long st)
{
	return st == CORDON_E_PERM ? "E_PERM" : st == CORDON_OK ? "OK (served!)" : "another status";
}

void _start(void);
void _start(void)
{
	static const char leak[] = "USER-LEAK: printed by a user process\n";
	unsigned int r[4];
	int vmcall;
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(CORDON_CPUID_INFO), "c"(0));
	vmcall = r[2] == CORDON_HCALL_VMCALL;
	out("cordon-hcall: console_write from user mode: ");
	out(status(hcall(vmcall, CORDON_HC_CONSOLE_WRITE, (unsigned long)leak, sizeof(leak) - 1)));
	out("\ncordon-hcall: exit from user mode: ");
	out(status(hcall(vmcall, CORDON_HC_EXIT, 77, 0)));
	out("\n");
	sys3(60 /* exit */, 0, 0, 0);
}
