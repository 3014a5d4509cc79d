/* cordon tests: an independent decoder for the AML subset lib/acpi/acpi_dsdt.c emits (ACPI 6.4 ch. 20). */
#ifndef CORDON_TESTS_AML_WALK_H
#define CORDON_TESTS_AML_WALK_H
#include <stdio.h>
#include <string.h>
#include <cordon/types.h>

/*
 * Written from the specification, not from lib/acpi/aml.c, so the two can disagree: every PkgLength must
 * end inside its parent, every object list must end exactly where its parent does, every Package
 * must hold exactly NumElements elements and every Buffer exactly BufferSize bytes.
 */

#define AW_MAX_NAMES 48

struct aw_name {
	char path[64];	/* "\\_SB_.PCI0._PRT"; a method's Notify: "\\_SB_.GED0._EVT>\\_SB_.PWRB" */
	const u8 *obj;	/* the data object named; a method's MethodFlags byte; a Notify's value */
};

struct aw {
	struct aw_name n[AW_MAX_NAMES];
	int count;
};

/* 20.2.4: returns the bytes the PkgLength at p takes and stores the length it encodes in *len. */
static inline u32 aw_pkglen(const u8 *p, const u8 *end, u32 *len)
{
	u32 follow = p[0] >> 6, v;
	if (follow == 0) {
		*len = p[0] & 0x3F;
		return 1;
	}
	if (p + 1 + follow > end || (p[0] & 0x30))
		return 0; /* bits 5:4 must be zero in a multi-byte lead */
	v = p[0] & 0x0F;
	for (u32 i = 0; i < follow; i++)
		v |= (u32)p[1 + i] << (4 + 8 * i);
	*len = v;
	return 1 + follow;
}

/* Opens a PkgLength-framed object whose PkgLength starts at p; returns its body, *oend its end. */
static inline const u8 *aw_frame(const u8 *p, const u8 *end, const u8 **oend)
{
	u32 len, n;
	if (p >= end || !(n = aw_pkglen(p, end, &len)) || len < n || len > (u32)(end - p))
		return NULL;
	*oend = p + len;
	return p + n;
}

/* 20.2.2 NameString, appended to out as dotted segments; returns the first byte after it. */
static inline const u8 *aw_namestring(const u8 *p, const u8 *end, char *out, size_t cap)
{
	u32 nseg = 1;
	if (p < end && *p == '\\') {
		strncat(out, "\\", cap - strlen(out) - 1);
		p++;
	}
	if (p < end && *p == 0x2E) {
		nseg = 2;
		p++;
	} else if (p + 1 < end && *p == 0x2F) {
		nseg = p[1];
		p += 2;
	}
	if (p + 4 * nseg > end)
		return NULL;
	for (u32 i = 0; i < nseg; i++, p += 4) {
		size_t l = strlen(out);
		if (l && out[l - 1] != '\\')
			strncat(out, ".", cap - l - 1);
		strncat(out, (const char *)p, 4 < cap - strlen(out) - 1 ? 4 : cap - strlen(out) - 1);
	}
	return p;
}

/* 20.2.3 integer constants: *v gets the value; returns NULL if p is not one. */
static inline const u8 *aw_int(const u8 *p, const u8 *end, u64 *v)
{
	static const u32 width[] = { [0x0A] = 1, [0x0B] = 2, [0x0C] = 4, [0x0E] = 8 };
	u32 w;
	if (p >= end)
		return NULL;
	if (*p == 0x00 || *p == 0x01) {
		*v = *p;
		return p + 1;
	}
	if (*p > 0x0E || !(w = width[*p]) || p + 1 + w > end)
		return NULL;
	*v = 0;
	for (u32 i = 0; i < w; i++)
		*v |= (u64)p[1 + i] << (8 * i);
	return p + 1 + w;
}

static inline const u8 *aw_data(const u8 *p, const u8 *end);

/* DefBuffer: BufferOp PkgLength BufferSize ByteList, with the byte count equal to BufferSize. */
static inline const u8 *aw_buffer(const u8 *p, const u8 *end)
{
	const u8 *oend, *q = aw_frame(p + 1, end, &oend);
	u64 size;
	if (!q || !(q = aw_int(q, oend, &size)) || size != (u64)(oend - q))
		return NULL;
	return oend;
}

/* DefPackage: PackageOp PkgLength NumElements PackageElementList, exactly NumElements of them. */
static inline const u8 *aw_package(const u8 *p, const u8 *end)
{
	const u8 *oend, *q = aw_frame(p + 1, end, &oend);
	u32 n;
	if (!q || q >= oend)
		return NULL;
	n = *q++;
	while (n--)
		if (!(q = aw_data(q, oend)))
			return NULL;
	return q == oend ? oend : NULL;
}

/* 20.2.3 String: StringPrefix, ASCII 0x01-0x7F, then NullChar inside the parent. */
static inline const u8 *aw_string(const u8 *p, const u8 *end)
{
	for (p++; p < end && *p; p++)
		if (*p > 0x7F)
			return NULL;
	return p < end ? p + 1 : NULL;
}

