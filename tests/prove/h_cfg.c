/* cordon: make prove harness: cfg_parse over every byte string up to CFG_PROVE_MAX, each key handler reached. */
/* sources: lib/cfg/cfg.c lib/cfg/cfg_keys.c tests/prove/stub/stub_cfg_vtpm.c lib/str.c tests/prove/stub/stub_fmt.c */
/* reaches: cfg_parse cfg_fail skip_space parse_quoted parse_bare is_key_char split_line is_vm_header parse_section parse_line line_char_ok check_sealed lookup vlen pick parse_size check_ident copy set_memory set_number set_vcpus has_dotdot set_path hex_digit set_mac apply_vm_key cfg_set_vm_key cfg_set_global_key cfg_finish_vm cfg_start_name cfg_loglevel_name cfg_tpm_name */
#include <lib/cfg/cfg.h>
#include <tests/prove/prove.h>

/* The loader reads boot.cfg whole at any size (boot/file.c read_all), cordon-cfg and cordon-ref likewise: no
 * limit exists, so the harness takes any length up to 2^56 bytes, more than any machine can hold. */
#define CFG_PROVE_MAX (1ull << 56)

static char text[CFG_PROVE_MAX];
static struct cfg out;

int main(void)
{
	struct cfg_error err;
	u64 len = prove_u64(0, sizeof(text));
	prove_bytes(text, sizeof(text));
	if (cfg_parse(text, len, &out, &err) < 0)
		return 0;
	u32 i = (u32)prove_u64(0, 3);
	cfg_start_name(i);
	cfg_loglevel_name(i + 1);
	cfg_tpm_name(i);
	return 0;
}
