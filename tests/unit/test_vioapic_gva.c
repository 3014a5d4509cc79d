/* cordon unit tests: the virtual IOAPIC (kernel/linux/vioapic.c) and the guest page walk and fetch cache (kernel/mem/gva.c). */
/* sources: kernel/linux/vioapic.c kernel/linux/vlapic.c kernel/mem/gva.c kernel/mem/gpmap.c lib/str.c */
#include <tests/unit/unit.h>
#include <kernel/mem/gva.h>
#include <kernel/linux/vioapic.h>
#include <kernel/linux/vlapic.h>
#include <kernel/vm.h>

/* ---------------------------------------------------------------- vioapic */

#define SEL 0x00
#define WIN 0x10

/* Global, so that ASan's redzones catch an access past the last redirection entry. */
static struct vioapic io;
static struct vlapic lapic;

static int io_setup(void **state)
{
	(void)state;
	vioapic_reset(&io);
	vlapic_reset(&lapic);
	vlapic_wrmsr(&lapic, 0x80f, 0x1ff); /* SVR: APIC software-enabled */
	return 0;
}

static u32 reg(u32 r)
{
	vioapic_write(&io, SEL, r);
	return vioapic_read(&io, WIN);
}

static void set_reg(u32 r, u32 v)
{
	vioapic_write(&io, SEL, r);
	vioapic_write(&io, WIN, v);
}

/* 82093AA datasheet 3.2: ID in bits 27:24, version 0x11 with the highest entry (23) in bits 23:16. */
static void test_io_identification(void **state)
{
	(void)state;
	assert_int_equal(vioapic_read(&io, SEL), 0);
	assert_int_equal(reg(0), VIOAPIC_ID << 24);
	assert_int_equal(reg(1), 0x170011);
	assert_int_equal(reg(2), VIOAPIC_ID << 24); /* arbitration ID follows the ID */
	set_reg(0, 0xa5ffffff);
	assert_int_equal(reg(0), 0x05000000);
	assert_int_equal(reg(2), 0x05000000);
	set_reg(1, 0);
	set_reg(2, 0);
	assert_int_equal(reg(1), 0x170011);
	assert_int_equal(reg(2), 0x05000000);
	vioapic_write(&io, SEL, 0x1234);
	assert_int_equal(vioapic_read(&io, SEL), 0x34); /* IOREGSEL is 8 bits */
}

static void test_io_reset_entries(void **state)
{
	(void)state;
	for (u32 pin = 0; pin < VIOAPIC_PINS; pin++) {
		assert_int_equal(reg(0x10 + 2 * pin), 1u << 16); /* masked */
		assert_int_equal(reg(0x11 + 2 * pin), 0);
	}
}

/* Delivery status (bit 12) and remote IRR (bit 14) are the IOAPIC's: writes leave them as they were. */
static void test_io_redirection(void **state)
{
	(void)state;
	set_reg(0x16, 0xffffffff); /* pin 3, low half */
	assert_int_equal(reg(0x16), 0xffffafff);
	assert_int_equal(reg(0x17), 0);
	set_reg(0x17, 0xff000000);
	assert_int_equal(reg(0x17), 0xff000000);
	assert_int_equal(reg(0x16), 0xffffafff);
	io.redir[3] |= 1u << 12 | 1u << 14; /* as if an interrupt were in flight */
	set_reg(0x16, 0);
	assert_int_equal(reg(0x16), 0x5000);
	assert_int_equal(reg(0x17), 0xff000000);
	set_reg(0x3e, 0xa031); /* the last pin: level, active low */
	set_reg(0x3f, 0x01000000);
	assert_int_equal(io.redir[23], 0x010000000000a031ULL);
}

/* Unknown registers and offsets read 0 and ignore writes; the EOI register (0x40) has nothing to do. */
static void test_io_unknown(void **state)
{
	static const u32 regs[] = { 3, 0x0f, 0x40, 0x41, 0xff };
	static const u64 offs[] = { 0x04, 0x0c, 0x14, 0x20, 0x40, 0xff0 };
	struct vioapic before;
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(regs); i++) {
		set_reg(regs[i], 0xffffffff);
		assert_int_equal(reg(regs[i]), 0);
	}
	vioapic_write(&io, SEL, 0x10);
	before = io;
	for (size_t i = 0; i < ARRAY_SIZE(offs); i++) {
		vioapic_write(&io, offs[i], 0xffffffff);
		assert_int_equal(vioapic_read(&io, offs[i]), 0);
	}
	assert_memory_equal(&before, &io, sizeof(io));
}

