/* cordon unit tests: MMIO load results into registers and store values from registers (lib/x86/insn.c). */
/* sources: lib/x86/insn.c lib/str.c */
#include <tests/unit/unit.h>
#include <lib/x86/insn.h>

/* Encodings from GNU as + objdump -d (see tests/unit/test_insn.c). */
#define X(s) s, sizeof(s) - 1
#define OLD 0x1111111111111111ULL /* what every register holds before the load */

struct load {
	const char *name;
	const char *b;
	u32 n;
	u64 value;  /* what the device returned (bits above the access size are junk on purpose) */
	u8 reg;     /* the register that must change */
	u64 expect; /* its new value; every other register keeps OLD */
};

static const struct load loads[] = {
	{ "mov (%rdi),%eax zero-extends to 64", X("\x8b\x07"), 0x12345678, INSN_RAX, 0x12345678 },
	{ "mov (%rdi),%eax drops junk above 32", X("\x8b\x07"), 0xdeadbeef87654321ULL, INSN_RAX, 0x87654321 },
	{ "mov (%rdi),%rax all 64", X("\x48\x8b\x07"), 0x8877665544332211ULL, INSN_RAX, 0x8877665544332211ULL },
	{ "mov (%rdi),%ax merges 16", X("\x66\x8b\x07"), 0xffffabcd, INSN_RAX, 0x111111111111abcdULL },
	{ "mov (%rdi),%al merges 8", X("\x8a\x07"), 0xfffffffe, INSN_RAX, 0x11111111111111feULL },
	{ "mov (%rbx),%bh high byte", X("\x8a\x3b"), 0xab, INSN_RBX, 0x111111111111ab11ULL },
	{ "mov (%rdi),%ah high byte drops junk", X("\x8a\x27"), 0x12cd, INSN_RAX, 0x111111111111cd11ULL },
	{ "mov (%rdi),%spl with REX is low byte", X("\x40\x8a\x27"), 0xab, INSN_RSP, 0x11111111111111abULL },
	{ "mov 0x0(%r13),%r14b", X("\x45\x8a\x75\x00"), 0x7f, INSN_R14, 0x111111111111117fULL },
	{ "mov (%r10),%r11", X("\x4d\x8b\x1a"), 0x0102030405060708ULL, INSN_R11, 0x0102030405060708ULL },
	{ "mov 0x10(%r13,%r14,8),%r12d", X("\x47\x8b\x64\xf5\x10"), 0xffffffff, INSN_R12, 0xffffffff },
	{ "movzbl (%rdi),%eax", X("\x0f\xb6\x07"), 0xff80, INSN_RAX, 0x80 },
	{ "movzwl (%rdi),%eax", X("\x0f\xb7\x07"), 0x12348765, INSN_RAX, 0x8765 },
	{ "movzbw (%rdi),%ax merges 16", X("\x66\x0f\xb6\x07"), 0x80, INSN_RAX, 0x1111111111110080ULL },
	{ "movzwq 0x10(%rsi),%r9", X("\x4c\x0f\xb7\x4e\x10"), 0xffff, INSN_R9, 0xffff },
	{ "movsbl (%rdi),%eax negative", X("\x0f\xbe\x07"), 0x80, INSN_RAX, 0xffffff80 },
	{ "movsbl (%rdi),%eax positive", X("\x0f\xbe\x07"), 0x17f, INSN_RAX, 0x7f },
	{ "movswl (%rdi),%eax", X("\x0f\xbf\x07"), 0x8000, INSN_RAX, 0xffff8000 },
	{ "movsbq (%rdi),%rax", X("\x48\x0f\xbe\x07"), 0x80, INSN_RAX, 0xffffffffffffff80ULL },
	{ "movswq (%rdi),%r15", X("\x4c\x0f\xbf\x3f"), 0xfffe, INSN_R15, 0xfffffffffffffffeULL },
	{ "movsbw (%rdi),%cx merges 16", X("\x66\x0f\xbe\x0f"), 0x80, INSN_RCX, 0x111111111111ff80ULL },
	{ "movabs moffs,%al", X("\xa0\x88\x77\x66\x55\x44\x33\x22\x11"), 0x42, INSN_RAX, 0x1111111111111142ULL },
	{ "movabs moffs,%eax", X("\xa1\x88\x77\x66\x55\x44\x33\x22\x11"), 0x42, INSN_RAX, 0x42 },
	{ "32: mov (%ebx),%ah", X("\x8a\x23"), 0x99, INSN_RAX, 0x1111111111119911ULL },
};

