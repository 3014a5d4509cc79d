/* cordon EFI loader: internal interfaces between its files. */
#ifndef CORDON_BOOT_LOADER_H
#define CORDON_BOOT_LOADER_H
#include <efi.h>
#include <efilib.h>
#include <cordon/bootinfo.h>

#define ESP_DIR "cordon"    /* everything cordon loads lives in \cordon on the ESP */
#define CFG_FILE "boot.cfg"
#define HV_FILE "hypervisor.elf"

/* A file read whole into EfiLoaderData pages (kept after ExitBootServices). */
struct loaded_file {
	u64 phys;
	u64 size;
};

/* file.c */
EFI_STATUS file_open_root(EFI_HANDLE image);
/*
 * Reads ESP_DIR/path; on failure prints nothing and returns the EFI status, or LOADER_E_DIRECTORY
 * when the path names a directory (an OEM error code: top two bits set, UEFI spec appendix D).
 */
#define LOADER_E_DIRECTORY (0xc000000000000000ULL | 1)
EFI_STATUS file_load(const char *path, struct loaded_file *out);
EFI_STATUS pages_alloc(u64 bytes, u64 *phys);

/* hv.c: places the hypervisor ELF and builds the page tables it starts on. */
EFI_STATUS hv_place(const struct loaded_file *f, struct bootinfo *bi, u64 *entry);
EFI_STATUS hv_page_tables(const struct bootinfo *bi, u64 ram_top, u64 *cr3);

/* check.c: guest image and memory checks; on failure print file:line and power off. */
void check_guest(const struct cfg_vm *vm, const struct loaded_file *f);
void check_kernel(const struct cfg_vm *vm, const struct loaded_file *k, const struct loaded_file *rd);
void check_memory_fits(const struct cfg *cfg, u64 *ram_top);

/* handoff.c */
void handoff(EFI_HANDLE image, struct bootinfo *bi, u64 entry, u64 cr3) __attribute__((noreturn));

/* measure.c: TPM measurement through EFI_TCG2_PROTOCOL (PCR map in lib/tcg/measure_ev.h). */
void measure_init(struct bootinfo *bi);
void measure_component(struct bootinfo *bi, const struct bi_module *m);
void measure_finish(struct bootinfo *bi);

/* efi_main.c */
void fail_cfg(u32 line, const char *fmt, ...) __attribute__((noreturn));
void fatal(const char *fmt, ...) __attribute__((noreturn));
void say(const char *fmt, ...);

#endif
