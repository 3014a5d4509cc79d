/* cordon-ctl: reading cordon's answers: status, text, VM and policy descriptions, audit batches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tools/ctl/response.h>

static u32 get32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* Text from cordon goes to terminals and logs: control characters and non-ASCII become '?'. */
static void clean_copy(char *out, u32 cap, const u8 *s, u32 n)
{
	u32 i = 0;
	for (; i < n && i + 1 < cap; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
	out[i] = 0;
}

const char *ctl_status_name(u32 status)
{
	static const char *const names[] = { "ok", "bad request", "no TPM", "TPM command failed", "no identity",
					     "too big", "unauthenticated", "stale challenge", "no such VM",
					     "wrong state", "refused", "bad policy" };
	return status < sizeof(names) / sizeof(names[0]) ? names[status] : "unknown status";
}

const char *ctl_rsp_parse(u16 type, const u8 *items, u32 len, struct ctl_rsp *r)
{
	const char *why = mgmt_check_items(items, len);
	const u8 *p;
	u32 n;
	memset(r, 0, sizeof(*r));
	r->type = type;
	r->items = items;
	r->len = len;
	if (why)
		return why;
	p = mgmt_find(items, len, MGMT_T_STATUS, &n);
	if (p && n != 4)
		return "status item is not 4 bytes";
	if (!p && type != MGMT_CHALLENGE_RSP)
		return "no status item";
	r->status = p ? get32(p) : MGMT_S_OK;
	if (type == MGMT_ERROR && r->status == MGMT_S_OK)
		return "an error frame with status ok";
	if ((p = mgmt_find(items, len, MGMT_T_TEXT, &n)))
		clean_copy(r->text, sizeof(r->text), p, n);
	return NULL;
}

bool ctl_item_next(const u8 *items, u32 len, u32 *off, u16 *tag, const u8 **val, u32 *vlen)
{
	u32 n;
	if ((u64)*off + 6 > len)
		return false;
	n = get32(items + *off + 2);
	if ((u64)*off + 6 + n > len)
		return false;
	*tag = (u16)(items[*off] << 8 | items[*off + 1]);
	*val = items + *off + 6;
	*vlen = n;
	*off += 6 + n;
	return true;
}

bool ctl_get_u64(const u8 *items, u32 len, u16 tag, u64 *out)
{
	u32 n;
	const u8 *p = mgmt_find(items, len, tag, &n);
	if (!p || n != 8)
		return false;
	*out = (u64)get32(p) << 32 | get32(p + 4);
	return true;
}

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

int kv_parse(const u8 *text, u32 len, const char *last, struct kv *kv)
{
	char buf[CTL_TEXT_MAX], *s = buf;
	clean_copy(buf, sizeof(buf), text, len);
	kv->n = 0;
	while (*s) {
		char *eq = s, *end;
		while (key_char(*eq))
			eq++;
		if (eq == s || *eq != '=' || eq - s >= KV_KEY || kv->n == KV_MAX)
			return -1;
		*eq = 0;
		end = strcmp(s, last) ? eq + 1 + strcspn(eq + 1, " ") : eq + 1 + strlen(eq + 1);
		memcpy(kv->key[kv->n], s, (size_t)(eq - s) + 1); /* with the NUL written over '=' */
		snprintf(kv->val[kv->n], KV_VAL, "%.*s", (int)(end - eq - 1), eq + 1);
		kv->n++;
		s = *end ? end + 1 : end;
	}
	return 0;
}

const char *kv_get(const struct kv *kv, const char *key, const char *dflt)
{
	for (u32 i = 0; i < kv->n; i++)
		if (!strcmp(kv->key[i], key))
			return kv->val[i];
	return dflt;
}

const char *audit_line_parse(const u8 *rec, u32 len, struct audit_line *a)
{
	char buf[CTL_TEXT_MAX + 80], *h, *end;
	if (len >= sizeof(buf))
		return "audit record too long";
	clean_copy(buf, sizeof(buf), rec, len);
	h = strstr(buf, " hash=");
	if (!h || strlen(h + 6) != 64 || strspn(h + 6, "0123456789abcdef") != 64)
		return "audit record without a hash";
	if (strncmp(buf, "seq=", 4) || buf[4] < '0' || buf[4] > '9')
		return "audit record without a sequence number";
	a->seq = strtoull(buf + 4, &end, 10);
	if (*end != ' ')
		return "audit record without a sequence number";
	if ((size_t)(h - buf) >= sizeof(a->text))
		return "audit record too long";
	memcpy(a->text, buf, (size_t)(h - buf));
	a->text[h - buf] = 0;
	memcpy(a->hash, h + 6, 65);
	return NULL;
}