static void run_load(void **state)
{
	const struct load *l = *state;
	struct insn in;
	u64 regs[16];
	bool lm = strncmp(l->name, "32:", 3) != 0; /* rows named "32: ..." are 32-bit code */
	assert_null(insn_decode((const u8 *)l->b, l->n, lm, true, &in));
	for (int i = 0; i < 16; i++)
		regs[i] = OLD;
	insn_apply_read(&in, regs, l->value);
	for (int i = 0; i < 16; i++)
		assert_int_equal(regs[i], i == l->reg ? l->expect : OLD);
}

struct store {
	const char *name;
	const char *b;
	u32 n;
	u64 expect; /* with regs[i] = REG(i) */
};

/* Every byte of a register names it, so a wrong register or shift shows in the value. */
#define REG(i) (0x0101010101010101ULL * (0x10 + (i)) + 0x0706050403020100ULL)

static const struct store stores[] = {
	{ "mov %eax,(%rdi)", X("\x89\x07"), 0x13121110 },
	{ "mov %esi,(%rdi)", X("\x89\x37"), 0x19181716 },
	{ "mov %rsi,(%rdi)", X("\x48\x89\x37"), 0x1d1c1b1a19181716ULL },
	{ "mov %si,(%rdi)", X("\x66\x89\x37"), 0x1716 },
	{ "mov %sil,(%rdi)", X("\x40\x88\x37"), 0x16 },
	{ "mov %ah,(%rbx)", X("\x88\x23"), 0x11 },
	{ "mov %ch,0x10(%rsi)", X("\x88\x6e\x10"), 0x12 },
	{ "mov %spl,(%rax)", X("\x40\x88\x20"), 0x14 },
	{ "mov %r8d,(%r9)", X("\x45\x89\x01"), 0x1b1a1918 },
	{ "mov %r15,(%r12)", X("\x4d\x89\x3c\x24"), 0x262524232221201fULL },
	{ "movb $0x80,(%rax,%rbx,1)", X("\xc6\x04\x18\x80"), 0x80 },
	{ "movw $0x1234,(%rdi)", X("\x66\xc7\x07\x34\x12"), 0x1234 },
	{ "movl $0xdeadbeef,0x300(%rip)", X("\xc7\x05\x00\x03\x00\x00\xef\xbe\xad\xde"), 0xdeadbeef },
	{ "movq $-1,(%rdi)", X("\x48\xc7\x07\xff\xff\xff\xff"), ~0ULL },
	{ "movq $0x7fffffff,0x10(%rdi)", X("\x48\xc7\x47\x10\xff\xff\xff\x7f"), 0x7fffffff },
	{ "movabs %al,moffs", X("\xa2\x88\x77\x66\x55\x44\x33\x22\x11"), 0x10 },
	{ "movabs %rax,0x10", X("\x48\xa3\x10\x00\x00\x00\x00\x00\x00\x00"), REG(0) },
};

static void run_store(void **state)
{
	const struct store *s = *state;
	struct insn in;
	u64 regs[16], before[16];
	assert_null(insn_decode((const u8 *)s->b, s->n, true, true, &in));
	for (int i = 0; i < 16; i++)
		regs[i] = before[i] = REG(i);
	assert_int_equal(insn_write_value(&in, regs), s->expect);
	insn_apply_read(&in, regs, 0); /* a store never changes registers */
	assert_memory_equal(regs, before, sizeof(regs));
}

int main(void)
{
	static struct unit_group g;
	for (size_t i = 0; i < ARRAY_SIZE(loads); i++)
		unit_add(&g, loads[i].name, run_load, (void *)&loads[i]);
	for (size_t i = 0; i < ARRAY_SIZE(stores); i++)
		unit_add(&g, stores[i].name, run_store, (void *)&stores[i]);
	return unit_run("insn_apply", &g);
}
