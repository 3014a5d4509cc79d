/* cordon unit tests: matching logs against reference values (tools/refvals_match.c, tools/refvals_rt.c). */
/* sources: tools/refvals.c tools/refvals_parse.c tools/refvals_match.c tools/refvals_rt.c lib/tcg/tcglog.c lib/tcg/measure_ev.c lib/cfg/cfg.c lib/cfg/cfg_keys.c lib/cfg/cfg_vtpm.c lib/sha256.c lib/str.c lib/fmt.c */
#include <tests/unit/unit.h>
#include <tests/unit/refvals_fixture.h>
#include <lib/sha256.h>

/* Events before they are written: tampers edit these, then the logs are built with the writer. */
struct lev {
	u32 pcr, type;
	u8 digest[32];
	char data[MEV_MAX];
};

static struct lev fw[1100], rt[16];
static u32 nfw, nrt;
static u8 fwbuf[1100 * 128], rtbuf[8192];
static struct rv_report rep;

/* Appends an event; a NULL digest means SHA-256 of the data, as for every string event. */
static struct lev *add(struct lev *l, u32 *n, u32 pcr, u32 type, const char *data, const u8 *digest)
{
	struct lev *e = &l[(*n)++];
	e->pcr = pcr;
	e->type = type;
	snprintf(e->data, sizeof(e->data), "%s", data);
	if (digest)
		memcpy(e->digest, digest, 32);
	else
		sha256(data, strlen(data), e->digest);
	return e;
}

static void add_vm_event(bool stop, const char *name, const char *label, const u8 image[32])
{
	char s[MEV_MAX];
	if (stop)
		mev_rt_vm_stop(s, sizeof(s), name, label, image, "exit 0");
	else
		mev_rt_vm_start(s, sizeof(s), name, label, image);
	add(rt, &nrt, MEV_PCR_RUNTIME, TCG_EV_IPL, s, NULL);
}

/* What a correct boot logs: firmware events in PCRs 0-7, the loader's events, a runtime history. */
static void good_logs(void)
{
	nfw = nrt = 0;
	for (u32 p = 0; p < 8; p++)
		add(fw, &nfw, p, TCG_EV_SEPARATOR, "", NULL);
	for (u32 i = 0; i < fx_ref.nload; i++)
		add(fw, &nfw, fx_ref.load[i].pcr, TCG_EV_IPL, fx_ref.load[i].data, fx_ref.load[i].digest);
	for (u32 i = 0; i < fx_ref.nrt; i++)
		add(rt, &nrt, MEV_PCR_RUNTIME, TCG_EV_IPL, fx_ref.rt[i].data, NULL);
	add_vm_event(false, "green-a", "green", fx_ref.vms[0].image_digest);
	add_vm_event(false, "red", "red", fx_ref.vms[1].image_digest);
	add_vm_event(true, "red", "red", fx_ref.vms[1].image_digest);
}

static u32 build(u8 *buf, u32 cap, const struct lev *e, u32 n)
{
	u32 len = tcglog_put_header(buf, cap);
	for (u32 i = 0; i < n; i++)
		len += tcglog_put_event(buf + len, cap - len, e[i].pcr, e[i].type, e[i].digest, e[i].data,
					(u32)strlen(e[i].data));
	return len;
}

static int match_logs(const u8 *final, u32 final_len, u64 skip)
{
	struct rv_logs l = { fwbuf, build(fwbuf, sizeof(fwbuf), fw, nfw), final, final_len, skip,
			     rtbuf, build(rtbuf, sizeof(rtbuf), rt, nrt) };
	refvals_report_free(&rep);
	return refvals_match(&fx_ref, &l, &rep);
}

static void dump(void)
{
	for (u32 i = 0; i < rep.n; i++)
		print_message("  %s %s: %s\n", refvals_severity_name(rep.f[i].severity), rep.f[i].component, rep.f[i].msg);
}

/* The finding with this component whose message contains needle; fails (listing all) if none. */
static const struct rv_finding *finding(u32 sev, const char *component, const char *needle)
{
	for (u32 i = 0; i < rep.n; i++)
		if (rep.f[i].severity == sev && !strcmp(rep.f[i].component, component) && strstr(rep.f[i].msg, needle))
			return &rep.f[i];
	dump();
	fail_msg("no %s finding for '%s' containing '%s'", refvals_severity_name(sev), component, needle);
	return NULL;
}

