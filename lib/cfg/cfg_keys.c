/* cordon: boot.cfg key handlers and per-section validation. */
#include <lib/cfg/cfg_int.h>
#include <lib/str.h>

/*
 * Keys and keyword values as fixed-width words, each NUL-terminated inside its word: comparing a whole
 * word is then strcmp bounded by the word (make prove: Eva bounds the read by the array, not the NUL).
 */
typedef char word[16];

enum vm_key { K_NAME, K_IMAGE, K_MEMORY, K_VCPUS, K_LABEL, K_CMDLINE, K_START, K_TIMEOUT, K_NIC, K_MAC, K_PRIV, K_UNSEAL, K_KERNEL, K_INITRD, K_ON_REBOOT, K_VTPM };
static const word vm_keys[] = { "name", "image", "memory", "vcpus", "label", "cmdline", "start", "timeout",
				"nic", "mac", "privileged", "unseal", "kernel", "initrd", "on_reboot", "vtpm" };
enum global_key { G_CONSOLE, G_LOGLEVEL, G_POLICY, G_TPM, G_SEALED, G_OPERATOR_KEY, G_POLICY_KEY, G_VTPM_IMAGE };
static const word global_keys[] = { "console", "loglevel", "policy", "tpm", "sealed", "operator_key", "policy_key", "vtpm_image" };

/* key is a cfg_line part (at least a word long); a key longer than any word differs at the word's NUL. */
static int lookup(const word *keys, u32 n, const char *key)
{
	for (u32 i = 0; i < n; i++)
		if (!c_strncmp(keys[i], key, sizeof(word)))
			return (int)i;
	return -1;
}

/* Length of a value: a cfg_line value, terminated inside its CFG_VALUE_MAX bytes. */
static u64 vlen(const char *v)
{
	return c_strnlen(v, CFG_VALUE_MAX);
}

static int pick(struct cfg_parser *p, const char *v, const word *names, u32 n, u32 *out)
{
	int i = lookup(names, n, v);
	if (i < 0)
		return cfg_fail(p, "invalid value '%s'", v);
	*out = (u32)i;
	return 0;
}

/* Decimal number with an optional K/M/G suffix; rejects overflow. Indexed up to the NUL at n (make prove). */
static int parse_size(const char *s, u64 *out)
{
	u64 v = 0, mul = 1, n = vlen(s), i = 0;
	if (n == 0 || !c_isdigit(s[0]))
		return -1;
	for (; i < n && c_isdigit(s[i]); i++) {
		if (v > (~0ULL - 9) / 10)
			return -1;
		v = v * 10 + (u64)(s[i] - '0');
	}
	if (i < n && (s[i] == 'K' || s[i] == 'k'))
		mul = KiB(1), i++;
	else if (i < n && (s[i] == 'M' || s[i] == 'm'))
		mul = MiB(1), i++;
	else if (i < n && (s[i] == 'G' || s[i] == 'g'))
		mul = GiB(1), i++;
	if (i != n || (v && mul > ~0ULL / v))
		return -1;
	*out = v * mul;
	return 0;
}

/* Names and labels: [a-z0-9_-], 1..31 characters, starting with a letter or digit. */
static int check_ident(struct cfg_parser *p, const char *what, const char *v)
{
	u64 n = vlen(v);
	if (n == 0 || n >= CFG_NAME_MAX)
		return cfg_fail(p, "%s must be 1 to %d characters", what, CFG_NAME_MAX - 1);
	for (u64 i = 0; i < n; i++) {
		char c = v[i];
		if (!((c >= 'a' && c <= 'z') || c_isdigit(c) || ((c == '-' || c == '_') && i != 0)))
			return cfg_fail(p, "%s '%s' may use only a-z, 0-9, '-' and '_'", what, v);
	}
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
	u64 m = 0; /* set when parse_size succeeds; Eva joins its two returns */
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
	u64 n = 0, len = vlen(v), i = 0;
	for (; i < len && c_isdigit(v[i]) && n <= max; i++)
		n = n * 10 + (u64)(v[i] - '0');
	if (i == 0 || i != len || n > max)
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
	u64 n = vlen(v);
	for (u64 i = 0; i + 1 < n; i++)
		if (v[i] == '.' && v[i + 1] == '.')
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

/* xx:xx:xx:xx:xx:xx, unicast (bit 0 of the first byte clear). Reads stop at the first mismatch (the NUL). */
static int set_mac(struct cfg_parser *p, const char *v)
{
	u8 *mac = p->vm->mac;
	for (int i = 0; i < 6; i++) {
		const char *x = v + 3 * i;
		int hi = hex_digit(x[0]), lo = hi < 0 ? -1 : hex_digit(x[1]);
		if (hi < 0 || lo < 0 || x[2] != (i == 5 ? 0 : ':'))
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
	static const word starts[] = { "boot", "manual" };
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
	case K_ON_REBOOT: {
		static const word reboots[] = { "destroy", "restart" };
		return pick(p, v, reboots, ARRAY_SIZE(reboots), &vm->on_reboot);
	}
	case K_NIC:
		return check_ident(p, "nic segment", v) < 0 ? -1 : copy(p, vm->nic, sizeof(vm->nic), v);
	case K_MAC:
		return set_mac(p, v);
	case K_PRIV:
	case K_UNSEAL:
	case K_VTPM: {
		static const word yesno[] = { "no", "yes" };
		u32 yes = 0;
		if (pick(p, v, yesno, 2, &yes) < 0)
			return -1;
		*(k == K_PRIV ? &vm->privileged : k == K_UNSEAL ? &vm->unseal : &vm->vtpm) = (u8)yes;
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
	static const word consoles[] = { "com1", "none" };
	static const word levels[] = { "error", "warn", "info", "debug" };
	static const word tpms[] = { "required", "optional" };
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
	if (k == G_OPERATOR_KEY)
		return set_path(p, p->cfg->operator_key, l->value);
	if (k == G_POLICY_KEY)
		return set_path(p, p->cfg->policy_key, l->value);
	if (k == G_VTPM_IMAGE)
		return set_path(p, p->cfg->vtpm_image, l->value);
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
		if (!c_strncmp(o->name, vm->name, sizeof(vm->name))) /* names are terminated inside it (check_ident) */
			return cfg_fail(p, "duplicate VM name '%s' (first at line %u)", vm->name, o->line);
		if (o->unseal && vm->unseal)
			return cfg_fail(p, "only one VM may set 'unseal = yes' ('%s' at line %u does)", o->name, o->line);
	}
	p->lineno = here;
	if (!(p->seen & (1u << K_VTPM)))
		vm->vtpm = vm->linux_boot; /* a Linux VM gets a TPM unless it says no; a tiny guest asks for one */
	if (!vm->label[0])
		c_memcpy(vm->label, "unlabeled", sizeof("unlabeled")); /* with its NUL; fits CFG_NAME_MAX */
	return 0;
}
