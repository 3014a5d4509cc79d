/* cordon unit tests: boot.cfg parser (lib/cfg/cfg.c, lib/cfg/cfg_keys.c). */
/* sources: lib/cfg/cfg.c lib/cfg/cfg_keys.c lib/cfg/cfg_vtpm.c lib/fmt.c lib/str.c */
#include <tests/unit/unit.h>
#include <lib/cfg/cfg.h>

static struct cfg cfg;
static struct cfg_error err;

static int parse(const char *text)
{
	return cfg_parse(text, strlen(text), &cfg, &err);
}

#define VM_MIN "name = a\nimage = a.elf\nmemory = 2M\n"

/* Global keys, three [vm] sections, comments, blank lines, CRLF, a quoted cmdline with escapes. */
static const char full_cfg[] =
	"# cordon test configuration\r\n"			/* 1 */
	"console = none\r\n"					/* 2 */
	"loglevel = debug   # trailing comment\r\n"		/* 3 */
	"policy = policy/default.pol\r\n"			/* 4 */
	"\r\n"							/* 5 */
	"[vm]\r\n"						/* 6 */
	"name    = alpha\r\n"					/* 7 */
	"image   = guests/a.elf\r\n"				/* 8 */
	"memory  = 4M\r\n"					/* 9 */
	"label   = green\r\n"					/* 10 */
	"cmdline = \"say \\\"hi\\\" # \\\\ x\"  # comment\r\n"	/* 11 */
	"timeout = 30\r\n"					/* 12 */
	"start   = manual\r\n"					/* 13 */
	"\r\n"							/* 14 */
	"   [vm]   \r\n"					/* 15 */
	"\tname=b-2_x\r\n"					/* 16 */
	"image = \"guests/b.elf\"\r\n"				/* 17 */
	"memory = 1G\r\n"					/* 18 */
	"vcpus = 1\r\n"						/* 19 */
	"  # indented comment\r\n"				/* 20 */
	"[vm]\n"						/* 21 */
	"name = c\n"						/* 22 */
	"image = c.elf\n"					/* 23 */
	"memory = 2048K";					/* 24, no final newline */

static void test_full_config_globals(void **state)
{
	(void)state;
	assert_int_equal(parse(full_cfg), 0);
	assert_int_equal(cfg.console, CFG_CONSOLE_NONE);
	assert_int_equal(cfg.loglevel, CFG_LOG_DEBUG);
	assert_string_equal(cfg.policy, "policy/default.pol");
	assert_int_equal(cfg.nvms, 3);
}

static void test_full_config_first_vm(void **state)
{
	const struct cfg_vm *v = &cfg.vms[0];
	(void)state;
	assert_int_equal(parse(full_cfg), 0);
	assert_string_equal(v->name, "alpha");
	assert_string_equal(v->image, "guests/a.elf");
	assert_string_equal(v->label, "green");
	assert_string_equal(v->cmdline, "say \"hi\" # \\ x");
	assert_int_equal(v->memory, 4ULL << 20);
	assert_int_equal(v->vcpus, 1);
	assert_int_equal(v->start, CFG_START_MANUAL);
	assert_int_equal(v->timeout, 30);
	assert_int_equal(v->line, 6);
}

static void test_full_config_defaults(void **state)
{
	(void)state;
	assert_int_equal(parse(full_cfg), 0);
	assert_string_equal(cfg.vms[1].name, "b-2_x");
	assert_string_equal(cfg.vms[1].image, "guests/b.elf");
	assert_int_equal(cfg.vms[1].memory, 1ULL << 30);
	assert_int_equal(cfg.vms[1].line, 15);
	assert_string_equal(cfg.vms[1].label, "unlabeled");
	assert_string_equal(cfg.vms[1].cmdline, "");
	assert_int_equal(cfg.vms[1].start, CFG_START_BOOT);
	assert_int_equal(cfg.vms[1].timeout, 0);
	assert_int_equal(cfg.vms[2].vcpus, 1);
	assert_int_equal(cfg.vms[2].memory, 2ULL << 20);
	assert_int_equal(cfg.vms[2].line, 21);
}

static void test_global_defaults(void **state)
{
	(void)state;
	assert_int_equal(parse("[vm]\n" VM_MIN), 0);
	assert_int_equal(cfg.console, CFG_CONSOLE_COM1);
	assert_int_equal(cfg.loglevel, CFG_LOG_INFO);
	assert_string_equal(cfg.policy, "");
	assert_int_equal(cfg.nvms, 1);
}

