# cordon: one Makefile for the hypervisor, the EFI loader, test guests, host tools and tests.
# `make help` lists the targets.

B := build
# only this file's rules: the built-in ones would try to remake included *.d files (and print errors)
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:

# ---------------------------------------------------------------- libtomcrypt (Debian source, freestanding)
# Crypto is never hand-written: host programs link Debian's -ltomcrypt; the hypervisor, the loader and the
# guests compile Debian's source package (tools/fetch-ltc.sh: apt-get source, into build/, never committed)
# with their own flags. Host programs doing RSA: Debian builds libtomcrypt with -DLTM_DESC -DGMP_DESC, but
# ltc_mp starts empty (RSA calls abort in LTC_ARGCHK) and <tomcrypt.h> declares ltm_desc only under
# -DLTM_DESC: compile with -DLTM_DESC, set `ltc_mp = ltm_desc;` first; -ltommath is needed only for mp_* calls.
LTC_DIR := $(B)/third_party/libtomcrypt
LTC_STAMP := $(B)/third_party/libtomcrypt.stamp
# The whole list: with LTC_CFLAGS below sha256.c calls nothing else in libtomcrypt (nm shows only c_memcpy).
LTC_SRC := src/hashes/sha2/sha256.c
LTC_CFLAGS :=
# our stand-ins for the libc headers tomcrypt.h includes (lib/ltc/include), then Debian's headers
LTC_CFLAGS += -Ilib/ltc/include -I$(LTC_DIR)/src/headers
# SHA-256 only: LTC_NOTHING switches every cipher, hash, MAC, PRNG and public-key group off
LTC_CFLAGS += -DLTC_NOTHING -DLTC_SHA256
# no self-test vectors (compare_testvector, printf) and no FILE-based hashing
LTC_CFLAGS += -DLTC_NO_TEST -DLTC_NO_FILE
# do not declare malloc, clock, qsort and friends: there is no libc behind them
LTC_CFLAGS += -DLTC_NO_PROTOTYPES
# a failed argument check returns CRYPT_INVALID_ARG instead of calling crypt_argchk (fprintf + abort)
LTC_CFLAGS += -DARGTYPE=4
# memory helpers from lib/str.c, which every program links (the loader's libefi has no memcmp)
LTC_CFLAGS += -DXMEMCPY=c_memcpy -DXMEMSET=c_memset -DXMEMCMP=c_memcmp
# Debian's sha256.c compiles warning-free under each program's -Werror flags, so nothing is silenced.

# RSA-PSS verification in the hypervisor only (lib/sig/sig_verify.c; the loader and guests stay SHA-256 only):
# libtomcrypt's RSA public-key path and PKCS #1 decoding, over libtommath (also Debian's source).
LTC_RSA_SRC := src/pk/rsa/rsa_verify_hash.c src/pk/rsa/rsa_exptmod.c src/pk/rsa/rsa_free.c src/pk/rsa/rsa_set.c \
	src/pk/pkcs1/pkcs_1_pss_decode.c src/pk/pkcs1/pkcs_1_mgf1.c src/pk/pkcs1/pkcs_1_v1_5_decode.c \
	src/math/ltm_desc.c src/math/multi.c src/misc/crypt/crypt_ltc_mp_descriptor.c \
	src/misc/crypt/crypt_hash_descriptor.c src/misc/crypt/crypt_register_hash.c src/misc/crypt/crypt_hash_is_valid.c \
	src/misc/zeromem.c src/misc/mem_neq.c