static struct lev *fw_ev(const char *prefix)
{
	for (u32 i = 0; i < nfw; i++)
		if (!strncmp(fw[i].data, prefix, strlen(prefix)))
			return &fw[i];
	fail_msg("no firmware-log event '%s'", prefix);
	return NULL;
}

static void test_good_logs(void **state)
{
	(void)state;
	good_logs();
	if (match_logs(NULL, 0, 0) != 0 || rep.warnings)
		dump();
	assert_int_equal(rep.errors, 0);
	assert_int_equal(rep.warnings, 0);
	assert_memory_equal(rep.replay.pcr[8], fx_ref.pcr8, 32);
	assert_memory_equal(rep.replay.pcr[9], fx_ref.pcr9, 32);
	for (u32 p = 0; p < 8; p++)
		assert_int_equal(rep.fw_events[p], 1);
	finding(RV_INFO, "vm:green-a", "VM 'green-a' is running");
	finding(RV_INFO, "firmware", "8 events in PCRs 0-7");
}

/* The last loader events only in the final-events table, whose first event is already in the log. */
static void test_final_events_split(void **state)
{
	u8 table[4096] = { 1 }; /* version 1 */
	u32 n = 16, keep;
	(void)state;
	good_logs();
	keep = nfw - 3;
	for (u32 i = keep - 1; i < nfw; i++)
		n += tcglog_put_event(table + n, sizeof(table) - n, fw[i].pcr, fw[i].type, fw[i].digest, fw[i].data,
				      (u32)strlen(fw[i].data));
	table[8] = 4; /* NumberOfEvents */
	nfw = keep;
	assert_int_equal(match_logs(table, n, 1), 0);
	assert_memory_equal(rep.replay.pcr[8], fx_ref.pcr8, 32);
	assert_int_equal(match_logs(table, n, 0), 1); /* not skipping: the duplicate is a second event */
	finding(RV_ERROR, "vm:green-a", "unexpected second event for guest image 'green-a' (share.elf)");
}

static void test_missing_and_malformed_logs(void **state)
{
	struct rv_logs none = { 0 };
	u32 len;
	(void)state;
	refvals_report_free(&rep); /* refvals_match starts a fresh report */
	assert_true(refvals_match(&fx_ref, &none, &rep) > 0);
	finding(RV_ERROR, "log:firmware", "no firmware event log");
	finding(RV_ERROR, "log:runtime", "no runtime log");
	finding(RV_ERROR, "runtime", "missing runtime event 'started'");
	finding(RV_ERROR, "hypervisor", "missing event for hypervisor image");
	refvals_report_free(&rep);
	good_logs();
	len = build(fwbuf, sizeof(fwbuf), fw, nfw);
	none = (struct rv_logs){ fwbuf, len - 1, NULL, 0, 0, rtbuf, 10 };
	assert_true(refvals_match(&fx_ref, &none, &rep) > 0);
	finding(RV_ERROR, "log:firmware", "malformed: offset");
	finding(RV_ERROR, "vm:red", "missing event for guest configuration 'red'");
	finding(RV_ERROR, "log:runtime", "malformed: offset 0: log is 10 bytes");
}

/* A hostile log cannot make the report grow without bound; every error is still counted. */
static void test_findings_bounded(void **state)
{
	(void)state;
	good_logs();
	while (nfw < ARRAY_SIZE(fw))
		add(fw, &nfw, 9, TCG_EV_IPL, "junk", NULL);
	assert_true(match_logs(NULL, 0, 0) > 256);
	assert_int_equal(rep.n, 256);
	assert_string_equal(rep.f[255].component, "report");
	assert_contains(rep.f[255].msg, "findings after the first 255 are not listed");
	assert_string_equal(refvals_severity_name(RV_WARNING), "warning");
	assert_string_equal(refvals_severity_name(7), "?");
}

/* ---- one tamper per row: the logs a correct boot makes, changed in one place */
static void swap(struct lev *a, struct lev *b)
{
	struct lev t = *a;
	*a = *b;
	*b = t;
}