static inline const u8 *aw_data(const u8 *p, const u8 *end)
{
	u64 v;
	if (p >= end)
		return NULL;
	if (*p == 0x0D)
		return aw_string(p, end);
	if (*p == 0x11)
		return aw_buffer(p, end);
	if (*p == 0x12)
		return aw_package(p, end);
	return aw_int(p, end, &v);
}

static inline bool aw_termlist(struct aw *w, const u8 *p, const u8 *end, const char *scope);

/* NameOp NameString DataRefObject: recorded under its full path. */
static inline const u8 *aw_name_op(struct aw *w, const u8 *p, const u8 *end, const char *scope)
{
	struct aw_name *n;
	if (w->count == AW_MAX_NAMES)
		return NULL;
	n = &w->n[w->count++];
	snprintf(n->path, sizeof(n->path), "%s", p[1] == '\\' ? "" : scope);
	if (!(p = aw_namestring(p + 1, end, n->path, sizeof(n->path))))
		return NULL;
	n->obj = p;
	return aw_data(p, end);
}

/* ScopeOp or DeviceOp: PkgLength NameString TermList, the list ending with the object. */
static inline const u8 *aw_scoped(struct aw *w, const u8 *p, const u8 *end, const char *scope)
{
	char path[64];
	const u8 *oend, *q = aw_frame(p, end, &oend);
	snprintf(path, sizeof(path), "%s", q && *q == '\\' ? "" : scope);
	if (!q || !(q = aw_namestring(q, oend, path, sizeof(path))))
		return NULL;
	return aw_termlist(w, q, oend, path) ? oend : NULL;
}

/* 20.2.5.2 DefMethod: PkgLength NameString MethodFlags TermList; recorded with obj = its flags. */
static inline const u8 *aw_method(struct aw *w, const u8 *p, const u8 *end, const char *scope)
{
	struct aw_name *n;
	const u8 *oend, *q = aw_frame(p, end, &oend);
	if (!q || w->count == AW_MAX_NAMES)
		return NULL;
	n = &w->n[w->count++];
	snprintf(n->path, sizeof(n->path), "%s", *q == '\\' ? "" : scope);
	if (!(q = aw_namestring(q, oend, n->path, sizeof(n->path))) || q >= oend)
		return NULL;
	n->obj = q;
	return aw_termlist(w, q + 1, oend, n->path) ? oend : NULL;
}

/* 20.2.5.3 DefNotify: NotifyObject (a NameString here) NotifyValue (an integer here); "scope>target". */
static inline const u8 *aw_notify(struct aw *w, const u8 *p, const u8 *end, const char *scope)
{
	struct aw_name *n;
	u64 v;
	if (w->count == AW_MAX_NAMES)
		return NULL;
	n = &w->n[w->count++];
	snprintf(n->path, sizeof(n->path), "%s>", scope);
	if (!(p = aw_namestring(p, end, n->path, sizeof(n->path))))
		return NULL;
	n->obj = p;
	return aw_int(p, end, &v);
}

static inline bool aw_termlist(struct aw *w, const u8 *p, const u8 *end, const char *scope)
{
	while (p && p < end) {
		if (*p == 0x14)
			p = aw_method(w, p + 1, end, scope);
		else if (*p == 0x86)
			p = aw_notify(w, p + 1, end, scope);
		else if (*p == 0x08)
			p = aw_name_op(w, p, end, scope);
		else if (*p == 0x10)
			p = aw_scoped(w, p + 1, end, scope);
		else if (p + 1 < end && p[0] == 0x5B && p[1] == 0x82)
			p = aw_scoped(w, p + 2, end, scope);
		else
			return false;
	}
	return p == end;
}

static inline const struct aw_name *aw_find(const struct aw *w, const char *path)
{
	for (int i = 0; i < w->count; i++)
		if (!strcmp(w->n[i].path, path))
			return &w->n[i];
	return NULL;
}

/*
 * ACPI 6.4 6.4.3.4 32-Bit Fixed Memory Range Descriptors of a resource template (a _CRS Buffer's bytes),
 * in order: tag 0x86, length 9, information (bit 0: read-write), base, length. Small items are
 * stepped over by their tag's length bits (6.4.2), large ones by their 16-bit length (6.4.3); the
 * template must end with the End Tag (0x79) exactly at its last two bytes. Returns how many ranges
 * were found (at most max), or -1 for a malformed template.
 */
struct aw_mem32 {
	u8 info;
	u32 base, len;
};

static inline u32 aw_le32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static inline int aw_mem32_ranges(const u8 *crs, u32 len, struct aw_mem32 *out, int max)
{
	const u8 *p = crs, *end = crs + len;
	int n = 0;
	while (p < end && *p != 0x79) {
		u32 size = *p & 0x80 ? (p + 3 <= end ? 3u + (p[1] | (u32)p[2] << 8) : 0) : 1u + (*p & 7);
		if (!size || size > (u32)(end - p))
			return -1;
		if (*p == 0x86) {
			if (size != 12 || p[1] != 9 || p[2] != 0 || n == max)
				return -1;
			out[n++] = (struct aw_mem32){ .info = p[3], .base = aw_le32(p + 4), .len = aw_le32(p + 8) };
		}
		p += size;
	}
	return p + 2 == end ? n : -1;
}

#endif