LTM_DIR := $(B)/third_party/libtommath
# what changes mp_int's layout or tommath.h's prototypes: every file including tommath.h gets the same
# (28-bit digits in 32-bit words: the 64-bit build divides 128-bit words, which needs libgcc's __udivti3;
# no stdio)
LTM_ABI := -DMP_32BIT -DMP_NO_FILE
LTC_RSA_CFLAGS :=
# RSA (it needs the DER code for PKCS #1 v1.5, which rsa_verify_hash_ex contains) over libtommath
LTC_RSA_CFLAGS += -DLTC_MRSA -DLTC_DER -DLTM_DESC -I$(LTM_DIR) $(LTM_ABI)
# blinding and CRT hardening protect private-key operations, which the hypervisor never does (and blinding
# would need a PRNG); the public-key path is the same with or without them
LTC_RSA_CFLAGS += -DLTC_NO_RSA_BLINDING -DLTC_NO_RSA_CRT_HARDENING
# (the library's own files also get -DLTC_SOURCE, as its makefiles pass: the mp_* macros over ltc_mp)
# allocations come from the arena of lib/sig/sig_heap.c (declared by lib/ltc/include/stdlib.h)
LTC_RSA_CFLAGS += -DXMALLOC=sig_heap_alloc -DXCALLOC=sig_heap_calloc -DXREALLOC=sig_heap_realloc -DXFREE=sig_heap_free
LTM_CFLAGS :=
# our stand-ins for the libc headers tommath.h includes
LTM_CFLAGS += -Ilib/ltc/include
LTM_CFLAGS += $(LTM_ABI)
# no /dev/urandom (the hypervisor never makes keys or random numbers through libtommath)
LTM_CFLAGS += -DMP_NO_DEV_URANDOM
# allocations come from the arena of lib/sig/sig_heap.c
LTM_CFLAGS += -DMP_MALLOC=sig_heap_alloc -DMP_CALLOC=sig_heap_calloc -DMP_REALLOC=sig_mp_realloc -DMP_FREE=sig_mp_free
# Every bn_*.c of libtommath but the one returning a double (no FPU in the hypervisor), built into one archive
# after the source is unpacked (so no wildcard runs before it exists); the link takes only what RSA calls.
LTM_LIB := $(B)/hv/libtommath.a

# ---------------------------------------------------------------- hypervisor (freestanding)
HV_CFLAGS :=
# optimised, with symbols for gdb
HV_CFLAGS += -std=gnu11 -O2 -g
# no hosted libc, no system headers
HV_CFLAGS += -ffreestanding -nostdinc
# absolute code at a fixed link address
HV_CFLAGS += -fno-pic -fno-pie
# linked in the top 2 GiB of the address space
HV_CFLAGS += -mcmodel=kernel
# no canary runtime to call
HV_CFLAGS += -fno-stack-protector
# each global defined once
HV_CFLAGS += -fno-common
# interrupts arrive on the current stack
HV_CFLAGS += -mno-red-zone
# never touch FPU/SIMD state (it is the guest's)
HV_CFLAGS += -mno-mmx -mno-sse -mno-sse2
# do not turn our memcpy loops into memcpy calls
HV_CFLAGS += -fno-tree-loop-distribute-patterns
# no .eh_frame
HV_CFLAGS += -fno-asynchronous-unwind-tables
# lets --gc-sections drop unused code
HV_CFLAGS += -ffunction-sections -fdata-sections
# every warning is an error
HV_CFLAGS += -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Wshadow -Wundef
# every include names its path from the top of the tree (<lib/str.h>); include/ holds the public ABI (<cordon/...>)
HV_CFLAGS += -Iinclude -I.
HV_LDFLAGS := -static -nostdlib --gc-sections -z max-page-size=4096 -T arch/x86_64/hv.ld

LIB_SRC := lib/str.c lib/fmt.c lib/cfg/cfg.c lib/cfg/cfg_keys.c lib/cfg/cfg_vtpm.c lib/boot/elf.c lib/sha256.c lib/x86/pt.c lib/boot/bootinfo.c lib/tcg/measure_ev.c lib/tcg/tcglog.c
# TPM 2.0 marshalling (lib/tpm2/tpm2.h) and the sealed-secret format (lib/tpm2/seal_blob.h): hypervisor, tools, tests
TPM2_SRC := lib/tpm2/tpm2_mu.c lib/tpm2/tpm2_cmd.c lib/tpm2/tpm2_keys.c lib/tpm2/tpm2_pcr.c lib/tpm2/tpm2_attest.c lib/tpm2/tpm2_parse.c \
	lib/tpm2/tpm2_rc.c lib/tpm2/tpm2_seal.c lib/tpm2/seal_blob.c