/* Sizes accepted for memory: suffixes in either case, plain bytes, both range ends. */
static void test_memory_sizes(void **state)
{
	static const struct { const char *v; u64 bytes; } t[] = {
		{ "2M", 2ULL << 20 }, { "2m", 2ULL << 20 }, { "2048K", 2ULL << 20 }, { "4096k", 4ULL << 20 },
		{ "1G", 1ULL << 30 }, { "64g", 64ULL << 30 }, { "2097152", 2ULL << 20 }, { "010M", 10ULL << 20 },
	};
	char text[128];
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		snprintf(text, sizeof(text), "[vm]\nname=a\nkernel=a\nmemory = %s\n", t[i].v); /* a Linux VM: up to 64G */
		if (parse(text))
			fail_msg("memory = %s rejected: %s", t[i].v, err.msg);
		assert_int_equal(cfg.vms[0].memory, t[i].bytes);
	}
}

static void test_sixteen_vms_accepted(void **state)
{
	char text[4096] = "";
	(void)state;
	for (int i = 0; i < CFG_MAX_VMS; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 "[vm]\nname=vm%d\nimage=x.elf\nmemory=2M\n", i);
	assert_int_equal(parse(text), 0);
	assert_int_equal(cfg.nvms, CFG_MAX_VMS);
	assert_string_equal(cfg.vms[15].name, "vm15");
}

static void test_seventeen_vms_rejected(void **state)
{
	char text[4096] = "";
	(void)state;
	for (int i = 0; i <= CFG_MAX_VMS; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 "[vm]\nname=vm%d\nimage=x.elf\nmemory=2M\n", i);
	assert_int_equal(parse(text), -1);
	assert_int_equal(err.line, 16 * 4 + 1); /* the 17th header */
	assert_contains(err.msg, "too many VMs");
}

/* Longest name, label, path and cmdline that fit. */
static void test_longest_values(void **state)
{
	char text[1024], name[32], path[96], cmd[256];
	(void)state;
	memset(name, 'n', 31), name[31] = 0;
	memset(path, 'p', 95), path[95] = 0;
	memset(cmd, 'c', 255), cmd[255] = 0;
	snprintf(text, sizeof(text), "[vm]\nname=%s\nlabel=%s\nimage=%s\nmemory=2M\ncmdline=\"%s\"\n", name, name,
		 path, cmd);
	assert_int_equal(parse(text), 0);
	assert_string_equal(cfg.vms[0].name, name);
	assert_string_equal(cfg.vms[0].label, name);
	assert_string_equal(cfg.vms[0].image, path);
	assert_string_equal(cfg.vms[0].cmdline, cmd);
}

/* The text need not be NUL-terminated: bytes past len must never be read. */
static void test_not_nul_terminated(void **state)
{
	static const char src[] = "[vm]\nname=a\nimage=a.elf\nmemory=2MX\nlabel=zzz";
	u64 len = (u64)(strstr(src, "X") - src);
	char *buf = malloc(len); /* exact size: ASan reports any over-read */
	int rc;
	(void)state;
	memcpy(buf, src, len);
	rc = cfg_parse(buf, len, &cfg, &err);
	free(buf);
	assert_int_equal(rc, 0);
	assert_int_equal(cfg.vms[0].memory, 2ULL << 20);
	assert_string_equal(cfg.vms[0].label, "unlabeled");
}

/* docs/BOOTCFG.md: empty quoted values, other backslashes kept, comments after [vm], plain-decimal counts. */
static void test_nic_and_mac(void **state)
{
	static const u8 want[6] = { 0x02, 0xab, 0xcd, 0x00, 0x10, 0xff };
	(void)state;
	assert_int_equal(parse("[vm]\n" VM_MIN "nic = green-seg\nmac = 02:AB:cd:00:10:ff\n"), 0);
	assert_string_equal(cfg.vms[0].nic, "green-seg");
	assert_int_equal(cfg.vms[0].has_mac, 1);
	assert_memory_equal(cfg.vms[0].mac, want, 6);
	assert_int_equal(parse("[vm]\n" VM_MIN), 0);
	assert_string_equal(cfg.vms[0].nic, "");
	assert_int_equal(cfg.vms[0].has_mac, 0);
	assert_int_equal(cfg.vms[0].privileged, 0);
	assert_int_equal(parse("[vm]\n" VM_MIN "privileged = yes\n"), 0);
	assert_int_equal(cfg.vms[0].privileged, 1);
}