struct pulse_case {
	const char *name;
	u32 low;
	int vec; /* expected pending vector, -1 for none */
};

static const struct pulse_case pulses[] = {
	{ "pulse: fixed", 0x31, 0x31 },
	{ "pulse: masked", 1u << 16 | 0x31, -1 },
	{ "pulse: lowest priority", 1u << 8 | 0x31, -1 },
	{ "pulse: SMI", 2u << 8 | 0x31, -1 },
	{ "pulse: NMI", 4u << 8 | 0x31, -1 },
	{ "pulse: INIT", 5u << 8 | 0x31, -1 },
	{ "pulse: ExtINT", 7u << 8 | 0x31, -1 },
	{ "pulse: illegal vector", 0x0f, -1 },
};

static void run_pulse(void **state)
{
	const struct pulse_case *c = *state;
	io_setup(NULL);
	set_reg(0x10 + 2 * 4, c->low); /* pin 4, the UART's */
	set_reg(0x10 + 2 * 2, 0x22);   /* pin 2: a different vector that must not appear */
	vioapic_pulse(&io, 4, &lapic);
	assert_int_equal(vlapic_pending(&lapic), c->vec);
}

static void test_pulse_pins(void **state)
{
	(void)state;
	set_reg(0x10 + 2 * 23, 0x77);
	vioapic_pulse(&io, 24, &lapic); /* no such pin */
	vioapic_pulse(&io, ~0u, &lapic);
	vioapic_pulse(&io, 0, &lapic);	/* masked since reset */
	assert_int_equal(vlapic_pending(&lapic), -1);
	vioapic_pulse(&io, 23, &lapic);
	assert_int_equal(vlapic_pending(&lapic), 0x77);
}

/* A level-triggered pin delivers once, then waits for the EOI of its vector to clear remote IRR (bit 14). */
static void test_level_pin(void **state)
{
	(void)state;
	set_reg(0x10 + 2 * 9, 1u << 15 | 0x39);
	vioapic_level(&io, 9, false, &lapic);
	assert_int_equal(vlapic_pending(&lapic), -1);
	vioapic_level(&io, 9, true, &lapic);
	assert_int_equal(reg(0x10 + 2 * 9), 1u << 15 | 1u << 14 | 0x39);
	vlapic_accept(&lapic, 0x39);
	vioapic_level(&io, 9, true, &lapic); /* still high, not yet EOIed: no second request */
	vioapic_eoi(&io, 0x38);
	vioapic_eoi(&io, -1);
	assert_int_equal(vlapic_pending(&lapic), -1);
	assert_int_equal(vlapic_wrmsr(&lapic, 0x80b, 0), 0);
	vioapic_eoi(&io, 0x39);
	assert_int_equal(reg(0x10 + 2 * 9), 1u << 15 | 0x39);
	vioapic_level(&io, 9, true, &lapic);
	assert_int_equal(vlapic_pending(&lapic), 0x39);
	set_reg(0x10 + 2 * 5, 0x35); /* edge-triggered: no remote IRR */
	vioapic_level(&io, 5, true, &lapic);
	assert_int_equal(reg(0x10 + 2 * 5), 0x35);
	set_reg(0x10 + 2 * 6, 1u << 16 | 1u << 15 | 0x36);
	vioapic_level(&io, 6, true, &lapic);
	vioapic_level(&io, VIOAPIC_PINS, true, &lapic);
	assert_int_equal(reg(0x10 + 2 * 6), 1u << 16 | 1u << 15 | 0x36);
	assert_int_equal(vlapic_pending(&lapic), 0x39);
}

/* ---------------------------------------------------------------- gva */

/* Guest memory [0, 4 MiB) backed by a host buffer; tables at fixed guest-physical pages. */
#define MEM MiB(4)
#define PML4 0x1000ULL
#define PDPT 0x2000ULL
#define PD 0x3000ULL
#define PT 0x4000ULL
#define P 1ULL
#define RW 2ULL
#define PS (1ULL << 7)
#define PAT_LARGE (1ULL << 12) /* PAT bit of a 2 MiB or 1 GiB entry: not an address bit */
#define NX (1ULL << 63)
#define VA(l4, l3, l2, l1) ((u64)(l4) << 39 | (u64)(l3) << 30 | (u64)(l2) << 21 | (u64)(l1) << 12)

static struct vm vm;
static u8 *mem;

static void entry(u64 table, u32 index, u64 value)
{
	memcpy(mem + table + index * 8, &value, 8);
}