HV_SRC := $(wildcard arch/x86_64/*.c arch/x86_64/*.S kernel/*.c kernel/*/*.c acm/*.c vtpm/*.c svm/*.c svm/*.S vmx/*.c vmx/*.S) $(LIB_SRC) lib/memfns.c lib/mgmt/mgmt_frame.c lib/mgmt/ctl_req.c $(TPM2_SRC) \
	lib/boot/bzimage.c lib/boot/e820.c lib/x86/insn.c lib/acpi/acpi.c lib/acpi/acpi_tables.c lib/acpi/acpi_dsdt.c lib/acpi/acpi_res.c lib/acpi/aml.c
# the length of an intercepted instruction when the CPU does not give it (kernel/exit.c)
HV_SRC += lib/x86/insn_len.c
# RSA-PSS signature checks (management requests, signed policies) and their arena
HV_SRC += lib/sig/sig_pub.c lib/sig/sig_verify.c lib/sig/sig_heap.c lib/sig/sig_ltc_unused.c
HV_OBJ := $(patsubst %,$(B)/hv/%.o,$(HV_SRC)) $(patsubst %.c,$(B)/hv/ltc/%.o,$(LTC_SRC) $(LTC_RSA_SRC))

# ---------------------------------------------------------------- EFI loader (GNU-EFI)
EFI_INC := /usr/include/efi
EFI_CFLAGS :=
# optimised C11 with GNU extensions
EFI_CFLAGS += -std=gnu11 -O2
# firmware environment: no libc, no canary runtime, type-punned firmware structures
EFI_CFLAGS += -ffreestanding -fno-stack-protector -fno-strict-aliasing
# GNU-EFI: relocatable, UCS-2 wide strings
EFI_CFLAGS += -fpic -fshort-wchar
# firmware interrupts may use our stack
EFI_CFLAGS += -mno-red-zone -mno-mmx -mno-sse
# call firmware with the MS ABI directly
EFI_CFLAGS += -maccumulate-outgoing-args -DGNU_EFI_USE_MS_ABI
# do not turn our memcpy loops into memcpy calls
EFI_CFLAGS += -fno-tree-loop-distribute-patterns
# warnings are errors (firmware callbacks have unused parameters by design)
EFI_CFLAGS += -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow
# GNU-EFI headers, then ours
EFI_CFLAGS += -I$(EFI_INC) -I$(EFI_INC)/x86_64 -Iinclude -I.
# --no-undefined: a shared object would otherwise link with a missing function and jump to 0 at run time
EFI_LDFLAGS := -nostdlib -znocombreloc -shared -Bsymbolic --no-undefined -T /usr/lib/elf_x86_64_efi.lds -L/usr/lib
EFI_SRC := $(wildcard boot/*.c) $(LIB_SRC) acm/policy.c lib/boot/bzimage.c lib/boot/e820.c lib/sig/sig_pub.c
EFI_OBJ := $(patsubst %,$(B)/efi/%.o,$(EFI_SRC)) $(patsubst %.c,$(B)/efi/ltc/%.o,$(LTC_SRC))

# ---------------------------------------------------------------- test guests (freestanding)
GUEST_CFLAGS := -std=gnu11 -O2 -ffreestanding -nostdinc -fno-pic -fno-pie -fno-stack-protector \
	-mno-red-zone -mno-mmx -mno-sse -mno-sse2 -fno-tree-loop-distribute-patterns \
	-fno-asynchronous-unwind-tables -Wall -Wextra -Werror -Iinclude -I.
GUEST_RT := tests/guests/rt/crt0.S tests/guests/rt/rt.c tests/guests/rt/net.c lib/str.c lib/fmt.c lib/memfns.c lib/sha256.c
GUEST_RT_OBJ := $(patsubst %,$(B)/guest/%.o,$(GUEST_RT)) $(patsubst %.c,$(B)/guest/ltc/%.o,$(LTC_SRC))
GUESTS := $(basename $(notdir $(wildcard tests/guests/*.c)))
GUEST_ELF := $(patsubst %,$(B)/guests/%.elf,$(GUESTS))

# ---------------------------------------------------------------- vTPM domain (docs/VTPM.md)
# The engine: the TCG reference TPM 2.0 from Debian's libtpms, a static Linux program for the host compiler.
VTPM_ENGINE_SRC := vtpm/engine/engine.c vtpm/engine/engine_nv.c vtpm/engine/engine_ek.c
# hosted C (glibc and libtpms's headers), optimised, every warning an error; <vtpm/engine/...> from the top
VTPM_ENGINE_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -Wshadow -I.
# the domain has no dynamic loader and no files: one static executable at a fixed address (no PIE, so no
# relocation for the runtime to apply), linked where the runtime's user half begins (VTPM_ENGINE_BASE)
VTPM_ENGINE_LDFLAGS := -static -no-pie -fno-pie -Wl,-Ttext-segment=0x800000
# no symbols: the runtime embeds the whole file, so they would only cost the domain RAM
VTPM_ENGINE_LDFLAGS += -s
# (ld notes that libcrypto.a's DSO and socket code name dlopen and getaddrinfo, which a static glibc
# program could only use with shared objects: the engine calls neither; --no-warnings would hide errors too)
# Debian's static archives (libtpms-dev, libssl-dev); libtpms takes a lock or two from libpthread
VTPM_ENGINE_LIBS := /usr/lib/x86_64-linux-gnu/libtpms.a /usr/lib/x86_64-linux-gnu/libcrypto.a -lpthread
# The runtime: the domain's own kernel, built with the test guests' freestanding flags (GUEST_CFLAGS: no SSE,
# no red zone, so the engine's SIMD registers are never touched and exceptions may use its stack), with the
# engine file inside it.
VTPM_RT_SRC := $(wildcard vtpm/rt/*.c vtpm/rt/*.S) lib/str.c lib/fmt.c lib/memfns.c
VTPM_RT_OBJ := $(patsubst %,$(B)/guest/%.o,$(VTPM_RT_SRC))

# ---------------------------------------------------------------- host tools and unit tests
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wshadow -Iinclude -I.
TEST_CFLAGS := $(HOST_CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer
# Host objects and unit-test objects record what they were built from: -MMD makes the compiler write X.o.d
# (every header it read, system headers left out), -MP adds an empty rule per header so that a deleted or
# moved header is not an error. The .d files are included at the end of this file.
DEPFLAGS := -MMD -MP
# lib/sha256.c wraps Debian's libtomcrypt (the unit-test rule links it too)
HOST_LDLIBS := -ltomcrypt
TOOLS := $(B)/tools/cordon-cfg $(B)/tools/cordon-audit $(B)/tools/cordon-policy $(B)/policy/demo.bin $(B)/tools/cordon-ref $(B)/tools/cordon-seal $(B)/tools/cordon-attest $(B)/tools/cordon-ctl
# Each tests/unit/test_X.c is one test binary (see the unit-test rules below).
UNIT_NAMES := $(basename $(notdir $(wildcard tests/unit/test_*.c)))
UNIT_TESTS := $(patsubst %,$(B)/unit/%,$(UNIT_NAMES))
# Host programs only the integration tests use (tests/tools/: evidence editor, channel prober, relay).
TEST_TOOLS := $(B)/tests/evidence-edit $(B)/tests/mgmt-poke $(B)/tests/mgmt-mitm $(B)/tests/ctl-poke

.PHONY: all help deps demo check bench unit integration clean depcheck mutation prove
.SECONDARY:
all: $(B)/hypervisor.elf $(B)/BOOTX64.EFI $(GUEST_ELF) $(B)/vtpm/vtpm.elf $(TOOLS) $(TEST_TOOLS) $(B)/esp.img $(B)/esp.ref

help:
	@echo "make demo   - install dependencies, build, boot the demo in QEMU (see README)"
	@echo "make check  - install dependencies, build, run every test"
	@echo "make prove  - Frama-C: Eva and WP over the reference monitor and the parsers, zero alarms (docs/PROOF.md)"
	@echo "make bench  - boot the benchmark guest and write figures to build/bench/"
	@echo "make all    - build the loader, hypervisor, guests, tools and ESP image"

deps:
	@tools/install-deps.sh

# Debian's libtomcrypt source, unpacked once; each program compiles LTC_SRC with its own flags.
$(LTC_STAMP): tools/fetch-ltc.sh
	@tools/fetch-ltc.sh $(B)/third_party
	@touch $@
$(B)/hv/ltc/%.o: $(LTC_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC (hv)    libtomcrypt/$*.c"
	@$(CC) $(HV_CFLAGS) $(LTC_CFLAGS) $(LTC_RSA_CFLAGS) $(LTC_FILE_CFLAGS) -DLTC_SOURCE -MMD -c $(LTC_DIR)/$*.c -o $@
# The one file not held to -Werror: libtomcrypt 1.18's ltm_desc.c calls names libtommath 1.2 deprecated
# (mp_set_int, mp_unsigned_bin_size, ...; it still provides them) and uses DIGIT_BIT, whose
# `#pragma GCC warning` no -Wno- option can silence. Its other warnings still print.
$(B)/hv/ltc/src/math/ltm_desc.o: LTC_FILE_CFLAGS := -Wno-deprecated-declarations -Wno-error
$(B)/efi/ltc/%.o: $(LTC_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC (efi)   libtomcrypt/$*.c"
	@$(CC) $(EFI_CFLAGS) $(LTC_CFLAGS) -MMD -c $(LTC_DIR)/$*.c -o $@
$(B)/guest/ltc/%.o: $(LTC_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC (guest) libtomcrypt/$*.c"
	@$(CC) $(GUEST_CFLAGS) $(LTC_CFLAGS) -MMD -c $(LTC_DIR)/$*.c -o $@
# lib/sha256.c includes <tomcrypt.h>, so it must see the library's configuration (hash_state's size).
$(B)/hv/lib/sha256.c.o $(B)/hv/lib/sig/sig_verify.c.o $(B)/hv/lib/sig/sig_ltc_unused.c.o: HV_CFLAGS += $(LTC_CFLAGS) $(LTC_RSA_CFLAGS)
$(B)/hv/lib/sig/sig_verify.c.o $(B)/hv/lib/sig/sig_ltc_unused.c.o: | $(LTC_STAMP)
$(B)/efi/lib/sha256.c.o: EFI_CFLAGS += $(LTC_CFLAGS)
$(B)/guest/lib/sha256.c.o: GUEST_CFLAGS += $(LTC_CFLAGS)
$(B)/hv/lib/sha256.c.o $(B)/efi/lib/sha256.c.o $(B)/guest/lib/sha256.c.o: | $(LTC_STAMP)

$(B)/hv/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC (hv)    $<"
	@$(CC) $(HV_CFLAGS) -MMD -c $< -o $@
$(B)/hv/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  CC (hv)    $<"
	@$(CC) $(HV_CFLAGS) -MMD -c $< -o $@
$(LTM_LIB): $(LTC_STAMP)
	@rm -rf $(B)/hv/ltm && mkdir -p $(B)/hv/ltm
	@echo "  CC (hv)    libtommath/bn_*.c -> $@"
	@for f in $(LTM_DIR)/bn_*.c; do \
		case $$f in */bn_mp_get_double.c) continue ;; esac; \
		$(CC) $(HV_CFLAGS) $(LTM_CFLAGS) -c $$f -o $(B)/hv/ltm/$$(basename $$f .c).o || exit 1; \
	done
	@rm -f $@ && $(AR) rcs $@ $(B)/hv/ltm/*.o
$(B)/hypervisor.elf: $(HV_OBJ) $(LTM_LIB) arch/x86_64/hv.ld
	@echo "  LD         $@"
	@$(LD) $(HV_LDFLAGS) -o $@ $(HV_OBJ) $(LTM_LIB)

$(B)/efi/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC (efi)   $<"
	@$(CC) $(EFI_CFLAGS) -MMD -c $< -o $@
$(B)/BOOTX64.EFI: $(EFI_OBJ)
	@echo "  LD         $@"
	@$(LD) $(EFI_LDFLAGS) /usr/lib/crt0-efi-x86_64.o $(EFI_OBJ) -lefi -lgnuefi -o $(B)/loader.so
	@objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela -j '.rel.*' -j '.rela.*' \
		-j .reloc --target efi-app-x86_64 --subsystem=10 $(B)/loader.so $@

$(B)/guest/%.o: %
	@mkdir -p $(dir $@)
	@echo "  CC (guest) $<"
	@$(CC) $(GUEST_CFLAGS) -MMD -c $< -o $@
$(B)/guests/%.elf: $(B)/guest/tests/guests/%.c.o $(GUEST_RT_OBJ) tests/guests/rt/guest.ld
	@mkdir -p $(dir $@)
	@echo "  LD         $@"
	@$(LD) -static -nostdlib -z max-page-size=4096 -T tests/guests/rt/guest.ld -o $@ $< $(GUEST_RT_OBJ)

$(B)/vtpm/engine: $(VTPM_ENGINE_SRC) vtpm/engine/engine.h vtpm/engine/engine_sys.h
	@mkdir -p $(dir $@)
	@echo "  CC+LD      $@ (static, libtpms)"
	@$(CC) $(VTPM_ENGINE_CFLAGS) $(VTPM_ENGINE_LDFLAGS) -o $@ $(VTPM_ENGINE_SRC) $(VTPM_ENGINE_LIBS)
# the engine file is .incbin'd by name (the assembler reads it, so the object depends on it)
$(B)/guest/vtpm/rt/engine_blob.S.o: GUEST_CFLAGS += -DENGINE_FILE='"$(B)/vtpm/engine"'
$(B)/guest/vtpm/rt/engine_blob.S.o: $(B)/vtpm/engine
$(B)/vtpm/vtpm.elf: $(VTPM_RT_OBJ) vtpm/rt/rt.ld
	@mkdir -p $(dir $@)
	@echo "  LD         $@"
	@$(LD) -static -nostdlib -z max-page-size=4096 -T vtpm/rt/rt.ld -o $@ $(VTPM_RT_OBJ)

# Host tools link objects of $(B)/host/ (one per source, shared by every tool that links it).
host_obj = $(patsubst %,$(B)/host/%.o,$(1))
$(B)/host/%.o: %
	@mkdir -p $(dir $@)
	@echo "  CC (host)  $<"
	@$(CC) $(HOST_CFLAGS) $(DEPFLAGS) -c $< -o $@
define host_link
	@mkdir -p $(dir $@)
	@echo "  LD (host)  $@"
	@$(CC) $(HOST_CFLAGS) -o $@ $(filter %.o,$^) $(HOST_LDLIBS)
endef

$(B)/tools/cordon-cfg: $(call host_obj,tools/cordon-cfg.c $(LIB_SRC) lib/boot/bzimage.c lib/boot/e820.c)
	$(host_link)
$(B)/tools/cordon-audit: $(call host_obj,tools/cordon-audit.c lib/sha256.c lib/str.c)
	$(host_link)
$(B)/tools/cordon-policy: $(call host_obj,tools/cordon-policy.c tools/policy_src.c acm/policy.c lib/sha256.c lib/str.c)
	$(host_link)
$(B)/tools/cordon-seal: $(call host_obj,tools/cordon-seal.c tools/tpm_sock.c $(TPM2_SRC) lib/sha256.c lib/str.c)
	$(host_link)

# The remote verifier: tools/attest/ with the reference-value matcher; RSA needs libtommath too.
ATTEST_SRC := $(wildcard tools/attest/*.c) tools/refvals.c tools/refvals_parse.c tools/refvals_match.c \
	tools/refvals_rt.c lib/mgmt/mgmt_frame.c lib/tcg/tcglog.c lib/tpm2/tpm2_mu.c lib/tpm2/tpm2_cmd.c lib/tpm2/tpm2_parse.c lib/cfg/cfg.c \
	lib/cfg/cfg_keys.c lib/cfg/cfg_vtpm.c lib/tcg/measure_ev.c lib/sha256.c lib/fmt.c lib/str.c
$(B)/tools/cordon-attest: HOST_LDLIBS += -ltommath
$(B)/tools/cordon-attest: $(call host_obj,$(ATTEST_SRC))
	$(host_link)

# cordon-ctl's key pairs (tools/ctl/keys.h): a host program making, loading or using keys adds
# $(CTL_KEYS_SRC) to its sources, beside lib/str.c (every tool lists it already), and links HOST_LDLIBS
# (-ltomcrypt: keys.c plugs ltm_desc into ltc_mp itself, so no -ltommath is needed).
CTL_KEYS_SRC := tools/ctl/keys.c lib/sig/sig_pub.c
# The management client (docs/MANAGEMENT.md): tools/ctl/ with cordon-attest's channel code and the keys.
CTL_SRC := $(filter-out tools/ctl/keys.c,$(wildcard tools/ctl/*.c)) $(CTL_KEYS_SRC) tools/attest/chan.c \
	lib/mgmt/mgmt_frame.c lib/sha256.c lib/fmt.c lib/str.c
$(B)/tools/cordon-ctl: $(call host_obj,$(CTL_SRC))
	$(host_link)

# Reference values (docs/ATTESTATION.md): what a measured boot of an ESP must log.
REF_SRC := tools/cordon-ref.c tools/refvals.c tools/refvals_parse.c lib/tcg/tcglog.c lib/tcg/measure_ev.c lib/cfg/cfg.c \
	lib/cfg/cfg_keys.c lib/cfg/cfg_vtpm.c lib/sha256.c lib/fmt.c lib/str.c
$(B)/tools/cordon-ref: $(call host_obj,$(REF_SRC))
	$(host_link)

$(B)/tests/evidence-edit: $(call host_obj,tests/tools/evidence-edit.c lib/mgmt/mgmt_frame.c lib/tcg/tcglog.c lib/sha256.c lib/fmt.c lib/str.c)
	$(host_link)
$(B)/tests/mgmt-poke: $(call host_obj,tests/tools/mgmt-poke.c lib/mgmt/mgmt_frame.c lib/str.c)
	$(host_link)
$(B)/tests/mgmt-mitm: $(call host_obj,tests/tools/mgmt-mitm.c lib/mgmt/mgmt_frame.c lib/str.c)
	$(host_link)
$(B)/tests/ctl-poke: $(call host_obj,tests/tools/ctl-poke.c lib/mgmt/ctl_req.c lib/mgmt/mgmt_frame.c $(CTL_KEYS_SRC) lib/sha256.c lib/str.c)
	$(host_link)

# Binary policies compiled from policy/*.pol.
$(B)/policy/%.bin: policy/%.pol $(B)/tools/cordon-policy
	@mkdir -p $(dir $@)
	@$(B)/tools/cordon-policy compile $< -o $@

# The demo's operator key pair (docs/MANAGEMENT.md): made once; the private half stays in $(B)/keys and
# only the public one goes onto the ESP (boot.cfg's operator_key, measured into PCR 8).
$(B)/keys/operator.pub: | $(B)/tools/cordon-ctl
	@mkdir -p $(dir $@) && rm -f $(B)/keys/operator.key
	@$(B)/tools/cordon-ctl keygen $(B)/keys/operator

# What the demo ESP holds in \cordon beside the hypervisor and the test guests: the compiled
# policies, the operator's public key and the Linux payload (make linux); tools/mkesp.sh adds the
# vTPM domain's image itself, as it does for every test's ESP.
$(B)/esp.extra: $(B)/policy/demo.bin $(B)/policy/demo-v2.bin $(B)/keys/operator.pub $(B)/linux/vmlinuz $(B)/linux/initramfs.cpio.gz
	@rm -rf $@ && mkdir -p $@/linux $@/keys
	@cp -R $(B)/policy/. $@/ && cp $(B)/linux/vmlinuz $(B)/linux/initramfs.cpio.gz $@/linux/
	@cp $(B)/keys/operator.pub $@/keys/

# The demo ESP: loader, hypervisor, boot.cfg, every test guest, the policy and the Linux payload.
$(B)/esp.img: $(B)/BOOTX64.EFI $(B)/hypervisor.elf $(GUEST_ELF) $(B)/vtpm/vtpm.elf boot.cfg tools/mkesp.sh $(B)/esp.extra
	tools/mkesp.sh $@ boot.cfg $(B)/esp.extra

# The demo ESP's reference values, from the same inputs: \cordon is staged as tools/mkesp.sh lays it out.
$(B)/esp.ref: $(B)/tools/cordon-ref $(B)/hypervisor.elf $(GUEST_ELF) $(B)/vtpm/vtpm.elf boot.cfg tools/mkesp.sh $(B)/esp.extra
	@rm -rf $(B)/esp.stage && mkdir -p $(B)/esp.stage/guests $(B)/esp.stage/vtpm
	@cp $(B)/hypervisor.elf $(B)/esp.stage/ && cp $(GUEST_ELF) $(B)/esp.stage/guests/ && cp -R $(B)/esp.extra/. $(B)/esp.stage/
	@cp $(B)/vtpm/vtpm.elf $(B)/esp.stage/vtpm/
	$(B)/tools/cordon-ref make --cfg boot.cfg --esp-dir $(B)/esp.stage --accept-policy $(B)/policy/demo-v2.bin -o $@

# The Linux guest payload (tests/linux/README.md): Debian's cloud kernel and a busybox initramfs with
# tests/linux/init, the virtio-net modules and tpm2-tools; apt-get download into $(B)/third_party/linux, never committed.
# One run makes both files (a grouped target, GNU make 4.3). `make all` needs it for the demo ESP.
.PHONY: linux
$(B)/linux/vmlinuz $(B)/linux/initramfs.cpio.gz &: tools/fetch-linux.sh tests/linux/init tests/linux/tpm-check tests/linux/hcall.c
	@tools/fetch-linux.sh $(B)
linux: $(B)/linux/vmlinuz $(B)/linux/initramfs.cpio.gz

# Unit tests: tests/unit/test_X.c names the sources it links on a "/* sources: a.c b.c -lx */" line and the
# built tools it runs on an optional "/* runs: cordon-attest */" line. Every source is compiled once into
# $(B)/unit/obj/ (all tests share TEST_CFLAGS) and each test is linked from the objects its line names, so a
# test is relinked exactly when one of its sources, a header they include, or a tool it runs changes.
unit_line = $(shell sed -n 's|.*/\* $(2): *\(.*\) \*/.*|\1|p' tests/unit/$(1).c)
unit_obj = $(patsubst %,$(B)/unit/obj/%.o,$(1))
# (objects are shared, so a sources line has no room for per-test compiler flags: refused, not ignored)
define unit_deps
$(if $(filter-out %.c -l%,$(2)),$(error tests/unit/$(1).c: sources line has $(filter-out %.c -l%,$(2))))
$(B)/unit/$(1): $(call unit_obj,tests/unit/$(1).c $(filter %.c,$(2))) $(patsubst %,$(B)/tools/%,$(3))
$(B)/unit/$(1): UNIT_LIBS := $(filter -l%,$(2))
endef
$(foreach t,$(UNIT_NAMES),$(eval $(call unit_deps,$(t),$(call unit_line,$(t),sources),$(call unit_line,$(t),runs))))
$(B)/unit/obj/%.o: %
	@mkdir -p $(dir $@)
	@echo "  CC (unit)  $<"
	@$(CC) $(TEST_CFLAGS) $(DEPFLAGS) -c $< -o $@
