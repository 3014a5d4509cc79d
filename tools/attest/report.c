/* cordon-attest: the verdict: named checks, reference-value findings, text and JSON output. */
#include <stdarg.h>
#include <string.h>
#include <tools/attest/report.h>

void report_check(struct report *r, const char *name, u32 state, const char *fmt, ...)
{
	va_list ap;
	struct check *c;
	if (r->nchecks == REPORT_MAX_CHECKS)
		return; /* the table is sized for every check the verifier makes */
	c = &r->checks[r->nchecks++];
	c->name = name;
	c->state = state;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
}

void report_finding(struct report *r, const char *severity, const char *component, const char *msg)
{
	struct finding *f;
	if (r->nfindings == REPORT_MAX_FINDINGS) {
		r->dropped++;
		return;
	}
	f = &r->findings[r->nfindings++];
	f->severity = severity;
	snprintf(f->component, sizeof(f->component), "%s", component);
	snprintf(f->msg, sizeof(f->msg), "%s", msg);
}

static bool is_error(const struct finding *f)
{
	return strcmp(f->severity, "error") == 0;
}

bool report_trusted(const struct report *r)
{
	if (r->nchecks == 0 || r->dropped)
		return false;
	for (u32 i = 0; i < r->nchecks; i++)
		if (r->checks[i].state != CHECK_OK)
			return false;
	for (u32 i = 0; i < r->nfindings; i++)
		if (is_error(&r->findings[i]))
			return false;
	return true;
}

bool report_ok(const struct report *r, const char *name)
{
	for (u32 i = 0; i < r->nchecks; i++)
		if (strcmp(r->checks[i].name, name) == 0)
			return r->checks[i].state == CHECK_OK;
	return false;
}

void report_printable(char *out, size_t cap, const u8 *s, u32 n)
{
	size_t i = 0;
	if (!cap)
		return;
	for (; i < n && i + 1 < cap; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
	out[i] = 0;
}

/* Control characters from hostile logs never reach the terminal. */
static void put_clean(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
}

/* One reason line: prefix, a, and ": b" when b is given. */
static void line(FILE *f, const char *prefix, const char *a, const char *b)
{
	fputs(prefix, f);
	put_clean(f, a);
	if (b) {
		fputs(": ", f);
		put_clean(f, b);
	}
	fputc('\n', f);
}

/* Which policy is in force, and whether the reference values accept it. */
static void policy_line(FILE *f, const struct report *r)
{
	if (!r->policy_known)
		return;
	fputs("  policy in force: ", f);
	put_clean(f, r->policy_name);
	fprintf(f, " (%s, serial %llu, sha256 %s): %s\n", r->policy_changed ? "loaded at run time" : "boot policy",
		(unsigned long long)r->policy_serial, r->policy_sha256,
		r->policy_accepted ? "accepted by the reference values" : "NOT in the reference values");
}

/* One line per vTPM: the EK name its domain made at start, which the quoted log holds. */
static void vtpm_lines(FILE *f, const struct report *r)
{
	for (u32 i = 0; i < r->nvtpm; i++) {
		fputs("  vTPM of ", f);
		put_clean(f, r->vtpm[i].client);
		fputs(": EK name ", f);
		put_clean(f, r->vtpm[i].ek_name);
		fputc('\n', f);
	}
}

void report_text(FILE *f, const struct report *r)
{
	if (report_trusted(r)) {
		fprintf(f, "platform TRUSTED — firmware log replayed (%u events), %s; quote fresh; AK certified by the TPM's EK\n",
			r->fw_events, r->summary);
		policy_line(f, r);
		vtpm_lines(f, r);
		for (u32 i = 0; i < r->nfindings; i++) /* warnings and notes that did not change the verdict */
			line(f, "  note: ", r->findings[i].component, r->findings[i].msg);
		return;
	}
	fprintf(f, "platform UNTRUSTED\n");
	policy_line(f, r);
	vtpm_lines(f, r);
	for (u32 i = 0; i < r->nchecks; i++)
		if (r->checks[i].state == CHECK_FAILED)
			line(f, "  - ", r->checks[i].detail, NULL);
	for (u32 i = 0; i < r->nfindings; i++)
		if (is_error(&r->findings[i]))
			line(f, "  - ", r->findings[i].component, r->findings[i].msg);
	for (u32 i = 0; i < r->nchecks; i++)
		if (r->checks[i].state == CHECK_SKIPPED)
			line(f, "  - not checked: ", r->checks[i].detail, NULL);
	if (r->dropped)
		fprintf(f, "  - %u more findings not shown\n", r->dropped);
}

/* A JSON string (RFC 8259, 7): quotes, backslashes and control characters escaped. */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else if (c >= 0x7f) /* the text may come from a hostile log: never emit invalid UTF-8 */
			fputc('?', f);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static const char *state_name(u32 s)
{
	return s == CHECK_OK ? "ok" : s == CHECK_FAILED ? "failed" : "skipped";
}

void report_json(FILE *f, const struct report *r)
{
	fprintf(f, "{\"verdict\":\"%s\",\"checks\":[", report_trusted(r) ? "trusted" : "untrusted");
	for (u32 i = 0; i < r->nchecks; i++) {
		const struct check *c = &r->checks[i];
		fprintf(f, "%s{\"name\":", i ? "," : "");
		json_str(f, c->name);
		fprintf(f, ",\"ok\":%s,\"state\":\"%s\",\"detail\":", c->state == CHECK_OK ? "true" : "false",
			state_name(c->state));
		json_str(f, c->detail);
		fputc('}', f);
	}
	fprintf(f, "],\"findings\":[");
	for (u32 i = 0; i < r->nfindings; i++) {
		const struct finding *x = &r->findings[i];
		fprintf(f, "%s{\"severity\":\"%s\",\"component\":", i ? "," : "", x->severity);
		json_str(f, x->component);
		fprintf(f, ",\"message\":");
		json_str(f, x->msg);
		fputc('}', f);
	}
	fprintf(f, "],\"policy\":");
	if (r->policy_known) {
		fprintf(f, "{\"name\":");
		json_str(f, r->policy_name);
		fprintf(f, ",\"source\":\"%s\",\"serial\":%llu,\"sha256\":\"%s\",\"accepted\":%s}",
			r->policy_changed ? "changed" : "boot", (unsigned long long)r->policy_serial, r->policy_sha256,
			r->policy_accepted ? "true" : "false");
	} else {
		fprintf(f, "null");
	}
	fprintf(f, ",\"vtpms\":[");
	for (u32 i = 0; i < r->nvtpm; i++) {
		fprintf(f, "%s{\"vm\":", i ? "," : "");
		json_str(f, r->vtpm[i].client);
		fprintf(f, ",\"ek_name\":");
		json_str(f, r->vtpm[i].ek_name);
		fputc('}', f);
	}
	fprintf(f, "]");
	fprintf(f, ",\"findings_dropped\":%u,\"firmware_events\":%u}\n", r->dropped, r->fw_events);
}
