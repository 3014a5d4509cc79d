/* cordon unit tests: SVM exit decoding (svm/svm_exit.c), virtual UART (kernel/dev/vuart.c), guest memory map (kernel/mem/gpmap.c). */
/* sources: svm/svm_exit.c kernel/dev/vuart.c kernel/mem/gpmap.c lib/str.c lib/fmt.c */
#include <tests/unit/unit.h>
#include <svm/svm.h>
#include <kernel/dev/vuart.h>
#include <kernel/mem/gpmap.h>

/* svm_run (never called here) references these. */
struct svm_cpu svm_cpu;
void svm_expire_shadow(struct vcpu *v) { (void)v; fail_msg("svm_run called"); }
void svm_enter(u64 vmcb_pa, struct gpregs *regs, u64 host_pa)
{
	(void)vmcb_pa, (void)regs, (void)host_pa;
	fail_msg("svm_enter called");
}

/* ---------------------------------------------------------------- svm_decode_exit */

struct dec {
	const char *name;
	u64 code, info1, info2, rip, nrip;
	bool has_nrip;
	enum exit_kind kind;
	u32 inst_len;
};

#define RIP 0x100000ULL
static const struct dec decs[] = {
	/* without next-RIP save the backend gives no length: kernel/exit.c decodes it at RIP */
	{ "cpuid without nrip: length left to the core", SVM_EXIT_CPUID, 0, 0, RIP, 0, false, EXIT_CPUID, 0 },
	{ "hlt without nrip: length left to the core", SVM_EXIT_HLT, 0, 0, RIP, 0, false, EXIT_HLT, 0 },
	{ "vmmcall without nrip: length left to the core", SVM_EXIT_VMMCALL, 0, 0, RIP, 0, false, EXIT_HYPERCALL, 0 },
	{ "rdmsr without nrip: length left to the core", SVM_EXIT_MSR, 0, 0, RIP, 0, false, EXIT_MSR_READ, 0 },
	{ "wrmsr without nrip: length left to the core", SVM_EXIT_MSR, 1, 0, RIP, 0, false, EXIT_MSR_WRITE, 0 },
	{ "wbinvd without nrip: length left to the core", SVM_EXIT_WBINVD, 0, 0, RIP, 0, false, EXIT_WBINVD, 0 },
	{ "wbinvd nrip", SVM_EXIT_WBINVD, 0, 0, RIP, RIP + 3, true, EXIT_WBINVD, 3 },
	{ "cpuid nrip", SVM_EXIT_CPUID, 0, 0, RIP, RIP + 5, true, EXIT_CPUID, 5 },
	{ "hlt nrip", SVM_EXIT_HLT, 0, 0, RIP, RIP + 2, true, EXIT_HLT, 2 },
	{ "vmmcall nrip", SVM_EXIT_VMMCALL, 0, 0, RIP, RIP + 4, true, EXIT_HYPERCALL, 4 },
	{ "rdmsr nrip", SVM_EXIT_MSR, 0, 0, RIP, RIP + 3, true, EXIT_MSR_READ, 3 },
	{ "wrmsr nrip", SVM_EXIT_MSR, 1, 0, RIP, RIP + 3, true, EXIT_MSR_WRITE, 3 },
	{ "nrip ignored when not saved", SVM_EXIT_CPUID, 0, 0, RIP, RIP + 9, false, EXIT_CPUID, 0 },
	{ "nrip zero falls back to the core", SVM_EXIT_HLT, 0, 0, RIP, 0, true, EXIT_HLT, 0 },
	{ "shutdown", SVM_EXIT_SHUTDOWN, 0, 0, RIP, 0, false, EXIT_TRIPLE_FAULT, 0 },
	{ "invalid state", SVM_EXIT_INVALID, 0, 0, RIP, 0, false, EXIT_INVALID_STATE, 0 },
	/* QEMU TCG's VMRUN stores a 32-bit -1 in the 64-bit EXITCODE (a reserved CR4 bit, for one) */
	{ "invalid state as a 32-bit -1", 0xffffffffULL, 0, 0, RIP, 0, false, EXIT_INVALID_STATE, 0 },
	{ "0xfffffffe is not invalid state", 0xfffffffeULL, 0, 0, RIP, 0, false, EXIT_UNKNOWN, 0 },
	{ "intr", SVM_EXIT_INTR, 0, 0, RIP, 0, false, EXIT_EXTINT, 0 },
	{ "nmi", SVM_EXIT_NMI, 0, 0, RIP, 0, false, EXIT_EXTINT, 0 },
	{ "smi", SVM_EXIT_SMI, 0, 0, RIP, 0, false, EXIT_EXTINT, 0 },
	{ "init", SVM_EXIT_INIT, 0, 0, RIP, 0, false, EXIT_EXTINT, 0 }, /* unlike VT-x's: see docs/VTX.md */
	{ "vmrun is #UD", SVM_EXIT_VMRUN, 0, 0, RIP, RIP + 3, true, EXIT_UD_INSN, 0 },
	{ "vmload is #UD", SVM_EXIT_VMLOAD, 0, 0, RIP, RIP + 3, true, EXIT_UD_INSN, 0 },
	{ "vmsave is #UD", SVM_EXIT_VMSAVE, 0, 0, RIP, 0, false, EXIT_UD_INSN, 0 },
	{ "stgi is #UD", SVM_EXIT_STGI, 0, 0, RIP, RIP + 3, true, EXIT_UD_INSN, 0 },
	{ "clgi is #UD", SVM_EXIT_CLGI, 0, 0, RIP, 0, false, EXIT_UD_INSN, 0 },
	{ "skinit is #UD", SVM_EXIT_SKINIT, 0, 0, RIP, 0, false, EXIT_UD_INSN, 0 },
	{ "invlpga is #UD", SVM_EXIT_INVLPGA, 0, 0, RIP, 0, false, EXIT_UD_INSN, 0 },
	{ "monitor is #UD", SVM_EXIT_MONITOR, 0, 0, RIP, 0, false, EXIT_UD_INSN, 0 },
	{ "mwait is #UD", SVM_EXIT_MWAIT, 0, 0, RIP, RIP + 3, true, EXIT_UD_INSN, 0 },
	{ "xsetbv is emulated", SVM_EXIT_XSETBV, 0, 0, RIP, RIP + 3, true, EXIT_XSETBV, 3 },
	{ "xsetbv without next-RIP", SVM_EXIT_XSETBV, 0, 0, RIP, 0, false, EXIT_XSETBV, 0 },
	{ "invd is #UD", SVM_EXIT_INVD, 0, 0, RIP, RIP + 2, true, EXIT_UD_INSN, 0 },
	{ "unknown 0x65", 0x65, 0, 0, RIP, 0, false, EXIT_UNKNOWN, 0 },
	{ "unknown exception #DE", SVM_EXIT_EXCP_BASE, 0, 0, RIP, 0, false, EXIT_UNKNOWN, 0 },
	{ "unknown huge code", 0x12345678ULL, 0, 0, RIP, 0, false, EXIT_UNKNOWN, 0 },
};

