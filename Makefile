# cordon: one Makefile for the hypervisor, the EFI loader, test guests, host tools and tests.
# `make help` lists the targets.

B := build

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
# public ABI, shared lib/, arch services and "kernel/x.h" style includes
HV_CFLAGS += -Iinclude -Ilib -Iarch/x86_64 -I.
HV_LDFLAGS := -static -nostdlib --gc-sections -z max-page-size=4096 -T arch/x86_64/hv.ld

LIB_SRC := lib/str.c lib/fmt.c lib/cfg.c lib/cfg_keys.c lib/elf.c lib/sha256.c lib/pt.c lib/bootinfo.c
HV_SRC := $(wildcard arch/x86_64/*.c arch/x86_64/*.S kernel/*.c acm/*.c svm/*.c svm/*.S vmx/*.c vmx/*.S) $(LIB_SRC) lib/memfns.c
HV_OBJ := $(patsubst %,$(B)/hv/%.o,$(HV_SRC))

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
EFI_CFLAGS += -I$(EFI_INC) -I$(EFI_INC)/x86_64 -Iinclude -Ilib -I.
EFI_LDFLAGS := -nostdlib -znocombreloc -shared -Bsymbolic -T /usr/lib/elf_x86_64_efi.lds -L/usr/lib
EFI_SRC := $(wildcard boot/*.c) $(LIB_SRC) acm/policy.c
EFI_OBJ := $(patsubst %,$(B)/efi/%.o,$(EFI_SRC))

# ---------------------------------------------------------------- test guests (freestanding)
GUEST_CFLAGS := -std=gnu11 -O2 -ffreestanding -nostdinc -fno-pic -fno-pie -fno-stack-protector \
	-mno-red-zone -mno-mmx -mno-sse -mno-sse2 -fno-tree-loop-distribute-patterns \
	-fno-asynchronous-unwind-tables -Wall -Wextra -Werror -Iinclude -Ilib -Itests/guests
GUEST_RT := tests/guests/rt/crt0.S tests/guests/rt/rt.c tests/guests/rt/net.c lib/str.c lib/fmt.c lib/memfns.c lib/sha256.c
GUEST_RT_OBJ := $(patsubst %,$(B)/guest/%.o,$(GUEST_RT))
GUESTS := $(basename $(notdir $(wildcard tests/guests/*.c)))
GUEST_ELF := $(patsubst %,$(B)/guests/%.elf,$(GUESTS))

# ---------------------------------------------------------------- host tools and unit tests
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wshadow -Iinclude -Ilib -I. -Iarch/x86_64
TEST_CFLAGS := $(HOST_CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer
TOOLS := $(B)/tools/cordon-cfg $(B)/tools/cordon-audit $(B)/tools/cordon-policy $(B)/policy/demo.bin
UNIT_TESTS := $(patsubst tests/unit/%.c,$(B)/unit/%,$(wildcard tests/unit/test_*.c))

.PHONY: all help deps demo check bench unit integration clean
.SECONDARY:
all: $(B)/hypervisor.elf $(B)/BOOTX64.EFI $(GUEST_ELF) $(TOOLS) $(B)/esp.img

help:
	@echo "make demo   - install dependencies, build, boot the demo in QEMU (see README)"
	@echo "make check  - install dependencies, build, run every test"
	@echo "make bench  - boot the benchmark guest and write figures to build/bench/"
	@echo "make all    - build the loader, hypervisor, guests, tools and ESP image"

deps:
	@tools/install-deps.sh

$(B)/hv/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC (hv)    $<"
	@$(CC) $(HV_CFLAGS) -MMD -c $< -o $@
$(B)/hv/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  CC (hv)    $<"
	@$(CC) $(HV_CFLAGS) -MMD -c $< -o $@
$(B)/hypervisor.elf: $(HV_OBJ) arch/x86_64/hv.ld
	@echo "  LD         $@"
	@$(LD) $(HV_LDFLAGS) -o $@ $(HV_OBJ)

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

$(B)/tools/cordon-cfg: tools/cordon-cfg.c $(LIB_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ tools/cordon-cfg.c $(LIB_SRC)

$(B)/tools/cordon-audit: tools/cordon-audit.c lib/sha256.c lib/str.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ tools/cordon-audit.c lib/sha256.c lib/str.c

$(B)/tools/cordon-policy: tools/cordon-policy.c tools/policy_src.c tools/policy_src.h acm/policy.c acm/acm.h include/cordon/policy.h lib/sha256.c lib/str.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ tools/cordon-policy.c tools/policy_src.c acm/policy.c lib/sha256.c lib/str.c

# Binary policies compiled from policy/*.pol.
$(B)/policy/%.bin: policy/%.pol $(B)/tools/cordon-policy
	@mkdir -p $(dir $@)
	@$(B)/tools/cordon-policy compile $< -o $@

# The demo ESP: loader, hypervisor, boot.cfg and every test guest.
$(B)/esp.img: $(B)/BOOTX64.EFI $(B)/hypervisor.elf $(GUEST_ELF) boot.cfg tools/mkesp.sh $(B)/policy/demo.bin
	tools/mkesp.sh $@ boot.cfg $(B)/policy

# Unit tests: each tests/unit/test_X.c names the pure sources it links in a "/* sources: ... */" line.
$(B)/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIB_SRC) $(wildcard kernel/*.c acm/*.c acm/*.h svm/*.c vmx/*.c)
	@mkdir -p $(dir $@)
	@echo "  CC (unit)  $<"
	@$(CC) $(TEST_CFLAGS) -o $@ $< $(shell sed -n 's/.*sources: *\(.*\) \*\//\1/p' $<) -lcmocka

unit: $(UNIT_TESTS)

demo: deps all
	@tools/demo.sh

check: deps all unit
	@tests/run-all.sh

bench: deps all
	@tests/bench/run.sh

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