/* The 4 KiB pages (PML4 1, PDPT 2, PD 3): PT 4 -> 0x10000, PT 5 -> 0x7000, PT 6 not present. */
static int gva_setup(void **state)
{
	(void)state;
	mem = aligned_alloc(PAGE_SIZE, MEM);
	assert_non_null(mem);
	for (u64 i = 0; i < MEM; i++)
		mem[i] = (u8)(i * 131 + (i >> 12) * 7); /* no two nearby pages alike */
	memset(mem + PML4, 0, 4 * PAGE_SIZE);
	memset(&vm, 0, sizeof(vm));
	assert_int_equal(gpmap_add(&vm.map, 0, MEM, (u64)(uptr)mem, GP_RWX), 0);
	entry(PML4, 1, PDPT | P | RW);
	entry(PML4, 3, 0x10000000 | P);		   /* PDPT outside guest memory */
	entry(PDPT, 2, PD | P | RW);
	entry(PDPT, 3, PAT_LARGE | PS | P);	   /* 1 GiB page at 0 */
	entry(PDPT, 5, PD);			   /* not present */
	entry(PD, 3, PT | P | RW);
	entry(PD, 4, 0x200000 | PAT_LARGE | PS | P); /* 2 MiB page at 2 MiB */
	entry(PD, 5, PT | RW);			   /* not present */
	entry(PD, 6, 0x40000000 | PS | P);	   /* 2 MiB page outside guest memory */
	entry(PT, 4, NX | 0x10000 | P);
	entry(PT, 5, 0x7000 | P | RW);
	entry(PT, 6, 0x8000);			   /* not present */
	entry(PT, 7, 0x20000000 | P);		   /* page outside guest memory */
	return 0;
}

static int gva_teardown(void **state)
{
	(void)state;
	free(mem);
	return 0;
}

/* Reads len bytes at va and checks the count and that they are the guest-physical bytes at gpa. */
static void expect(u64 cr3, bool paging, u64 va, u32 len, u32 n, u64 gpa)
{
	u8 out[64];
	assert_true(len <= sizeof(out));
	assert_int_equal(gva_read(&vm, cr3, paging, va, out, len), n);
	if (n)
		assert_memory_equal(out, mem + gpa, n);
}

static void test_gva_pages(void **state)
{
	(void)state;
	expect(PML4, true, VA(1, 2, 3, 4) + 0x123, 32, 32, 0x10123);
	expect(PML4, true, VA(1, 2, 3, 5), 64, 64, 0x7000);
	expect(PML4, true, VA(1, 2, 4, 0) + 0x2234, 40, 40, 0x202234);	/* 2 MiB (offset bit 12 clear: PAT is no address bit) */
	expect(PML4, true, VA(1, 2, 4, 0x1ff) + 0xff0, 8, 8, 0x3ffff0); /* its last bytes */
	expect(PML4, true, VA(1, 3, 0, 0) + 0x342678, 16, 16, 0x342678); /* 1 GiB */
	expect(PML4 | 0x18 | 1ULL << 63, true, VA(1, 2, 3, 4), 8, 8, 0x10000); /* CR3 flag bits ignored */
	expect(PML4, true, VA(1, 2, 3, 4), 0, 0, 0);
}

/* A read that crosses a page boundary walks again: into another frame, or stops where the mapping does. */
static void test_gva_crossing(void **state)
{
	u8 out[32];
	(void)state;
	assert_int_equal(gva_read(&vm, PML4, true, VA(1, 2, 3, 4) + 0xff0, out, 32), 32);
	assert_memory_equal(out, mem + 0x10ff0, 16);
	assert_memory_equal(out + 16, mem + 0x7000, 16);
	expect(PML4, true, VA(1, 2, 3, 5) + 0xff8, 32, 8, 0x7ff8);     /* PT 6 not present */
	expect(PML4, true, VA(1, 2, 3, 6) - 3, 15, 3, 0x7ffd);
	expect(PML4, true, VA(1, 2, 3, 7) - 4, 8, 0, 0);		/* PT 6 is empty, so nothing */
	expect(PML4, true, VA(1, 2, 4, 0x1ff) + 0xffc, 8, 4, 0x3ffffc); /* on to PD 5: not present */
}

static void test_gva_unmapped(void **state)
{
	static const u64 vas[] = {
		VA(0, 0, 0, 0), VA(2, 0, 0, 0), /* empty PML4 entries */
		VA(3, 0, 0, 0),			/* PDPT outside guest memory */
		VA(1, 0, 0, 0), VA(1, 5, 0, 0), /* empty and not-present PDPT entries */
		VA(1, 2, 5, 0), VA(1, 2, 6, 0), /* PDE not present; 2 MiB page outside memory */
		VA(1, 2, 3, 6), VA(1, 2, 3, 7), /* PTE not present; page outside memory */
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(vas); i++)
		expect(PML4, true, vas[i], 8, 0, 0);
	expect(0x80000000, true, VA(1, 2, 3, 4), 8, 0, 0); /* CR3 outside guest memory */
}