static void run_dec(void **state)
{
	const struct dec *d = *state;
	struct vm_exit e;
	memset(&e, 0x5a, sizeof(e));
	svm_decode_exit(d->code, d->info1, d->info2, d->rip, d->nrip, d->has_nrip, &e);
	assert_int_equal(e.kind, d->kind);
	assert_int_equal(e.inst_len, d->inst_len);
	assert_int_equal(e.raw, d->code);
	assert_int_equal(e.qual, d->info1);
}

struct io_case {
	const char *name;
	u64 info1, info2;
	u16 port;
	u8 size;
	bool in, string, rep;
};

static const struct io_case ios[] = {
	{ "io: outb 0x3f8", 0x3f8ULL << 16 | 1 << 4, RIP + 1, 0x3f8, 1, false, false, false },
	{ "io: inb 0x3fd", 0x3fdULL << 16 | 1 << 4 | 1, RIP + 1, 0x3fd, 1, true, false, false },
	{ "io: inw port 0xffff", 0xffffULL << 16 | 1 << 5 | 1, RIP + 2, 0xffff, 2, true, false, false },
	{ "io: outl 0xcf8", 0xcf8ULL << 16 | 1 << 6, RIP + 1, 0xcf8, 4, false, false, false },
	{ "io: rep outsb", 0x80ULL << 16 | 1 << 4 | 1 << 3 | 1 << 2, RIP + 2, 0x80, 1, false, true, true },
	{ "io: insw", 0x60ULL << 16 | 1 << 5 | 1 << 2 | 1, RIP + 3, 0x60, 2, true, true, false },
	{ "io: rep ind with prefixes", 0x70ULL << 16 | 1 << 6 | 1 << 3 | 1 << 2 | 1, RIP + 4, 0x70, 4, true, true, true },
};

