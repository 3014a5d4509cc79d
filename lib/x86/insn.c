/* cordon: table-driven decoder for the mov-class instructions guests use on MMIO. */
#include <lib/x86/insn.h>
#include <lib/str.h>

/* REX is 0100WRXB (SDM vol. 2, 2.2.1.2 Table 2-4); we keep the whole byte so 0x40 counts as present. */
#define REX_W 0x08
#define REX_R 0x04

/* What an opcode table row asks for. */
#define F_MODRM 0x01 /* a ModR/M byte follows (SDM vol. 2, 2.1.5) */
#define F_WRITE 0x02 /* the memory operand is the destination */
#define F_IMM 0x04   /* an immediate follows: ib for byte forms, iw/id (iz) otherwise */
#define F_MOFFS 0x08 /* an address-sized offset follows instead of a ModR/M byte */
#define F_REG0 0x10  /* ModR/M.reg is an opcode extension that must be 0 (C6 /0, C7 /0) */
#define F_ZX 0x20    /* MOVZX: the load is zero-extended to the operand size */
#define F_SX 0x40    /* MOVSX: the load is sign-extended to the operand size */

/* One row: opcodes lo..hi of a map, how to decode them, or why they are refused. */
struct op {
	u8 map, lo, hi;
	u8 flags;
	u8 mem;          /* memory operand size: 0 = the operand size, else 1 or 2 bytes */
	const char *why; /* non-NULL: refused with this reason */
};

static const char STRING_OP[] = "string instruction (movs/stos/lods/cmps/scas, rep or not) on MMIO is not emulated";
static const char ALU_OP[] = "arithmetic, logic or exchange instruction on MMIO is not emulated (only mov forms)";

/*
 * Opcode maps: SDM vol. 2, Appendix A, Tables A-2 (one-byte) and A-3 (two-byte, 0F xx);
 * AMD APM vol. 3, Appendix A.1. Adding a form is one row.
 */
static const struct op ops[] = {
	{ 0, 0x88, 0x88, F_MODRM | F_WRITE, 1, NULL },        /* MOV r/m8, r8 */
	{ 0, 0x89, 0x89, F_MODRM | F_WRITE, 0, NULL },        /* MOV r/m, r */
	{ 0, 0x8a, 0x8a, F_MODRM, 1, NULL },                  /* MOV r8, r/m8 */
	{ 0, 0x8b, 0x8b, F_MODRM, 0, NULL },                  /* MOV r, r/m */
	{ 0, 0xc6, 0xc6, F_MODRM | F_REG0 | F_WRITE | F_IMM, 1, NULL }, /* MOV r/m8, imm8 */
	{ 0, 0xc7, 0xc7, F_MODRM | F_REG0 | F_WRITE | F_IMM, 0, NULL }, /* MOV r/m, imm16/32 */
	{ 0, 0xa0, 0xa0, F_MOFFS, 1, NULL },                  /* MOV AL, moffs8 */
	{ 0, 0xa1, 0xa1, F_MOFFS, 0, NULL },                  /* MOV rAX, moffs */
	{ 0, 0xa2, 0xa2, F_MOFFS | F_WRITE, 1, NULL },        /* MOV moffs8, AL */
	{ 0, 0xa3, 0xa3, F_MOFFS | F_WRITE, 0, NULL },        /* MOV moffs, rAX */
	{ 1, 0xb6, 0xb6, F_MODRM | F_ZX, 1, NULL },           /* MOVZX r, r/m8 */
	{ 1, 0xb7, 0xb7, F_MODRM | F_ZX, 2, NULL },           /* MOVZX r, r/m16 */
	{ 1, 0xbe, 0xbe, F_MODRM | F_SX, 1, NULL },           /* MOVSX r, r/m8 */
	{ 1, 0xbf, 0xbf, F_MODRM | F_SX, 2, NULL },           /* MOVSX r, r/m16 */
	{ 0, 0xa4, 0xa7, 0, 0, STRING_OP }, { 0, 0xaa, 0xaf, 0, 0, STRING_OP }, /* MOVS CMPS, STOS LODS SCAS */
	{ 0, 0x00, 0x03, 0, 0, ALU_OP }, { 0, 0x08, 0x0b, 0, 0, ALU_OP },       /* ADD, OR */
	{ 0, 0x10, 0x13, 0, 0, ALU_OP }, { 0, 0x18, 0x1b, 0, 0, ALU_OP },       /* ADC, SBB */
	{ 0, 0x20, 0x23, 0, 0, ALU_OP }, { 0, 0x28, 0x2b, 0, 0, ALU_OP },       /* AND, SUB */
	{ 0, 0x30, 0x33, 0, 0, ALU_OP }, { 0, 0x38, 0x3b, 0, 0, ALU_OP },       /* XOR, CMP */
	{ 0, 0x80, 0x87, 0, 0, ALU_OP }, { 0, 0xf6, 0xf7, 0, 0, ALU_OP },       /* group 1, TEST, XCHG; group 3 */
	{ 0, 0xc0, 0xc1, 0, 0, ALU_OP }, { 0, 0xd0, 0xd3, 0, 0, ALU_OP },       /* group 2 shifts and rotates */
	{ 1, 0xb0, 0xb1, 0, 0, ALU_OP }, { 1, 0xc0, 0xc1, 0, 0, ALU_OP },       /* CMPXCHG, XADD */
	{ 1, 0xa3, 0xa3, 0, 0, ALU_OP }, { 1, 0xab, 0xab, 0, 0, ALU_OP },       /* BT, BTS */
	{ 1, 0xb3, 0xb3, 0, 0, ALU_OP }, { 1, 0xba, 0xbb, 0, 0, ALU_OP },       /* BTR, group 8 and BTC */
};