/* Paging off: the address is guest-physical, bounded by guest memory. */
static void test_gva_paging_off(void **state)
{
	(void)state;
	expect(0x12345000, false, 0x10010, 32, 32, 0x10010);
	expect(0, false, MEM - 10, 32, 10, MEM - 10);
	expect(0, false, MEM, 8, 0, 0);
	expect(0, false, VA(1, 2, 3, 4), 8, 0, 0);
}

/* ---------------------------------------------------------------- gva_fetch: the one-page cache */

static struct gva_tlb tlb;

/* gva_fetch of len bytes at va: NULL (gpa < 0) or where guest-physical gpa is; walked: it missed. */
static void fetch_at(int line, u64 cr3, bool paging, u64 va, u32 len, long gpa, bool walked)
{
	u32 walks = tlb.walks;
	const u8 *p = gva_fetch(&vm.map, &tlb, cr3, paging, va, len);
	if (p != (gpa < 0 ? NULL : mem + gpa))
		fail_msg("line %d: fetch gave gpa %ld, not %ld", line, p ? (long)(p - mem) : -1L, gpa);
	if (tlb.walks - walks != (walked ? 1u : 0u))
		fail_msg("line %d: %s", line, walked ? "hit, but the translation changed" : "walked again");
}
#define fetch(...) fetch_at(__LINE__, __VA_ARGS__)

static int fetch_setup(void **state)
{
	memset(&tlb, 0, sizeof(tlb));
	return gva_setup(state);
}

/* A hit walks nothing; an entry changed at any level, even the PML4E, is seen at once. */
static void test_fetch_revalidates(void **state)
{
	(void)state;
	fetch(PML4, true, VA(1, 2, 3, 4) + 0x10, 3, 0x10010, true);
	fetch(PML4, true, VA(1, 2, 3, 4) + 0x10, 3, 0x10010, false);
	fetch(PML4, true, VA(1, 2, 3, 4) + 0xffd, 3, 0x10ffd, false); /* same page, other bytes */
	entry(PT, 4, 0x7000 | P);
	fetch(PML4, true, VA(1, 2, 3, 4) + 0x10, 3, 0x7010, true);
	fetch(PML4, true, VA(1, 2, 3, 4) + 0x10, 3, 0x7010, false);
	/* the PDE now points at a copy of the PT whose entry 4 maps 0x9000 */
	memcpy(mem + 0x5000, mem + PT, PAGE_SIZE);
	entry(0x5000, 4, 0x9000 | P);
	entry(PD, 3, 0x5000 | P | RW);
	fetch(PML4, true, VA(1, 2, 3, 4) + 0x10, 3, 0x9010, true);
	/* the PDPTE: a PD copy whose entry 3 is a 2 MiB page at 2 MiB */
	memcpy(mem + 0x6000, mem + PD, PAGE_SIZE);
	entry(0x6000, 3, 0x200000 | PS | P);
	entry(PDPT, 2, 0x6000 | P | RW);
	fetch(PML4, true, VA(1, 2, 3, 4) + 0x10, 3, 0x204010, true);
	/* the PML4E: not present any more */
	entry(PML4, 1, PDPT);
	fetch(PML4, true, VA(1, 2, 3, 4) + 0x10, 3, -1, true);
	entry(PML4, 1, PDPT | P | RW);
	fetch(PML4, true, VA(1, 2, 3, 4) + 0x10, 3, 0x204010, true);
	/* only the access flags the CPU sets (A, D) changed: still a new walk, same page */
	entry(PDPT, 2, PD | P | RW);
	entry(PD, 3, PT | P | RW);
	fetch(PML4, true, VA(1, 2, 3, 5), 8, 0x7000, true);
	entry(PT, 5, 0x7000 | P | RW | 0x60);
	fetch(PML4, true, VA(1, 2, 3, 5), 8, 0x7000, true);
	entry(PT, 5, 0x7000 | P | RW);
	fetch(PML4, true, VA(1, 2, 3, 5), 8, 0x7000, true);
}

