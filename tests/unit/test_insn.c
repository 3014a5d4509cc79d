/* cordon unit tests: MMIO instruction decoder (lib/x86/insn.c): a table of encodings, truncation, refusals. */
/* sources: lib/x86/insn.c lib/str.c */
#include <tests/unit/unit.h>
#include <lib/x86/insn.h>

/*
 * Encodings come from GNU as + objdump -d of small .code64/.code32 files written while developing
 * (the mnemonic in each name is what objdump printed); a few, marked "hand", are built from the SDM
 * to test prefix orderings an assembler does not emit. Linux's readl/writel family compiles to the
 * plain forms: readl = mov (%rdi),%eax = 8b 07, writel = mov %esi,(%rdi) = 89 37.
 */
#define X(s) s, sizeof(s) - 1
#define IMM 0xff /* the reg column of a store whose source is an immediate */
#define HI 1     /* AH/CH/DH/BH */
#define ZX 2
#define SX 4

struct dec {
	const char *name;
	const char *b;
	u32 n;      /* bytes of the instruction: the expected length */
	u8 mode;    /* 64: 64-bit mode; 32: 32-bit protected mode */
	char dir;   /* 'r' load, 'w' store */
	u8 size, dst;
	u8 reg;     /* enum insn_gpr, or IMM */
	u8 flags;   /* HI, ZX, SX */
	u64 imm;
	u8 seg;
};

/* Row builders, one per kind of instruction, so every field is always given. */
#define ROW(nm, b, mode, dir, size, dst, reg, fl, imm, seg) { nm, X(b), mode, dir, size, dst, reg, fl, imm, seg }
#define MOV(nm, b, mode, dir, size, reg) ROW(nm, b, mode, dir, size, size, reg, 0, 0, 0)
#define HIGH(nm, b, mode, dir, reg) ROW(nm, b, mode, dir, 1, 1, reg, HI, 0, 0)
#define EXT(nm, b, mode, size, dst, reg, fl) ROW(nm, b, mode, 'r', size, dst, reg, fl, 0, 0)
#define IMMW(nm, b, mode, size, imm) ROW(nm, b, mode, 'w', size, size, IMM, 0, imm, 0)
#define SEG(nm, b, dir, reg, seg) ROW(nm, b, 64, dir, 4, 4, reg, 0, 0, seg)