/* Measured boot: tpm = required by default; one VM may receive the sealed secret. */
static void test_tpm_and_sealed(void **state)
{
	(void)state;
	assert_int_equal(parse("[vm]\n" VM_MIN), 0);
	assert_int_equal(cfg.tpm, CFG_TPM_REQUIRED);
	assert_string_equal(cfg.sealed, "");
	assert_int_equal(cfg.vms[0].unseal, 0);
	assert_int_equal(parse("tpm = optional\nsealed = secret.seal\n[vm]\n" VM_MIN "unseal = yes\n"), 0);
	assert_int_equal(cfg.tpm, CFG_TPM_OPTIONAL);
	assert_string_equal(cfg.sealed, "secret.seal");
	assert_int_equal(cfg.vms[0].unseal, 1);
	assert_string_equal(cfg_tpm_name(CFG_TPM_OPTIONAL), "optional");
	assert_string_equal(cfg_tpm_name(CFG_TPM_REQUIRED), "required");
}

/* Linux VMs: 'kernel' instead of 'image', with an optional 'initrd'. */
static void test_linux_keys(void **state)
{
	(void)state;
	assert_int_equal(parse("[vm]\nname = l\nmemory = 256M\nkernel = linux/vmlinuz\ninitrd = linux/initrd\n"), 0);
	assert_int_equal(cfg.vms[0].linux_boot, 1);
	assert_string_equal(cfg.vms[0].image, "linux/vmlinuz");
	assert_string_equal(cfg.vms[0].initrd, "linux/initrd");
	assert_int_equal(parse("[vm]\n" VM_MIN), 0);
	assert_int_equal(cfg.vms[0].linux_boot, 0);
	assert_string_equal(cfg.vms[0].initrd, "");
	assert_int_equal(parse("[vm]\nname = l\nmemory = 8G\nkernel = linux/vmlinuz\n"), 0); /* only ELF guests stop at 4G */
	assert_int_equal(parse("[vm]\nname = t\nmemory = 4G\nimage = t.elf\n"), 0);
}

static void test_documented_details(void **state)
{
	(void)state;
	assert_int_equal(parse("\t [vm]   # the first VM\r\n" VM_MIN "cmdline = \"\"\ntimeout = 1024\nlabel = 0-x_\n"), 0);
	assert_string_equal(cfg.vms[0].cmdline, "");
	assert_int_equal(cfg.vms[0].timeout, 1024);
	assert_string_equal(cfg.vms[0].label, "0-x_");
	assert_int_equal(parse("[vm]\n" VM_MIN "cmdline = \"a\\nb\\tc\\\\d\"\n"), 0);
	assert_string_equal(cfg.vms[0].cmdline, "a\\nb\\tc\\d");
	assert_int_equal(parse("[vm]\n" VM_MIN "cmdline = x  \t# trailing blanks go\n"), 0);
	assert_string_equal(cfg.vms[0].cmdline, "x");
}

static void test_name_helpers(void **state)
{
	(void)state;
	assert_string_equal(cfg_start_name(CFG_START_BOOT), "boot");
	assert_string_equal(cfg_start_name(CFG_START_MANUAL), "manual");
	assert_string_equal(cfg_loglevel_name(CFG_LOG_ERROR), "error");
	assert_string_equal(cfg_loglevel_name(CFG_LOG_DEBUG), "debug");
	assert_string_equal(cfg_loglevel_name(4), "?");
}

/* ---------------------------------------------------------------- rejected inputs */

struct bad {
	const char *name;
	const char *text;
	u64 len;
	u32 line;
	const char *msg;
};
#define BAD(n, t, l, m) { n, t, sizeof(t) - 1, l, m }

