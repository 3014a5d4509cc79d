/* cordon unit tests: the vTPM runtime's memory (brk, mmap), its ELF loading and first stack, its system calls. */
/* sources: vtpm/rt/rt_mem.c vtpm/rt/rt_load.c vtpm/rt/rt_sys.c lib/fmt.c lib/str.c */
#include <tests/unit/unit.h>
#include <sys/mman.h>
#include <vtpm/rt/rt.h>

/*
 * The runtime works on identity-mapped addresses, so the test maps the
 * engine's half where the domain has it: RAM [USER_BASE, USER_BASE + 24 MiB),
 * i.e. a 32 MiB domain. Addresses are integers, as in the runtime.
 */
#define RAM_END (USER_BASE + (24ULL << 20))
#define TOP (RAM_END - STACK_SIZE)

/* ---------------------------------------------------------------- the runtime's neighbours, recorded */
static struct cordon_start_info si = { .magic = CORDON_START_MAGIC, .tsc_khz = 1000000 };
const struct cordon_start_info *start_info = &si;
static char printed[2048];
static jmp_buf stopped;
static s64 stop_code;
static s64 entropy_status; /* CORDON_OK, or what ENTROPY fails with */
static u32 idles;
/* The hypervisor's answers: RECV says AGAIN recv_agains times, then gives recv_len bytes of 0x42. */
static u32 recv_agains;
static u64 recv_len;
static u64 last_nr, last_a1, last_a2;
static s64 send_status;

void rt_print(const char *fmt, ...)
{
	va_list ap;
	size_t n = strlen(printed);
	va_start(ap, fmt);
	fmt_vsnprintf(printed + n, sizeof(printed) - n, fmt, ap);
	va_end(ap);
}
void rt_stop(s64 code)
{
	stop_code = code;
	longjmp(stopped, 1);
}
void rt_entropy(void *buf, u64 len)
{
	if (entropy_status != CORDON_OK) {
		rt_print("vtpm: no entropy source (status %lld): stopping\n", entropy_status);
		rt_stop(3);
	}
	for (u64 i = 0; i < len; i++)
		((u8 *)buf)[i] = (u8)(0xa0 + i);
}
u64 rt_ms(u64 tsc) { return tsc / si.tsc_khz; }
void rt_idle(void) { idles++; }
s64 hc(u64 nr, u64 a1, u64 a2, u64 a3, u64 *rdx)
{
	(void)a3;
	last_nr = nr, last_a1 = a1, last_a2 = a2;
	if (nr == CORDON_HC_VTPM_RECV) {
		if (recv_agains) {
			recv_agains--;
			return CORDON_E_AGAIN;
		}
		memset((void *)a1, 0x42, recv_len);
		*rdx = recv_len;
		return CORDON_OK;
	}
	return nr == CORDON_HC_VTPM_SEND || nr == CORDON_HC_VTPM_READY ? send_status : CORDON_OK;
}