static const struct dec decs[] = {
	/* Linux readX/writeX */
	MOV("readl mov (%rdi),%eax", "\x8b\x07", 64, 'r', 4, INSN_RAX),
	MOV("writel mov %esi,(%rdi)", "\x89\x37", 64, 'w', 4, INSN_RSI),
	MOV("readb mov (%rdi),%al", "\x8a\x07", 64, 'r', 1, INSN_RAX),
	MOV("writeb mov %sil,(%rdi)", "\x40\x88\x37", 64, 'w', 1, INSN_RSI),
	MOV("readw mov (%rdi),%ax", "\x66\x8b\x07", 64, 'r', 2, INSN_RAX),
	MOV("writew mov %si,(%rdi)", "\x66\x89\x37", 64, 'w', 2, INSN_RSI),
	MOV("readq mov (%rdi),%rax", "\x48\x8b\x07", 64, 'r', 8, INSN_RAX),
	MOV("writeq mov %rsi,(%rdi)", "\x48\x89\x37", 64, 'w', 8, INSN_RSI),
	MOV("apic write mov %esi,0xffffffffff5fb300 (SIB no base)", "\x89\x34\x25\x00\xb3\x5f\xff", 64, 'w', 4, INSN_RSI),
	MOV("apic read mov 0xffffffffff5fb020,%eax", "\x8b\x04\x25\x20\xb0\x5f\xff", 64, 'r', 4, INSN_RAX),
	MOV("mov %esi,-0xa04d00(%rdi) disp32", "\x89\xb7\x00\xb3\x5f\xff", 64, 'w', 4, INSN_RSI),
	/* displacements and SIB */
	MOV("mov 0x20(%rdi),%eax disp8", "\x8b\x47\x20", 64, 'r', 4, INSN_RAX),
	MOV("mov 0x300(%rdi),%eax disp32", "\x8b\x87\x00\x03\x00\x00", 64, 'r', 4, INSN_RAX),
	MOV("mov 0x12345678(%rip),%eax", "\x8b\x05\x78\x56\x34\x12", 64, 'r', 4, INSN_RAX),
	MOV("mov %ecx,-0x10(%rip)", "\x89\x0d\xf0\xff\xff\xff", 64, 'w', 4, INSN_RCX),
	MOV("mov %r11,0x10(%rip)", "\x4c\x89\x1d\x10\x00\x00\x00", 64, 'w', 8, INSN_R11),
	MOV("mov (%rax,%rbx,4),%edx", "\x8b\x14\x98", 64, 'r', 4, INSN_RDX),
	MOV("mov %edx,0x8(%rax,%rcx,8) SIB disp8", "\x89\x54\xc8\x08", 64, 'w', 4, INSN_RDX),
	MOV("mov %edx,0x1000(%rsp) SIB disp32", "\x89\x94\x24\x00\x10\x00\x00", 64, 'w', 4, INSN_RDX),
	MOV("mov (%rsp),%eax", "\x8b\x04\x24", 64, 'r', 4, INSN_RAX),
	MOV("mov 0x0(,%rbx,4),%eax SIB base=101 mod=00", "\x8b\x04\x9d\x00\x00\x00\x00", 64, 'r', 4, INSN_RAX),
	MOV("mov 0x10(%rbp),%eax", "\x8b\x45\x10", 64, 'r', 4, INSN_RAX),
	MOV("mov (%r12),%eax REX.B SIB", "\x41\x8b\x04\x24", 64, 'r', 4, INSN_RAX),
	MOV("mov 0x0(%r13),%eax REX.B rm=101 mod=01", "\x41\x8b\x45\x00", 64, 'r', 4, INSN_RAX),
	MOV("mov 0x0(%r13,%rax,1),%eax", "\x41\x8b\x44\x05\x00", 64, 'r', 4, INSN_RAX),
	MOV("mov 0x0(,%r13,1),%eax REX.X base=101", "\x42\x8b\x04\x2d\x00\x00\x00\x00", 64, 'r', 4, INSN_RAX),
	MOV("mov (%rax,%r11,4),%eax REX.X", "\x42\x8b\x04\x98", 64, 'r', 4, INSN_RAX),
	MOV("mov 0x10(%r13,%r14,8),%r12d REX.RXB", "\x47\x8b\x64\xf5\x10", 64, 'r', 4, INSN_R12),
	MOV("mov (%r8,%r9,2),%r10 REX.WRXB", "\x4f\x8b\x14\x48", 64, 'r', 8, INSN_R10),
	MOV("mov (%edi),%eax addr32", "\x67\x8b\x07", 64, 'r', 4, INSN_RAX),
	MOV("mov 0x10(%esi,%eax,4),%ecx addr32", "\x67\x8b\x4c\x86\x10", 64, 'r', 4, INSN_RCX),
	/* registers */
	MOV("mov %r8d,(%r9)", "\x45\x89\x01", 64, 'w', 4, INSN_R8),
	MOV("mov (%r10),%r11", "\x4d\x8b\x1a", 64, 'r', 8, INSN_R11),
	MOV("mov %r15,(%r12)", "\x4d\x89\x3c\x24", 64, 'w', 8, INSN_R15),
	MOV("mov 0x0(%r13),%r14b", "\x45\x8a\x75\x00", 64, 'r', 1, INSN_R14),
	HIGH("mov %ah,(%rbx)", "\x88\x23", 64, 'w', INSN_RAX),
	HIGH("mov (%rbx),%bh", "\x8a\x3b", 64, 'r', INSN_RBX),
	HIGH("mov %ch,0x10(%rsi)", "\x88\x6e\x10", 64, 'w', INSN_RCX),
	MOV("mov (%rdi),%dil REX 40", "\x40\x8a\x3f", 64, 'r', 1, INSN_RDI),
	MOV("mov %spl,(%rax) REX 40", "\x40\x88\x20", 64, 'w', 1, INSN_RSP),
	MOV("mov 0x80(%rdi),%al", "\x8a\x87\x80\x00\x00\x00", 64, 'r', 1, INSN_RAX),
	/* immediates */
	IMMW("movb $0x5a,(%rdi)", "\xc6\x07\x5a", 64, 1, 0x5a),
	IMMW("movb $0xff,0x7f(%rbp)", "\xc6\x45\x7f\xff", 64, 1, ~0ULL),
	IMMW("movb $0x80,(%rax,%rbx,1)", "\xc6\x04\x18\x80", 64, 1, 0xffffffffffffff80ULL),
	IMMW("movw $0x1234,(%rdi)", "\x66\xc7\x07\x34\x12", 64, 2, 0x1234),
	IMMW("movw $0xffff,0x12345678(%r8)", "\x66\x41\xc7\x80\x78\x56\x34\x12\xff\xff", 64, 2, ~0ULL),
	IMMW("movl $0x12345678,(%rdi)", "\xc7\x07\x78\x56\x34\x12", 64, 4, 0x12345678),
	IMMW("movl $0xdeadbeef,0x300(%rip)", "\xc7\x05\x00\x03\x00\x00\xef\xbe\xad\xde", 64, 4, 0xffffffffdeadbeefULL),
	IMMW("movq $-1,(%rdi) imm32 sign-extended", "\x48\xc7\x07\xff\xff\xff\xff", 64, 8, ~0ULL),
	IMMW("movq $0x7fffffff,0x10(%rdi)", "\x48\xc7\x47\x10\xff\xff\xff\x7f", 64, 8, 0x7fffffff),
	IMMW("xrelease movl $0x1,(%rdi)", "\xf3\xc7\x07\x01\x00\x00\x00", 64, 4, 1),
	/* moffs */
	MOV("movabs 0x1122334455667788,%al", "\xa0\x88\x77\x66\x55\x44\x33\x22\x11", 64, 'r', 1, INSN_RAX),
	MOV("movabs 0x1122334455667788,%ax", "\x66\xa1\x88\x77\x66\x55\x44\x33\x22\x11", 64, 'r', 2, INSN_RAX),
	MOV("movabs 0x1122334455667788,%eax", "\xa1\x88\x77\x66\x55\x44\x33\x22\x11", 64, 'r', 4, INSN_RAX),
	MOV("movabs 0x1122334455667788,%rax", "\x48\xa1\x88\x77\x66\x55\x44\x33\x22\x11", 64, 'r', 8, INSN_RAX),
	MOV("movabs %al,0x1122334455667788", "\xa2\x88\x77\x66\x55\x44\x33\x22\x11", 64, 'w', 1, INSN_RAX),
	MOV("movabs %eax,0x1122334455667788", "\xa3\x88\x77\x66\x55\x44\x33\x22\x11", 64, 'w', 4, INSN_RAX),
	MOV("movabs %rax,0x10", "\x48\xa3\x10\x00\x00\x00\x00\x00\x00\x00", 64, 'w', 8, INSN_RAX),
	MOV("addr32 mov 0x12345678,%eax moffs32", "\x67\xa1\x78\x56\x34\x12", 64, 'r', 4, INSN_RAX),
	/* MOVZX / MOVSX */
	EXT("movzbl (%rdi),%eax", "\x0f\xb6\x07", 64, 1, 4, INSN_RAX, ZX),
	EXT("movzwl (%rdi),%eax", "\x0f\xb7\x07", 64, 2, 4, INSN_RAX, ZX),
	EXT("movzbw (%rdi),%ax", "\x66\x0f\xb6\x07", 64, 1, 2, INSN_RAX, ZX),
	EXT("movzbq (%rdi),%rax", "\x48\x0f\xb6\x07", 64, 1, 8, INSN_RAX, ZX),
	EXT("movzwq 0x10(%rsi),%r9", "\x4c\x0f\xb7\x4e\x10", 64, 2, 8, INSN_R9, ZX),
	EXT("movzbl 0x12345678(%rip),%r8d", "\x44\x0f\xb6\x05\x78\x56\x34\x12", 64, 1, 4, INSN_R8, ZX),
	EXT("movzbl (%rdi),%esp not a high byte", "\x0f\xb6\x27", 64, 1, 4, INSN_RSP, ZX),
	EXT("movsbl (%rdi),%eax", "\x0f\xbe\x07", 64, 1, 4, INSN_RAX, SX),
	EXT("movswl (%rdi),%eax", "\x0f\xbf\x07", 64, 2, 4, INSN_RAX, SX),
	EXT("movsbq (%rdi),%rax", "\x48\x0f\xbe\x07", 64, 1, 8, INSN_RAX, SX),
	EXT("movswq (%rdi),%r15", "\x4c\x0f\xbf\x3f", 64, 2, 8, INSN_R15, SX),
	EXT("movsbw (%rdi),%cx", "\x66\x0f\xbe\x0f", 64, 1, 2, INSN_RCX, SX),
	EXT("movsbw 0x1(%rax,%rbx,2),%r10w", "\x66\x44\x0f\xbe\x54\x58\x01", 64, 1, 2, INSN_R10, SX),
	/* prefixes */
	SEG("mov %fs:(%rax),%eax", "\x64\x8b\x00", 'r', INSN_RAX, INSN_SEG_FS),
	SEG("mov %eax,%gs:0x10", "\x65\x89\x04\x25\x10\x00\x00\x00", 'w', INSN_RAX, INSN_SEG_GS),
	SEG("es mov (%rdi),%eax", "\x26\x8b\x07", 'r', INSN_RAX, INSN_SEG_ES),
	SEG("hand: cs ss ds, the last one counts", "\x2e\x36\x3e\x8b\x07", 'r', INSN_RAX, INSN_SEG_DS),
	MOV("xrelease mov %eax,(%rdi)", "\xf3\x89\x07", 64, 'w', 4, INSN_RAX),
	MOV("hand: repne mov (%rdi),%eax ignored", "\xf2\x8b\x07", 64, 'r', 4, INSN_RAX),
	MOV("hand: REX.W then 66: REX.W wins", "\x66\x48\x8b\x07", 64, 'r', 8, INSN_RAX),
	MOV("hand: REX.W before 66 is ignored", "\x48\x66\x8b\x07", 64, 'r', 2, INSN_RAX),
	SEG("hand: REX.R before fs is ignored", "\x44\x64\x8b\x07", 'r', INSN_RAX, INSN_SEG_FS),
	MOV("hand: only the last REX counts", "\x4c\x41\x8b\x07", 64, 'r', 4, INSN_RAX),
	HIGH("hand: REX 40 before 66 ignored, ah again", "\x40\x66\x88\x27", 64, 'w', INSN_RAX),
	MOV("hand: REX.W on a byte mov stays 1 byte", "\x48\x8a\x07", 64, 'r', 1, INSN_RAX),
	IMMW("hand: 9 prefixes + movl imm32 make 15 bytes", "\x67\x67\x67\x67\x67\x67\x67\x67\x67\xc7\x07\x01\x00\x00\x00", 64, 4, 1),
	MOV("hand: 13 prefixes make 15 bytes", "\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x8b\x07", 64, 'r', 2, INSN_RAX),
	/* 32-bit protected mode */
	MOV("32: mov (%edi),%eax", "\x8b\x07", 32, 'r', 4, INSN_RAX),
	MOV("32: mov %eax,(%edi)", "\x89\x07", 32, 'w', 4, INSN_RAX),
	MOV("32: mov %ax,(%edi)", "\x66\x89\x07", 32, 'w', 2, INSN_RAX),
	HIGH("32: mov (%ebx),%ah", "\x8a\x23", 32, 'r', INSN_RAX),
	IMMW("32: movl $0x12345678,(%edi)", "\xc7\x07\x78\x56\x34\x12", 32, 4, 0x12345678),
	IMMW("32: movw $0x1234,(%edi)", "\x66\xc7\x07\x34\x12", 32, 2, 0x1234),
	IMMW("32: movb $0x12,0x10(%ebp)", "\xc6\x45\x10\x12", 32, 1, 0x12),
	MOV("32: mov 0x12345678,%eax moffs32", "\xa1\x78\x56\x34\x12", 32, 'r', 4, INSN_RAX),
	MOV("32: mov %al,0x12345678 moffs32", "\xa2\x78\x56\x34\x12", 32, 'w', 1, INSN_RAX),
	MOV("32: mov 0xfee00300,%ecx absolute disp32", "\x8b\x0d\x00\x03\xe0\xfe", 32, 'r', 4, INSN_RCX),
	MOV("32: mov 0x4(%esp),%eax", "\x8b\x44\x24\x04", 32, 'r', 4, INSN_RAX),
	EXT("32: movzbl (%edi),%eax", "\x0f\xb6\x07", 32, 1, 4, INSN_RAX, ZX),
	EXT("32: movswl (%edi),%eax", "\x0f\xbf\x07", 32, 2, 4, INSN_RAX, SX),
	EXT("32: movzwl 0x20(%eax,%ecx,2),%edx", "\x0f\xb7\x54\x48\x20", 32, 2, 4, INSN_RDX, ZX),
};