static const struct bad bad[] = {
	BAD("empty file", "", 0, "no [vm] section"),
	BAD("only comments", "# nothing\n\n  # here\n", 0, "no [vm] section"),
	BAD("no vm section", "console = com1\nloglevel = warn\n", 0, "no [vm] section"),
	BAD("syntax: no '='", "[vm]\nname alpha\n", 2, "expected '=' after 'name'"),
	BAD("syntax: key only", "[vm]\nname\n", 2, "expected '='"),
	BAD("syntax: line starts with '='", "= x\n[vm]\n" VM_MIN, 1, "expected 'key = value'"),
	BAD("syntax: missing value", "[vm]\nname =   # none\n", 2, "missing value"),
	BAD("syntax: key too long", "a_very_long_key_name_xxxxx = 1\n", 1, "key too long"),
	BAD("unknown global key", "colour = red\n[vm]\n" VM_MIN, 1, "unknown global key 'colour'"),
	BAD("key of 23 characters", "abcdefghijklmnopqrstuvw = 1\n", 1, "unknown global key 'abcdefghijklmnopqrstuvw'"),
	BAD("global key inside [vm]", "[vm]\n" VM_MIN "console = com1\n", 5, "unknown key 'console' in [vm] section"),
	BAD("key case-sensitive", "[vm]\nName = a\n", 2, "unknown key 'Name'"),
	BAD("value case-sensitive", "console = COM1\n[vm]\n" VM_MIN, 1, "invalid value 'COM1'"),
	BAD("section with trailing text", "[vm] first\n" VM_MIN, 1, "unknown section"),
	BAD("privileged not yes/no", "[vm]\n" VM_MIN "privileged = maybe\n", 5, "invalid value 'maybe'"),
	BAD("image and kernel", "[vm]\n" VM_MIN "kernel = k\n", 1, "sets both 'image' and 'kernel'"),
	BAD("neither image nor kernel", "[vm]\nname = a\nmemory = 2M\n", 1, "lacks 'image' (or 'kernel'"),
	BAD("initrd without kernel", "[vm]\n" VM_MIN "initrd = r\n", 1, "'initrd' needs 'kernel'"),
	BAD("initrd path with ..", "[vm]\nname = a\nmemory = 2M\nkernel = k\ninitrd = ../r\n", 5, ".."),
	BAD("tpm neither required nor optional", "tpm = maybe\n[vm]\n" VM_MIN, 1, "invalid value 'maybe'"),
	BAD("unseal not yes/no", "sealed = s\n[vm]\n" VM_MIN "unseal = 1\n", 6, "invalid value '1'"),
	BAD("sealed without a recipient", "sealed = s.seal\n[vm]\n" VM_MIN, 0, "no VM has 'unseal = yes'"),
	BAD("unseal without a sealed file", "[vm]\n" VM_MIN "unseal = yes\n", 1, "no global 'sealed' file"),
	BAD("two VMs unseal", "sealed = s\n[vm]\n" VM_MIN "unseal = yes\n[vm]\nname = b\nimage = b.elf\nmemory = 2M\nunseal = yes\n",
	    7, "only one VM may set 'unseal = yes'"),
	BAD("mac too short", "[vm]\n" VM_MIN "mac = 02:00:00:00:01\n", 5, "mac must look like"),
	BAD("mac with a bad digit", "[vm]\n" VM_MIN "mac = 02:00:00:00:0g:01\n", 5, "mac must look like"),
	BAD("mac multicast", "[vm]\n" VM_MIN "mac = 01:00:5e:00:00:01\n", 5, "unicast"),
	BAD("nic with a bad name", "[vm]\n" VM_MIN "nic = Green\n", 5, "nic segment"),
	BAD("timeout with a size suffix", "[vm]\n" VM_MIN "timeout = 1K\n", 5, "not a number"),
	BAD("vcpus with a size suffix", "[vm]\n" VM_MIN "vcpus = 1K\n", 5, "not a number"),
	BAD("carriage return inside a value", "[vm]\n" VM_MIN "cmdline = a\rb\n", 5, "invalid character"),
	BAD("carriage return at line start", "\r[vm]\n" VM_MIN, 1, "invalid character"),
	BAD("name starts with '_'", "[vm]\nname = _a\n", 2, "may use only a-z"),
	BAD("unknown vm key", "[vm]\n" VM_MIN "cpus = 1\n", 5, "unknown key 'cpus' in [vm] section"),
	BAD("unknown section", "[host]\n" VM_MIN, 1, "unknown section"),
	BAD("section with trailing text", "[vm] x\n" VM_MIN, 1, "unknown section"),
	BAD("duplicate vm key", "[vm]\n" VM_MIN "\nmemory = 4M\n", 6, "key 'memory' set twice"),
	BAD("duplicate global key", "console = com1\nconsole = none\n[vm]\n" VM_MIN, 2, "set twice"),
	BAD("duplicate vm name", "[vm]\n" VM_MIN "\n[vm]\n" VM_MIN, 6, "duplicate VM name 'a' (first at line 1)"),
	BAD("missing name", "[vm]\nimage = a.elf\nmemory = 2M\n", 1, "lacks 'name'"),
	BAD("missing image", "\n[vm]\nname = a\nmemory = 2M\n", 2, "lacks 'image'"),
	BAD("missing memory", "[vm]\nname = a\nimage = a.elf\n[vm]\n" VM_MIN, 1, "lacks 'memory'"),
	BAD("memory not a multiple of 2M", "[vm]\nname=a\nimage=a\nmemory=3M\n", 4, "not a multiple of 2M"),
	BAD("memory 2M+4K", "[vm]\nname=a\nimage=a\nmemory=2052K\n", 4, "not a multiple of 2M"),
	BAD("memory too small", "[vm]\nname=a\nimage=a\nmemory=1M\n", 4, "out of range"),
	BAD("memory zero", "[vm]\nname=a\nimage=a\nmemory=0\n", 4, "out of range"),
	BAD("memory too large", "[vm]\nname=a\nimage=a\nmemory=66G\n", 4, "out of range"),
	BAD("ELF guest above 4 GiB", "[vm]\nname=a\nmemory=6144M\nimage=a\n", 3, "memory 6144M is more than an ELF guest"),
	BAD("ELF guest 4G + 2M", "[vm]\nname=a\nimage=a\n\nmemory=4098M\n", 5, "at most 4096M"),
	BAD("memory overflow digits", "[vm]\nname=a\nimage=a\nmemory=99999999999999999999G\n", 4, "not a size"),
	BAD("memory overflow suffix", "[vm]\nname=a\nimage=a\nmemory=17179869184G\n", 4, "not a size"),
	BAD("memory bad suffix", "[vm]\nname=a\nimage=a\nmemory=4T\n", 4, "not a size"),
	BAD("memory negative", "[vm]\nname=a\nimage=a\nmemory=-2M\n", 4, "not a size"),
	BAD("memory suffix only", "[vm]\nname=a\nimage=a\nmemory=M\n", 4, "not a size"),
	BAD("vcpus 2", "[vm]\n" VM_MIN "vcpus = 2\n", 5, "only 1 vCPU"),
	BAD("vcpus 0", "[vm]\n" VM_MIN "vcpus = 0\n", 5, "only 1 vCPU"),
	BAD("vcpus 65", "[vm]\n" VM_MIN "vcpus = 65\n", 5, "not a number from 0 to 64"),
	BAD("timeout too large", "[vm]\n" VM_MIN "timeout = 86401\n", 5, "not a number from 0 to 86400"),
	BAD("timeout not a number", "[vm]\n" VM_MIN "timeout = soon\n", 5, "not a number"),
	BAD("start invalid", "[vm]\n" VM_MIN "start = later\n", 5, "invalid value 'later'"),
	BAD("console invalid", "console = com2\n[vm]\n" VM_MIN, 1, "invalid value 'com2'"),
	BAD("loglevel invalid", "loglevel = verbose\n[vm]\n" VM_MIN, 1, "invalid value 'verbose'"),
	BAD("name uppercase", "[vm]\nname = Alpha\n", 2, "may use only a-z"),
	BAD("name with space", "[vm]\nname = my vm\n", 2, "may use only a-z"),
	BAD("name starts with '-'", "[vm]\nname = -a\n", 2, "may use only a-z"),
	BAD("name empty quoted", "[vm]\nname = \"\"\n", 2, "must be 1 to 31 characters"),
	BAD("name too long", "[vm]\nname = abcdefghijklmnopqrstuvwxyz012345\n", 2, "must be 1 to 31 characters"),
	BAD("label bad", "[vm]\n" VM_MIN "label = Red!\n", 5, "label 'Red!' may use only"),
	BAD("image with ..", "[vm]\nimage = ../etc/x.elf\n", 2, "contains '..'"),
	BAD("image with inner ..", "[vm]\nimage = a/../../b\n", 2, "contains '..'"),
	BAD("image empty quoted", "[vm]\nimage = \"\"\n", 2, "is empty"),
	BAD("policy with ..", "policy = p/..\n[vm]\n" VM_MIN, 1, "contains '..'"),
	BAD("unterminated string", "[vm]\ncmdline = \"abc\n", 2, "unterminated string"),
	BAD("string ends in escape", "[vm]\ncmdline = \"abc\\\"\n", 2, "unterminated string"),
	BAD("text after quote", "[vm]\ncmdline = \"abc\" x\n", 2, "unexpected text after closing quote"),
	BAD("NUL byte", "[vm]\nname = a\0b\n", 2, "invalid character"),
	BAD("control char", "[vm]\nname = a\x01\n", 2, "invalid character"),
	BAD("escape char", "console = com1\n\x1b[2J\n", 2, "invalid character"),
	BAD("DEL char", "[vm]\ncmdline = \"\x7f\"\n", 2, "invalid character"),
	BAD("high byte", "[vm]\ncmdline = \"\xc3\xa9\"\n", 2, "invalid character"),
	BAD("vertical tab", "[vm]\n" VM_MIN "\v\n", 5, "invalid character"),
};

