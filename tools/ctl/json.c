/* cordon-ctl: JSON output helpers (RFC 8259, 7: string escapes; 6: numbers). */
#include <string.h>
#include <tools/ctl/json.h>

/*
 * Everything cordon sends may have been shaped by a guest (VM names, end
 * reasons): control characters are escaped and bytes above 0x7e replaced, so
 * the output is always valid UTF-8 that a consumer can parse line by line.
 */
void json_str(FILE *f, const char *s, u32 n)
{
	fputc('"', f);
	for (u32 i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else if (c >= 0x7f)
			fputc('?', f);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

bool json_is_u64(const char *s)
{
	static const char max[] = "18446744073709551615";
	size_t n = strlen(s);
	if (n == 0 || n > sizeof(max) - 1 || (n > 1 && s[0] == '0'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n < sizeof(max) - 1 || strcmp(s, max) <= 0;
}

void json_num_or_str(FILE *f, const char *s)
{
	if (json_is_u64(s))
		fputs(s, f);
	else
		json_str(f, s, (u32)strlen(s));
}