static void check_fields(const struct dec *d, const struct insn *in)
{
	assert_int_equal(in->len, d->n);
	assert_int_equal(in->size, d->size);
	assert_int_equal(in->dst_size, d->dst);
	assert_int_equal(in->write, d->dir == 'w');
	assert_int_equal(in->has_imm, d->reg == IMM);
	if (d->reg == IMM)
		assert_int_equal(in->imm, d->imm);
	else
		assert_int_equal(in->reg, d->reg);
	assert_int_equal(in->high_byte, !!(d->flags & HI));
	assert_int_equal(in->zero_extend, !!(d->flags & ZX));
	assert_int_equal(in->sign_extend, !!(d->flags & SX));
	assert_int_equal(in->seg, d->seg);
	assert_false(in->lock);
}

/* Decodes from an exact-size copy, so ASan reports any read past avail. */
static const char *decode_exact(const char *b, u32 n, bool lm, bool d32, struct insn *in)
{
	u8 *cut = malloc(n ? n : 1);
	const char *why;
	memcpy(cut, b, n);
	why = insn_decode(cut, n, lm, d32, in);
	free(cut);
	return why;
}

/* Each row: exact bytes, the same bytes followed by junk, and every shorter prefix (truncated). */
static void run_dec(void **state)
{
	const struct dec *d = *state;
	struct insn in;
	u8 buf[32];
	bool lm = d->mode == 64;
	assert_null(decode_exact(d->b, d->n, lm, true, &in));
	check_fields(d, &in);
	memset(buf, 0xcc, sizeof(buf));
	memcpy(buf, d->b, d->n);
	assert_null(insn_decode(buf, sizeof(buf), lm, true, &in));
	check_fields(d, &in);
	for (u32 k = 0; k < d->n; k++) {
		assert_contains(decode_exact(d->b, k, lm, true, &in), "truncated");
		assert_true(in.need > k && in.need <= d->n);
	}
}

