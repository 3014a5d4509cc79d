/* cordon: boot.cfg key handlers and per-section validation. */
#include <lib/cfg/cfg_int.h>
#include <lib/str.h>

enum vm_key { K_NAME, K_IMAGE, K_MEMORY, K_VCPUS, K_LABEL, K_CMDLINE, K_START, K_TIMEOUT, K_NIC, K_MAC, K_PRIV, K_UNSEAL, K_KERNEL, K_INITRD };
static const char *const vm_keys[] = { "name", "image", "memory", "vcpus", "label", "cmdline", "start", "timeout",
				       "nic", "mac", "privileged", "unseal", "kernel", "initrd" };
enum global_key { G_CONSOLE, G_LOGLEVEL, G_POLICY, G_TPM, G_SEALED };
static const char *const global_keys[] = { "console", "loglevel", "policy", "tpm", "sealed" };

static int lookup(const char *const *keys, u32 n, const char *key)
{
	for (u32 i = 0; i < n; i++)
		if (!c_strcmp(keys[i], key))
			return (int)i;
	return -1;
}

static int pick(struct cfg_parser *p, const char *v, const char *const *names, u32 n, u32 *out)
{
	int i = lookup(names, n, v);
	if (i < 0)
		return cfg_fail(p, "invalid value '%s'", v);
	*out = (u32)i;
	return 0;
}

/* Decimal number with an optional K/M/G suffix; rejects overflow. */
static int parse_size(const char *s, u64 *out)
{
	u64 v = 0, mul = 1;
	if (!c_isdigit(*s))
		return -1;
	for (; c_isdigit(*s); s++) {
		if (v > (~0ULL - 9) / 10)
			return -1;
		v = v * 10 + (u64)(*s - '0');
	}
	if (*s == 'K' || *s == 'k')
		mul = KiB(1), s++;
	else if (*s == 'M' || *s == 'm')
		mul = MiB(1), s++;
	else if (*s == 'G' || *s == 'g')
		mul = GiB(1), s++;
	if (*s || (v && mul > ~0ULL / v))
		return -1;
	*out = v * mul;
	return 0;
}

/* Names and labels: [a-z0-9_-], 1..31 characters, starting with a letter or digit. */
static int check_ident(struct cfg_parser *p, const char *what, const char *v)
{
	u64 n = c_strlen(v);
	if (n == 0 || n >= CFG_NAME_MAX)
		return cfg_fail(p, "%s must be 1 to %d characters", what, CFG_NAME_MAX - 1);
	for (const char *c = v; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || c_isdigit(*c) || ((*c == '-' || *c == '_') && c != v)))
			return cfg_fail(p, "%s '%s' may use only a-z, 0-9, '-' and '_'", what, v);
	return 0;
}

static int copy(struct cfg_parser *p, char *dst, u64 size, const char *v)
{
	if (!c_strlcpy(dst, v, size))
		return cfg_fail(p, "value too long (max %llu bytes)", size - 1);
	return 0;
}

static int set_memory(struct cfg_parser *p, const char *v)
{
	u64 m;
	if (parse_size(v, &m) < 0)
		return cfg_fail(p, "memory '%s' is not a size (e.g. 16M)", v);
	if (m < CFG_MIN_MEMORY || m > CFG_MAX_MEMORY)
		return cfg_fail(p, "memory %s out of range (2M to 64G)", v);
	if (m % MiB(2))
		return cfg_fail(p, "memory %s is not a multiple of 2M", v);
	p->vm->memory = m;
	p->memory_line = p->lineno;
	return 0;
}

/* Plain decimal (no size suffix): vcpus and timeout are counts, not sizes. */
static int set_number(struct cfg_parser *p, const char *v, u32 max, u32 *out)
{
	u64 n = 0;
	const char *c = v;
	for (; c_isdigit(*c) && n <= max; c++)
		n = n * 10 + (u64)(*c - '0');
	if (c == v || *c || n > max)
		return cfg_fail(p, "'%s' is not a number from 0 to %u", v, max);
	*out = (u32)n;
	return 0;
}

static int set_vcpus(struct cfg_parser *p, const char *v)
{
	if (set_number(p, v, 64, &p->vm->vcpus) < 0)
		return -1;
	if (p->vm->vcpus != 1)
		return cfg_fail(p, "vcpus = %s: only 1 vCPU per VM is supported", v);
	return 0;
}

static bool has_dotdot(const char *v)
{
	for (; *v; v++)
		if (v[0] == '.' && v[1] == '.')
			return true;
	return false;
}

static int set_path(struct cfg_parser *p, char *dst, const char *v)
{
	if (v[0] == 0 || has_dotdot(v))
		return cfg_fail(p, "path '%s' is empty or contains '..'", v);
	return copy(p, dst, CFG_PATH_MAX, v);
}

static int hex_digit(char c)
{
	return c_isdigit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
}

/* xx:xx:xx:xx:xx:xx, unicast (bit 0 of the first byte clear). */
static int set_mac(struct cfg_parser *p, const char *v)
{
	u8 *mac = p->vm->mac;
	for (int i = 0; i < 6; i++, v += 3) {
		int hi = hex_digit(v[0]), lo = hi < 0 ? -1 : hex_digit(v[1]);
		if (lo < 0 || v[2] != (i == 5 ? 0 : ':'))
			return cfg_fail(p, "mac must look like 02:00:00:00:00:01");
		mac[i] = (u8)(hi << 4 | lo);
	}
	if (mac[0] & 1)
		return cfg_fail(p, "mac must be a unicast address (first byte even)");
	p->vm->has_mac = 1;
	return 0;
}