static void run_io(void **state)
{
	const struct io_case *c = *state;
	struct vm_exit e;
	/* EXITINFO2 gives the next RIP for IOIO, even when nRIP says otherwise. */
	svm_decode_exit(SVM_EXIT_IOIO, c->info1, c->info2, RIP, RIP + 15, true, &e);
	assert_int_equal(e.kind, EXIT_IO);
	assert_int_equal(e.inst_len, c->info2 - RIP);
	assert_int_equal(e.io.port, c->port);
	assert_int_equal(e.io.size, c->size);
	assert_int_equal(e.io.in, c->in);
	assert_int_equal(e.io.string, c->string);
	assert_int_equal(e.io.rep, c->rep);
	assert_int_equal(e.qual, c->info1);
}

static void test_npf_decode(void **state)
{
	static const struct { u64 info1; bool present, write, fetch; } t[] = {
		{ 0, false, false, false }, { 1, true, false, false }, { 2, false, true, false },
		{ 3, true, true, false }, { 0x10, false, false, true }, { 0x11, true, false, true },
		{ 0x100000004ULL, false, false, false }, /* user bit and "final translation" bit: ignored */
	};
	struct vm_exit e;
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		svm_decode_exit(SVM_EXIT_NPF, t[i].info1, 0xfee00ff8ULL, RIP, 0, false, &e);
		assert_int_equal(e.kind, EXIT_NPF);
		assert_int_equal(e.npf.gpa, 0xfee00ff8ULL);
		assert_int_equal(e.npf.present, t[i].present);
		assert_int_equal(e.npf.write, t[i].write);
		assert_int_equal(e.npf.fetch, t[i].fetch);
	}
}

/* RSV (bit 3, APM vol. 2, 15.25.6): a reserved bit in an NPT entry cordon wrote, never the guest's access. */
static void test_npf_reserved_bit(void **state)
{
	static const u64 info1[] = { 0x8, 0x9, 0xb, 0x19, 0x10000000bULL };
	struct vm_exit e;
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(info1); i++) {
		svm_decode_exit(SVM_EXIT_NPF, info1[i], 0x5000, RIP, RIP + 3, true, &e);
		assert_int_equal(e.kind, EXIT_NESTED_MISCONFIG);
		assert_int_equal(e.npf.gpa, 0x5000);
	}
}

/* ---------------------------------------------------------------- svm_describe_exit */

struct name_case {
	const char *name;
	u64 code;
	const char *text;
};

static const struct name_case names[] = {
	{ "name: VMEXIT_INVALID", SVM_EXIT_INVALID,
	  "invalid guest state (VMRUN exit code 0xffffffffffffffff: VMEXIT_INVALID, the VMCB failed its consistency "
	  "checks)" },
	{ "name: VMEXIT_INVALID as QEMU stores it", 0xffffffffULL,
	  "invalid guest state (VMRUN exit code 0xffffffff: VMEXIT_INVALID, the VMCB failed its consistency checks)" },
	{ "name: CR0 read", 0x00, "read of CR0" },
	{ "name: CR8 write", 0x18, "write of CR8" },
	{ "name: CR15 write", 0x1f, "write of CR15" },
	{ "name: DR7 read", 0x27, "read of DR7" },
	{ "name: DR0 write", 0x30, "write of DR0" },
	{ "name: exception 0", SVM_EXIT_EXCP_BASE, "exception 0" },
	{ "name: exception 31", 0x5f, "exception 31" },
	{ "name: task switch has none", SVM_EXIT_TASKSW, "" },
	{ "name: 0xfffffffe has none", 0xfffffffeULL, "" },
};

static void run_name(void **state)
{
	const struct name_case *k = *state;
	char buf[160];
	memset(buf, 'x', sizeof(buf));
	svm_describe_exit(k->code, 0, buf, sizeof(buf));
	assert_string_equal(buf, k->text);
}

