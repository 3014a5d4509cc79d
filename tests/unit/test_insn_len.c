/* cordon unit tests: length of an intercepted instruction behind its prefixes (lib/x86/insn_len.c). */
/* sources: lib/x86/insn_len.c */
#include <tests/unit/unit.h>
#include <lib/x86/insn.h>

/* Opcodes as cordon's exit kinds name them (SDM vol. 2 / APM vol. 3, appendix A). */
#define CPUID "\x0f\xa2"
#define RDMSR "\x0f\x32"
#define WRMSR "\x0f\x30"
#define VMMCALL "\x0f\x01\xd9"
#define VMCALL "\x0f\x01\xc1"
#define HLT "\xf4"
#define WBINVD "\x0f\x09"
#define X(s) s, sizeof(s) - 1

struct len_case {
	const char *name;
	const char *b;
	u32 n;		/* bytes available at RIP */
	bool long_mode;
	const char *op;
	u32 oplen;
	u8 want;	/* expected length, 0 for a refusal */
	const char *why; /* part of the refusal's reason */
};

/* Rows with bytes after the instruction check that the decoder stops at the opcode's end. */
#define OK(nm, b, lm, op, want) { nm, X(b), lm, X(op), want, NULL }
#define NO(nm, b, lm, op, why) { nm, X(b), lm, X(op), 0, why }
static const struct len_case cases[] = {
	OK("bare cpuid", CPUID "\x90\x90", true, CPUID, 2),
	OK("66 cpuid", "\x66" CPUID "\x90", true, CPUID, 3),
	OK("67 cpuid", "\x67" CPUID, true, CPUID, 3),
	OK("f2 cpuid", "\xf2" CPUID, true, CPUID, 3),
	OK("f3 cpuid", "\xf3" CPUID, true, CPUID, 3),
	OK("each segment override before cpuid", "\x26\x2e\x36\x3e\x64\x65" CPUID, true, CPUID, 8),
	OK("REX.W cpuid", "\x48" CPUID, true, CPUID, 3),
	OK("REX before a legacy prefix is still a prefix", "\x41\x66" CPUID, true, CPUID, 4),
	OK("bare rdmsr", RDMSR "\xc3", true, RDMSR, 2),
	OK("66 rdmsr", "\x66" RDMSR, true, RDMSR, 3),
	OK("2e 48 wrmsr", "\x2e\x48" WRMSR, true, WRMSR, 4),
	OK("bare vmmcall", VMMCALL "\x0f\x01\xd9", true, VMMCALL, 3),
	OK("66 vmmcall", "\x66" VMMCALL, true, VMMCALL, 4),
	OK("f3 67 vmcall", "\xf3\x67" VMCALL, true, VMCALL, 5),
	OK("bare hlt", HLT HLT, true, HLT, 1),
	OK("3e hlt", "\x3e" HLT, true, HLT, 2),
	OK("wbinvd", WBINVD, true, WBINVD, 2),
	OK("f3 wbinvd (WBNOINVD, same intercept)", "\xf3" WBINVD, true, WBINVD, 3),
	OK("13 prefixes and cpuid: 15 bytes exactly",
	   "\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66" CPUID, true, CPUID, 15),
	OK("12 prefixes and vmmcall: 15 bytes exactly",
	   "\x2e\x2e\x2e\x2e\x2e\x2e\x2e\x2e\x2e\x2e\x2e\x2e" VMMCALL, true, VMMCALL, 15),
	OK("exactly the bytes, nothing after", "\x66" CPUID, true, CPUID, 3),
	NO("14 prefixes and cpuid: 16 bytes",
	   "\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66" CPUID, true, CPUID, "longer than 15"),
	NO("15 prefixes and hlt", "\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e" HLT, true, HLT,
	   "longer than 15"),
	NO("20 prefixes then cpuid", "\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66"
	   CPUID, true, CPUID, "longer than 15"),
	NO("13 prefixes and vmmcall: 16 bytes", "\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66" VMMCALL, true,
	   VMMCALL, "longer than 15"),
	NO("lock cpuid", "\xf0" CPUID, true, CPUID, "LOCK"),
	NO("66 lock rdmsr", "\x66\xf0" RDMSR, true, RDMSR, "LOCK"),
	NO("rdmsr where wrmsr was intercepted", RDMSR, true, WRMSR, "not the intercepted"),
	NO("vmcall where vmmcall was intercepted", VMCALL, true, VMMCALL, "not the intercepted"),
	NO("nop before cpuid is not a prefix", "\x90" CPUID, true, CPUID, "not the intercepted"),
	NO("66 then something else", "\x66\x0f\xa3\x00", true, CPUID, "not the intercepted"),
	NO("REX is INC outside 64-bit mode", "\x48" CPUID, false, CPUID, "not the intercepted"),
	NO("truncated after the prefixes", "\x66\x0f", true, CPUID, "truncated"),
	NO("nothing readable", "", true, CPUID, "truncated"),
	NO("truncated vmmcall", "\x0f\x01", true, VMMCALL, "truncated"),
};