static const struct op *lookup(u8 map, u8 opcode)
{
	for (u32 i = 0; i < ARRAY_SIZE(ops); i++)
		if (ops[i].map == map && opcode >= ops[i].lo && opcode <= ops[i].hi)
			return &ops[i];
	return NULL;
}

/* ---------------------------------------------------------------- byte cursor */

/* Reads stop at min(avail, 15): nothing beyond either is ever touched. */
struct cur {
	const u8 *b;
	u32 avail, pos;
	u8 need;
	const char *why;
};

/*
 * Consumes n bytes, or returns false with c->why set. The checks are on `end`, which becomes
 * c->pos, so c->pos stays visibly within min(avail, 15) for the analysis (make prove: Eva).
 */
static bool skip(struct cur *c, u32 n)
{
	u32 end = c->pos + n;
	if (end > INSN_MAX) {
		c->why = "instruction longer than 15 bytes";
		return false;
	}
	if (end > c->avail) {
		c->need = (u8)end;
		c->why = "instruction truncated: needs more bytes than available";
		return false;
	}
	c->pos = end;
	return true;
}

/* Consumes one byte and returns where it is, or NULL with c->why set. */
static const u8 *take(struct cur *c)
{
	return skip(c, 1) ? &c->b[c->pos - 1] : NULL;
}