static void t_image(void) { fw_ev("cordon guest-image green-a")->digest[0] ^= 1; }
static void t_bootcfg(void) { fw_ev("cordon boot.cfg")->digest[5] ^= 1; }
static void t_policy(void) { fw_ev("cordon policy ")->digest[31] ^= 1; }
static void t_hv(void) { fw_ev("cordon hypervisor")->digest[0] ^= 0x80; }
static void t_extra(void) { add(fw, &nfw, 9, TCG_EV_IPL, "cordon guest-image evil guests/evil.elf", NULL); }
static void t_dup(void) { fw[nfw++] = *fw_ev("cordon hypervisor"); }
static void t_wrong_pcr(void) { fw_ev("cordon hypervisor")->pcr = 8; }
static void t_wrong_type(void) { fw_ev("cordon boot.cfg")->type = 0x80000003; }
static void t_pcr10(void) { add(fw, &nfw, 10, TCG_EV_IPL, "cordon vm-start name=x", NULL); }
static void t_reorder(void) { swap(fw_ev("cordon guest-image green-a"), fw_ev("cordon guest-config name=green-a")); }

static void t_missing(void)
{
	struct lev *e = fw_ev("cordon guest-config name=red");
	memmove(e, e + 1, (size_t)(fw + --nfw - e) * sizeof(*e));
}

static void t_config(void)
{
	struct lev *e = fw_ev("cordon guest-config name=green-a");
	memcpy(strstr(e->data, "label=green"), "label=gree2", 11);
	sha256(e->data, strlen(e->data), e->digest);
}

static void t_unknown_vm(void) { add_vm_event(false, "evil", "green", fx_ref.vms[0].image_digest); }
static void t_stop_twice(void) { add_vm_event(true, "red", "red", fx_ref.vms[1].image_digest); }
static void t_no_started(void) { memmove(rt, rt + 1, --nrt * sizeof(rt[0])); }
static void t_policy_twice(void) { rt[nrt++] = rt[1]; }
static void t_rt_digest(void) { rt[nrt - 1].digest[0] ^= 1; }
static void t_rt_pcr(void) { rt[nrt - 1].pcr = 11; }
static void t_rt_junk(void) { add(rt, &nrt, MEV_PCR_RUNTIME, TCG_EV_IPL, "hello\x01", NULL); }
static void t_rt_malformed(void) { add(rt, &nrt, MEV_PCR_RUNTIME, TCG_EV_IPL, "cordon vm-start name=red label=red", NULL); }

static void t_label(void)
{
	nrt = fx_ref.nrt;
	add_vm_event(false, "green-a", "red", fx_ref.vms[0].image_digest);
}

static void t_vm_image(void)
{
	nrt = fx_ref.nrt;
	add_vm_event(false, "green-a", "green", fx_ref.vms[1].image_digest);
}

static void t_started(void)
{
	char s[MEV_MAX];
	mev_rt_started(s, sizeof(s), fx_ref.load[0].digest, fx_ref.load[1].digest, 3);
	add(rt, &nrt, MEV_PCR_RUNTIME, TCG_EV_IPL, s, NULL);
	swap(&rt[0], &rt[nrt - 1]);
	nrt--;
}

struct tamper {
	const char *name;
	void (*fn)(void);
	u32 errors, warnings;
	const char *component, *needle;
};

/* ---------------------------------------------------------------- policy changes and restarts in the runtime log */
static u8 strict_sha[32], rogue_sha[32];

static void add_policy_changed(const char *name, u64 serial, const u8 sha[32])
{
	char s[MEV_MAX];
	mev_rt_policy_changed(s, sizeof(s), name, serial, sha);
	add(rt, &nrt, MEV_PCR_RUNTIME, TCG_EV_IPL, s, NULL);
}

/* The fixture's reference, also accepting "strict" (as cordon-ref --accept-policy adds it); runs the match. */
static void match_accepting_strict(void)
{
	char err[256];
	u32 before = fx_ref.naccept;
	sha256("strict policy", 13, strict_sha);
	sha256("rogue policy", 12, rogue_sha);
	assert_int_equal(refvals_accept_policy(&fx_ref, "strict policy", 13, err, sizeof(err)), 0);
	match_logs(NULL, 0, 0);
	fx_ref.naccept = before;
}

static void expect_counts(u32 errors, u32 warnings)
{
	if (rep.errors != errors || rep.warnings != warnings) {
		dump();
		fail_msg("%u errors and %u warnings, expected %u and %u", rep.errors, rep.warnings, errors, warnings);
	}
}