static void run_bad(void **state)
{
	const struct bad *b = *state;
	assert_int_equal(cfg_parse(b->text, b->len, &cfg, &err), -1);
	assert_int_equal(err.line, b->line);
	assert_contains(err.msg, b->msg);
}

/* Values one byte too long for their field, built at run time. */
static void test_value_too_long(void **state)
{
	static const struct { const char *fmt; u32 n; const char *msg; } t[] = {
		{ "[vm]\ncmdline = \"%s\"\n", 256, "value too long (max 255 bytes)" },
		{ "[vm]\ncmdline = %s\n", 256, "value too long" },
		{ "[vm]\nimage = %s\n", 96, "value too long (max 95 bytes)" },
		{ "policy = \"%s\"\n", 96, "value too long (max 95 bytes)" },
		{ "[vm]\nlabel = %s\n", 32, "must be 1 to 31" },
	};
	char v[300], text[400];
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		memset(v, 'x', t[i].n), v[t[i].n] = 0;
		snprintf(text, sizeof(text), t[i].fmt, v);
		assert_int_equal(parse(text), -1);
		assert_int_equal(err.line, text[0] == '[' ? 2 : 1);
		assert_contains(err.msg, t[i].msg);
	}
}

/* Keys and keyword values match whole words only (cfg_keys.c compares fixed-width words, make prove). */
static void test_words_match_whole(void **state)
{
	static const struct { const char *text; const char *msg; } t[] = {
		{ "[vm]\nprivilegedx = yes\n", "unknown key 'privilegedx'" },
		{ "[vm]\nprivilegedxxxxxxxxxxxx = yes\n", "unknown key" },
		{ "[vm]\nprivilege = yes\n", "unknown key 'privilege'" },
		{ "[vm]\nprivileged = yesyesyesyesyes\n", "invalid value 'yesyesyesyesyes'" },
		{ "[vm]\nprivileged = ye\n", "invalid value 'ye'" },
		{ "tpm = optionalx\n", "invalid value 'optionalx'" },
		{ "[vm]\nmac = 02:00:00:00:00\n", "mac must look like" },
		{ "[vm]\nmac = 02:00:00:00:00:011\n", "mac must look like" },
		{ "[vm]\nmemory = 2MB\n", "is not a size" },
		{ "[vm]\nvcpus = 1x\n", "is not a number" },
		{ "[vm]\nimage = a/b..\n", "contains '..'" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		assert_int_equal(parse(t[i].text), -1);
		assert_contains(err.msg, t[i].msg);
	}
	assert_int_equal(parse("tpm = optional\n[vm]\n" VM_MIN "privileged = yes\nmac = 02:00:00:00:00:0f\n"), 0);
	assert_int_equal(cfg.tpm, CFG_TPM_OPTIONAL);
	assert_int_equal(cfg.vms[0].privileged, 1);
	assert_int_equal(cfg.vms[0].mac[5], 0x0f);
	assert_int_equal(parse("[vm]\nname = a\nimage = x./.y.\nmemory = 2M\n"), 0);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_full_config_globals),
		cmocka_unit_test(test_full_config_first_vm),
		cmocka_unit_test(test_full_config_defaults),
		cmocka_unit_test(test_global_defaults),
		cmocka_unit_test(test_memory_sizes),
		cmocka_unit_test(test_sixteen_vms_accepted),
		cmocka_unit_test(test_seventeen_vms_rejected),
		cmocka_unit_test(test_longest_values),
		cmocka_unit_test(test_not_nul_terminated),
		cmocka_unit_test(test_documented_details),
		cmocka_unit_test(test_tpm_and_sealed),
		cmocka_unit_test(test_linux_keys), cmocka_unit_test(test_nic_and_mac),
		cmocka_unit_test(test_name_helpers),
		cmocka_unit_test(test_value_too_long),
		cmocka_unit_test(test_words_match_whole),
	};
	static struct unit_group g;
	UNIT_ADD_ALL(&g, fixed);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		unit_add(&g, bad[i].name, run_bad, (void *)&bad[i]);
	return unit_run("cfg", &g);
}