/* ---------------------------------------------------------------- vuart */

static char lines[8][VUART_LINE + 1];
static int nlines;
static struct vuart uart;

static void on_line(void *ctx, const char *line)
{
	assert_ptr_equal(ctx, &uart);
	assert_in_range(nlines, 0, 7);
	assert_in_range(strlen(line), 0, VUART_LINE);
	strcpy(lines[nlines++], line);
}

static int uart_setup(void **state)
{
	(void)state;
	nlines = 0;
	vuart_init(&uart, on_line, &uart);
	return 0;
}

static void out(u32 off, u32 v)
{
	vuart_access(&uart, off, false, &v);
}

static u32 in(u32 off)
{
	u32 v = 0xffffffffu;
	vuart_access(&uart, off, true, &v);
	return v;
}

static void outs(const char *s)
{
	while (*s)
		out(0, (u8)*s++);
}

static void test_uart_line_assembly(void **state)
{
	(void)state;
	outs("hel");
	assert_int_equal(nlines, 0);
	outs("lo\r\nworld\n");
	assert_int_equal(nlines, 2);
	assert_string_equal(lines[0], "hello");
	assert_string_equal(lines[1], "world");
}

static void test_uart_control_chars(void **state)
{
	(void)state;
	outs("a\x01\x1b[31m\x7f\xff\tb\n");
	assert_int_equal(nlines, 1);
	assert_string_equal(lines[0], "a??[31m??\tb");
}

static void test_uart_full_line(void **state)
{
	char want[VUART_LINE + 1];
	(void)state;
	memset(want, 'x', VUART_LINE), want[VUART_LINE] = 0;
	for (int i = 0; i < VUART_LINE - 1; i++)
		out(0, 'x');
	assert_int_equal(nlines, 0);
	out(0, 'x');
	assert_int_equal(nlines, 1);
	assert_string_equal(lines[0], want);
	outs("yz");
	vuart_flush(&uart);
	assert_int_equal(nlines, 2);
	assert_string_equal(lines[1], "yz");
}

static void test_uart_flush(void **state)
{
	(void)state;
	vuart_flush(&uart);
	assert_int_equal(nlines, 0); /* nothing pending: nothing emitted */
	vuart_write(&uart, "part", 4);
	vuart_flush(&uart);
	vuart_flush(&uart);
	assert_int_equal(nlines, 1);
	assert_string_equal(lines[0], "part");
	vuart_write(&uart, "a\nb\r\n\n", 6);
	assert_int_equal(nlines, 4);
	assert_string_equal(lines[1], "a");
	assert_string_equal(lines[2], "b");
	assert_string_equal(lines[3], "");
}

/* A line of exactly VUART_LINE characters and its newline print once, with no empty line after it. */
static void test_uart_exact_line_then_newline(void **state)
{
	(void)state;
	for (int i = 0; i < VUART_LINE; i++)
		out(0, 'x');
	out(0, '\n');
	outs("next\n");
	assert_int_equal(nlines, 2);
	assert_int_equal(strlen(lines[0]), VUART_LINE);
	assert_string_equal(lines[1], "next");
}

static void test_uart_dlab(void **state)
{
	(void)state;
	out(3, 0x83); /* DLAB on, 8N1 */
	out(0, 0x01);  /* divisor latch low: 115200 baud */
	out(1, 0x00);
	assert_int_equal(in(0), 0x01);
	assert_int_equal(in(1), 0x00);
	assert_int_equal(in(3), 0x83);
	out(3, 0x03);
	assert_int_equal(in(0), 0); /* RBR: no input */
	outs("A\n");
	vuart_flush(&uart);
	assert_int_equal(nlines, 1);
	assert_string_equal(lines[0], "A");
}