/* The boot policy is in force when nothing changed it: accepted, serial 0. */
static void test_boot_policy_in_force(void **state)
{
	(void)state;
	good_logs();
	match_logs(NULL, 0, 0);
	assert_true(rep.policy.known && rep.policy.accepted && !rep.policy.changed);
	assert_int_equal(rep.policy.serial, 0);
	assert_memory_equal(rep.policy.sha256, fx_ref.accept[0].sha256, 32);
	finding(RV_INFO, "policy", "policy in force: the boot policy");
}

/* A change to a policy the reference accepts, after VM events, and a VM that starts again after its stop. */
static void test_accepted_change_and_restart(void **state)
{
	(void)state;
	good_logs();
	sha256("strict policy", 13, strict_sha);
	add_policy_changed("strict", 7, strict_sha);
	add_vm_event(false, "red", "red", fx_ref.vms[1].image_digest); /* restart under the new policy */
	match_accepting_strict();
	expect_counts(0, 0);
	assert_true(rep.policy.changed && rep.policy.accepted);
	assert_string_equal(rep.policy.name, "strict");
	assert_int_equal(rep.policy.serial, 7);
	assert_int_equal(rep.policy.changes, 1);
	finding(RV_INFO, "policy", "loaded at run time, 'strict' (serial 7");
	finding(RV_INFO, "vm:red", "VM 'red' is running");
}

/* The policy in force at the end is not in the reference values: an error that names it. */
static void test_unaccepted_change(void **state)
{
	char h[65];
	(void)state;
	good_logs();
	sha256("rogue policy", 12, rogue_sha);
	add_policy_changed("rogue", 1, rogue_sha);
	match_accepting_strict();
	expect_counts(1, 0);
	assert_true(rep.policy.changed && !rep.policy.accepted);
	mev_hex(rogue_sha, h);
	assert_non_null(strstr(finding(RV_ERROR, "policy", "policy in force 'rogue' (serial 1")->msg, h));
}

/* An unaccepted policy replaced by an accepted one: a warning for the time it was in force, no error. */
static void test_unaccepted_then_accepted(void **state)
{
	(void)state;
	good_logs();
	sha256("rogue policy", 12, rogue_sha);
	sha256("strict policy", 13, strict_sha);
	add_policy_changed("rogue", 1, rogue_sha);
	add_policy_changed("strict", 2, strict_sha);
	match_accepting_strict();
	expect_counts(0, 1);
	finding(RV_WARNING, "policy", "policy 'rogue'");
	assert_int_equal(rep.policy.changes, 2);
}

/* Serials only rise; a malformed event is named. */
static void test_policy_change_adverse(void **state)
{
	(void)state;
	good_logs();
	sha256("strict policy", 13, strict_sha);
	add_policy_changed("strict", 3, strict_sha);
	add_policy_changed("strict", 3, strict_sha);
	match_accepting_strict();
	expect_counts(1, 0);
	finding(RV_ERROR, "policy", "serial 3, not above the previous 3");
	good_logs();
	add(rt, &nrt, MEV_PCR_RUNTIME, TCG_EV_IPL, "cordon policy-changed name=x serial=-1 sha256=00", NULL);
	match_accepting_strict();
	finding(RV_ERROR, "runtime", "malformed policy-changed event");
	good_logs();
	add_policy_changed("strict", 0, strict_sha); /* the boot policy's serial is 0: never a change's */
	match_accepting_strict();
	finding(RV_ERROR, "policy", "serial 0, not above the previous 0");
}