static u64 low_mask(u32 size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

/* Two's-complement widening of a size-byte value to 64 bits. */
static u64 sign_extend(u64 v, u32 size)
{
	v &= low_mask(size);
	if (size < 8 && (v >> (8 * size - 1)) & 1)
		v |= ~low_mask(size);
	return v;
}

/*
 * The last n bytes consumed, little-endian as immediates are (SDM vol. 1, 1.3.1). Indexed down
 * from the cursor so every read is visibly below c->pos, itself within min(avail, 15).
 */
static u64 read_le(const struct cur *c, u32 n)
{
	u64 v = 0;
	for (u32 k = c->pos; k > c->pos - n; k--)
		v = (v << 8) | c->b[k - 1];
	return v;
}

/* ---------------------------------------------------------------- prefixes */

struct pfx {
	u8 rex;     /* the REX byte that directly precedes the opcode, or 0 */
	bool opsize; /* 66 */
};

/* Group 2 (SDM vol. 2, 2.1.1): segment overrides 26 2E 36 3E 64 65. */
static u8 seg_of(u8 b)
{
	switch (b) {
	case 0x26: return INSN_SEG_ES;
	case 0x2e: return INSN_SEG_CS;
	case 0x36: return INSN_SEG_SS;
	case 0x3e: return INSN_SEG_DS;
	case 0x64: return INSN_SEG_FS;
	case 0x65: return INSN_SEG_GS;
	default: return INSN_SEG_NONE;
	}
}

/*
 * Legacy prefixes in any order (SDM vol. 2, 2.1.1), then REX in 64-bit mode. A REX that is
 * followed by another prefix is ignored (SDM vol. 2, 2.2.1), so any legacy prefix clears it.
 * F2/F3 are only repeat prefixes for the string forms (refused) and XACQUIRE/XRELEASE hints on
 * MOV stores, so they are consumed and otherwise ignored. Returns the first non-prefix byte.
 */
static const u8 *read_prefixes(struct cur *c, bool long_mode, struct pfx *p, struct insn *out)
{
	/* each turn takes a byte, so take() ends it by the 16th; unrolled, Eva keeps c->pos exact */
	/*@ loop unroll INSN_MAX + 1; */
	for (;;) {
		const u8 *b = take(c);
		u8 seg;
		if (!b)
			return NULL;
		seg = seg_of(*b);
		if (long_mode && (*b & 0xf0) == 0x40) {
			p->rex = *b;
			continue;
		}
		if (*b == 0x66)
			p->opsize = true;
		else if (*b == 0x67)
			out->addr_size = true;
		else if (*b == 0xf0)
			out->lock = true;
		else if (seg != INSN_SEG_NONE)
			out->seg = seg;
		else if (*b != 0xf2 && *b != 0xf3)
			return b;
		p->rex = 0;
	}
}

/* Effective operand size (SDM vol. 1, 3.6.1 Table 3-4): REX.W beats 66, and 66 halves the default. */
static u8 operand_size(const struct pfx *p, bool long_mode)
{
	if (long_mode && (p->rex & REX_W))
		return 8;
	return p->opsize ? 2 : 4;
}

/* ---------------------------------------------------------------- operands */

/*
 * Consumes ModR/M, SIB and displacement plus `tail` immediate bytes, and returns the ModR/M.reg
 * field widened by REX.R. Only the length matters: the fault already gave the address.
 * SDM vol. 2, 2.1.5 Tables 2-2/2-3 and 2.2.1.6 (mod=00 rm=101 is disp32, RIP-relative in 64-bit
 * mode); a SIB base of 101 with mod=00 also means disp32. Both ignore REX.B (Table 2-5).
 */
static const char *read_modrm(struct cur *c, const struct op *op, u8 rex, u32 tail, u8 *reg)
{
	const u8 *m = take(c), *sib;
	u32 disp;
	if (!m)
		return c->why;
	if ((*m >> 6) == 3)
		return "register operand (ModR/M mod=3) does not access memory";
	if ((op->flags & F_REG0) && ((*m >> 3) & 7))
		return "C6/C7 with ModR/M.reg other than 0 is not a mov";
	disp = (*m >> 6) == 1 ? 1 : (*m >> 6) == 2 ? 4 : 0;
	if ((*m & 7) == 4) {
		if (!(sib = take(c)))
			return c->why;
		if ((*m >> 6) == 0 && (*sib & 7) == 5)
			disp = 4;
	} else if ((*m >> 6) == 0 && (*m & 7) == 5) {
		disp = 4;
	}
	if (!skip(c, disp + tail))
		return c->why;
	*reg = (u8)(((*m >> 3) & 7) | (rex & REX_R ? 8 : 0));
	return NULL;
}

/* Without any REX, byte-register encodings 4-7 are AH, CH, DH, BH (SDM vol. 2, 2.1.5 Table 2-2 and 2.2.1.2). */
static void byte_register(struct insn *out, u8 rex)
{
	if (!rex && out->reg >= 4 && out->reg <= 7) {
		out->high_byte = true;
		out->reg -= 4;
	}
}

static const char *operands(struct cur *c, const struct op *op, const struct pfx *p, bool long_mode,
			    struct insn *out)
{
	u8 opsize = operand_size(p, long_mode);
	u32 isz;
	const char *why;
	out->size = op->mem ? op->mem : opsize;
	out->dst_size = (op->flags & (F_ZX | F_SX)) ? opsize : out->size;
	out->zero_extend = op->flags & F_ZX;
	out->sign_extend = op->flags & F_SX;
	out->write = op->flags & F_WRITE;
	if (op->flags & F_MOFFS) /* the offset is address-sized (SDM vol. 2, MOV: moffs) */
		return skip(c, long_mode && !out->addr_size ? 8 : 4) ? NULL : c->why;
	/* ib for byte forms, iw with a 16-bit operand, else id (sign-extended under REX.W) */
	isz = !(op->flags & F_IMM) ? 0 : out->size == 8 ? 4 : out->size;
	if ((why = read_modrm(c, op, p->rex, isz, &out->reg)))
		return why;
	if (isz) {
		out->has_imm = true;
		out->imm = sign_extend(read_le(c, isz), isz);
		out->reg = 0;
	} else if (out->size == 1 && out->dst_size == 1) {
		byte_register(out, p->rex);
	}
	return NULL;
}

/* ---------------------------------------------------------------- entry points */

static const char *decode(struct cur *c, bool long_mode, bool default32, struct insn *out)
{
	struct pfx p = { 0, false };
	const u8 *b;
	const struct op *op;
	if (!long_mode && !default32)
		return "16-bit code segment is not supported";
	if (!(b = read_prefixes(c, long_mode, &p, out)))
		return c->why;
	out->opcode = *b;
	if (*b == 0x0f) {
		if (!(b = take(c)))
			return c->why;
		out->map = 1;
		out->opcode = *b;
	}
	if (!(op = lookup(out->map, out->opcode)))
		return "unknown opcode";
	if (op->why)
		return op->why;
	if (out->lock)
		return "LOCK prefix on a mov (#UD on hardware)";
	if (!long_mode && out->addr_size)
		return "16-bit addressing (67 prefix in 32-bit code) is not supported";
	return operands(c, op, &p, long_mode, out);
}

const char *insn_decode(const u8 *bytes, u32 avail, bool long_mode, bool default32, struct insn *out)
{
	struct cur c = { bytes, avail, 0, 0, NULL };
	const char *why;
	c_memset(out, 0, sizeof(*out));
	why = decode(&c, long_mode, default32, out);
	out->need = c.need;
	if (!why)
		out->len = (u8)c.pos;
	return why;
}

void insn_apply_read(const struct insn *in, u64 regs[16], u64 value)
{
	u64 v = in->sign_extend ? sign_extend(value, in->size) : value & low_mask(in->size);
	u64 *r = &regs[in->reg & 15];
	u64 keep;
	if (in->write)
		return;
	if (in->high_byte) {
		*r = (*r & ~0xff00ULL) | ((v & 0xff) << 8);
		return;
	}
	/* A 32-bit destination clears bits 63:32; narrower ones keep them (SDM vol. 1, 3.4.1.1). */
	keep = in->dst_size >= 4 ? 0 : ~low_mask(in->dst_size);
	*r = (*r & keep) | (v & low_mask(in->dst_size));
}

u64 insn_write_value(const struct insn *in, const u64 regs[16])
{
	u64 v = in->has_imm ? in->imm : regs[in->reg & 15] >> (in->high_byte ? 8 : 0);
	return v & low_mask(in->size);
}