static void test_uart_registers(void **state)
{
	(void)state;
	assert_int_equal(in(5), 0x60); /* LSR: THRE | TEMT */
	assert_int_equal(in(2), 0x01); /* IIR: none pending */
	assert_int_equal(in(6), 0xb0);
	assert_int_equal(in(3), 0x03);
	out(1, 0xff);
	assert_int_equal(in(1), 0x0f);
	out(4, 0xff);
	assert_int_equal(in(4), 0x1f);
	assert_int_equal(in(6), 0xf0); /* loopback: DTR RTS OUT1 OUT2 drive DSR CTS RI DCD */
	out(4, 0x1a);		       /* loopback with RTS and OUT2 only, as Linux's 8250 probe does */
	assert_int_equal(in(6), 0x90);
	out(0, 'x');		       /* loopback: nothing leaves the UART */
	out(4, 0x03);
	assert_int_equal(in(6), 0xb0);
	out(7, 0xa5);
	assert_int_equal(in(7), 0xa5);
	assert_int_equal(in(8 + 5), 0x60); /* offsets wrap at 8 */
	out(2, 0xc7);		       /* FCR: FIFOs on, so IIR says 16550A */
	out(5, 0x00);
	assert_int_equal(in(2), 0xc2); /* THR empty, interrupt enabled since the IER write above */
	assert_int_equal(in(2), 0xc1); /* reading IIR cleared it */
	out(2, 0x00);
	assert_int_equal(in(2), 0x01);
	assert_int_equal(in(5), 0x60);
	assert_int_equal(nlines, 0);
}

/* The transmitter-empty interrupt as Linux's 8250 driver uses it: one rising edge per batch. */
static void test_uart_thre_interrupt(void **state)
{
	(void)state;
	out(1, 0x00);
	assert_false(vuart_irq_edge(&uart));
	out(1, 0x02); /* enabling ETBEI with THR empty raises the line */
	assert_true(vuart_irq_edge(&uart));
	assert_false(vuart_irq_edge(&uart)); /* still high: no new edge */
	assert_int_equal(in(2) & 0x0f, 0x02);
	assert_false(vuart_irq_edge(&uart)); /* IIR read: low */
	out(0, 'a');			     /* THR written and emptied at once: high again */
	assert_true(vuart_irq_edge(&uart));
	out(1, 0x00); /* the driver stops transmitting */
	assert_false(vuart_irq_edge(&uart));
	assert_int_equal(in(2) & 0x0f, 0x01);
	out(0, '\n');
}

/* ---------------------------------------------------------------- gpmap */

static void test_gpmap_add(void **state)
{
	struct gpmap m = { 0 };
	(void)state;
	assert_int_equal(gpmap_add(&m, MiB(1), MiB(1), 0x40000000, GP_RWX), 0);
	assert_int_equal(gpmap_add(&m, 0, MiB(1), 0x50000000, GP_R), 0);	 /* adjacent below */
	assert_int_equal(gpmap_add(&m, MiB(2), 0x1000, 0x60000000, GP_R), 0); /* adjacent above */
	assert_int_equal(m.n, 3);
	assert_ptr_equal(gpmap_find(&m, MiB(2) - 1), &m.r[0]);
	assert_ptr_equal(gpmap_find(&m, 0), &m.r[1]);
	assert_ptr_equal(gpmap_find(&m, MiB(2)), &m.r[2]);
	assert_null(gpmap_find(&m, MiB(2) + 0x1000));
}

static void test_gpmap_add_rejects(void **state)
{
	static const struct { u64 gpa, size, hpa; } t[] = {
		{ MiB(1), MiB(1), 0x1000 },	     /* same range */
		{ MiB(1) + 0x1000, 0x1000, 0x1000 }, /* inside */
		{ 0, MiB(1) + 0x1000, 0x1000 },	     /* overlaps the start */
		{ MiB(2) - 0x1000, 0x2000, 0x1000 }, /* overlaps the end */
		{ 0, MiB(4), 0x1000 },		     /* contains it */
		{ MiB(8) + 0x800, 0x1000, 0x1000 },  /* gpa misaligned */
		{ MiB(8), 0x1800, 0x1000 },	     /* size misaligned */
		{ MiB(8), 0x1000, 0x1001 },	     /* hpa misaligned */
		{ MiB(8), 0, 0x1000 },		     /* empty */
		{ 0xfffffffffffff000ULL, 0x2000, 0 }, /* wraps */
		{ MiB(8), ~0xfffULL, 0 },	     /* wraps */
	};
	struct gpmap m = { 0 };
	(void)state;
	assert_int_equal(gpmap_add(&m, MiB(1), MiB(1), 0x40000000, GP_RWX), 0);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (gpmap_add(&m, t[i].gpa, t[i].size, t[i].hpa, GP_RWX) == 0)
			fail_msg("row %zu accepted", i);
	assert_int_equal(m.n, 1);
}

