/* cordon: freestanding printf-style formatting. */
#include <lib/fmt.h>
#include <lib/str.h>

struct spec {
	char pad;   /* ' ' or '0' */
	u32 width;
	bool left;  /* '-' flag */
	u32 lng;    /* number of 'l' */
};

static void emit_padded(fmt_putc_fn putc, void *ctx, const struct spec *sp, const char *s, u64 n)
{
	u64 fill = sp->width > n ? sp->width - n : 0;
	if (!sp->left)
		while (fill--)
			putc(ctx, sp->pad);
	while (n--)
		putc(ctx, *s++);
	if (sp->left)
		while (fill--)
			putc(ctx, ' ');
}

static void emit_number(fmt_putc_fn putc, void *ctx, struct spec *sp, u64 v, u32 base, bool neg)
{
	char buf[24];
	u32 i = sizeof(buf);
	do {
		buf[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg) {
		if (sp->pad == '0' && sp->width) {
			putc(ctx, '-');
			sp->width--;
		} else {
			buf[--i] = '-';
		}
	}
	emit_padded(putc, ctx, sp, buf + i, sizeof(buf) - i);
}

static u64 take_unsigned(va_list *ap, u32 lng)
{
	return lng ? va_arg(*ap, u64) : va_arg(*ap, u32);
}

static const char *parse_spec(const char *f, struct spec *sp)
{
	*sp = (struct spec){ .pad = ' ' };
	if (*f == '-')
		sp->left = true, f++;
	if (*f == '0')
		sp->pad = '0', f++;
	while (c_isdigit(*f))
		sp->width = sp->width * 10 + (u32)(*f++ - '0');
	while (*f == 'l')
		sp->lng++, f++;
	return f;
}

static void format_one(fmt_putc_fn putc, void *ctx, char conv, struct spec *sp, va_list *ap)
{
	const char *s;
	char c;
	s64 d;
	switch (conv) {
	case 's':
		s = va_arg(*ap, const char *);
		s = s ? s : "(null)";
		emit_padded(putc, ctx, sp, s, c_strlen(s));
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		emit_padded(putc, ctx, sp, &c, 1);
		break;
	case 'd':
		d = sp->lng ? va_arg(*ap, s64) : va_arg(*ap, s32);
		emit_number(putc, ctx, sp, d < 0 ? 0 - (u64)d : (u64)d, 10, d < 0); /* no overflow at INT64_MIN */
		break;
	case 'u':
		emit_number(putc, ctx, sp, take_unsigned(ap, sp->lng), 10, false);
		break;
	case 'x':
		emit_number(putc, ctx, sp, take_unsigned(ap, sp->lng), 16, false);
		break;
	case 'p':
		putc(ctx, '0');
		putc(ctx, 'x');
		emit_number(putc, ctx, sp, (u64)(uptr)va_arg(*ap, void *), 16, false);
		break;
	default:
		putc(ctx, '%');
		putc(ctx, conv);
	}
}

void fmt_vformat(fmt_putc_fn putc, void *ctx, const char *fmt, va_list ap)
{
	struct spec sp;
	va_list cp;
	__builtin_va_copy(cp, ap);
	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			putc(ctx, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp);
		if (!*f)
			break;
		if (*f == '%')
			putc(ctx, '%');
		else
			format_one(putc, ctx, *f, &sp, &cp);
	}
	va_end(cp);
}

struct strbuf {
	char *buf;
	u64 size, len;
};

static void strbuf_putc(void *ctx, char c)
{
	struct strbuf *sb = ctx;
	if (sb->len + 1 < sb->size)
		sb->buf[sb->len] = c;
	sb->len++;
}

u64 fmt_vsnprintf(char *buf, u64 size, const char *fmt, va_list ap)
{
	struct strbuf sb = { buf, size, 0 };
	fmt_vformat(strbuf_putc, &sb, fmt, ap);
	if (size)
		buf[sb.len < size ? sb.len : size - 1] = 0;
	return sb.len;
}

u64 fmt_snprintf(char *buf, u64 size, const char *fmt, ...)
{
	va_list ap;
	u64 n;
	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
