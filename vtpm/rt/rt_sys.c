/* cordon vTPM runtime: the engine's system calls: what a static glibc, OpenSSL and libtpms use, and RECV/SEND/READY. */
#include <vtpm/rt/rt.h>

/* Linux x86_64 system call numbers (arch/x86/entry/syscalls/syscall_64.tbl) and errno values. */
enum {
	SYS_write = 1, SYS_fstat = 5, SYS_mmap = 9, SYS_mprotect = 10, SYS_munmap = 11, SYS_brk = 12,
	SYS_ioctl = 16, SYS_writev = 20, SYS_mremap = 25, SYS_madvise = 28, SYS_getpid = 39, SYS_exit = 60,
	SYS_readlink = 89, SYS_getuid = 102, SYS_getgid = 104, SYS_geteuid = 107, SYS_getegid = 108,
	SYS_arch_prctl = 158, SYS_gettid = 186, SYS_time = 201, SYS_futex = 202, SYS_set_tid_address = 218,
	SYS_clock_gettime = 228, SYS_exit_group = 231, SYS_openat = 257, SYS_newfstatat = 262,
	SYS_set_robust_list = 273, SYS_prlimit64 = 302, SYS_getrandom = 318, SYS_rseq = 334,
	SYS_open = 2, SYS_stat = 4, SYS_access = 21,
};
#define ENOENT 2
#define EIO 5
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EINVAL 22
#define ENOTTY 25
#define ENOSYS 38

static u64 boot_tsc, ncommands, nenosys;
static u32 seen_enosys[16], nseen;

static u64 rdtsc(void)
{
	u32 lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (u64)hi << 32 | lo;
}

/* fd 1 and 2 are the domain's console; at most one console line's worth per call. */
static s64 sys_write(u64 fd, u64 buf, u64 len)
{
	if (fd != 1 && fd != 2)
		return -EBADF;
	if (len > CORDON_CONSOLE_MAX)
		len = CORDON_CONSOLE_MAX;
	if (!user_range(buf, len))
		return -EFAULT;
	hc(CORDON_HC_CONSOLE_WRITE, buf, len, 0, NULL);
	return (s64)len;
}

static s64 sys_writev(u64 fd, u64 iov, u64 cnt)
{
	const u64 *v = (const u64 *)iov; /* struct iovec: base, length */
	s64 total = 0;
	if (cnt > 1024 || !user_range(iov, cnt * 16))
		return -EINVAL;
	for (u64 i = 0; i < cnt; i++) {
		s64 n = sys_write(fd, v[2 * i], v[2 * i + 1]);
		if (n < 0)
			return total ? total : n;
		total += n;
	}
	return total;
}

/* FS_BASE holds the engine's thread pointer (MSR 0xc0000100, which cordon lets a guest write). */
static s64 sys_arch_prctl(u64 code, u64 addr)
{
	if (code == 0x1002) { /* ARCH_SET_FS */
		if (addr >> 47)
			return -EINVAL; /* not a user-half canonical address: WRMSR would #GP */
		__asm__ volatile("wrmsr" : : "c"(0xc0000100u), "a"((u32)addr), "d"((u32)(addr >> 32)));
		return 0;
	}
	return -EINVAL;
}

/* One thread: a wake wakes nobody, and a wait on an unchanged word could never end. */
static s64 sys_futex(u64 uaddr, u64 op, u64 val)
{
	u32 cmd = op & 0x7f; /* without FUTEX_PRIVATE_FLAG (128) and FUTEX_CLOCK_REALTIME (256) */
	if (cmd == 1)	     /* FUTEX_WAKE */
		return 0;
	if (cmd != 0 && cmd != 9) /* FUTEX_WAIT, FUTEX_WAIT_BITSET */
		return -ENOSYS;
	if (!user_range(uaddr, 4))
		return -EFAULT;
	if (*(volatile u32 *)uaddr != (u32)val)
		return -EAGAIN;
	rt_print("vtpm: the engine waits on a futex, but it has one thread: a deadlock, stopping\n");
	rt_stop(4);
}

/* The RAM's time since the TSC started: the domain has no wall clock, so REALTIME is that too. */
static s64 sys_clock_gettime(u64 clk, u64 ts)
{
	u64 t = rdtsc(), hz = start_info->tsc_khz * 1000;
	u64 *p = (u64 *)ts;
	(void)clk;
	if (!user_range(ts, 16))
		return -EFAULT;
	if (!hz)
		return -EINVAL;
	p[0] = t / hz;
	p[1] = (t % hz) * 1000000 / start_info->tsc_khz; /* < 10^9, no overflow below 18 THz */
	return 0;
}

static s64 sys_time(u64 tloc)
{
	u64 s = start_info->tsc_khz ? rdtsc() / (start_info->tsc_khz * 1000) : 0;
	if (tloc) {
		if (!user_range(tloc, 8))
			return -EFAULT;
		*(u64 *)tloc = s;
	}
	return (s64)s;
}

/* RLIMIT_STACK (3) is the stack the runtime reserved; everything else is unlimited. */
static s64 sys_prlimit64(u64 pid, u64 res, u64 new, u64 old)
{
	u64 *p = (u64 *)old;
	(void)pid, (void)new;
	if (old) {
		if (!user_range(old, 16))
			return -EFAULT;
		p[0] = p[1] = res == 3 ? STACK_SIZE : ~0ULL;
	}
	return 0;
}

