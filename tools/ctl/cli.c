/* cordon-ctl: the command line: global options, subcommands and their arguments (docs/MANAGEMENT.md). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <tools/ctl/cmd.h>
#include <tools/ctl/request.h>

static const char usage_text[] =
	"usage: cordon-ctl [--socket PATH] [--key OPERATOR.key] [--json] [--timeout S] SUBCOMMAND ...\n"
	"  keygen BASE                     make BASE.key and BASE.pub (RSA-3072), print the key id\n"
	"  list                            every VM: name, label, state, vCPUs, memory, uptime, exits, end\n"
	"  start|stop|destroy|restart NAME signed by --key\n"
	"  policy show                     the running policy: name, digest, serial, since, labels\n"
	"  policy sign --key AUTHORITY.key --serial N POLICY.bin   write POLICY.bin.sig (or --sig FILE)\n"
	"  policy load [--stop-conflicting a,b] [--sig FILE] POLICY.bin   signed by --key\n"
	"  audit [--from N] [--follow]     the audit records as the console prints them\n"
	"--socket defaults to $CORDON_MGMT_SOCK; --timeout (default 60 s) bounds connecting and each answer.\n"
	"Exit status: 0 ok, 1 refused by cordon, 2 usage, channel or protocol error.\n";

enum { O_FROM = 1, O_FOLLOW = 2, O_SERIAL = 4, O_SIG = 8, O_STOP = 16 };

static int usage(const struct ctl_opts *o, const char *why)
{
	if (why)
		fprintf(o->err, "cordon-ctl: %s\n", why);
	fputs(usage_text, why ? o->err : o->out);
	return why ? CTL_EXIT_ERROR : CTL_EXIT_OK;
}

static bool parse_u64(const char *s, u64 *out, u64 max)
{
	char *end;
	if (!*s || *s < '0' || *s > '9')
		return false;
	*out = strtoull(s, &end, 10);
	return !*end && *out <= max && !(*out == ~0ull && max == ~0ull);
}

/* One option; -1 for a bad value (said), else 0. */
static int take_opt(struct ctl_opts *o, int c, const char *arg, u32 *seen)
{
	u64 v;
	switch (c) {
	case 's': o->socket = arg; break;
	case 'k': o->key = arg; break;
	case 'j': o->json = true; break;
	case 'F': o->follow = true, *seen |= O_FOLLOW; break;
	case 'g': o->sig = arg, *seen |= O_SIG; break;
	case 'c': o->stop = arg, *seen |= O_STOP; break;
	case 't':
		if (!parse_u64(arg, &v, 3600) || v == 0)
			return usage(o, "--timeout wants 1..3600 seconds"), -1;
		o->timeout = (u32)v;
		break;
	case 'f':
		if (!parse_u64(arg, &o->from, ~0ull))
			return usage(o, "--from wants a sequence number"), -1;
		o->have_from = true, *seen |= O_FROM;
		break;
	case 'n':
		if (!parse_u64(arg, &o->serial, ~0ull))
			return usage(o, "--serial wants a number"), -1;
		o->have_serial = true, *seen |= O_SERIAL;
		break;
	default: return usage(o, "unknown option"), -1;
	}
	return 0;
}

struct sub {
	const char *word, *word2; /* "policy", "load" */
	u32 nargs;		  /* positional arguments after the words */
	u32 allowed;		  /* O_* options it takes */
	u32 op;			  /* MGMT_OP_* for the lifecycle requests */
};
static const struct sub subs[] = {
	{ "keygen", NULL, 1, 0, 0 },
	{ "list", NULL, 0, 0, 0 },
	{ "start", NULL, 1, 0, MGMT_OP_START },
	{ "stop", NULL, 1, 0, MGMT_OP_STOP },
	{ "destroy", NULL, 1, 0, MGMT_OP_DESTROY },
	{ "restart", NULL, 1, 0, MGMT_OP_RESTART },
	{ "policy", "show", 0, 0, 0 },
	{ "policy", "sign", 1, O_SERIAL | O_SIG, 0 },
	{ "policy", "load", 1, O_SIG | O_STOP, 0 },
	{ "audit", NULL, 0, O_FROM | O_FOLLOW, 0 },
};

static const struct sub *find_sub(int n, char **w)
{
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		const struct sub *s = &subs[i];
		u32 words = s->word2 ? 2 : 1;
		if (!strcmp(w[0], s->word) && (!s->word2 || (n >= 2 && !strcmp(w[1], s->word2))) &&
		    (u32)n == words + s->nargs)
			return s;
	}
	return NULL;
}

static int run(const struct ctl_opts *o, const struct sub *s, char **w)
{
	const char *arg = w[s->word2 ? 2 : 1];
	if (s->op) {
		if (!ctl_name_ok(arg))
			return usage(o, "a VM name is 1 to 31 printable characters without spaces");
		return cmd_vm(o, s->op, s->word, arg);
	}
	if (!strcmp(s->word, "keygen"))
		return cmd_keygen(o, arg);
	if (!strcmp(s->word, "list"))
		return cmd_list(o);
	if (!strcmp(s->word, "audit"))
		return cmd_audit(o);
	if (!strcmp(s->word2, "show"))
		return cmd_policy_show(o);
	if (!strcmp(s->word2, "sign"))
		return cmd_policy_sign(o, arg);
	return cmd_policy_load(o, arg);
}

int ctl_main(int argc, char **argv, FILE *out, FILE *err)
{
	static const struct option longopts[] = {
		{ "socket", 1, 0, 's' }, { "key", 1, 0, 'k' },	     { "json", 0, 0, 'j' },  { "timeout", 1, 0, 't' },
		{ "from", 1, 0, 'f' },	 { "follow", 0, 0, 'F' },    { "serial", 1, 0, 'n' }, { "sig", 1, 0, 'g' },
		{ "stop-conflicting", 1, 0, 'c' }, { "help", 0, 0, 'h' }, { 0, 0, 0, 0 },
	};
	struct ctl_opts o = { .socket = getenv("CORDON_MGMT_SOCK"), .timeout = 60, .out = out, .err = err };
	const struct sub *s;
	u32 seen = 0;
	int c;
	optind = 0; /* GNU getopt: start afresh (ctl_main may run more than once in a process) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'h')
			return usage(&o, NULL);
		if (c == '?')
			return usage(&o, "unknown option or missing value");
		if (take_opt(&o, c, optarg, &seen) < 0)
			return CTL_EXIT_ERROR;
	}
	if (optind >= argc)
		return usage(&o, "no subcommand");
	if (!(s = find_sub(argc - optind, argv + optind)))
		return usage(&o, "unknown subcommand or wrong number of arguments");
	if (seen & ~s->allowed)
		return usage(&o, "an option that this subcommand does not take");
	return run(&o, s, argv + optind);
}
