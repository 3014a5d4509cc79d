/* cordon: a small AML encoder for static definition blocks: names, integers, strings, scopes, devices, packages, methods. */
#include <lib/acpi/acpi_int.h>
#include <lib/str.h>

/* ACPI 6.4 20.2.2 (names), 20.2.3 (data objects), 20.2.5 (term objects). */
#define ZERO_OP 0x00
#define ONE_OP 0x01
#define NAME_OP 0x08
#define STRING_PREFIX 0x0D
#define BYTE_PREFIX 0x0A
#define WORD_PREFIX 0x0B
#define DWORD_PREFIX 0x0C
#define QWORD_PREFIX 0x0E
#define SCOPE_OP 0x10
#define BUFFER_OP 0x11
#define PACKAGE_OP 0x12
#define METHOD_OP 0x14
#define NOTIFY_OP 0x86 /* 20.2.5.3 DefNotify */
#define METHOD_ARGS_MAX 7 /* MethodFlags bits 2:0 */
#define DUAL_NAME_PREFIX 0x2E
#define MULTI_NAME_PREFIX 0x2F
#define DEVICE_OP 0x5B82 /* ExtOpPrefix 0x5B, then 0x82 */
#define ROOT_CHAR '\\'
#define NULL_NAME 0x00

/* 20.2.4: a PkgLength of four bytes holds at most 28 bits. */
#define PKGLEN_MAX 0x0FFFFFFFu

u32 aml_open(struct acpi_buf *b)
{
	u32 at = b->len;
	/* One byte for now: most objects are short, and aml_close widens the field when they are not. */
	acpi_put8(b, 0);
	return at;
}

/* Bytes a PkgLength needs when the object after it is body bytes long (the length counts itself). */
static u32 pkglen_bytes(u32 body)
{
	if (body + 1 <= 0x3F)
		return 1;
	if (body + 2 <= 0xFFF)
		return 2;
	return body + 3 <= 0xFFFFF ? 3 : 4;
}

/* Moves b->p[from, len) up by k bytes, from the top down since the ranges overlap. */
static bool widen(struct acpi_buf *b, u32 from, u32 k)
{
	if (k > b->cap - b->len) {
		b->over = true;
		return false;
	}
	for (u32 i = b->len; i > from; i--)
		b->p[i - 1 + k] = b->p[i - 1];
	b->len += k;
	return true;
}

/*
 * 20.2.4 Package Length Encoding: up to 63 in one byte (bits 5:0); otherwise bits 7:6 of the lead
 * byte count the bytes that follow, its bits 3:0 hold the low nibble and each following byte the
 * next eight bits.
 */
void aml_close(struct acpi_buf *b, u32 at)
{
	u32 body, n, len;
	if (b->over)
		return;
	body = b->len - at - 1;
	if (body > PKGLEN_MAX - 4) {
		b->over = true;
		return;
	}
	n = pkglen_bytes(body);
	if (n > 1 && !widen(b, at + 1, n - 1))
		return;
	len = body + n;
	if (n == 1) {
		b->p[at] = (u8)len;
		return;
	}
	b->p[at] = (u8)(((n - 1) << 6) | (len & 0xF));
	for (u32 i = 1; i < n; i++)
		b->p[at + i] = (u8)(len >> (4 + 8 * (i - 1)));
}

/* A NameSeg is four characters; ASL pads shorter names with '_', and so do we. */
static void put_seg(struct acpi_buf *b, const char *s, u32 n)
{
	char seg[4] = { '_', '_', '_', '_' };
	c_memcpy(seg, s, n > 4 ? 4 : n);
	acpi_put(b, seg, 4);
}

/* 20.2.2 NameString: "\\_SB_.PCI0" style paths, absolute with a leading backslash. */
void aml_namestring(struct acpi_buf *b, const char *path)
{
	const char *s = path;
	u32 nseg = 1;
	if (*s == '\\') {
		acpi_put8(b, ROOT_CHAR);
		s++;
	}
	if (!*s) {
		acpi_put8(b, NULL_NAME);
		return;
	}
	for (const char *c = s; *c; c++)
		nseg += *c == '.';
	if (nseg == 2)
		acpi_put8(b, DUAL_NAME_PREFIX);
	else if (nseg > 2) {
		acpi_put8(b, MULTI_NAME_PREFIX);
		acpi_put8(b, (u8)nseg);
	}
	while (nseg--) {
		u32 n = 0;
		while (s[n] && s[n] != '.')
			n++;
		put_seg(b, s, n);
		s += n + (s[n] == '.');
	}
}

