/* cordon: boot.cfg parser (line-oriented "key = value" with [vm] sections). */
#include <lib/cfg/cfg_int.h>
#include <lib/fmt.h>
#include <lib/str.h>

/* One logical line split into key and value, both NUL-terminated copies. */
int cfg_fail(struct cfg_parser *p, const char *fmt, ...)
{
	va_list ap;
	p->err->line = p->lineno;
	va_start(ap, fmt);
	fmt_vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static const char *skip_space(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++;
	return s;
}

/*
 * The value parsers fill a cfg_line value; its size is a constant in their bounds checks, so Eva widens
 * the length to it at the loop head (a parameter gives no such hint: make prove).
 */

/* Quoted value: "..." with \" and \\ escapes; only a comment may follow. */
static int parse_quoted(struct cfg_parser *p, const char *s, const char *end, char out[CFG_VALUE_MAX])
{
	u64 n = 0;
	for (s++; s < end && *s != '"'; s++) {
		if (*s == '\\' && s + 1 < end && (s[1] == '"' || s[1] == '\\'))
			s++;
		if (n >= CFG_VALUE_MAX - 1) /* not n + 1 >= size: Eva reduces n only without the wrapping + 1 */
			return cfg_fail(p, "value too long (max %llu bytes)", (u64)CFG_VALUE_MAX - 1);
		out[n++] = *s;
	}
	if (s >= end)
		return cfg_fail(p, "unterminated string");
	out[n] = 0;
	s = skip_space(s + 1, end);
	if (s < end && *s != '#')
		return cfg_fail(p, "unexpected text after closing quote");
	return 0;
}

/* Bare value: everything up to a comment, trailing blanks removed. */
static int parse_bare(struct cfg_parser *p, const char *s, const char *end, char out[CFG_VALUE_MAX])
{
	const char *e = s;
	u64 n = 0;
	while (e < end && *e != '#')
		e++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (e == s)
		return cfg_fail(p, "missing value");
	if ((u64)(e - s) >= CFG_VALUE_MAX)
		return cfg_fail(p, "value too long");
	/* A loop bounded by e and by the size (never reached: checked above), not c_memcpy(out, s, e - s):
	 * Eva bounds each pointer, not their difference (make prove). */
	for (const char *c = s; c < e && n < CFG_VALUE_MAX - 1; c++)
		out[n++] = *c;
	out[n] = 0;
	return 0;
}

static bool is_key_char(char c)
{
	return c_isalnum(c) || c == '_';
}

/* Splits "key = value" into *l. */
static int split_line(struct cfg_parser *p, const char *s, const char *end, struct cfg_line *l)
{
	u64 n = 0;
	while (s < end && is_key_char(*s)) {
		if (n >= sizeof(l->key) - 1)
			return cfg_fail(p, "key too long");
		l->key[n++] = *s++;
	}
	l->key[n] = 0;
	if (!n)
		return cfg_fail(p, "expected 'key = value' or a [vm] section");
	s = skip_space(s, end);
	if (s >= end || *s != '=')
		return cfg_fail(p, "expected '=' after '%s'", l->key);
	s = skip_space(s + 1, end);
	if (s < end && *s == '"')
		return parse_quoted(p, s, end, l->value);
	return parse_bare(p, s, end, l->value);
}

/* [s, e) is exactly "[vm]"; walks both bounds rather than comparing e - s (make prove). */
static bool is_vm_header(const char *s, const char *e)
{
	static const char h[] = "[vm]";
	u32 k = 0;
	for (; s < e && k < sizeof(h) - 1; s++, k++)
		if (*s != h[k])
			return false;
	return s == e && k == sizeof(h) - 1;
}

static int parse_section(struct cfg_parser *p, const char *s, const char *end)
{
	const char *e = s;
	while (e < end && *e != '#') /* a comment may follow the header */
		e++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (!is_vm_header(s, e))
		return cfg_fail(p, "unknown section (only [vm] exists)");
	if (p->vm && cfg_finish_vm(p) < 0)
		return -1;
	if (p->cfg->nvms >= CFG_MAX_VMS)
		return cfg_fail(p, "too many VMs (max %d)", CFG_MAX_VMS);
	p->vm = &p->cfg->vms[p->cfg->nvms++];
	c_memset(p->vm, 0, sizeof(*p->vm));
	p->vm->line = p->lineno;
	p->vm->vcpus = 1;
	p->seen = 0;
	return 0;
}

static int parse_line(struct cfg_parser *p, const char *s, const char *end)
{
	struct cfg_line l;
	c_memset(&l, 0, sizeof(l)); /* the key lookup compares whole words of it (cfg_keys.c) */
	s = skip_space(s, end);
	if (s >= end || *s == '#')
		return 0;
	if (*s == '[')
		return parse_section(p, s, end);
	if (split_line(p, s, end, &l) < 0)
		return -1;
	return p->vm ? cfg_set_vm_key(p, &l) : cfg_set_global_key(p, &l);
}

/* Printable ASCII and tabs; CR only as the last byte (CRLF files). */
static bool line_char_ok(const char *c, const char *eol)
{
	if (*c == '\r')
		return c + 1 == eol;
	return *c == '\t' || ((u8)*c >= 0x20 && (u8)*c < 0x7f);
}

/* A sealed secret needs exactly one recipient, and a recipient needs a secret. */
static int check_sealed(struct cfg_parser *p)
{
	const struct cfg_vm *to = NULL;
	for (u32 i = 0; i < p->cfg->nvms && i < CFG_MAX_VMS; i++) /* nvms <= CFG_MAX_VMS (parse_section) */
		if (p->cfg->vms[i].unseal)
			to = &p->cfg->vms[i];
	p->lineno = to ? to->line : 0;
	if (p->cfg->sealed[0] && !to)
		return cfg_fail(p, "'sealed' is set but no VM has 'unseal = yes'");
	if (!p->cfg->sealed[0] && to)
		return cfg_fail(p, "VM '%s' has 'unseal = yes' but no global 'sealed' file is set", to->name);
	return 0;
}

int cfg_parse(const char *text, u64 len, struct cfg *out, struct cfg_error *err)
{
	struct cfg_parser p = { .cfg = out, .err = err, .lineno = 0 };
	const char *s = text, *end = text + len;

	c_memset(out, 0, sizeof(*out));
	c_memset(err, 0, sizeof(*err));
	out->loglevel = CFG_LOG_INFO;
	while (s < end) {
		const char *eol = s;
		while (eol < end && *eol != '\n')
			eol++;
		p.lineno++;
		for (const char *c = s; c < eol; c++)
			if (!line_char_ok(c, eol))
				return cfg_fail(&p, "invalid character in line");
		if (parse_line(&p, s, eol) < 0)
			return -1;
		s = eol < end ? eol + 1 : end; /* never past end: text + len + 1 is undefined behaviour */
	}
	if (p.vm && cfg_finish_vm(&p) < 0)
		return -1;
	if (!out->nvms) {
		p.lineno = 0;
		return cfg_fail(&p, "no [vm] section: nothing to boot");
	}
	if (check_sealed(&p) < 0)
		return -1;
	if (!out->vtpm_image[0])
		c_memcpy(out->vtpm_image, CFG_VTPM_IMAGE, sizeof(CFG_VTPM_IMAGE)); /* with its NUL; fits CFG_PATH_MAX */
	return cfg_add_vtpm_domains(&p);
}

const char *cfg_tpm_name(u32 tpm)
{
	return tpm == CFG_TPM_OPTIONAL ? "optional" : "required";
}

const char *cfg_start_name(u32 start)
{
	return start == CFG_START_MANUAL ? "manual" : "boot";
}

const char *cfg_loglevel_name(u32 level)
{
	static const char *const names[] = { "error", "warn", "info", "debug" };
	return level < ARRAY_SIZE(names) ? names[level] : "?";
}