/* Another address space, another page, paging off: each is its own key. */
static void test_fetch_keys(void **state)
{
	(void)state;
	memcpy(mem + 0x6000, mem + PML4, PAGE_SIZE); /* a second address space with the same mappings */
	fetch(PML4, true, VA(1, 2, 3, 4), 2, 0x10000, true);
	fetch(0x6000, true, VA(1, 2, 3, 4), 2, 0x10000, true);
	fetch(0x6000, true, VA(1, 2, 3, 4), 2, 0x10000, false);
	fetch(0x6000, true, VA(1, 2, 3, 5), 2, 0x7000, true);
	fetch(0x6000, false, VA(1, 2, 3, 5), 2, -1, true); /* that address is outside guest memory */
	fetch(0x6000, false, 0x7000, 2, 0x7000, true);
	fetch(0x6000, false, 0x7000, 2, 0x7000, false);
	fetch(0x6000, true, 0x7000, 2, -1, true); /* VA(0, 0, 0, 7): empty PML4 entry */
	/* large pages: 2 MiB and 1 GiB, hits within them */
	fetch(PML4, true, VA(1, 2, 4, 0) + 0x2234, 4, 0x202234, true);
	fetch(PML4, true, VA(1, 2, 4, 0) + 0x2234, 4, 0x202234, false);
	fetch(PML4, true, VA(1, 3, 0, 0) + 0x342678, 4, 0x342678, true);
	fetch(PML4, true, VA(1, 3, 0, 0) + 0x342000, 4, 0x342000, false);
}

/* The map changed (a grant mapped or revoked): the host frame behind a guest page may differ. */
static void test_fetch_map_change(void **state)
{
	u8 *copy = aligned_alloc(PAGE_SIZE, MEM);
	(void)state;
	memcpy(copy, mem, MEM);
	fetch(PML4, true, VA(1, 2, 3, 4), 2, 0x10000, true);
	assert_int_equal(gpmap_remove(&vm.map, 0), 0);
	fetch(PML4, true, VA(1, 2, 3, 4), 2, -1, true); /* no memory at all */
	assert_int_equal(gpmap_add(&vm.map, 0, MEM, (u64)(uptr)copy, GP_RWX), 0);
	assert_ptr_equal(gva_fetch(&vm.map, &tlb, PML4, true, VA(1, 2, 3, 4), 2), copy + 0x10000);
	/* an unrelated range added elsewhere still makes the next fetch walk */
	assert_int_equal(gpmap_add(&vm.map, GiB(1), PAGE_SIZE, (u64)(uptr)mem, GP_R), 0);
	u32 walks = tlb.walks;
	assert_ptr_equal(gva_fetch(&vm.map, &tlb, PML4, true, VA(1, 2, 3, 4), 2), copy + 0x10000);
	assert_int_equal(tlb.walks, walks + 1);
	free(copy);
}

/* Lengths: none, to the page end, past it; an empty (zeroed) cache never hits, even for page 0. */
static void test_fetch_bounds(void **state)
{
	(void)state;
	fetch(0, false, 0, 4, 0, true);
	fetch(0, false, 0, 4, 0, false);
	fetch(PML4, true, VA(1, 2, 3, 4) + 0xff0, 16, 0x10ff0, true);
	fetch(PML4, true, VA(1, 2, 3, 4) + 0xff0, 17, -1, false); /* crosses into the next page: not one page */
	fetch(PML4, true, VA(1, 2, 3, 4), 0, -1, false);
	fetch(PML4, true, VA(1, 2, 3, 6), 2, -1, true); /* PTE not present: the cache is left empty */
	fetch(PML4, true, VA(1, 2, 3, 6), 2, -1, true);
	fetch(PML4, true, VA(1, 2, 3, 7), 2, -1, true); /* a page outside guest memory */
	fetch(PML4, true, VA(1, 2, 3, 4), 2, 0x10000, true);
}

#define F(f) cmocka_unit_test_setup_teardown(f, fetch_setup, gva_teardown)
#define G(f) cmocka_unit_test_setup_teardown(f, gva_setup, gva_teardown)
#define I(f) cmocka_unit_test_setup(f, io_setup)

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		I(test_io_identification), I(test_io_reset_entries), I(test_io_redirection),
		I(test_io_unknown),	   I(test_pulse_pins),	     I(test_level_pin),
		G(test_gva_pages),	   G(test_gva_crossing),     G(test_gva_unmapped),
		G(test_gva_paging_off),
		F(test_fetch_revalidates), F(test_fetch_keys),	     F(test_fetch_map_change),
		F(test_fetch_bounds),
	};
	static struct unit_group g;
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		g.t[g.n++] = fixed[i];
	for (size_t i = 0; i < ARRAY_SIZE(pulses); i++)
		unit_add(&g, pulses[i].name, run_pulse, (void *)&pulses[i]);
	return unit_run("vioapic_gva", &g);
}