static int map_ram(void **state)
{
	void *p = mmap((void *)USER_BASE, RAM_END - USER_BASE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	(void)state;
	return p == (void *)USER_BASE ? 0 : -1;
}

static int fresh(void **state)
{
	(void)state;
	memset((void *)USER_BASE, 0, RAM_END - USER_BASE);
	printed[0] = 0;
	stop_code = 0;
	entropy_status = CORDON_OK;
	idles = recv_agains = 0;
	recv_len = 0;
	send_status = CORDON_OK;
	mem_init(USER_BASE + 0x5010, TOP); /* an image ending mid-page */
	return 0;
}

/* ---------------------------------------------------------------- brk and mmap (rt_mem.c) */

static void test_brk(void **state)
{
	u64 lo = USER_BASE + 0x6000;
	(void)state;
	assert_int_equal(mem_brk(0), lo); /* glibc asks with 0 first: the page after the image */
	assert_int_equal(mem_brk(lo + 100), lo + 100);
	memset((void *)lo, 0x77, 100);
	assert_int_equal(mem_brk(lo), lo); /* shrinks */
	assert_int_equal(mem_brk(lo + 200), lo + 200);
	assert_int_equal(*(u8 *)lo, 0); /* grown again: zero, as Linux gives it */
	assert_int_equal(mem_brk(lo - 1), lo + 200); /* below the start: unchanged */
	assert_int_equal(mem_brk(TOP + 1), lo + 200); /* into the stack: unchanged */
	assert_int_equal(mem_brk(TOP), TOP);	    /* all of it, while nothing is mapped */
}

static void test_mmap(void **state)
{
	s64 a, b;
	(void)state;
	a = mem_mmap(0, 10000, 3, 0x22, -1, 0); /* PROT_READ|WRITE, MAP_PRIVATE|ANONYMOUS */
	assert_int_equal(a, TOP - 3 * PAGE);
	memset((void *)a, 0x55, 10000);
	b = mem_mmap(0, PAGE, 3, 0x22, -1, 0);
	assert_int_equal(b, a - PAGE);
	assert_int_equal(mem_munmap((u64)a, 10000), 0); /* not the bottom one: kept until b goes */
	assert_int_equal(mem_mmap(0, PAGE, 3, 0x22, -1, 0), b - PAGE);
	assert_int_equal(mem_munmap((u64)b - PAGE, PAGE), 0);
	assert_int_equal(mem_munmap((u64)b, PAGE), 0); /* now all three join the free region */
	a = mem_mmap(0, 3 * PAGE, 3, 0x22, -1, 0);
	assert_int_equal(a, TOP - 3 * PAGE);
	assert_int_equal(*(u8 *)a, 0); /* reused memory is zeroed */
	assert_int_equal(mem_mmap(0, PAGE, 3, 0x02, -1, 0), -19);	 /* not anonymous: ENODEV */
	assert_int_equal(mem_mmap(0, PAGE, 3, 0x22, 3, 0), -19);	 /* a file */
	assert_int_equal(mem_mmap(USER_BASE, PAGE, 3, 0x32, -1, 0), -22); /* MAP_FIXED */
	assert_int_equal(mem_mmap(0, 0, 3, 0x22, -1, 0), -22);
	assert_int_equal(mem_mmap(0, ~0ULL, 3, 0x22, -1, 0), -22);	 /* wraps when rounded */
	assert_int_equal(mem_mmap(0, TOP, 3, 0x22, -1, 0), -12);	 /* ENOMEM */
	assert_int_equal(mem_munmap(0x1000, PAGE), 0);			 /* not ours: ignored, succeeds */
}

/* brk and mmap never overlap: each stops at the other. */
static void test_brk_meets_mmap(void **state)
{
	s64 a;
	(void)state;
	a = mem_mmap(0, 1 << 20, 3, 0x22, -1, 0);
	assert_int_equal(mem_brk((u64)a + 1), mem_brk(0));
	assert_int_equal(mem_brk((u64)a), (u64)a);
	assert_int_equal(mem_mmap(0, PAGE, 3, 0x22, -1, 0), -12);
}

static void test_user_range(void **state)
{
	(void)state;
	assert_true(user_range(USER_BASE, 16));
	assert_true(user_range(RAM_END - 16, 16));
	assert_false(user_range(RAM_END - 15, 16));
	assert_false(user_range(USER_BASE - 1, 2)); /* the runtime's half */
	assert_false(user_range(0x100000, 1));
	assert_false(user_range(~0ULL - 4, 16)); /* wraps */
}

/* The report: after the first command, then only when the high-water mark rose. */
static void test_report(void **state)
{
	(void)state;
	mem_brk(USER_BASE + 0x6000 + 0x20000);
	mem_report();
	assert_non_null(strstr(printed, "vtpm: engine memory: image 24 KiB, brk 128 KiB, mmap 0 KiB"));
	printed[0] = 0;
	mem_report();
	assert_string_equal(printed, "");
	mem_mmap(0, PAGE, 3, 0x22, -1, 0);
	mem_report();
	assert_non_null(strstr(printed, "mmap 4 KiB"));
}

/* ---------------------------------------------------------------- the engine ELF and its first stack (rt_load.c) */

/* A static ET_EXEC with one PT_LOAD holding the headers, 0x40 bytes of code and a zero tail (ELF gABI). */
struct tiny_elf {
	u8 ident[16];
	u16 type, machine;
	u32 version;
	u64 entry, phoff, shoff;
	u32 flags;
	u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
	struct {
		u32 type, flags;
		u64 offset, vaddr, paddr, filesz, memsz, align;
	} ph[2];
	u8 code[0x40];
};

static struct tiny_elf make_elf(void)
{
	struct tiny_elf e = { .ident = "\177ELF\2\1\1", .type = 2, .machine = 62, .version = 1,
			      .entry = USER_BASE + offsetof(struct tiny_elf, code), .phoff = 64, .ehsize = 64,
			      .phentsize = 56, .phnum = 2 };
	e.ph[0] = (typeof(e.ph[0])){ .type = 1, .flags = 5, .offset = 0, .vaddr = USER_BASE, .filesz = sizeof(e),
				     .memsz = 0x3000, .align = 0x1000 };
	e.ph[1] = (typeof(e.ph[1])){ .type = 0x6474e551 }; /* GNU_STACK: not loaded */
	memset(e.code, 0xc3, sizeof(e.code));
	return e;
}

static u64 aux(const u64 *v, u64 type)
{
	for (; v[0]; v += 2)
		if (v[0] == type)
			return v[1];
	return ~0ULL;
}

static void test_load(void **state)
{
	struct tiny_elf e = make_elf();
	u64 entry, rsp, end;
	const u64 *sp, *auxv;
	(void)state;
	memset((void *)(USER_BASE + 0x2000), 0x99, 16); /* bss must be cleared */
	engine_load((const u8 *)&e, sizeof(e), RAM_END, &entry, &rsp, &end);
	assert_int_equal(entry, e.entry);
	assert_int_equal(end, USER_BASE + 0x3000);
	assert_memory_equal((void *)USER_BASE, &e, sizeof(e));
	assert_int_equal(*(u8 *)(USER_BASE + 0x2000), 0);
	/* System V ABI AMD64, 3.4.1: argc, argv, NULL, envp NULL, auxv; RSP 16-byte aligned */
	assert_int_equal(rsp % 16, 0);
	assert_true(rsp < RAM_END && rsp > RAM_END - PAGE);
	sp = (const u64 *)rsp;
	assert_int_equal(sp[0], 1);
	assert_string_equal((const char *)sp[1], "vtpm-engine");
	assert_int_equal(sp[2], 0);
	assert_int_equal(sp[3], 0);
	auxv = sp + 4;
	assert_int_equal(aux(auxv, 3), USER_BASE + 64); /* AT_PHDR: where the headers are in memory */
	assert_int_equal(aux(auxv, 4), 56);		/* AT_PHENT */
	assert_int_equal(aux(auxv, 5), 2);		/* AT_PHNUM */
	assert_int_equal(aux(auxv, 6), 4096);		/* AT_PAGESZ */
	assert_int_equal(aux(auxv, 9), e.entry);	/* AT_ENTRY */
	assert_int_equal(aux(auxv, 11), 0);		/* AT_UID */
	assert_int_equal(aux(auxv, 23), 0);		/* AT_SECURE */
	for (int i = 0; i < 16; i++)			/* AT_RANDOM: 16 bytes from ENTROPY */
		assert_int_equal(((const u8 *)aux(auxv, 25))[i], 0xa0 + i);
	assert_true(aux(auxv, 25) >= rsp && aux(auxv, 25) + 16 <= RAM_END);
}

static void load_stops(struct tiny_elf *e, u64 size, const char *why, s64 code)
{
	u64 entry, rsp, end;
	printed[0] = 0;
	if (!setjmp(stopped)) {
		engine_load((const u8 *)e, size, RAM_END, &entry, &rsp, &end);
		fail_msg("loaded: %s", why);
	}
	assert_int_equal(stop_code, code);
	if (!strstr(printed, why))
		fail_msg("wanted \"%s\" in: %s", why, printed);
}

static void load_fails(struct tiny_elf *e, u64 size, const char *why)
{
	load_stops(e, size, why, 2);
}

static void test_load_refuses(void **state)
{
	struct tiny_elf e;
	(void)state;
	e = make_elf(), e.ident[4] = 1;
	load_fails(&e, sizeof(e), "not a static x86_64 ELF executable");
	e = make_elf(), e.type = 3; /* ET_DYN */
	load_fails(&e, sizeof(e), "not a static x86_64 ELF executable");
	e = make_elf();
	load_fails(&e, 40, "not a static x86_64 ELF executable");
	e = make_elf(), e.phnum = 200;
	load_fails(&e, sizeof(e), "program headers past the end");
	e = make_elf(), e.ph[0].vaddr = USER_BASE - PAGE; /* into the runtime */
	load_fails(&e, sizeof(e), "outside the engine's memory");
	e = make_elf(), e.ph[0].memsz = TOP - USER_BASE + 1; /* into the stack */
	load_fails(&e, sizeof(e), "outside the engine's memory");
	e = make_elf(), e.ph[0].filesz = sizeof(e) + 1;
	load_fails(&e, sizeof(e), "outside the engine's memory");
	e = make_elf(), e.ph[0].vaddr = ~0ULL - 0x1000;
	load_fails(&e, sizeof(e), "outside the engine's memory");
	e = make_elf(), e.ph[0].offset = 0xc0, e.ph[0].filesz = 0x10; /* the headers are not loaded */
	load_fails(&e, sizeof(e), "no loadable segment holding the program headers");
	e = make_elf(), entropy_status = CORDON_E_NODEV;
	load_stops(&e, sizeof(e), "vtpm: no entropy source", 3); /* AT_RANDOM */
}

/* ---------------------------------------------------------------- system calls (rt_sys.c), through the #UD frame */

static s64 call(u64 nr, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct frame f = { .rax = nr, .rdi = a1, .rsi = a2, .rdx = a3, .r10 = a4, .r8 = a5, .rip = USER_BASE + 0x100,
			   .rflags = 0x246, .cs = SEL_UCODE };
	sys_dispatch(&f);
	assert_int_equal(f.rip, USER_BASE + 0x102); /* past the two bytes of SYSCALL */
	assert_int_equal(f.rcx, USER_BASE + 0x102); /* as SYSCALL leaves RCX and R11 */
	assert_int_equal(f.r11, 0x246);
	return (s64)f.rax;
}

#define BUFA (USER_BASE + 0x10000)

static void test_sys_write(void **state)
{
	u64 iov[4] = { BUFA, 5, BUFA + 5, 3 };
	(void)state;
	assert_int_equal(call(1, 1, BUFA, 12, 0, 0), 12);
	assert_int_equal(last_nr, CORDON_HC_CONSOLE_WRITE);
	assert_int_equal(last_a1, BUFA);
	assert_int_equal(call(1, 2, BUFA, 99999, 0, 0), CORDON_CONSOLE_MAX); /* one console write's worth */
	assert_int_equal(call(1, 3, BUFA, 12, 0, 0), -9);		  /* EBADF */
	assert_int_equal(call(1, 1, 0x100000, 12, 0, 0), -14);		  /* EFAULT: the runtime's memory */
	memcpy((void *)(BUFA + 0x100), iov, sizeof(iov));
	assert_int_equal(call(20, 2, BUFA + 0x100, 2, 0, 0), 8); /* writev */
	assert_int_equal(call(20, 2, 0x1000, 2, 0, 0), -22);
}

static void test_sys_misc(void **state)
{
	u64 *p = (u64 *)BUFA;
	(void)state;
	assert_int_equal(call(39, 0, 0, 0, 0, 0), 1);		    /* getpid */
	assert_int_equal(call(218, BUFA, 0, 0, 0, 0), 1);	    /* set_tid_address */
	assert_int_equal(call(273, BUFA, 24, 0, 0, 0), 0);	    /* set_robust_list */
	assert_int_equal(call(334, BUFA, 32, 0, 0, 0), -38);	    /* rseq: ENOSYS */
	assert_int_equal(call(89, BUFA, BUFA, 64, 0, 0), -2);	    /* readlink: ENOENT */
	assert_int_equal(call(257, -100, BUFA, 0, 0, 0), -2);	    /* openat */
	assert_int_equal(call(262, -100, BUFA, BUFA, 0, 0), -2);    /* newfstatat */
	assert_int_equal(call(10, BUFA, PAGE, 1, 0, 0), 0);	    /* mprotect */
	assert_int_equal(call(28, BUFA, PAGE, 4, 0, 0), 0);	    /* madvise */
	assert_int_equal(call(302, 0, 3, 0, BUFA, 0), 0);	    /* prlimit64(RLIMIT_STACK) */
	assert_int_equal(p[0], STACK_SIZE);
	assert_int_equal(p[1], STACK_SIZE);
	assert_int_equal(call(302, 0, 7, 0, BUFA, 0), 0);	    /* RLIMIT_NOFILE: unlimited */
	assert_int_equal(p[0], ~0ULL);
	assert_int_equal(call(302, 0, 3, 0, 0x1000, 0), -14);
	assert_int_equal(call(228, 1, BUFA, 0, 0, 0), 0);	    /* clock_gettime */
	assert_true(p[1] < 1000000000ULL);
	assert_true(call(201, BUFA + 8, 0, 0, 0, 0) >= 0);	    /* time */
	assert_int_equal(call(202, BUFA, 0x81, 1, 0, 0), 0);	    /* futex WAKE (private) */
	*(u32 *)BUFA = 5;
	assert_int_equal(call(202, BUFA, 0x80, 4, 0, 0), -11);	    /* WAIT on a changed word: EAGAIN */
	assert_int_equal(call(12, 0, 0, 0, 0, 0), USER_BASE + 0x6000); /* brk */
	assert_int_equal(call(9, 0, PAGE, 3, 0x22, -1), TOP - PAGE);	/* mmap */
	assert_int_equal(call(11, TOP - PAGE, PAGE, 0, 0, 0), 0);	/* munmap */
}

/* A wait no other thread can end is a deadlock: the domain stops with a line. */
static void test_sys_futex_deadlock(void **state)
{
	(void)state;
	*(u32 *)BUFA = 4;
	if (!setjmp(stopped))
		call(202, BUFA, 0x80, 4, 0, 0);
	assert_int_equal(stop_code, 4);
	assert_non_null(strstr(printed, "deadlock"));
}

/* Unknown calls: ENOSYS, each number named once. */
static void test_sys_unknown(void **state)
{
	(void)state;
	assert_int_equal(call(999, 0, 0, 0, 0, 0), -38);
	assert_int_equal(call(999, 0, 0, 0, 0, 0), -38);
	assert_non_null(strstr(printed, "engine system call 999 is not implemented"));
	assert_null(strstr(strstr(printed, "999") + 3, "999"));
}

/* getrandom: ENTROPY's bytes; without a source the domain stops rather than fail the call. */
static void test_sys_getrandom(void **state)
{
	(void)state;
	assert_int_equal(call(318, BUFA, 600, 0, 0, 0), 600);
	assert_int_equal(*(u8 *)(BUFA + 3), 0xa3);
	assert_int_equal(call(318, 0x100000, 16, 0, 0, 0), -14);
	entropy_status = CORDON_E_NODEV;
	if (!setjmp(stopped))
		call(318, BUFA, 16, 0, 0, 0);
	assert_int_equal(stop_code, 3);
	assert_non_null(strstr(printed, "vtpm: no entropy source"));
}

/* RECV halts while the hypervisor says AGAIN, then gives the length; SEND hands the bytes on. */
static void test_sys_recv_send(void **state)
{
	(void)state;
	recv_agains = 2;
	recv_len = 12;
	assert_int_equal(call(VTPM_SYS_RECV, BUFA, 4096, 0, 0, 0), 12);
	assert_int_equal(idles, 2);
	assert_int_equal(*(u8 *)(BUFA + 11), 0x42);
	assert_int_equal(call(VTPM_SYS_RECV, 0x100000, 4096, 0, 0, 0), -14);
	assert_int_equal(call(VTPM_SYS_SEND, BUFA, 10, 0, 0, 0), 0);
	assert_int_equal(last_nr, CORDON_HC_VTPM_SEND);
	assert_int_equal(last_a1, BUFA);
	assert_int_equal(last_a2, 10);
	send_status = CORDON_E_INVAL;
	assert_int_equal(call(VTPM_SYS_SEND, BUFA, 10, 0, 0, 0), -5); /* EIO */
	assert_int_equal(call(VTPM_SYS_SEND, RAM_END - 4, 10, 0, 0, 0), -14);
}

/* READY passes the EK's name up as it is; cordon's refusal is EIO and named on the console. */
static void test_sys_ready(void **state)
{
	(void)state;
	assert_int_equal(call(VTPM_SYS_READY, BUFA, 34, 0, 0, 0), 0);
	assert_int_equal(last_nr, CORDON_HC_VTPM_READY);
	assert_int_equal(last_a1, BUFA);
	assert_int_equal(last_a2, 34);
	last_nr = 0;
	assert_int_equal(call(VTPM_SYS_READY, RAM_END - 4, 34, 0, 0, 0), -14); /* EFAULT: never reaches cordon */
	assert_int_equal(last_nr, 0);
	send_status = CORDON_E_PERM;
	assert_int_equal(call(VTPM_SYS_READY, BUFA, 34, 0, 0, 0), -5);
	assert_non_null(strstr(printed, "vtpm: cordon refused the EK's name (status -4)"));
}

static void test_sys_exit(void **state)
{
	(void)state;
	if (!setjmp(stopped))
		call(231, 7, 0, 0, 0, 0);
	assert_int_equal(stop_code, 7);
	assert_non_null(strstr(printed, "the engine exited with code 7"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_brk, fresh),
		cmocka_unit_test_setup(test_mmap, fresh),
		cmocka_unit_test_setup(test_brk_meets_mmap, fresh),
		cmocka_unit_test_setup(test_user_range, fresh),
		cmocka_unit_test_setup(test_report, fresh),
		cmocka_unit_test_setup(test_load, fresh),
		cmocka_unit_test_setup(test_load_refuses, fresh),
		cmocka_unit_test_setup(test_sys_write, fresh),
		cmocka_unit_test_setup(test_sys_misc, fresh),
		cmocka_unit_test_setup(test_sys_futex_deadlock, fresh),
		cmocka_unit_test_setup(test_sys_unknown, fresh),
		cmocka_unit_test_setup(test_sys_getrandom, fresh),
		cmocka_unit_test_setup(test_sys_recv_send, fresh),
		cmocka_unit_test_setup(test_sys_ready, fresh),
		cmocka_unit_test_setup(test_sys_exit, fresh),
	};
	return cmocka_run_group_tests(tests, map_ram, NULL);
}
