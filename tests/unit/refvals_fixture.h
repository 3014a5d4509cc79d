/* cordon unit tests: a small ESP in a temp dir and its reference values, shared by the refvals tests. */
#ifndef CORDON_TESTS_REFVALS_FIXTURE_H
#define CORDON_TESTS_REFVALS_FIXTURE_H
#include <sys/stat.h>
#include <unistd.h>
#include <tools/refvals.h>

/* Two VMs (one started by hand later), a policy, an image shared by nobody else. */
static const char fx_cfg[] = "policy = pol.bin\n"
			     "[vm]\n"
			     "name = green-a\n"
			     "image = guests/share.elf\n"
			     "memory = 4M\n"
			     "label = green\n"
			     "nic = seg\n"
			     "[vm]\n"
			     "name = red\n"
			     "image = guests/red.elf\n"
			     "memory = 2M\n"
			     "label = red\n"
			     "start = manual\n"
			     "cmdline = \"x y\"\n";

static char fx_dir[64];
static struct refvals fx_ref;

static void fx_write(const char *rel, const char *text)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", fx_dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Creates the ESP files and makes fx_ref from them. */
static int fx_setup(void **state)
{
	char path[256], err[256];
	(void)state;
	snprintf(fx_dir, sizeof(fx_dir), "/tmp/cordon-refvals-XXXXXX");
	assert_non_null(mkdtemp(fx_dir));
	snprintf(path, sizeof(path), "%s/guests", fx_dir);
	assert_int_equal(mkdir(path, 0700), 0);
	fx_write("hypervisor.elf", "fake hypervisor");
	fx_write("pol.bin", "fake policy");
	fx_write("guests/share.elf", "fake share guest");
	fx_write("guests/red.elf", "fake red guest");
	if (refvals_make(fx_cfg, strlen(fx_cfg), fx_dir, &fx_ref, err, sizeof(err)) < 0)
		fail_msg("refvals_make: %s", err);
	return 0;
}

static int fx_teardown(void **state)
{
	static const char *const files[] = { "hypervisor.elf", "pol.bin", "guests/share.elf", "guests/red.elf", "guests" };
	char path[256];
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", fx_dir, files[i]);
		remove(path);
	}
	rmdir(fx_dir);
	return 0;
}

#endif
