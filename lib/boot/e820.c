/* cordon: the e820 memory map a Linux guest gets in its zero page (layout documented in bzimage.h). */
#include <lib/boot/bzimage.h>

/* The PC hole: EBDA (1 KiB below 640 KiB), VGA memory and BIOS ROM up to 1 MiB. */
#define HOLE_START 0x9FC00ULL
#define HOLE_END 0x100000ULL

/* Every edge of the layout; between two neighbouring edges the type is constant. */
#define MAX_EDGES 8
#define E820_NONE 0 /* the 3-4 GiB hole: no entry */

u64 e820_low_ram(u64 mem_size)
{
	return mem_size < E820_LOW_RAM_END ? mem_size : E820_LOW_RAM_END;
}

u64 e820_high_ram(u64 mem_size)
{
	return mem_size - e820_low_ram(mem_size);
}

const char *e820_layout_check(const struct e820_layout *l)
{
	if (l->mem_size < MiB(1))
		return "e820: guest RAM below 1 MiB leaves no room for Linux";
	if (e820_high_ram(l->mem_size) > ~0ULL - E820_HIGH_RAM_BASE)
		return "e820: guest RAM above 4 GiB would wrap the address space";
	if (l->acpi_size == 0)
		return NULL;
	if (l->acpi_gpa + l->acpi_size < l->acpi_gpa || l->acpi_gpa + l->acpi_size > e820_low_ram(l->mem_size))
		return "e820: the ACPI range is not inside guest RAM below 3 GiB";
	return NULL;
}

/* The type at addr: ACPI wins over the PC hole, the PC hole over RAM; nothing between low and high RAM. */
static u32 type_at(const struct e820_layout *l, u64 addr)
{
	if (l->acpi_size && addr >= l->acpi_gpa && addr - l->acpi_gpa < l->acpi_size)
		return E820_ACPI;
	if (addr >= HOLE_START && addr < HOLE_END)
		return E820_RESERVED;
	if (addr >= e820_low_ram(l->mem_size) && addr < E820_HIGH_RAM_BASE)
		return E820_NONE;
	return E820_RAM;
}

/* Inserts v into the sorted set e[0, *n) unless it is already there. */
static void add_edge(u64 *e, u32 *n, u64 v)
{
	u32 i = 0;
	while (i < *n && e[i] < v)
		i++;
	if (i < *n && e[i] == v)
		return;
	for (u32 j = *n; j > i; j--)
		e[j] = e[j - 1];
	e[i] = v;
	(*n)++;
}

u32 e820_build(struct e820_entry *t, u32 max, const struct e820_layout *l)
{
	u64 edge[MAX_EDGES] = { 0 }; /* zeroed only so Eva sees every read initialised (make prove) */
	u32 nedge = 0, n = 0;
	if (e820_layout_check(l))
		return 0;
	/* mem_size >= 1 MiB, so the PC hole lies wholly inside low RAM; the ACPI range was checked to. */
	add_edge(edge, &nedge, 0);
	add_edge(edge, &nedge, HOLE_START);
	add_edge(edge, &nedge, HOLE_END);
	add_edge(edge, &nedge, e820_low_ram(l->mem_size));
	if (e820_high_ram(l->mem_size)) {
		add_edge(edge, &nedge, E820_HIGH_RAM_BASE);
		add_edge(edge, &nedge, E820_HIGH_RAM_BASE + e820_high_ram(l->mem_size));
	}
	if (l->acpi_size) {
		add_edge(edge, &nedge, l->acpi_gpa);
		add_edge(edge, &nedge, l->acpi_gpa + l->acpi_size);
	}
	for (u32 i = 0; i + 1 < nedge; i++) {
		u32 type = type_at(l, edge[i]);
		u64 size = edge[i + 1] - edge[i];
		if (type == E820_NONE)
			continue;
		if (n && t[n - 1].type == type && t[n - 1].addr + t[n - 1].size == edge[i]) {
			t[n - 1].size += size; /* same type as the range before: one entry */
			continue;
		}
		if (n == max)
			return 0;
		t[n++] = (struct e820_entry){ .addr = edge[i], .size = size, .type = type };
	}
	return n;
}