static void run_case(void **state)
{
	const struct len_case *k = *state;
	u8 len = 0x5a;
	const char *why = insn_length((const u8 *)k->b, k->n, k->long_mode, (const u8 *)k->op, k->oplen, &len);
	if (k->want) {
		if (why)
			fail_msg("refused: %s", why);
		assert_int_equal(len, k->want);
	} else {
		assert_contains(why, k->why);
		assert_int_equal(len, 0);
	}
}

/* 32-bit code has no REX: 66 and segment overrides still count (SDM vol. 2, 2.1.1). */
static void test_legacy_32bit(void **state)
{
	static const u8 b[] = { 0x66, 0x3e, 0x0f, 0xa2 };
	u8 len;
	(void)state;
	assert_null(insn_length(b, sizeof(b), false, (const u8 *)CPUID, 2, &len));
	assert_int_equal(len, 4);
}

/* Never reads past avail, even when the buffer beyond it would complete the instruction. */
static void test_stops_at_avail(void **state)
{
	static const u8 b[] = { 0x66, 0x66, 0x0f, 0xa2 };
	u8 len;
	(void)state;
	assert_contains(insn_length(b, 3, true, (const u8 *)CPUID, 2, &len), "truncated");
	assert_contains(insn_length(b, 1, true, (const u8 *)CPUID, 2, &len), "truncated");
}

/*
 * Found by make prove. After 15 prefixes with avail past them, the LOCK check read a 16th byte;
 * now at most min(avail, 15) bytes are read, as insn_decode promises (either way a refusal).
 */
static void test_never_past_15_bytes(void **state)
{
	static const u8 b[16] = { 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e,
				  0x2e, 0xf0 };
	u8 len = 0x5a;
	(void)state;
	assert_contains(insn_length(b, sizeof(b), true, (const u8 *)HLT, 1, &len), "longer than 15");
	assert_int_equal(len, 0);
}

/* Found by make prove: an oplen near 2^32 wrapped pos + oplen past both length checks (exit.c passes 1-3). */
static void test_any_oplen(void **state)
{
	static const u8 c[] = { 0x2e, 0x0f, 0xa2 };
	u8 len = 0x5a;
	(void)state;
	/* one prefix then the "opcode" c + 1 itself: before, 1 + 0xffffffff == 0 and the compare ran on */
	assert_contains(insn_length(c, sizeof(c), true, c + 1, 0xffffffffu, &len), "longer than 15");
	assert_int_equal(len, 0);
}

int main(void)
{
	static struct unit_group g;
	unit_add(&g, "never reads a 16th byte, whatever avail", test_never_past_15_bytes, NULL);
	unit_add(&g, "an oplen near 2^32 is refused, not wrapped", test_any_oplen, NULL);
	unit_add(&g, "legacy prefixes in 32-bit code", test_legacy_32bit, NULL);
	unit_add(&g, "stops at avail", test_stops_at_avail, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		unit_add(&g, cases[i].name, run_case, (void *)&cases[i]);
	return unit_run("insn_len", &g);
}
