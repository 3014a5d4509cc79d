/* cordon: decoder for the mov-class instructions guests use on MMIO (length, direction, size, operand). */
#ifndef CORDON_LIB_INSN_H
#define CORDON_LIB_INSN_H
#include <cordon/types.h>

/*
 * Why: on AMD-V without decode assists or next-RIP (QEMU TCG), a nested page fault on an emulated
 * device page tells cordon only the guest-physical address. The instruction bytes at RIP say the rest.
 *
 * GPR numbering used by every field and by the regs[16] arrays below is the x86 encoding order
 * (SDM vol. 2, 2.1.5 Table 2-2 and 2.2.1.2 REX): 0 RAX, 1 RCX, 2 RDX, 3 RBX, 4 RSP, 5 RBP, 6 RSI,
 * 7 RDI, 8-15 R8-R15. cordon's register struct may be ordered differently; the caller maps it.
 *
 * Supported (each with 66, REX.W/R/X/B, segment overrides, 67, and F2/F3 as ignored hints):
 *   88/89 MOV r/m,r (write)   8A/8B MOV r,r/m (read)   C6 /0 ib, C7 /0 iz MOV r/m,imm (write)
 *   A0-A3 MOV AL/rAX <-> moffs (8-byte offset in 64-bit mode, 4 with 67 or in 32-bit mode)
 *   0F B6/B7 MOVZX, 0F BE/BF MOVSX (read, byte or word source)
 * Refused with a reason: string instructions (MOVS, STOS, LODS, CMPS, SCAS, with or without REP),
 * read-modify-write forms (ALU, TEST, XCHG, INC/DEC, NOT/NEG, shifts, CMPXCHG, XADD, BT*), LOCK,
 * register-only ModR/M (mod=3), 16-bit code or 16-bit addressing, anything else ("unknown opcode").
 */

/* The architectural limit on an instruction's length; a longer one raises #GP (SDM vol. 2, 2.3.11). */
#define INSN_MAX 15

/* The GPR numbers above, by name. */
enum insn_gpr {
	INSN_RAX, INSN_RCX, INSN_RDX, INSN_RBX, INSN_RSP, INSN_RBP, INSN_RSI, INSN_RDI,
	INSN_R8, INSN_R9, INSN_R10, INSN_R11, INSN_R12, INSN_R13, INSN_R14, INSN_R15
};

/* Segment override prefix seen last (SDM vol. 2, 2.1.1 group 2); ES/CS/SS/DS are null in 64-bit mode. */
enum insn_seg { INSN_SEG_NONE, INSN_SEG_ES, INSN_SEG_CS, INSN_SEG_SS, INSN_SEG_DS, INSN_SEG_FS, INSN_SEG_GS };

struct insn {
	u8 len;          /* total length in bytes, prefixes included (1-15) */
	u8 size;         /* bytes accessed in memory: 1, 2, 4 or 8 */
	bool write;      /* true: the guest stores to memory; false: it loads */
	u8 reg;          /* GPR (0-15) that is the source of a store or the destination of a load */
	bool has_imm;    /* the store's source is imm, not reg */
	u64 imm;         /* immediate sign-extended to 64 bits; the low `size` bytes are stored */
	bool zero_extend, sign_extend; /* MOVZX / MOVSX */
	u8 dst_size;     /* register width a load writes: == size, or wider for MOVZX/MOVSX */
	bool high_byte;  /* byte register AH/CH/DH/BH (no REX): bits 8-15 of GPR reg (0-3) */
	u8 seg;          /* enum insn_seg */
	bool addr_size;  /* 67 seen (only moffs length depends on it in 64-bit mode) */
	bool lock;       /* F0 seen (always refused: LOCK MOV is #UD on hardware) */
	/* Filled on refusal too, for the caller's message: */
	u8 need;         /* truncated input: bytes needed (a lower bound until the ModR/M is read) */
	u8 map;          /* 0: one-byte opcode map, 1: two-byte map (0F xx) */
	u8 opcode;       /* the opcode byte (after 0F for map 1) */
};

/*
 * Decodes the instruction at bytes[0..avail) and fills *out. long_mode: 64-bit mode (EFER.LMA and
 * CS.L=1; default32 is then ignored); otherwise default32 is CS.D (protected or compatibility mode
 * with a 32-bit code segment) and 16-bit code segments are refused. Reads at most min(avail, 15)
 * bytes. Returns NULL on success or a static reason, such as "instruction truncated: ..." (see
 * out->need) or "unknown opcode" (see out->map and out->opcode).
 */
/*@ requires \valid_read(bytes + (0 .. (avail < INSN_MAX ? avail : INSN_MAX) - 1));
    requires \valid(out);
    assigns *out;
    ensures \result == \null ==> 1 <= out->len <= INSN_MAX && out->reg < 16;
    ensures \result == \null ==> out->size \in {1, 2, 4, 8} && out->dst_size \in {1, 2, 4, 8}; */
const char *insn_decode(const u8 *bytes, u32 avail, bool long_mode, bool default32, struct insn *out);

/*
 * Writes `value` (the low in->size bytes of what the device returned) into regs[] as the load `in`
 * would: zero- or sign-extended to dst_size, then a 4-byte write zero-extends into all 64 bits and
 * 1- or 2-byte writes (and AH/CH/DH/BH) merge into the old value (SDM vol. 1, 3.4.1.1). No effect
 * for a store.
 */
/*@ requires \valid_read(in) && \valid(regs + (0 .. 15));
    requires in->size \in {1, 2, 4, 8} && in->dst_size \in {1, 2, 4, 8};
    assigns regs[0 .. 15]; */
void insn_apply_read(const struct insn *in, u64 regs[16], u64 value);

/* The low in->size bytes a store writes (upper bits zero): the immediate or the source register. */
/*@ requires \valid_read(in) && \valid_read(regs + (0 .. 15));
    requires in->size \in {1, 2, 4, 8};
    assigns \result \from *in, regs[0 .. 15]; */
u64 insn_write_value(const struct insn *in, const u64 regs[16]);

/*
 * lib/x86/insn_len.c. Why: AMD-V without next-RIP save (QEMU TCG) names the intercepted instruction
 * (CPUID, RDMSR, VMMCALL, ...) but not its length, and prefixes the guest may add make it longer
 * than the bare opcode. Checks that bytes[0..avail) are legal prefixes (66 67 F2 F3, segment
 * overrides, REX in 64-bit mode) followed by exactly opcode[0..oplen), within 15 bytes, and sets
 * *len to the whole length. Reads at most min(avail, 15) bytes, and opcode[] only when oplen fits
 * (any oplen is refused safely). Returns NULL, or a static reason (LOCK prefix, longer than 15
 * bytes, truncated input, or other bytes) with *len = 0.
 */
/*@ requires \valid_read(bytes + (0 .. (avail < INSN_MAX ? avail : INSN_MAX) - 1));
    requires oplen > INSN_MAX || \valid_read(opcode + (0 .. oplen - 1));
    requires \valid(len);
    assigns *len;
    ensures \result == \null ==> oplen <= *len <= INSN_MAX;
    ensures \result != \null ==> *len == 0; */
const char *insn_length(const u8 *bytes, u32 avail, bool long_mode, const u8 *opcode, u32 oplen, u8 *len);

#endif
