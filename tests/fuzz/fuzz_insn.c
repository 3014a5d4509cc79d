/* cordon fuzz target: MMIO instruction decoder (lib/x86/insn.c) and intercepted-instruction lengths (lib/x86/insn_len.c). */
/* sources: lib/x86/insn.c lib/x86/insn_len.c lib/str.c */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/x86/insn.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "fuzz_insn: check failed: %s\n", #c);   \
			abort();                                               \
		}                                                              \
	} while (0)

static int pow2_size(u8 n)
{
	return n == 1 || n == 2 || n == 4 || n == 8;
}

/* Decodes from an exact-size copy, so ASan reports any read past avail. */
static const char *decode_copy(const u8 *b, u32 n, bool lm, bool d32, struct insn *out)
{
	u8 *cut = malloc(n ? n : 1);
	const char *why;
	CHECK(cut != NULL);
	memcpy(cut, b, n);
	why = insn_decode(cut, n, lm, d32, out);
	free(cut);
	return why;
}

/* What insn.h promises about an accepted instruction. */
static void check_fields(const struct insn *in, u32 avail)
{
	CHECK(in->len >= 1 && in->len <= 15 && in->len <= avail);
	CHECK(pow2_size(in->size) && pow2_size(in->dst_size) && in->dst_size >= in->size);
	CHECK(in->reg < 16);
	CHECK(!in->high_byte || (in->reg < 4 && in->size == 1 && in->dst_size == 1));
	CHECK(!in->has_imm || in->write);
	CHECK(!(in->zero_extend && in->sign_extend));
	CHECK(!(in->zero_extend || in->sign_extend) || !in->write); /* 66 0F B7/BF: 16 from 16 */
	CHECK(in->seg <= INSN_SEG_GS && !in->lock && in->need == 0);
}

/* The instruction's own bytes decode the same; one byte fewer is "truncated". */
static void check_closed(const u8 *b, const struct insn *in, bool lm, bool d32)
{
	struct insn again;
	const char *why = decode_copy(b, in->len, lm, d32, &again);
	CHECK(why == NULL && memcmp(&again, in, sizeof(again)) == 0);
	why = decode_copy(b, in->len - 1u, lm, d32, &again);
	CHECK(why != NULL && strstr(why, "truncated") && again.need == in->len);
}

/* Register-file semantics: only reg changes, and only in the bits the width allows. */
static void check_apply(const struct insn *in, u64 value)
{
	u64 regs[16], old[16];
	u64 mask = in->size == 8 ? ~0ULL : (1ULL << (8 * in->size)) - 1;
	for (int i = 0; i < 16; i++)
		regs[i] = old[i] = 0x0123456789abcdefULL * (u64)(i + 1);
	CHECK((insn_write_value(in, regs) & ~mask) == 0);
	insn_apply_read(in, regs, value);
	for (int i = 0; i < 16; i++)
		CHECK(i == in->reg || regs[i] == old[i]);
	if (in->write)
		CHECK(regs[in->reg] == old[in->reg]);
	else if (in->high_byte)
		CHECK(regs[in->reg] == ((old[in->reg] & ~0xff00ULL) | (value & 0xff) << 8));
	else if (in->dst_size == 4)
		CHECK(regs[in->reg] >> 32 == 0);
	else if (in->dst_size < 4)
		CHECK(regs[in->reg] >> (8 * in->dst_size) == old[in->reg] >> (8 * in->dst_size));
}

/* insn_length on an exact-size copy: an accepted length ends with the opcode, within 15 bytes and avail. */
static void check_length(const u8 *b, u32 n, bool lm, u8 pick)
{
	static const u8 ops[][3] = { { 0x0f, 0xa2 }, { 0xf4 }, { 0x0f, 0x32 }, { 0x0f, 0x01, 0xd9 } };
	static const u32 lens[] = { 2, 1, 2, 3 };
	u32 k = pick % 4;
	u8 *cut = malloc(n ? n : 1), len = 0xff;
	const char *why;
	CHECK(cut != NULL);
	memcpy(cut, b, n);
	why = insn_length(cut, n, lm, ops[k], lens[k], &len);
	free(cut);
	if (why) {
		CHECK(*why != '\0' && len == 0);
		return;
	}
	CHECK(len >= lens[k] && len <= 15 && len <= n);
	CHECK(memcmp(b + len - lens[k], ops[k], lens[k]) == 0);
	for (u32 i = 0; i + lens[k] < len; i++)
		CHECK(b[i] != 0xf0 && (b[i] == 0x66 || b[i] == 0x67 || b[i] == 0xf2 || b[i] == 0xf3 || b[i] == 0x26 ||
				       b[i] == 0x2e || b[i] == 0x36 || b[i] == 0x3e || b[i] == 0x64 || b[i] == 0x65 ||
				       (lm && (b[i] & 0xf0) == 0x40)));
}

/* data[0] picks the mode (bit 0: 64-bit, bit 1: CS.D) and data[1..8] the value a load returns. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct insn in;
	const char *why;
	bool lm, d32;
	u64 value = 0;
	if (size < 9)
		return 0;
	lm = data[0] & 1;
	d32 = data[0] & 2;
	memcpy(&value, data + 1, 8);
	data += 9;
	size -= 9;
	check_length(data, (u32)size, lm, (u8)(value >> 56));
	why = decode_copy(data, (u32)size, lm, d32, &in);
	if (why) {
		CHECK(*why != '\0');
		CHECK(!strstr(why, "truncated") || (in.need > size && in.need <= 15));
		return 0;
	}
	check_fields(&in, (u32)size);
	check_closed(data, &in, lm, d32);
	check_apply(&in, value);
	return 0;
}
