/* cordon: make prove harness: insn_length over every byte string at RIP, every fetch length, every opcode length, both modes. */
/* sources: lib/x86/insn_len.c lib/str.c */
/* reaches: insn_length is_prefix legacy_prefix */
#include <lib/x86/insn.h>
#include <tests/prove/prove.h>

/*
 * kernel/exit.c copies up to INSN_MAX bytes at RIP into a 15-byte buffer and passes how many it
 * read; the expected opcode is 1-3 bytes of its own. Here the first `n` bytes and the first `init`
 * opcode bytes are unknown and the rest are left uninitialized, so a read at or past either length
 * is an alarm. Fetch lengths above INSN_MAX and opcode lengths up to any u32 are checked too.
 */
static void length_any(u32 n, u32 avail, u32 init, u32 oplen)
{
	u8 bytes[INSN_MAX], opcode[INSN_MAX], len;
	prove_bytes(bytes, n);
	prove_bytes(opcode, init);
	insn_length(bytes, avail, prove_int(0, 1), opcode, oplen, &len);
}

int main(void)
{
	u32 any_avail = (u32)prove_u64(INSN_MAX + 1, 0xffffffffu);
	/* one analysis per exact fetch and opcode length, so "initialized" stays exact for each */
	/*@ loop unroll INSN_MAX + 1; */
	for (u32 n = 0; n <= INSN_MAX; n++) {
		/*@ loop unroll INSN_MAX + 1; */
		for (u32 oplen = 0; oplen <= INSN_MAX; oplen++)
			length_any(n, n, oplen, oplen);
		/* an opcode longer than any instruction: refused before it is read */
		length_any(n, n, INSN_MAX, (u32)prove_u64(INSN_MAX + 1, 0xffffffffu));
	}
	/*@ loop unroll INSN_MAX + 1; */
	for (u32 oplen = 0; oplen <= INSN_MAX; oplen++)
		length_any(INSN_MAX, any_avail, oplen, oplen);
	return 0;
}
