/* cordon: make prove harness: insn_decode over every byte string a guest can present at RIP, every mode, then the register updates. */
/* sources: lib/x86/insn.c lib/str.c */
/* reaches: insn_decode decode read_prefixes take skip seg_of lookup operand_size operands read_modrm read_le low_mask sign_extend byte_register insn_apply_read insn_write_value */
#include <lib/x86/insn.h>
#include <tests/prove/prove.h>

/*
 * kernel/dev/mmio.c fetches up to INSN_MAX bytes at RIP into a 15-byte buffer and passes how many
 * it read (0-15; a short read leaves the rest of the buffer unset). Here the first `n` bytes are
 * unknown and the rest are left uninitialized, so a read at or past `avail` is an alarm, not just
 * a read past the buffer. avail above INSN_MAX (any u32) checks "reads at most min(avail, 15)".
 * Both modes and both CS.D values are unknown; the registers and the device's value are any u64.
 */
static void decode_any(u32 n, u32 avail)
{
	u8 bytes[INSN_MAX];
	u64 regs[16];
	struct insn in;
	bool long_mode = prove_int(0, 1), default32 = prove_int(0, 1);
	prove_bytes(bytes, n);
	prove_bytes(regs, sizeof(regs));
	if (insn_decode(bytes, avail, long_mode, default32, &in))
		return;
	insn_write_value(&in, regs);
	insn_apply_read(&in, regs, prove_u64(0, ~0ULL));
}

int main(void)
{
	/* one analysis per exact fetch length, so "initialized" stays exact for each */
	/*@ loop unroll INSN_MAX + 1; */
	for (u32 n = 0; n <= INSN_MAX; n++)
		decode_any(n, n);
	decode_any(INSN_MAX, (u32)prove_u64(INSN_MAX + 1, 0xffffffffu));
	return 0;
}
