/* cordon: length of an intercepted instruction whose opcode the exit already names (CPUID, RDMSR, VMMCALL...). */
#include <lib/x86/insn.h>

/*
 * Legacy prefixes that do not change what these instructions do (SDM vol. 2, 2.1.1): operand size
 * 66, address size 67, REP F2/F3 and the six segment overrides. LOCK (F0) is not among them: on
 * any of them it raises #UD (SDM vol. 2, 2.1.1 group 1).
 */
static bool legacy_prefix(u8 b)
{
	switch (b) {
	case 0x66: case 0x67: case 0xf2: case 0xf3:
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
		return true;
	default:
		return false;
	}
}

/* REX 40-4F exists only in 64-bit mode; elsewhere those bytes are INC/DEC (SDM vol. 2, 2.2.1). */
static bool is_prefix(u8 b, bool long_mode)
{
	return legacy_prefix(b) || (long_mode && (b & 0xf0) == 0x40);
}

const char *insn_length(const u8 *bytes, u32 avail, bool long_mode, const u8 *opcode, u32 oplen, u8 *len)
{
	u32 pos = 0;
	*len = 0;
	while (pos < avail && pos < INSN_MAX && is_prefix(bytes[pos], long_mode))
		pos++;
	if (pos < avail && pos < INSN_MAX && bytes[pos] == 0xf0) /* never a 16th byte, as insn_decode */
		return "LOCK prefix on an instruction that cannot be locked (#UD on hardware)";
	if (oplen > INSN_MAX - pos) /* pos <= INSN_MAX; pos + oplen could wrap for a huge oplen */
		return "instruction longer than 15 bytes";
	if (pos + oplen > avail)
		return "instruction truncated: its bytes could not be read";
	for (u32 i = 0; i < oplen; i++)
		if (bytes[pos + i] != opcode[i])
			return "the bytes at RIP are not the intercepted instruction";
	*len = (u8)(pos + oplen);
	return NULL;
}