static const struct tamper tampers[] = {
	{ "guest image", t_image, 1, 0, "vm:green-a", "guest image 'green-a' (share.elf) differs: digest " },
	{ "boot.cfg", t_bootcfg, 1, 0, "boot.cfg", "boot.cfg differs: digest " },
	{ "policy", t_policy, 1, 0, "policy", "policy differs: digest " },
	{ "hypervisor", t_hv, 1, 0, "hypervisor", "hypervisor image differs: digest " },
	{ "extra event", t_extra, 1, 0, "loader", "unexpected event in PCR 9: 'cordon guest-image evil" },
	{ "second event", t_dup, 1, 0, "hypervisor", "unexpected second event for hypervisor image" },
	{ "missing event", t_missing, 1, 0, "vm:red", "missing event for guest configuration 'red'" },
	{ "reordered events", t_reorder, 1, 0, "vm:green-a", "event for guest image 'green-a' (share.elf) out of order" },
	{ "guest config", t_config, 2, 0, "vm:green-a", "guest configuration 'green-a' event differs: " },
	{ "wrong PCR", t_wrong_pcr, 1, 0, "hypervisor", "hypervisor image measured into PCR 8, expected PCR 9" },
	{ "wrong type", t_wrong_type, 1, 0, "boot.cfg", "boot.cfg has event type 0x80000003" },
	{ "PCR 10 in firmware log", t_pcr10, 1, 0, "loader", "PCR 10 event in the firmware log" },
	{ "unknown VM", t_unknown_vm, 1, 0, "runtime", "unknown VM 'evil' started" },
	{ "wrong label", t_label, 1, 0, "vm:green-a", "VM 'green-a' started with label 'red', expected 'green'" },
	{ "wrong VM image", t_vm_image, 1, 0, "vm:green-a", "VM 'green-a' started with image digest " },
	{ "stopped twice", t_stop_twice, 0, 1, "vm:red", "VM 'red' stopped but was not running" },
	{ "no started event", t_no_started, 1, 0, "runtime", "missing runtime event 'started'" },
	{ "started differs", t_started, 1, 0, "runtime", "runtime event 'started' differs" },
	{ "policy-loaded twice", t_policy_twice, 1, 0, "runtime", "unexpected second runtime event 'cordon policy" },
	{ "runtime digest", t_rt_digest, 1, 0, "log:runtime", "digest is not SHA-256 of the event 'cordon vm-stop" },
	{ "runtime PCR 11", t_rt_pcr, 1, 0, "log:runtime", "(PCR 11, type 0xd) is not an EV_IPL event in PCR 10" },
	{ "runtime junk", t_rt_junk, 1, 0, "runtime", "unexpected runtime event 'hello?'" },
	{ "runtime malformed", t_rt_malformed, 1, 0, "runtime", "malformed VM event" },
};

/* ---------------------------------------------------------------- vTPM EK names in the runtime log */
static struct refvals vref; /* the fixture's reference and a VM "tpmvm" with vtpm = yes (and its domain) */
static const u8 ek[34] = { 0x00, 0x0b, 0x11, [33] = 0x99 };
#define EK_HEX "000b1100000000000000000000000000000000000000000000000000000000000099"

/* The fixture plus tpmvm and tpmvm-vtpm, as cordon-ref lists a VM with vtpm = yes and the domain cfg adds. */
static void vtpm_ref(void)
{
	vref = fx_ref;
	vref.vms[vref.nvms] = (struct ref_vm){ .name = "tpmvm", .label = "green", .image = "guests/share.elf" };
	vref.vms[vref.nvms + 1] = (struct ref_vm){ .name = "tpmvm-vtpm", .label = "green", .image = "vtpm/vtpm.elf" };
	vref.nvms += 2;
}

static void add_ek(const char *client)
{
	char s[MEV_MAX];
	assert_true(mev_rt_vtpm_ek(s, sizeof(s), client, ek, sizeof(ek)) > 0);
	add(rt, &nrt, MEV_PCR_RUNTIME, TCG_EV_IPL, s, NULL);
}

static void match_vtpm(void)
{
	struct rv_logs l = { fwbuf, build(fwbuf, sizeof(fwbuf), fw, nfw), NULL, 0, 0,
			     rtbuf, build(rtbuf, sizeof(rtbuf), rt, nrt) };
	refvals_report_free(&rep);
	refvals_match(&vref, &l, &rep);
}

/* The client starts, then its domain, then the EK: accepted and reported; the domain's restart takes a new one. */
static void test_vtpm_ek_accepted(void **state)
{
	(void)state;
	vtpm_ref();
	good_logs();
	add_vm_event(false, "tpmvm", "green", vref.vms[vref.nvms - 2].image_digest);
	add_vm_event(false, "tpmvm-vtpm", "green", vref.vms[vref.nvms - 1].image_digest);
	add_ek("tpmvm");
	match_vtpm();
	expect_counts(0, 0);
	assert_int_equal(rep.nvtpm, 1);
	assert_string_equal(rep.vtpm[0].client, "tpmvm");
	assert_string_equal(rep.vtpm[0].ek_name, EK_HEX);
	add_ek("tpmvm"); /* a second one in the same run of the domain */
	match_vtpm();
	finding(RV_ERROR, "vm:tpmvm", "second vtpm-ek event for VM 'tpmvm'");
	nrt--;
	add_vm_event(true, "tpmvm-vtpm", "green", vref.vms[vref.nvms - 1].image_digest);
	add_vm_event(false, "tpmvm-vtpm", "green", vref.vms[vref.nvms - 1].image_digest);
	add_ek("tpmvm");
	match_vtpm();
	expect_counts(0, 0);
	assert_int_equal(rep.nvtpm, 2);
}

