/* cordon unit tests: boot.cfg's vtpm key and the vTPM domains lib/cfg adds (lib/cfg/cfg_vtpm.c). */
/* sources: lib/cfg/cfg.c lib/cfg/cfg_keys.c lib/cfg/cfg_vtpm.c lib/fmt.c lib/str.c */
#include <tests/unit/unit.h>
#include <lib/cfg/cfg.h>

static struct cfg cfg;
static struct cfg_error err;

static int parse(const char *text)
{
	return cfg_parse(text, strlen(text), &cfg, &err);
}

#define LINUX(n) "[vm]\nname = " n "\nkernel = k\nmemory = 64M\nlabel = lab-" n "\n"
#define ELF(n) "[vm]\nname = " n "\nimage = a.elf\nmemory = 2M\n"

/* A Linux VM gets one by default, a tiny guest does not; the domain follows the configured VMs. */
static void test_defaults_and_pairing(void **state)
{
	const struct cfg_vm *d;
	(void)state;
	assert_int_equal(parse(ELF("t") LINUX("lx") ELF("u")), 0);
	assert_int_equal(cfg.nvms, 4);
	assert_false(cfg.vms[0].vtpm);
	assert_true(cfg.vms[1].vtpm);
	assert_false(cfg.vms[2].vtpm);
	assert_int_equal(cfg.vms[1].vtpm_peer, 3);
	d = &cfg.vms[3];
	assert_string_equal(d->name, "lx-vtpm");
	assert_string_equal(d->label, "lab-lx");
	assert_string_equal(d->image, CFG_VTPM_IMAGE);
	assert_int_equal(d->memory, CFG_VTPM_MEMORY);
	assert_int_equal(d->start, CFG_START_MANUAL);
	assert_true(d->vtpm_domain);
	assert_false(d->vtpm);
	assert_false(d->linux_boot);
	assert_int_equal(d->vtpm_peer, 1);
	assert_int_equal(d->line, cfg.vms[1].line);
}

static void test_explicit_values(void **state)
{
	(void)state;
	assert_int_equal(parse("vtpm_image = x/v.elf\n" LINUX("a") "vtpm = no\n" ELF("b") "vtpm = yes\n"), 0);
	assert_int_equal(cfg.nvms, 3);
	assert_false(cfg.vms[0].vtpm);
	assert_true(cfg.vms[1].vtpm);
	assert_string_equal(cfg.vms[2].name, "b-vtpm");
	assert_string_equal(cfg.vms[2].image, "x/v.elf");
	assert_int_equal(cfg.vms[2].vtpm_peer, 1);
	assert_int_equal(parse(ELF("b") "vtpm = maybe\n"), -1);
	assert_int_equal(err.line, 5);
	assert_string_equal(err.msg, "invalid value 'maybe'");
	assert_int_equal(parse(ELF("b") "vtpm = yes\nvtpm = no\n"), -1);
	assert_int_equal(parse("vtpm_image = ../x\n" ELF("b")), -1);
}

/* A domain's name must fit and be free; the domains count against the VM limit. */
static void test_adverse(void **state)
{
	char text[4096] = "";
	(void)state;
	assert_int_equal(parse(LINUX("abcdefghijklmnopqrstuvwxyz0")), -1);
	assert_string_equal(err.msg, "name 'abcdefghijklmnopqrstuvwxyz0' is too long for its vTPM domain "
				     "'abcdefghijklmnopqrstuvwxyz0-vtpm' (max 26 characters)");
	assert_int_equal(err.line, 1);
	assert_int_equal(parse(LINUX("abcdefghijklmnopqrstuvwxyz")), 0);
	assert_string_equal(cfg.vms[1].name, "abcdefghijklmnopqrstuvwxyz-vtpm");
	assert_int_equal(parse("[vm]\nname = big\nimage = a.elf\nmemory = 4076M\nvtpm = yes\n"), 0);
	assert_int_equal(parse("[vm]\nname = big\nimage = a.elf\nmemory = 4078M\nvtpm = yes\n"), -1);
	assert_string_equal(err.msg, "VM 'big' has vtpm = yes but its memory reaches the TPM at 0xfed40000 (at most 4076M)");
	assert_int_equal(parse(ELF("x-vtpm") LINUX("x")), -1);
	assert_string_equal(err.msg, "VM 'x' has vtpm = yes but its vTPM domain's name 'x-vtpm' is taken");
	assert_int_equal(err.line, 5);
	for (int i = 0; i < CFG_MAX_VMS / 2; i++) {
		char one[128];
		snprintf(one, sizeof(one), "[vm]\nname = l%d\nkernel = k\nmemory = 64M\n", i);
		strcat(text, one);
	}
	assert_int_equal(parse(text), 0);
	assert_int_equal(cfg.nvms, CFG_MAX_VMS);
	strcat(text, ELF("one-more"));
	assert_int_equal(parse(text), -1);
	assert_string_equal(err.msg, "too many VMs with their vTPM domains: 'l7' needs one more (max 16 in all)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_pairing),
		cmocka_unit_test(test_explicit_values),
		cmocka_unit_test(test_adverse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