/* ---------------------------------------------------------------- refusals */

struct refusal {
	const char *name;
	const char *b;
	u32 n;
	u8 mode;     /* 64, 32, or 16 (a 16-bit code segment) */
	const char *why;
};

#define P14 "\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66"
static const struct refusal refusals[] = {
	{ "rep movsb", X("\xf3\xa4"), 64, "string instruction" },
	{ "rep stos %eax", X("\xf3\xab"), 64, "string instruction" },
	{ "movsq", X("\x48\xa5"), 64, "string instruction" },
	{ "lods (%rsi),%al", X("\xac"), 64, "string instruction" },
	{ "32: rep movsl", X("\xf3\xa5"), 32, "string instruction" },
	{ "add %eax,(%rdi)", X("\x01\x07"), 64, "arithmetic" },
	{ "or (%rdi),%eax", X("\x0b\x07"), 64, "arithmetic" },
	{ "andl $0x1,(%rdi)", X("\x83\x27\x01"), 64, "arithmetic" },
	{ "xchg %eax,(%rdi)", X("\x87\x07"), 64, "arithmetic" },
	{ "test %eax,(%rdi)", X("\x85\x07"), 64, "arithmetic" },
	{ "lock cmpxchg %ecx,(%rdi)", X("\xf0\x0f\xb1\x0f"), 64, "arithmetic" },
	{ "shll (%rdi)", X("\xd1\x27"), 64, "arithmetic" },
	{ "notl (%rdi)", X("\xf7\x17"), 64, "arithmetic" },
	{ "btsl $0x3,(%rdi)", X("\x0f\xba\x2f\x03"), 64, "arithmetic" },
	{ "xadd %eax,(%rdi)", X("\x0f\xc1\x07"), 64, "arithmetic" },
	{ "incl (%rdi)", X("\xff\x07"), 64, "unknown opcode" },
	{ "pop (%rdi)", X("\x8f\x07"), 64, "unknown opcode" },
	{ "movups (%rdi),%xmm0", X("\x0f\x10\x07"), 64, "unknown opcode" },
	{ "vmovdqu (%rdi),%ymm0 (VEX)", X("\xc5\xfe\x6f\x07"), 64, "unknown opcode" },
	{ "32: dec %eax is not REX", X("\x48\x8b\x07"), 32, "unknown opcode" },
	{ "hand: lock mov %eax,(%rdi)", X("\xf0\x89\x07"), 64, "LOCK" },
	{ "mov %eax,%ecx (mod=3)", X("\x89\xc1"), 64, "register operand" },
	{ "hand: movzbl %al,%eax (mod=3)", X("\x0f\xb6\xc0"), 64, "register operand" },
	{ "hand: c7 /1", X("\xc7\x0f\x00\x00\x00\x00"), 64, "not a mov" },
	{ "hand: c6 /7", X("\xc6\x3f\x00"), 64, "not a mov" },
	{ "hand: 14 prefixes + 8b 07 = 16 bytes", X(P14 "\x8b\x07"), 64, "longer than 15" },
	{ "hand: 15 segment prefixes", X("\x2e\x2e\x2e\x2e\x2e\x2e\x2e\x2e\x2e\x2e\x2e\x2e\x2e\x2e\x2e\x8b"), 64, "longer than 15" },
	{ "hand: 10 prefixes + movl imm32 = 16 bytes", X("\x67\x67\x67\x67\x67\x67\x67\x67\x67\x67\xc7\x07\x01\x00\x00\x00"), 64, "longer than 15" },
	{ "hand: 16-bit code", X("\x8b\x07"), 16, "16-bit code" },
	{ "32: addr16 mov (%bx),%eax", X("\x67\x8b\x07"), 32, "16-bit addressing" },
	{ "empty input", X(""), 64, "truncated" },
};