/* 20.2.3: the shortest encoding, as iasl emits it (tables of revision 2 have 64-bit integers). */
void aml_int(struct acpi_buf *b, u64 v)
{
	if (v <= 1) {
		acpi_put8(b, v ? ONE_OP : ZERO_OP);
	} else if (v <= 0xFF) {
		acpi_put8(b, BYTE_PREFIX);
		acpi_put8(b, (u8)v);
	} else if (v <= 0xFFFF) {
		acpi_put8(b, WORD_PREFIX);
		acpi_put_le(b, v, 2);
	} else if (v <= 0xFFFFFFFF) {
		acpi_put8(b, DWORD_PREFIX);
		acpi_put_le(b, v, 4);
	} else {
		acpi_put8(b, QWORD_PREFIX);
		acpi_put_le(b, v, 8);
	}
}

static u32 hex_digit(char c)
{
	return c <= '9' ? (u32)(c - '0') : (u32)((c | 0x20) - 'a' + 10);
}

/*
 * 6.1.5 _HID: a compressed EISA ID "PNP0A03" is three letters of five bits each (A = 1) and four hex
 * digits, stored big-endian in a 32-bit integer: 0x030AD041 for PNP0A03.
 */
u32 aml_eisaid(const char *id)
{
	u32 vendor = (u32)(id[0] - 0x40) << 10 | (u32)(id[1] - 0x40) << 5 | (u32)(id[2] - 0x40);
	u32 product = 0;
	for (u32 i = 3; i < 7; i++)
		product = product << 4 | hex_digit(id[i]);
	return (vendor >> 8) | (vendor & 0xFF) << 8 | (product >> 8) << 16 | (product & 0xFF) << 24;
}

/* An opcode of one or two bytes, a PkgLength to fill in later, and the name of the object if it has one. */
static u32 open_op(struct acpi_buf *b, u16 op, const char *name)
{
	u32 at;
	if (op > 0xFF)
		acpi_put8(b, (u8)(op >> 8));
	acpi_put8(b, (u8)op);
	at = aml_open(b);
	if (name)
		aml_namestring(b, name);
	return at;
}

u32 aml_scope(struct acpi_buf *b, const char *path)
{
	return open_op(b, SCOPE_OP, path);
}

u32 aml_device(struct acpi_buf *b, const char *name)
{
	return open_op(b, DEVICE_OP, name);
}

/* DefPackage holds at most 255 elements (20.2.5.4); the caller emits exactly nelems of them. */
u32 aml_package(struct acpi_buf *b, u8 nelems)
{
	u32 at = open_op(b, PACKAGE_OP, NULL);
	acpi_put8(b, nelems);
	return at;
}

/* NameOp and the name; the object it names follows. */
void aml_name(struct acpi_buf *b, const char *name)
{
	acpi_put8(b, NAME_OP);
	aml_namestring(b, name);
}

void aml_name_int(struct acpi_buf *b, const char *name, u64 v)
{
	aml_name(b, name);
	aml_int(b, v);
}

/* Always a DWordConst, whatever its value, so the ID reads the same in every table. */
void aml_name_eisaid(struct acpi_buf *b, const char *name, const char *id)
{
	aml_name(b, name);
	acpi_put8(b, DWORD_PREFIX);
	acpi_put_le(b, aml_eisaid(id), 4);
}

/* Name(name, Buffer() {data}): how a ResourceTemplate is encoded. */
void aml_name_buffer(struct acpi_buf *b, const char *name, const struct acpi_buf *data)
{
	u32 at;
	if (data->over) {
		b->over = true;
		return;
	}
	aml_name(b, name);
	at = open_op(b, BUFFER_OP, NULL);
	aml_int(b, data->len);
	acpi_put(b, data->p, data->len);
	aml_close(b, at);
}

/* 20.2.3 String: StringPrefix, ASCII characters 0x01-0x7F, NullChar. */
void aml_string(struct acpi_buf *b, const char *s)
{
	acpi_put8(b, STRING_PREFIX);
	acpi_put(b, s, (u32)c_strlen(s) + 1);
}

void aml_name_string(struct acpi_buf *b, const char *name, const char *s)
{
	aml_name(b, name);
	aml_string(b, s);
}

/*
 * 20.2.5.2 DefMethod: PkgLength, the name, MethodFlags (bits 2:0 ArgCount; bit 3 clear: not
 * serialized, bits 7:4 SyncLevel 0), then its terms up to aml_close.
 */
u32 aml_method(struct acpi_buf *b, const char *name, u8 nargs)
{
	u32 at = open_op(b, METHOD_OP, name);
	acpi_put8(b, nargs > METHOD_ARGS_MAX ? METHOD_ARGS_MAX : nargs);
	return at;
}

/* 20.2.5.3 DefNotify: Notify(object, value); value 0x80 on a power button is "pressed" (4.8.3.1.1). */
void aml_notify(struct acpi_buf *b, const char *path, u64 value)
{
	acpi_put8(b, NOTIFY_OP);
	aml_namestring(b, path);
	aml_int(b, value);
}