static void test_gpmap_full(void **state)
{
	struct gpmap m = { 0 };
	(void)state;
	for (u32 i = 0; i < GPMAP_MAX; i++)
		assert_int_equal(gpmap_add(&m, i * MiB(2), 0x1000, 0, GP_R), 0);
	assert_int_equal(gpmap_add(&m, GiB(1), 0x1000, 0, GP_R), -1);
	assert_int_equal(m.n, GPMAP_MAX);
}

static void test_gpmap_access(void **state)
{
	static const u64 top = 0xffffffffff000000ULL, top_size = 0xfff000; /* ends one page below 2^64 */
	struct gpmap m = { 0 };
	(void)state;
	assert_int_equal(gpmap_add(&m, 0, MiB(2), 0x40000000, GP_RWX), 0);
	assert_int_equal(gpmap_add(&m, MiB(2), MiB(2), 0x80000000, GP_R), 0);
	assert_int_equal(gpmap_add(&m, top, top_size, 0xc0000000, GP_R | GP_W), 0);
	assert_ptr_equal(gpmap_access(&m, 0x1234, 16, GP_W), (void *)0x40001234);
	assert_ptr_equal(gpmap_access(&m, MiB(2) - 8, 8, GP_R | GP_W), (void *)(0x40000000 + MiB(2) - 8));
	assert_ptr_equal(gpmap_access(&m, MiB(2), MiB(2), GP_R), (void *)0x80000000);
	assert_ptr_equal(gpmap_access(&m, top + top_size - 0x2000, 0x2000, GP_W), (void *)(0xc0000000 + top_size - 0x2000));
	assert_null(gpmap_access(&m, 0x1000, 0, GP_R));		  /* len 0 */
	assert_null(gpmap_access(&m, MiB(4), 1, GP_R));		  /* unmapped */
	assert_null(gpmap_access(&m, MiB(2) - 8, 9, GP_R));	  /* straddles into the next range */
	assert_null(gpmap_access(&m, MiB(4) - 1, 2, GP_R));	  /* straddles the end */
	assert_null(gpmap_access(&m, MiB(2), 8, GP_W));		  /* read-only */
	assert_null(gpmap_access(&m, MiB(2), 8, GP_R | GP_X));	  /* no execute */
	assert_null(gpmap_access(&m, top, 8, GP_X));
	assert_null(gpmap_access(&m, 0xfffffffffffff000ULL, 0x2000, GP_R)); /* wraps */
	assert_null(gpmap_access(&m, top + top_size - 0x1000, 0x2000, GP_R));
	assert_null(gpmap_access(&m, top, ~0ULL, GP_R));
	assert_null(gpmap_access(&m, 0x1000, ~0ULL - 0xfff, GP_R)); /* gpa + len wraps to 0 */
	assert_null(gpmap_access(&m, 0x1000, ~0ULL, GP_R));
}

#define U(f) cmocka_unit_test_setup(f, uart_setup)

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_npf_decode), cmocka_unit_test(test_npf_reserved_bit),
		U(test_uart_line_assembly), U(test_uart_control_chars), U(test_uart_full_line),
		U(test_uart_flush), U(test_uart_dlab), U(test_uart_registers), U(test_uart_thre_interrupt),
		U(test_uart_exact_line_then_newline),
		cmocka_unit_test(test_gpmap_add), cmocka_unit_test(test_gpmap_add_rejects),
		cmocka_unit_test(test_gpmap_full), cmocka_unit_test(test_gpmap_access),
	};
	static struct unit_group g;
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		g.t[g.n++] = fixed[i];
	for (size_t i = 0; i < ARRAY_SIZE(decs); i++)
		unit_add(&g, decs[i].name, run_dec, (void *)&decs[i]);
	for (size_t i = 0; i < ARRAY_SIZE(ios); i++)
		unit_add(&g, ios[i].name, run_io, (void *)&ios[i]);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		unit_add(&g, names[i].name, run_name, (void *)&names[i]);
	return unit_run("exit", &g);
}
