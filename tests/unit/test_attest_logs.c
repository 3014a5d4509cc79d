/* cordon unit tests: cordon-attest's log replay (per PCR, per log) and reference values (per component). */
/* sources: tools/attest/crypto.c tools/attest/der.c tools/attest/evidence.c tools/attest/report.c tools/attest/verify_id.c tools/attest/verify_quote.c tools/attest/x509.c tools/attest/x509_chain.c tools/refvals.c tools/refvals_parse.c tools/refvals_match.c tools/refvals_rt.c lib/mgmt/mgmt_frame.c lib/tcg/tcglog.c lib/tpm2/tpm2_mu.c lib/tpm2/tpm2_cmd.c lib/tpm2/tpm2_parse.c lib/cfg/cfg.c lib/cfg/cfg_keys.c lib/cfg/cfg_vtpm.c lib/tcg/measure_ev.c lib/sha256.c lib/fmt.c lib/str.c */
#include <tests/unit/attest_forge_check.h>

#define REPLAY "log-replay=failed refvals=skipped"
#define REFVALS "refvals=failed"

/* ---- log replay: the TPM quoted one boot (forge_quote), the logs show another. */

/* The first event of PCR pcr, with one digest bit changed after the quote. */
static void edit_pcr(struct forge *f, u32 pcr)
{
	forge_quote(f);
	for (u32 i = 0; i < f->nev; i++)
		if (f->ev[i].pcr == pcr) {
			f->ev[i].digest[31] ^= 1;
			return;
		}
	fail_msg("no event in PCR %u", pcr);
}

static void test_replay_each_pcr(void **state)
{
	(void)state;
	struct forge f;
	if (!fgk.up)
		skip();
	for (u32 pcr = 0; pcr <= MEV_PCR_RUNTIME; pcr++) {
		forge_begin(&f);
		edit_pcr(&f, pcr);
		const struct report *r = forge_end(&f);
		forge_expect(r, REPLAY);
		assert_contains(forge_detail(r, "log-replay"), "event log does not match the quote (edited or truncated)");
	}
}

/* The last event of each log dropped after the quote (a truncated log); the final events hold PCR 5's. */
static void test_replay_truncated(void **state)
{
	(void)state;
	static const char *const events[] = { "cordon guest-config name=bravo", "firmware event for PCR 5",
					      "cordon vm-start name=bravo" };
	static const char *const counts[] = { "firmware log (13 events)", "final events (0 events)", "runtime log (3 events)" };
	struct forge f;
	if (!fgk.up)
		skip();
	for (u32 i = 0; i < ARRAY_SIZE(events); i++) {
		forge_begin(&f);
		forge_quote(&f);
		forge_drop(&f, forge_find(&f, events[i]));
		const struct report *r = forge_end(&f);
		forge_expect(r, REPLAY);
		assert_contains(forge_detail(r, "log-replay"), counts[i]);
	}
}

/* Two events of one PCR swapped: the same events, but extend is not commutative. */
static void test_replay_reordered(void **state)
{
	(void)state;
	struct forge f;
	if (!fgk.up)
		skip();
	forge_begin(&f);
	forge_quote(&f);
	struct fg_event *a = forge_find(&f, "cordon vm-start name=alpha"), *b = forge_find(&f, "cordon vm-start name=bravo");
	struct fg_event t = *a;
	*a = *b, *b = t;
	forge_expect(forge_end(&f), REPLAY);
}

/* An event moved to another quoted PCR, and the signed digest itself changed or cut short. */
static void test_replay_digest(void **state)
{
	(void)state;
	struct forge f;
	if (!fgk.up)
		skip();
	forge_begin(&f);
	forge_quote(&f);
	forge_find(&f, "firmware event for PCR 3")->pcr = 4;
	forge_expect(forge_end(&f), REPLAY);
	forge_begin(&f);
	forge_quote(&f);
	f.pcr_digest[0] ^= 0x10;
	forge_expect(forge_end(&f), REPLAY);
	forge_begin(&f);
	forge_quote(&f);
	f.pcr_digest_len = 20;
	forge_expect(forge_end(&f), REPLAY);
}

/* An event in a PCR the quote does not cover is not replayed into its digest: still trusted (one note). */
static void test_replay_unquoted_pcr(void **state)
{
	(void)state;
	struct forge f;
	if (!fgk.up)
		skip();
	forge_begin(&f);
	forge_quote(&f);
	forge_find(&f, "firmware event for PCR 7")->pcr = 14;
	const struct report *r = forge_end(&f);
	forge_expect(r, "log-replay=failed refvals=skipped"); /* PCR 7 lost an event */
	forge_begin(&f);
	f.ev[f.nev] = f.ev[0];
	f.ev[f.nev++].pcr = 14;
	forge_quote(&f);
	f.ev[f.nev - 1].digest[0] ^= 1; /* not quoted: may change freely */
	forge_expect(forge_end(&f), "");
}