/* An EK for a VM the reference does not know, or knows without a vTPM: rejected, naming the event. */
static void test_vtpm_ek_unknown_vm(void **state)
{
	(void)state;
	vtpm_ref();
	good_logs();
	add_ek("evil");
	match_vtpm();
	finding(RV_ERROR, "runtime", "vtpm-ek event for unknown VM 'evil'");
	good_logs();
	add_ek("green-a"); /* running, but boot.cfg gives it no vTPM */
	match_vtpm();
	finding(RV_ERROR, "runtime", "vtpm-ek event for vTPM-less VM 'green-a'");
	assert_int_equal(rep.nvtpm, 0);
}

/* Before the client's vm-start, or before its domain's: rejected; and a malformed one. */
static void test_vtpm_ek_before_start(void **state)
{
	(void)state;
	vtpm_ref();
	good_logs();
	add_ek("tpmvm");
	match_vtpm();
	finding(RV_ERROR, "vm:tpmvm", "vtpm-ek event for VM 'tpmvm' before its VM started");
	good_logs();
	add_vm_event(false, "tpmvm", "green", vref.vms[vref.nvms - 2].image_digest);
	add_ek("tpmvm");
	match_vtpm();
	finding(RV_ERROR, "vm:tpmvm", "before its vTPM domain started");
	assert_int_equal(rep.nvtpm, 0);
	good_logs();
	add(rt, &nrt, MEV_PCR_RUNTIME, TCG_EV_IPL, "cordon vtpm-ek name=tpmvm ek=XYZ", NULL);
	match_vtpm();
	finding(RV_ERROR, "runtime", "malformed vtpm-ek event");
}

/* The event's form: client name and the whole Name in lowercase hex; too long a name is refused. */
static void test_mev_vtpm_ek(void **state)
{
	char s[MEV_MAX];
	u8 big[65] = { 0 };
	u32 n;
	(void)state;
	n = mev_rt_vtpm_ek(s, sizeof(s), "lx", ek, sizeof(ek));
	assert_int_equal(n, strlen(s));
	assert_string_equal(s, "cordon vtpm-ek name=lx ek=" EK_HEX);
	assert_int_equal(mev_rt_vtpm_ek(s, sizeof(s), "lx", big, sizeof(big)), 0);
	assert_int_equal(mev_rt_vtpm_ek(s, 20, "lx", ek, sizeof(ek)), 0); /* does not fit */
}

static void test_tamper(void **state)
{
	const struct tamper *t = *state;
	good_logs();
	t->fn();
	match_logs(NULL, 0, 0);
	finding(t->warnings ? RV_WARNING : RV_ERROR, t->component, t->needle);
	if (rep.errors != t->errors || rep.warnings != t->warnings) {
		dump();
		fail_msg("%u errors and %u warnings, expected %u and %u", rep.errors, rep.warnings, t->errors,
			 t->warnings);
	}
}

int main(void)
{
	static struct unit_group g;
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_good_logs),
		cmocka_unit_test(test_final_events_split),
		cmocka_unit_test(test_missing_and_malformed_logs),
		cmocka_unit_test(test_findings_bounded),
		cmocka_unit_test(test_boot_policy_in_force),
		cmocka_unit_test(test_accepted_change_and_restart),
		cmocka_unit_test(test_unaccepted_change),
		cmocka_unit_test(test_unaccepted_then_accepted),
		cmocka_unit_test(test_policy_change_adverse),
		cmocka_unit_test(test_vtpm_ek_accepted),
		cmocka_unit_test(test_vtpm_ek_unknown_vm),
		cmocka_unit_test(test_vtpm_ek_before_start),
		cmocka_unit_test(test_mev_vtpm_ek),
	};
	UNIT_ADD_ALL(&g, fixed);
	for (size_t i = 0; i < ARRAY_SIZE(tampers); i++)
		unit_add(&g, tampers[i].name, test_tamper, (void *)&tampers[i]);
	return _cmocka_run_group_tests("refvals", g.t, g.n, fx_setup, fx_teardown);
}
