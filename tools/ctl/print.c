/* cordon-ctl: human and JSON output of cordon's answers. */
#include <stdlib.h>
#include <string.h>
#include <tools/ctl/json.h>
#include <tools/ctl/print.h>

/* MGMT_T_VM_INFO's keys, in the order of the table's columns and of the JSON fields. */
static const char *const vm_keys[] = { "name", "label", "state", "vcpus", "memory_mib", "uptime_ms", "exits", "end" };
#define NVM (sizeof(vm_keys) / sizeof(vm_keys[0]))
#define ROW "%-16s %-12s %-10s %5s %7s %10s %10s  %s\n"

void fmt_uptime(char *out, size_t cap, const char *ms)
{
	unsigned long long v, s;
	if (!json_is_u64(ms)) {
		snprintf(out, cap, "-");
		return;
	}
	v = strtoull(ms, NULL, 10);
	s = v / 1000;
	if (s >= 3600)
		snprintf(out, cap, "%lluh%02llum%02llus", s / 3600, s / 60 % 60, s % 60);
	else if (s >= 60)
		snprintf(out, cap, "%llum%02llus", s / 60, s % 60);
	else
		snprintf(out, cap, "%llu.%03llus", s, v % 1000);
}

/* "k":v,... for keys (no braces): numbers as numbers, a missing key as "". */
static void json_fields(FILE *f, const struct kv *kv, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s\"%s\":", i ? "," : "", keys[i]);
		json_num_or_str(f, kv_get(kv, keys[i], ""));
	}
}

static void table_row(FILE *f, const struct kv *kv)
{
	char up[32], mem[32];
	const char *m = kv_get(kv, "memory_mib", "-");
	fmt_uptime(up, sizeof(up), kv_get(kv, "uptime_ms", "-"));
	snprintf(mem, sizeof(mem), json_is_u64(m) ? "%sM" : "%s", m);
	fprintf(f, ROW, kv_get(kv, "name", "-"), kv_get(kv, "label", "-"),
		kv_get(kv, "state", "-"), kv_get(kv, "vcpus", "-"), mem, up, kv_get(kv, "exits", "-"),
		kv_get(kv, "end", "-"));
}

const char *print_list(FILE *f, const struct ctl_rsp *r, bool json)
{
	struct kv kv;
	u32 off = 0, n, count = 0;
	u16 tag;
	const u8 *v;
	/* parse everything first: a malformed answer prints nothing rather than half a table */
	while (ctl_item_next(r->items, r->len, &off, &tag, &v, &n))
		if (tag == MGMT_T_VM_INFO && kv_parse(v, n, "end", &kv) < 0)
			return "a VM description is not key=value text";
	if (json)
		fputc('[', f);
	else
		fprintf(f, ROW, "NAME", "LABEL", "STATE", "VCPUS", "MEMORY", "UPTIME", "EXITS", "END");
	off = 0;
	while (ctl_item_next(r->items, r->len, &off, &tag, &v, &n)) {
		if (tag != MGMT_T_VM_INFO)
			continue;
		kv_parse(v, n, "end", &kv);
		if (json) {
			fputs(count ? ",{" : "{", f);
			json_fields(f, &kv, vm_keys, NVM);
			fputc('}', f);
		} else
			table_row(f, &kv);
		count++;
	}
	if (json)
		fputs("]\n", f);
	return NULL;
}

const char *print_policy(FILE *f, const struct ctl_rsp *r, bool json)
{
	static const char *const keys[] = { "name", "digest", "serial", "since_ms" };
	struct kv kv;
	u32 n;
	const u8 *p = mgmt_find(r->items, r->len, MGMT_T_POLICY_INFO, &n);
	const char *labels;
	if (!p)
		return "no policy description in the answer";
	if (kv_parse(p, n, "labels", &kv) < 0)
		return "the policy description is not key=value text";
	labels = kv_get(&kv, "labels", "");
	if (!json) {
		char up[32];
		fmt_uptime(up, sizeof(up), kv_get(&kv, "since_ms", "-"));
		fprintf(f, "name:    %s\ndigest:  %s\nserial:  %s\nloaded:  %s after boot\nlabels:  %s\n",
			kv_get(&kv, "name", "-"), kv_get(&kv, "digest", "-"), kv_get(&kv, "serial", "-"), up, labels);
		return NULL;
	}
	fputc('{', f);
	json_fields(f, &kv, keys, 4);
	fputs(",\"labels\":[", f);
	for (const char *l = labels; *l;) {
		size_t k = strcspn(l, ",");
		if (l != labels)
			fputc(',', f);
		json_str(f, l, (u32)k);
		l += k + (l[k] == ',');
	}
	fputs("]}\n", f);
	return NULL;
}

void print_audit(FILE *f, const struct audit_line *a, bool json)
{
	if (!json) {
		fprintf(f, "cordon: audit %s hash=%s\n", a->text, a->hash);
		return;
	}
	fprintf(f, "{\"seq\":%llu,\"text\":", (unsigned long long)a->seq);
	json_str(f, a->text, (u32)strlen(a->text));
	fprintf(f, ",\"hash\":\"%s\"}\n", a->hash);
}

/* The gap line's wording is what tools/cordon-audit looks for (CTL_GAP_MARK there). */
void print_gap(FILE *f, u64 first, u64 last, bool json)
{
	if (json)
		fprintf(f, "{\"gap\":{\"first\":%llu,\"last\":%llu}}\n", (unsigned long long)first,
			(unsigned long long)last);
	else
		fprintf(f, "cordon-ctl: audit gap: records %llu..%llu were overwritten before they were read\n",
			(unsigned long long)first, (unsigned long long)last);
}

void print_result(FILE *f, const struct ctl_rsp *r, bool json)
{
	if (!json) {
		if (r->status == MGMT_S_OK && r->text[0])
			fprintf(f, "%s\n", r->text);
		return;
	}
	fprintf(f, "{\"ok\":%s,\"status\":%u,\"status_name\":\"%s\",\"text\":", r->status == MGMT_S_OK ? "true" : "false",
		r->status, ctl_status_name(r->status));
	json_str(f, r->text, (u32)strlen(r->text));
	fputs("}\n", f);
}