/* ---- reference values: the quote and the logs agree, but the boot is not the reference boot. */

struct comp {
	const char *name, *event; /* the event to change */
	const char *data;	  /* its new string (digest = SHA-256 of it), or NULL: flip a digest bit */
	const char *component, *phrase;
};

static const struct comp comps[] = {
	{ "hypervisor", "cordon hypervisor", NULL, "hypervisor", "hypervisor image differs: digest " },
	{ "boot.cfg", "cordon boot.cfg", NULL, "boot.cfg", "boot.cfg differs: digest " },
	{ "policy", "cordon policy demo.bin", NULL, "policy", "policy differs: digest " },
	{ "guest image", "cordon guest-image alpha", NULL, "vm:alpha", "guest image 'alpha' (a.elf) differs" },
	{ "guest config", "cordon guest-config name=bravo",
	  "cordon guest-config name=bravo label= memory=64MiB", "vm:bravo", "guest configuration 'bravo' event differs" },
	{ "runtime started", "cordon started", "cordon started hypervisor=0 boot.cfg=0 vms=2", "runtime",
	  "runtime event 'started' differs" },
	{ "policy loaded", "cordon policy-loaded", "cordon policy-loaded 00", "runtime", "runtime event 'policy-loaded' differs" },
	{ "vm label", "cordon vm-start name=alpha", NULL /* made below */, "vm:alpha", "started with label 'red', expected 'green'" },
	{ "vm image", "cordon vm-start name=bravo", NULL, "vm:bravo", "started with image digest " },
	{ "unknown vm", "cordon vm-start name=bravo", NULL, "runtime", "unknown VM 'charlie' started" },
};

static void edit_comp(struct forge *f, const struct comp *c)
{
	char s[MEV_MAX];
	struct fg_event *e = forge_find(f, c->event);
	const struct ref_vm *vm = &fgk.ref.vms[!strcmp(c->component, "vm:alpha") ? 0 : 1];
	u8 d[32];
	memcpy(d, vm->image_digest, 32);
	if (c->data)
		forge_restring(e, c->data);
	else if (!strcmp(c->name, "vm label"))
		forge_restring(e, (mev_rt_vm_start(s, sizeof(s), vm->name, "red", d), s));
	else if (!strcmp(c->name, "vm image"))
		forge_restring(e, (d[31] ^= 1, mev_rt_vm_start(s, sizeof(s), vm->name, "", d), s));
	else if (!strcmp(c->name, "unknown vm"))
		forge_restring(e, (mev_rt_vm_start(s, sizeof(s), "charlie", "", d), s));
	else
		e->digest[31] ^= 1; /* the last byte: a comparison of fewer bytes misses it */
}

static void test_refvals_component(void **state)
{
	const struct comp *c = *state;
	struct forge f;
	bool named = false;
	if (!fgk.up)
		skip();
	forge_begin(&f);
	edit_comp(&f, c);
	const struct report *r = forge_end(&f); /* quoted after the edit: the logs replay */
	forge_expect(r, REFVALS);
	for (u32 i = 0; i < r->nfindings; i++)
		named |= !strcmp(r->findings[i].severity, "error") && !strcmp(r->findings[i].component, c->component) &&
			 strstr(r->findings[i].msg, c->phrase);
	if (!named) {
		report_text(stderr, r);
		fail_msg("no error finding for %s containing '%s'", c->component, c->phrase);
	}
}

/* Loader events missing, out of place, or unexpected; a runtime event that is not EV_IPL. */
static void test_refvals_shape(void **state)
{
	(void)state;
	struct forge f;
	if (!fgk.up)
		skip();
	forge_begin(&f);
	forge_drop(&f, forge_find(&f, "cordon guest-config name=bravo"));
	forge_expect(forge_end(&f), REFVALS);
	forge_begin(&f);
	forge_find(&f, "cordon hypervisor")->pcr = MEV_PCR_CONFIG;
	forge_expect(forge_end(&f), REFVALS);
	forge_begin(&f);
	forge_find(&f, "cordon boot.cfg")->log = FG_RT; /* a loader event in the runtime log */
	forge_expect(forge_end(&f), REFVALS);
	forge_begin(&f);
	forge_find(&f, "cordon started")->log = FG_FW; /* a PCR 10 event in the firmware log */
	forge_expect(forge_end(&f), REFVALS);
	forge_begin(&f);
	forge_find(&f, "cordon vm-start name=alpha")->type = 0x5; /* EV_ACTION */
	forge_expect(forge_end(&f), REFVALS);
	forge_begin(&f);
	f.ev[f.nev] = *forge_find(&f, "cordon guest-image alpha"); /* measured twice */
	f.nev++;
	forge_expect(forge_end(&f), REFVALS);
}

