/* cordon vTPM engine: the TCG reference TPM 2.0 (Debian's libtpms) serving one client through the runtime. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <vtpm/engine/engine.h>
#include <vtpm/engine/engine_sys.h>

#define BUF_MAX 4096 /* CORDON_VTPM_BUF_MAX: the client's CRB buffer */

static unsigned char cmd[BUF_MAX];

/* One line on the domain's console (fd 1 is the runtime's console write). */
static void say(const char *fmt, unsigned long a, unsigned long b)
{
	char line[160];
	int n = snprintf(line, sizeof(line), fmt, a, b);
	if (n > 0)
		(void)!write(1, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

static int start_tpm(void)
{
	TPM_RESULT rc;
	if ((rc = TPMLIB_ChooseTPMVersion(TPMLIB_TPM_VERSION_2)) || (rc = nvstore_register()) ||
	    (rc = TPMLIB_MainInit())) {
		say("vtpm: libtpms did not start: 0x%lx\n", rc, 0);
		return -1;
	}
	return 0;
}

/* TPM_RC_FAILURE in a bare response (TPM 2.0 Part 2, 6.6.3): for a command libtpms could not process at all. */
static const unsigned char failure[10] = { 0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x01, 0x01 };

/*
 * The TPM is started already (engine_make_ek), so the guest's own TPM2_Startup
 * gets TPM_RC_INITIALIZE; Linux runs TPM2_SelfTest first and goes on. libtpms grows its response buffer itself
 * and answers malformed commands with a TPM error; should it fail outright,
 * the client still gets an answer and the next command is served.
 */
static void serve(void)
{
	unsigned char *rsp = NULL;
	uint32_t rsp_len = 0, rsp_cap = 0;
	for (;;) {
		long n = syscall(VTPM_SYS_RECV, cmd, sizeof(cmd));
		const unsigned char *out = failure;
		uint32_t out_len = sizeof(failure);
		if (n < 0)
			break;
		rsp_len = 0;
		if (!TPMLIB_Process(&rsp, &rsp_len, &rsp_cap, cmd, (uint32_t)n) && rsp_len >= 10 && rsp_len <= BUF_MAX) {
			out = rsp;
			out_len = rsp_len;
		}
		if (syscall(VTPM_SYS_SEND, out, out_len) < 0)
			break;
	}
	say("vtpm: engine stopped serving: the link failed\n", 0, 0);
}

/*
 * The EK exists before any client command, and cordon logs its Name (PCR 10)
 * before it hands us one: a vTPM whose identity is not in the log never serves.
 */
static int make_ek(void)
{
	unsigned char name[EK_NAME_LEN];
	uint32_t rc = 0;
	const char *why = engine_make_ek(name, &rc);
	if (why) {
		char line[120];
		snprintf(line, sizeof(line), "vtpm: no EK: %s (TPM rc 0x%x): stopping\n", why, (unsigned)rc);
		(void)!write(1, line, strlen(line));
		return -1;
	}
	if (syscall(VTPM_SYS_READY, name, sizeof(name)) < 0) {
		say("vtpm: cordon did not take the EK's name: stopping\n", 0, 0);
		return -1;
	}
	return 0;
}

int main(void)
{
	uint32_t v;
	if (start_tpm())
		return 1;
	if (make_ek())
		return 3;
	v = TPMLIB_GetVersion();
	say("vtpm: engine up (TPM 2.0, libtpms %lu.%lu", v >> 16, (v >> 8) & 0xff);
	say(".%lu)\n", v & 0xff, 0);
	serve();
	return 2;
}