$(UNIT_TESTS): $(B)/unit/%:
	@echo "  LD (unit)  $@"
	@$(CC) $(TEST_CFLAGS) -o $@ $(filter %.o,$^) $(UNIT_LIBS) -lcmocka -ltomcrypt -ltommath

unit: $(UNIT_TESTS)

# Proves the dependency rules exact without touching a file: tests/deps/check.sh (tests/run-all.sh runs it).
DEPCHECK_TARGETS := $(UNIT_TESTS) $(filter $(B)/tools/%,$(TOOLS)) $(TEST_TOOLS)
depcheck:
	@MAKE='$(MAKE)' CC='$(CC)' HOST_CFLAGS='$(HOST_CFLAGS)' B='$(B)' DEPCHECK_TARGETS='$(DEPCHECK_TARGETS)' \
		tests/deps/check.sh

demo: deps all
	@tools/demo.sh

# The mutation run (tests/mutation/run.sh; up to an hour, not part of check). MUTATION_FLAGS=-u: unit tests only.
mutation: unit
	@tests/mutation/run.sh $(MUTATION_FLAGS)

check: deps all unit linux
	@tests/run-all.sh

# Frama-C: Eva over the harnesses in tests/prove/, WP over tests/prove/wp.list; zero alarms (docs/PROOF.md).
# make check runs it too. PROVE="policy hooks" limits it to those harnesses.
prove: deps
	@tests/prove/run.sh $(PROVE)

bench: deps all linux
	@tests/bench/run.sh

clean:
	rm -rf $(B)

# (not those of the mutation run's scratch tree, which has its own build/)
-include $(shell find $(B) -path $(B)/mutation -prune -o -name '*.d' -type f -print 2>/dev/null)
