/* cordon unit tests: reference files (tools/refvals.c, tools/refvals_parse.c): make, write, read, reject. */
/* sources: tools/refvals.c tools/refvals_parse.c lib/tcg/tcglog.c lib/tcg/measure_ev.c lib/cfg/cfg.c lib/cfg/cfg_keys.c lib/cfg/cfg_vtpm.c lib/sha256.c lib/str.c lib/fmt.c */
#include <tests/unit/unit.h>
#include <tests/unit/refvals_fixture.h>
#include <lib/sha256.h>

static char text[8192]; /* fx_ref written out */
static size_t text_len;

static void write_ref(void)
{
	FILE *f = fmemopen(text, sizeof(text), "w");
	assert_non_null(f);
	assert_int_equal(refvals_write(f, &fx_ref), 0);
	text_len = (size_t)ftell(f);
	fclose(f);
}

/* A Linux VM: its kernel (guest-image), configuration, then its initrd (PCR 9); the file round-trips. */
/* A VM with vtpm = yes: the verifier expects its vTPM domain's image and configuration to be loaded too. */
static void test_vtpm_domain_loads(void **state)
{
	static const char cfg[] = "[vm]\nname = lx\nkernel = vmlinuz\nmemory = 64M\n";
	struct refvals r;
	char err[256], path[256];
	u8 d[32];
	(void)state;
	fx_write("vmlinuz", "fake bzImage");
	snprintf(path, sizeof(path), "%s/vtpm", fx_dir);
	mkdir(path, 0700);
	fx_write("vtpm/vtpm.elf", "fake vtpm domain");
	if (refvals_make(cfg, strlen(cfg), fx_dir, &r, err, sizeof(err)) < 0)
		fail_msg("refvals_make: %s", err);
	assert_int_equal(r.nload, 6);
	assert_string_equal(r.load[4].data, "cordon guest-image lx-vtpm vtpm/vtpm.elf");
	assert_int_equal(r.load[4].pcr, 9);
	sha256("fake vtpm domain", 16, d);
	assert_memory_equal(r.load[4].digest, d, 32);
	assert_contains(r.load[5].data, "cordon guest-config name=lx-vtpm ");
	snprintf(path, sizeof(path), "%s/vtpm/vtpm.elf", fx_dir);
	remove(path);
	snprintf(path, sizeof(path), "%s/vtpm", fx_dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/vmlinuz", fx_dir);
	remove(path);
}

static void test_linux_vm_initrd(void **state)
{
	static const char cfg[] = "[vm]\nname = lx\nkernel = vmlinuz\ninitrd = initrd.gz\nmemory = 64M\nvtpm = no\n";
	struct refvals r, back;
	char err[256];
	u8 d[32];
	(void)state;
	fx_write("vmlinuz", "fake bzImage");
	fx_write("initrd.gz", "fake initrd");
	if (refvals_make(cfg, strlen(cfg), fx_dir, &r, err, sizeof(err)) < 0)
		fail_msg("refvals_make: %s", err);
	assert_int_equal(r.nload, 5);
	assert_string_equal(r.load[2].data, "cordon guest-image lx vmlinuz");
	assert_contains(r.load[3].data, "cordon guest-config name=lx boot=linux");
	assert_int_equal(r.load[4].kind, REF_GUEST_INITRD);
	assert_int_equal(r.load[4].pcr, 9);
	assert_string_equal(r.load[4].data, "cordon guest-initrd lx initrd.gz");
	sha256("fake initrd", 11, d);
	assert_memory_equal(r.load[4].digest, d, 32);
	FILE *f = fmemopen(text, sizeof(text), "w");
	assert_int_equal(refvals_write(f, &r), 0);
	text_len = (size_t)ftell(f);
	fclose(f);
	if (refvals_parse(text, text_len, &back, err, sizeof(err)) < 0)
		fail_msg("refvals_parse: %s", err);
	assert_int_equal(back.nload, 5);
	assert_int_equal(back.load[4].kind, REF_GUEST_INITRD);
	char path[256];
	snprintf(path, sizeof(path), "%s/vmlinuz", fx_dir);
	remove(path);
	snprintf(path, sizeof(path), "%s/initrd.gz", fx_dir);
	remove(path);
}

/* boot.cfg's keys: operator-key then policy-key (PCR 8, file digests) right after the policy; the file round-trips. */
static void test_key_loads(void **state)
{
	static const char cfg[] = "policy = pol.bin\noperator_key = keys\\op.pub\npolicy_key = pa.pub\n"
				 "[vm]\nname = red\nimage = guests/red.elf\nmemory = 2M\n";
	static struct refvals r, back;
	char err[256], path[256];
	u8 d[32];
	FILE *f;
	(void)state;
	snprintf(path, sizeof(path), "%s/keys", fx_dir);
	assert_int_equal(mkdir(path, 0700), 0);
	fx_write("keys/op.pub", "operator key");
	fx_write("pa.pub", "policy authority key");
	if (refvals_make(cfg, strlen(cfg), fx_dir, &r, err, sizeof(err)) < 0)
		fail_msg("refvals_make: %s", err);
	assert_int_equal(r.nload, 7);
	assert_int_equal(r.load[3].kind, REF_OPERATOR_KEY);
	assert_int_equal(r.load[3].pcr, 8);
	assert_string_equal(r.load[3].data, "cordon operator-key keys\\op.pub");
	sha256("operator key", 12, d);
	assert_memory_equal(r.load[3].digest, d, 32);
	assert_int_equal(r.load[4].kind, REF_POLICY_KEY);
	assert_string_equal(r.load[4].data, "cordon policy-key pa.pub");
	f = fmemopen(text, sizeof(text), "w");
	assert_int_equal(refvals_write(f, &r), 0);
	text_len = (size_t)ftell(f);
	fclose(f);
	if (refvals_parse(text, text_len, &back, err, sizeof(err)) < 0)
		fail_msg("refvals_parse: %s", err);
	assert_int_equal(back.load[4].kind, REF_POLICY_KEY);
	assert_memory_equal(back.pcr8, r.pcr8, 32);
	memcpy(text, "cordon-ref 1", 12); /* format 1 has no key kinds */
	assert_int_equal(refvals_parse(text, text_len, &back, err, sizeof(err)), -1);
	assert_contains(err, "unknown load kind 'operator-key'");
	snprintf(path, sizeof(path), "%s/keys/op.pub", fx_dir);
	remove(path);
	snprintf(path, sizeof(path), "%s/keys", fx_dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/pa.pub", fx_dir);
	remove(path);
}

/* --accept-policy: the boot policy is listed with its name, others after it, a repeat once; a duplicate line is refused. */
static void test_accept_policy(void **state)
{
	static struct refvals r, back;
	static u64 pol[64];
	char err[256], *at, *nl;
	u8 d[32];
	size_t n;
	(void)state;
	r = fx_ref;
	memcpy(pol, "CDNPOLCY", 8);
	strcpy((char *)pol + 48, "strict");
	assert_int_equal(refvals_accept_policy(&r, pol, sizeof(pol), err, sizeof(err)), 0);
	assert_int_equal(refvals_accept_policy(&r, pol, sizeof(pol), err, sizeof(err)), 0);
	assert_int_equal(refvals_accept_policy(&r, "not a policy", 12, err, sizeof(err)), 0);
	assert_int_equal(r.naccept, 3);
	assert_string_equal(r.accept[0].name, "-"); /* the fixture's pol.bin is no real policy */
	sha256("fake policy", 11, d);
	assert_memory_equal(r.accept[0].sha256, d, 32);
	assert_string_equal(r.accept[1].name, "strict");
	sha256(pol, sizeof(pol), d);
	assert_ptr_equal(refvals_accepted(&r, d), &r.accept[1]);
	FILE *f = fmemopen(text, sizeof(text), "w");
	assert_int_equal(refvals_write(f, &r), 0);
	text_len = (size_t)ftell(f);
	fclose(f);
	assert_non_null(strstr(text, "\naccept-policy "));
	if (refvals_parse(text, text_len, &back, err, sizeof(err)) < 0)
		fail_msg("refvals_parse: %s", err);
	assert_int_equal(back.naccept, 3);
	assert_string_equal(back.accept[1].name, "strict");
	at = strstr(text, "\naccept-policy ") + 1; /* the same line twice */
	nl = strchr(at, '\n') + 1;
	n = (size_t)(nl - at);
	memmove(nl + n, nl, text_len - (size_t)(nl - text));
	memcpy(nl, at, n);
	assert_int_equal(refvals_parse(text, text_len + n, &back, err, sizeof(err)), -1);
	assert_contains(err, "accepted twice");
}

/* What the loader logs, by hand: order, PCRs, file digests and strings (lib/tcg/measure_ev.c forms). */
static void test_made_from_files(void **state)
{
	u8 hv[32], red[32];
	const u8 *images[] = { hv, fx_ref.vms[0].image_digest, red };
	struct tcg_replay r;
	(void)state;
	assert_int_equal(fx_ref.nload, 7);
	assert_int_equal(fx_ref.nrt, 2);
	assert_int_equal(fx_ref.nvms, 2);
	sha256("fake hypervisor", 15, hv);
	sha256("fake red guest", 14, red);
	assert_string_equal(fx_ref.load[0].data, "cordon hypervisor hypervisor.elf");
	assert_memory_equal(fx_ref.load[0].digest, hv, 32);
	assert_string_equal(fx_ref.load[1].data, "cordon boot.cfg boot.cfg");
	assert_string_equal(fx_ref.load[2].data, "cordon policy pol.bin");
	assert_string_equal(fx_ref.load[3].data, "cordon guest-image green-a guests/share.elf");
	assert_int_equal(fx_ref.load[4].pcr, 8);
	assert_contains(fx_ref.load[6].data, "cordon guest-config name=red boot=elf label=red memory=2MiB");
	assert_contains(fx_ref.load[6].data, "start=manual");
	assert_contains(fx_ref.load[6].data, "cmdline=x y");
	assert_memory_equal(fx_ref.vms[1].image_digest, red, 32);
	assert_contains(fx_ref.rt[0].data, "cordon started hypervisor=");
	assert_contains(fx_ref.rt[0].data, " vms=2");
	assert_contains(fx_ref.rt[1].data, "cordon policy-loaded ");
	/* PCR 9 = hypervisor, then each guest image, extended from zero (replay: test_tcglog_replay.c). */
	tcglog_replay_init(&r);
	for (u32 i = 0; i < 3; i++)
		tcglog_replay_event(&r, &(struct tcg_event){ .pcr = 9, .type = TCG_EV_IPL, .sha256 = images[i] });
	assert_memory_equal(fx_ref.pcr9, r.pcr[9], 32);
}

static void test_make_errors(void **state)
{
	static struct refvals r;
	char err[256];
	(void)state;
	assert_int_equal(refvals_make(fx_cfg, strlen(fx_cfg), "/nonexistent", &r, err, sizeof(err)), -1);
	assert_contains(err, "/nonexistent/hypervisor.elf: No such file");
	assert_int_equal(refvals_make("[vm]\nname = x\n", 14, fx_dir, &r, err, sizeof(err)), -1);
	assert_contains(err, "boot.cfg line");
}

static void test_round_trip(void **state)
{
	static struct refvals back;
	char err[256];
	(void)state;
	write_ref();
	if (refvals_parse(text, text_len, &back, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	for (u32 i = 0; i < back.nload; i++)
		back.load[i].line = 0;
	for (u32 i = 0; i < back.nrt; i++)
		back.rt[i].line = 0;
	for (u32 i = 0; i < back.naccept; i++)
		back.accept[i].line = 0;
	assert_int_equal(back.naccept, 1); /* the boot policy */
	assert_memory_equal(&back, &fx_ref, sizeof(back));
}

/* Windows line ends and comments are tolerated. */
static void test_crlf_and_comments(void **state)
{
	static char crlf[16384];
	static struct refvals back;
	char err[256];
	size_t n = 0;
	(void)state;
	write_ref();
	for (size_t i = 0; i < text_len; i++) {
		if (text[i] == '\n')
			n += (size_t)sprintf(crlf + n, "\r\n# comment\r\n");
		else
			crlf[n++] = text[i];
	}
	if (refvals_parse(crlf, n, &back, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_memory_equal(back.pcr8, fx_ref.pcr8, 32);
}

/*
 * One edit of the valid file: `from` (first occurrence) becomes `to`; from NULL: the file is only `to`;
 * to NULL: the digit after `from` changes.
 */
struct bad_ref {
	const char *name, *from, *to, *want;
};

static const struct bad_ref bad_refs[] = {
	{ "empty", NULL, "", "line 1: empty file" },
	{ "not a reference", NULL, "hello\n", "line 1: not a cordon reference file" },
	{ "version 3", "cordon-ref 2", "cordon-ref 3", "line 1: unsupported format version" },
	{ "accept in version 1", "cordon-ref 2", "cordon-ref 1", "unknown record 'accept-policy'" },
	{ "accept extra text", "\npcr 8 ", "\naccept-policy 8c0ecd9b36a2c73fe6c1e0c9a8cbf1de4e0a5b39a6ba7ac3f1b2ea8bf1fcfc1b - x\npcr 8 ",
	  "text after the policy name" },
	{ "accept bad digest", "accept-policy ", "accept-policy zz", "expected a SHA-256 digest" },
	{ "accept no name", "\npcr 8 ", "\naccept-policy 8c0ecd9b36a2c73fe6c1e0c9a8cbf1de4e0a5b39a6ba7ac3f1b2ea8bf1fcfc1b\npcr 8 ",
	  "missing policy name" },
	{ "unknown record", "\nvm red", "\nvmx red", "unknown record 'vmx'" },
	{ "bad digest", "\npcr 8 ", "\npcr 8 zz", "expected a SHA-256 digest" },
	{ "short digest", "\npcr 8 ", "\npcr 8 ab\n# ", "expected a SHA-256 digest" },
	{ "text after pcr", "\npcr 9", " x\npcr 9", "text after the PCR value" },
	{ "wrong PCR", "load hypervisor - 9", "load hypervisor - 8", "line 3: hypervisor events go to PCR 9" },
	{ "PCR 010", "load hypervisor - 9", "load hypervisor - 09", "line 3: hypervisor events go to PCR 9" },
	{ "VM on boot.cfg", "load boot.cfg -", "load boot.cfg red", "line 4: boot.cfg events name no VM" },
	{ "no VM on image", "load guest-image red", "load guest-image -", "guest-image events name their VM" },
	{ "unknown kind", "load policy", "load polcy", "line 5: unknown load kind 'polcy'" },
	{ "edited config", "cmdline=x y", "cmdline=x z", "line 9: digest is not SHA-256 of the event string" },
	{ "control character", "cordon boot.cfg boot.cfg", "cordon boot.cfg\x01" "boot.cfg", "not printable" },
	{ "VM without vm line", "load guest-image red", "load guest-image blue", "line 8: no vm line for 'blue'" },
	{ "VM twice", "vm red red", "vm green-a red", "VM name 'green-a' is '-' or used twice" },
	{ "image digest", "\nvm green-a green ", NULL, "differs from the vm line's image digest" },
	{ "no image event", "load guest-image red", "# load guest-image red", "VM 'red' lacks its guest-image" },
	{ "two hypervisors", "load boot.cfg - 8", "load hypervisor - 9", "expected one hypervisor, one boot.cfg" },
	{ "runtime order", "runtime started", "runtime policy-loaded", "runtime lines are 'started' then" },
	{ "no policy-loaded", "runtime policy-loaded", "# runtime policy-loaded", "exactly when there is a policy" },
	{ "unknown runtime", "runtime started", "runtime begun", "unknown runtime kind 'begun'" },
	{ "pcr 9 missing", "\npcr 9 ", "\n# pcr 9 ", "missing the pcr 8 or pcr 9 line" },
	{ "pcr twice", "\npcr 9 ", "\npcr 8 ", "pcr 8 given twice" },
	{ "pcr 10", "\npcr 9 ", "\npcr 10 ", "only PCRs 8 and 9 are predicted" },
	{ "pcr edited", "\npcr 9 ", NULL, "line 16: pcr 9 is not the replay of the load lines" },
};

static void test_bad_ref(void **state)
{
	const struct bad_ref *c = *state;
	static char edited[16384];
	static struct refvals r;
	char err[256] = "";
	size_t n;
	write_ref();
	if (!c->from) {
		n = (size_t)sprintf(edited, "%s", c->to);
	} else {
		char *at = strstr(text, c->from);
		assert_non_null(at);
		n = (size_t)sprintf(edited, "%.*s%s%s", (int)(at - text), text, c->to ? c->to : c->from,
				    at + strlen(c->from));
		if (!c->to) {
			char *d = &edited[at - text + strlen(c->from)];
			*d = *d == '0' ? '1' : '0';
		}
	}
	assert_int_equal(refvals_parse(edited, n, &r, err, sizeof(err)), -1);
	assert_contains(err, c->want);
}

/* NUL bytes and overlong lines are refused with their line number. */
static void test_bad_bytes(void **state)
{
	static char big[4096];
	static struct refvals r;
	char err[256];
	(void)state;
	write_ref();
	text[strlen("cordon-ref 1\n#")] = 0;
	assert_int_equal(refvals_parse(text, text_len, &r, err, sizeof(err)), -1);
	assert_contains(err, "line 2: NUL byte");
	memset(big, 'x', sizeof(big));
	memcpy(big, "cordon-ref 1\n#", 14);
	assert_int_equal(refvals_parse(big, sizeof(big), &r, err, sizeof(err)), -1);
	assert_contains(err, "line 2: longer than 1023 bytes");
	assert_int_equal(refvals_load("/nonexistent.ref", &r, err, sizeof(err)), -1);
	assert_contains(err, "No such file");
}

int main(void)
{
	static struct unit_group g;
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_made_from_files), cmocka_unit_test(test_make_errors),
		cmocka_unit_test(test_linux_vm_initrd), cmocka_unit_test(test_vtpm_domain_loads), cmocka_unit_test(test_key_loads), cmocka_unit_test(test_accept_policy),
		cmocka_unit_test(test_round_trip),	cmocka_unit_test(test_crlf_and_comments),
		cmocka_unit_test(test_bad_bytes),
	};
	UNIT_ADD_ALL(&g, fixed);
	for (size_t i = 0; i < ARRAY_SIZE(bad_refs); i++)
		unit_add(&g, bad_refs[i].name, test_bad_ref, (void *)&bad_refs[i]);
	return _cmocka_run_group_tests("refvals_file", g.t, g.n, fx_setup, fx_teardown);
}