/* A policy loaded at run time that the reference values do not list: untrusted, and named in both outputs. */
static void test_policy_not_accepted(void **state)
{
	static char out[16384];
	struct forge f;
	struct fg_event *e;
	char s[MEV_MAX];
	u8 d[32];
	FILE *m;
	(void)state;
	if (!fgk.up)
		skip();
	forge_begin(&f);
	f.ev[f.nev] = *forge_find(&f, "cordon vm-start name=alpha"); /* a runtime event, at the end of the log */
	e = &f.ev[f.nev++];
	sha256("rogue", 5, d);
	forge_restring(e, (mev_rt_policy_changed(s, sizeof(s), "rogue", 4, d), s));
	const struct report *r = forge_end(&f);
	forge_expect(r, REFVALS);
	assert_true(r->policy_known && r->policy_changed && !r->policy_accepted);
	assert_string_equal(r->policy_name, "rogue");
	m = fmemopen(out, sizeof(out), "w");
	report_text(m, r);
	fclose(m);
	assert_non_null(strstr(out, "policy in force: rogue (loaded at run time, serial 4"));
	assert_non_null(strstr(out, "NOT in the reference values"));
	m = fmemopen(out, sizeof(out), "w");
	report_json(m, r);
	fclose(m);
	assert_non_null(strstr(out, "\"policy\":{\"name\":\"rogue\",\"source\":\"changed\",\"serial\":4"));
	assert_non_null(strstr(out, "\"accepted\":false}"));
}

/* Each vTPM's EK name: one text line, whatever the verdict, and a "vtpms" array in the JSON. */
static void test_report_vtpm_lines(void **state)
{
	static struct report r;
	char out[4096];
	FILE *m;
	(void)state;
	memset(&r, 0, sizeof(r));
	r.nvtpm = 2;
	snprintf(r.vtpm[0].client, sizeof(r.vtpm[0].client), "lx");
	snprintf(r.vtpm[0].ek_name, sizeof(r.vtpm[0].ek_name), "000baa");
	snprintf(r.vtpm[1].client, sizeof(r.vtpm[1].client), "b\033x"); /* control bytes never reach a terminal */
	snprintf(r.vtpm[1].ek_name, sizeof(r.vtpm[1].ek_name), "000bbb");
	m = fmemopen(out, sizeof(out), "w");
	report_text(m, &r);
	fclose(m);
	assert_non_null(strstr(out, "platform UNTRUSTED\n  vTPM of lx: EK name 000baa\n  vTPM of b?x: EK name 000bbb\n"));
	report_check(&r, "quote", CHECK_OK, "fine");
	m = fmemopen(out, sizeof(out), "w");
	report_text(m, &r);
	fclose(m);
	assert_non_null(strstr(out, "platform TRUSTED"));
	assert_non_null(strstr(out, "\n  vTPM of lx: EK name 000baa\n"));
	m = fmemopen(out, sizeof(out), "w");
	report_json(m, &r);
	fclose(m);
	assert_non_null(strstr(out, "\"vtpms\":[{\"vm\":\"lx\",\"ek_name\":\"000baa\"},{\"vm\":\"b\\u001bx\",\"ek_name\":\"000bbb\"}]"));
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_replay_each_pcr),	   cmocka_unit_test(test_replay_truncated),
		cmocka_unit_test(test_replay_reordered),   cmocka_unit_test(test_replay_digest),
		cmocka_unit_test(test_replay_unquoted_pcr), cmocka_unit_test(test_refvals_shape),
		cmocka_unit_test(test_policy_not_accepted), cmocka_unit_test(test_report_vtpm_lines),
	};
	static struct unit_group g;
	if (!forge_setup())
		fprintf(stderr, "openssl or libtomcrypt unavailable: every case skips\n");
	UNIT_ADD_ALL(&g, fixed);
	for (u32 i = 0; i < ARRAY_SIZE(comps); i++)
		unit_add(&g, comps[i].name, test_refvals_component, (void *)&comps[i]);
	int rc = unit_run("attest_logs", &g);
	forge_teardown();
	return rc;
}