static void run_refusal(void **state)
{
	const struct refusal *r = *state;
	struct insn in;
	assert_contains(decode_exact(r->b, r->n, r->mode == 64, r->mode != 16, &in), r->why);
}

/* The refusal leaves what the caller needs for its message. */
static void test_refusal_details(void **state)
{
	struct insn in;
	(void)state;
	assert_non_null(insn_decode((const u8 *)"\x0f\x10\x07", 3, true, true, &in));
	assert_int_equal(in.map, 1);
	assert_int_equal(in.opcode, 0x10);
	assert_non_null(insn_decode((const u8 *)"\x66\x8f\x07", 3, true, true, &in));
	assert_int_equal(in.map, 0);
	assert_int_equal(in.opcode, 0x8f);
	assert_non_null(insn_decode((const u8 *)"\xc7\x07\x01", 3, true, true, &in));
	assert_int_equal(in.need, 6);
	assert_non_null(insn_decode((const u8 *)"\x48\xa1\x00", 3, true, true, &in));
	assert_int_equal(in.need, 10);
	assert_non_null(insn_decode((const u8 *)"\xf0\x89\x07", 3, true, true, &in));
	assert_true(in.lock);
	assert_null(insn_decode((const u8 *)"\x67\x8b\x07", 3, true, true, &in));
	assert_true(in.addr_size);
}

int main(void)
{
	static struct unit_group g;
	unit_add(&g, "refusal details", test_refusal_details, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(decs); i++)
		unit_add(&g, decs[i].name, run_dec, (void *)&decs[i]);
	for (size_t i = 0; i < ARRAY_SIZE(refusals); i++)
		unit_add(&g, refusals[i].name, run_refusal, (void *)&refusals[i]);
	return unit_run("insn", &g);
}