static s64 sys_getrandom(u64 buf, u64 len)
{
	if (!user_range(buf, len))
		return -EFAULT;
	rt_entropy((void *)buf, len); /* stops the domain rather than fail */
	return (s64)len;
}

/* VTPM_SYS_RECV: the client's next command, waiting with HLT while there is none. */
static s64 sys_recv(u64 buf, u64 cap)
{
	u64 len;
	s64 st;
	if (!user_range(buf, cap))
		return -EFAULT;
	if (!ncommands && boot_tsc)
		rt_print("vtpm: engine ready %llu ms after the runtime started (%llu ms after the EFI loader)\n",
			 rt_ms(rdtsc() - boot_tsc), rt_ms(rdtsc() - start_info->loader_tsc));
	while ((st = hc(CORDON_HC_VTPM_RECV, buf, cap, 0, &len)) == CORDON_E_AGAIN)
		rt_idle();
	if (st != CORDON_OK) {
		rt_print("vtpm: receiving a command failed (status %lld)\n", st);
		return -EIO;
	}
	return (s64)len;
}

static s64 sys_send(u64 buf, u64 len)
{
	s64 st;
	if (!user_range(buf, len))
		return -EFAULT;
	st = hc(CORDON_HC_VTPM_SEND, buf, len, 0, NULL);
	ncommands++;
	mem_report(); /* after the first command, and when the engine's memory grew */
	if (st != CORDON_OK) {
		rt_print("vtpm: sending a response failed (status %lld)\n", st);
		return -EIO;
	}
	return 0;
}

/*
 * VTPM_SYS_READY: the EK's Name goes to cordon, which logs it before it hands
 * over any command (vtpm/link.c); a refusal means this vTPM must not serve.
 */
static s64 sys_ready(u64 buf, u64 len)
{
	s64 st;
	if (!user_range(buf, len))
		return -EFAULT;
	st = hc(CORDON_HC_VTPM_READY, buf, len, 0, NULL); /* identity-mapped: the address is the gpa */
	if (st != CORDON_OK) {
		rt_print("vtpm: cordon refused the EK's name (status %lld)\n", st);
		return -EIO;
	}
	return 0;
}

/* Counted, and the first few numbers named on the console, so a new need of the engine shows at once. */
static s64 not_implemented(u64 nr)
{
	bool seen = false;
	nenosys++;
	for (u32 i = 0; i < nseen; i++)
		seen = seen || seen_enosys[i] == nr;
	if (!seen && nseen < 16) {
		seen_enosys[nseen++] = (u32)nr;
		rt_print("vtpm: engine system call %llu is not implemented (ENOSYS; %llu so far)\n", nr, nenosys);
	}
	return -ENOSYS;
}

static s64 engine_exit(u64 code)
{
	rt_print("vtpm: the engine exited with code %lld: stopping\n", (s64)code);
	rt_stop((s64)code);
}

static s64 dispatch(u64 nr, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5, u64 a6)
{
	switch (nr) {
	case SYS_write: return sys_write(a1, a2, a3);
	case SYS_writev: return sys_writev(a1, a2, a3);
	case SYS_mmap: return mem_mmap(a1, a2, a3, a4, (s64)a5, a6);
	case SYS_munmap: return mem_munmap(a1, a2);
	case SYS_brk: return (s64)mem_brk(a1);
	case SYS_mprotect:
	case SYS_madvise: return 0; /* every page stays read-write: no protection to change, nothing to drop */
	case SYS_mremap: return -ENOMEM; /* glibc's realloc then copies */
	case SYS_arch_prctl: return sys_arch_prctl(a1, a2);
	case SYS_set_tid_address:
	case SYS_gettid:
	case SYS_getpid: return 1;
	case SYS_getuid: case SYS_getgid: case SYS_geteuid: case SYS_getegid: return 0;
	case SYS_set_robust_list: return 0;
	case SYS_rseq: return -ENOSYS; /* glibc then goes without restartable sequences */
	case SYS_futex: return sys_futex(a1, a2, a3);
	case SYS_clock_gettime: return sys_clock_gettime(a1, a2);
	case SYS_time: return sys_time(a1);
	case SYS_prlimit64: return sys_prlimit64(a1, a2, a3, a4);
	case SYS_getrandom: return sys_getrandom(a1, a2);
	case SYS_readlink: case SYS_openat: case SYS_open: case SYS_newfstatat: case SYS_stat:
	case SYS_access: return -ENOENT; /* no files at all (openssl.cnf, /proc/self/exe) */
	case SYS_ioctl: return -ENOTTY;
	case SYS_exit: case SYS_exit_group: return engine_exit(a1);
	case VTPM_SYS_RECV: return sys_recv(a1, a2);
	case VTPM_SYS_SEND: return sys_send(a1, a2);
	case VTPM_SYS_READY: return sys_ready(a1, a2);
	default: return not_implemented(nr);
	}
}

void sys_start_clock(u64 tsc)
{
	boot_tsc = tsc;
}

/* What SYSCALL and SYSRET would do (SDM vol. 2B): RCX = next RIP, R11 = RFLAGS, result in RAX. */
void sys_dispatch(struct frame *f)
{
	f->rcx = f->rip + 2;
	f->r11 = f->rflags;
	f->rax = (u64)dispatch(f->rax, f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9);
	f->rip += 2;
}
