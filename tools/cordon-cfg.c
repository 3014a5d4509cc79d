/* cordon-cfg: validates a boot.cfg offline with the same parser and image checks as the EFI loader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <lib/cfg/cfg.h>
#include <lib/boot/bzimage.h>
#include <lib/boot/elf.h>
#include <cordon/hypercall.h>

/* Why a path could not be read, in the loader's words (boot/efi_main.c efi_err) where it has them. */
static const char *read_error(int err)
{
	switch (err) {
	case ENOENT: case ENOTDIR: return "file not found";
	case EISDIR: return "is a directory, not a file";
	default: return strerror(err);
	}
}

/* The whole file, or NULL with *why saying why not. */
static char *slurp(const char *path, long *len, const char **why)
{
	struct stat st;
	FILE *f;
	char *buf;
	if (stat(path, &st) < 0) {
		*why = read_error(errno);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) { /* fopen would succeed on it, and fread fail */
		*why = read_error(EISDIR);
		return NULL;
	}
	if (!(f = fopen(path, "rb"))) {
		*why = read_error(errno);
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	*len = ftell(f);
	rewind(f);
	buf = malloc((size_t)*len + 1);
	if (buf && fread(buf, 1, (size_t)*len, f) != (size_t)*len) {
		free(buf);
		buf = NULL;
	}
	*why = buf ? NULL : "read error";
	fclose(f);
	return buf;
}

/* The loader's checks of a Linux VM (boot/check.c): a bzImage that fits, an initrd above it. */
static const char *check_linux(const char *dir, const struct cfg_vm *vm, const char *buf, long len)
{
	static struct bzimage b;
	static char why[160];
	char path[512];
	long rdlen = 0;
	char *rd = NULL;
	const char *err;
	u64 at, rd_at;
	if (bzimage_parse((const u8 *)buf, (u64)len, &b))
		return snprintf(why, sizeof(why), "not a usable Linux bzImage: %s", b.why), why;
	if (vm->initrd[0]) {
		snprintf(path, sizeof(path), "%s/%s", dir, vm->initrd);
		if (!(rd = slurp(path, &rdlen, &err)))
			return snprintf(why, sizeof(why), "initrd '%s': %s", vm->initrd, err), why;
		free(rd);
	}
	switch (bzimage_place(&b, vm->memory, (u64)rdlen, &at, &rd_at)) {
	case BZ_NO_ROOM_KERNEL: return "memory is too small for this kernel";
	case BZ_NO_ROOM_INITRD: return "the initrd does not fit above the kernel";
	case BZ_PLACED: break;
	}
	return NULL;
}

/* The loader's per-image checks: readable, a valid guest ELF (or Linux bzImage), fits the VM's memory layout. */
static int check_image(const char *cfgpath, const char *dir, const struct cfg_vm *vm)
{
	char path[512];
	long len;
	struct elf_image img;
	const char *why;
	char *buf;
	snprintf(path, sizeof(path), "%s/%s", dir, vm->image);
	buf = slurp(path, &len, &why);
	if (!buf) {
		fprintf(stderr, "%s:%u: error: VM '%s': image '%s': %s\n", cfgpath, vm->line, vm->name, path, why);
		return -1;
	}
	if (vm->linux_boot)
		why = check_linux(dir, vm, buf, len);
	else if (!(why = elf_check(buf, (u64)len, &img)) &&
		 (img.lo < CORDON_GUEST_IMAGE_MIN || img.hi > vm->memory - CORDON_GUEST_STACK_MIN))
		why = "does not fit the VM's memory (image must lie in [1 MiB, memory - 64 KiB))";
	if (why)
		fprintf(stderr, "%s:%u: error: VM '%s': image '%s': %s\n", cfgpath, vm->line, vm->name, vm->image, why);
	free(buf);
	return why ? -1 : 0;
}

static void show(const struct cfg *c)
{
	printf("console %s, loglevel %s, policy %s\n", c->console ? "none" : "com1", cfg_loglevel_name(c->loglevel),
	       c->policy[0] ? c->policy : "(none)");
	for (u32 i = 0; i < c->nvms; i++) {
		const struct cfg_vm *v = &c->vms[i];
		printf("vm %-12s label %-10s memory %5llu MiB  vcpus %u  start %-6s timeout %us  image %s  cmdline \"%s\"%s\n",
		       v->name, v->label, v->memory >> 20, v->vcpus, cfg_start_name(v->start), v->timeout, v->image,
		       v->cmdline, v->on_reboot == CFG_REBOOT_RESTART ? "  on_reboot restart" : "");
	}
}

static int usage(void)
{
	fprintf(stderr, "usage: cordon-cfg check BOOT.CFG [--images DIR]\n"
			"       cordon-cfg show BOOT.CFG\n"
			"Parses BOOT.CFG exactly as the EFI loader does; with --images, also checks each\n"
			"VM's image (relative to DIR, as on the ESP's \\cordon directory).\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct cfg cfg;
	struct cfg_error err;
	long len;
	char *text;
	const char *why;
	int bad = 0;
	if (argc < 3 || (strcmp(argv[1], "check") && strcmp(argv[1], "show")))
		return usage();
	text = slurp(argv[2], &len, &why);
	if (!text) {
		fprintf(stderr, "%s: cannot read: %s\n", argv[2], why);
		return 1;
	}
	if (cfg_parse(text, (u64)len, &cfg, &err) < 0) {
		if (err.line)
			fprintf(stderr, "%s:%u: error: %s\n", argv[2], err.line, err.msg);
		else
			fprintf(stderr, "%s: error: %s\n", argv[2], err.msg);
		return 1;
	}
	if (!strcmp(argv[1], "show")) {
		show(&cfg);
		return 0;
	}
	if (argc == 5 && !strcmp(argv[3], "--images"))
		for (u32 i = 0; i < cfg.nvms; i++)
			bad |= check_image(argv[2], argv[4], &cfg.vms[i]) < 0;
	else if (argc != 3)
		return usage();
	if (!bad)
		printf("%s: OK (%u VMs)\n", argv[2], cfg.nvms);
	free(text);
	return bad;
}