static int apply_vm_key(struct cfg_parser *p, int k, const char *v)
{
	static const char *const starts[] = { "boot", "manual" };
	struct cfg_vm *vm = p->vm;
	switch (k) {
	case K_NAME:
		return check_ident(p, "name", v) < 0 ? -1 : copy(p, vm->name, sizeof(vm->name), v);
	case K_LABEL:
		return check_ident(p, "label", v) < 0 ? -1 : copy(p, vm->label, sizeof(vm->label), v);
	case K_IMAGE:
		return set_path(p, vm->image, v);
	case K_KERNEL:
		vm->linux_boot = 1;
		return set_path(p, vm->image, v);
	case K_INITRD:
		return set_path(p, vm->initrd, v);
	case K_CMDLINE:
		return copy(p, vm->cmdline, sizeof(vm->cmdline), v);
	case K_MEMORY:
		return set_memory(p, v);
	case K_VCPUS:
		return set_vcpus(p, v);
	case K_START:
		return pick(p, v, starts, ARRAY_SIZE(starts), &vm->start);
	case K_NIC:
		return check_ident(p, "nic segment", v) < 0 ? -1 : copy(p, vm->nic, sizeof(vm->nic), v);
	case K_MAC:
		return set_mac(p, v);
	case K_PRIV:
	case K_UNSEAL: {
		static const char *const yesno[] = { "no", "yes" };
		u32 yes = 0;
		if (pick(p, v, yesno, 2, &yes) < 0)
			return -1;
		*(k == K_PRIV ? &vm->privileged : &vm->unseal) = (u8)yes;
		return 0;
	}
	default:
		return set_number(p, v, CFG_MAX_TIMEOUT, &vm->timeout);
	}
}

int cfg_set_vm_key(struct cfg_parser *p, const struct cfg_line *l)
{
	int k = lookup(vm_keys, ARRAY_SIZE(vm_keys), l->key);
	if (k < 0)
		return cfg_fail(p, "unknown key '%s' in [vm] section", l->key);
	if (p->seen & (1u << k))
		return cfg_fail(p, "key '%s' set twice in this section", l->key);
	p->seen |= 1u << k;
	return apply_vm_key(p, k, l->value);
}

int cfg_set_global_key(struct cfg_parser *p, const struct cfg_line *l)
{
	static const char *const consoles[] = { "com1", "none" };
	static const char *const levels[] = { "error", "warn", "info", "debug" };
	static const char *const tpms[] = { "required", "optional" };
	int k = lookup(global_keys, ARRAY_SIZE(global_keys), l->key);
	if (k < 0)
		return cfg_fail(p, "unknown global key '%s'", l->key);
	if (p->seen & (1u << k))
		return cfg_fail(p, "key '%s' set twice", l->key);
	p->seen |= 1u << k;
	if (k == G_CONSOLE)
		return pick(p, l->value, consoles, ARRAY_SIZE(consoles), &p->cfg->console);
	if (k == G_LOGLEVEL)
		return pick(p, l->value, levels, ARRAY_SIZE(levels), &p->cfg->loglevel);
	if (k == G_TPM)
		return pick(p, l->value, tpms, ARRAY_SIZE(tpms), &p->cfg->tpm);
	if (k == G_SEALED)
		return set_path(p, p->cfg->sealed, l->value);
	return set_path(p, p->cfg->policy, l->value);
}

/* Required keys and uniqueness, checked when a [vm] section ends. */
int cfg_finish_vm(struct cfg_parser *p)
{
	static const int required[] = { K_NAME, K_MEMORY };
	struct cfg_vm *vm = p->vm;
	u32 here = p->lineno;
	p->lineno = vm->line;
	for (u32 i = 0; i < ARRAY_SIZE(required); i++)
		if (!(p->seen & (1u << required[i])))
			return cfg_fail(p, "[vm] section lacks '%s'", vm_keys[required[i]]);
	if ((p->seen & (1u << K_IMAGE)) && (p->seen & (1u << K_KERNEL)))
		return cfg_fail(p, "[vm] section sets both 'image' and 'kernel': an ELF image or a Linux kernel, not both");
	if (!(p->seen & ((1u << K_IMAGE) | (1u << K_KERNEL))))
		return cfg_fail(p, "[vm] section lacks 'image' (or 'kernel' for a Linux VM)");
	if ((p->seen & (1u << K_INITRD)) && !vm->linux_boot)
		return cfg_fail(p, "'initrd' needs 'kernel' (an ELF image takes no ramdisk)");
	if (!vm->linux_boot && vm->memory > CFG_MAX_IMAGE_MEMORY) {
		p->lineno = p->memory_line;
		return cfg_fail(p, "memory %lluM is more than an ELF guest ('image') can have: at most 4096M, the "
				   "4 GiB its start state maps", vm->memory >> 20);
	}
	for (struct cfg_vm *o = p->cfg->vms; o < vm; o++) {
		if (!c_strcmp(o->name, vm->name))
			return cfg_fail(p, "duplicate VM name '%s' (first at line %u)", vm->name, o->line);
		if (o->unseal && vm->unseal)
			return cfg_fail(p, "only one VM may set 'unseal = yes' ('%s' at line %u does)", o->name, o->line);
	}
	p->lineno = here;
	if (!vm->label[0])
		c_strlcpy(vm->label, "unlabeled", sizeof(vm->label));
	return 0;
}
