/* cordon: ACPI resource descriptors for _CRS buffers: I/O ports, interrupts, bus/I/O/memory windows. */
#include <lib/acpi/acpi_int.h>

/* ACPI 6.4 6.4.2: small items, one tag byte = item name (bits 6:3) and length (bits 2:0). */
#define SMALL_IO 0x47  /* 6.4.2.5 I/O Port Descriptor, 7 bytes */
#define SMALL_END 0x79 /* 6.4.2.9 End Tag, 1 byte */
/* 6.4.3: large items, tag byte then a 16-bit length of what follows. */
#define LARGE_MEM32_FIXED 0x86 /* 6.4.3.4 32-Bit Fixed Memory Range Descriptor */
#define LARGE_DWORD_SPACE 0x87 /* 6.4.3.5.2 DWord Address Space Descriptor */
#define LARGE_WORD_SPACE 0x88  /* 6.4.3.5.3 Word Address Space Descriptor */
#define LARGE_EXT_IRQ 0x89     /* 6.4.3.6 Extended Interrupt Descriptor */

/* 6.4.3.5.x: resource type, general flags and type-specific flags of address space descriptors. */
#define SPACE_MEMORY 0
#define SPACE_IO 1
#define SPACE_BUS 2
#define GEN_MIN_FIXED (1u << 2)
#define GEN_MAX_FIXED (1u << 3) /* bit 0 clear: the bridge produces the window; bit 1 clear: positive decode */
#define IO_RANGE_ENTIRE 3	/* _RNG: ISA and non-ISA ports */
#define MEM_READ_WRITE 1	/* _RW; _MEM 0: non-cacheable, _MTP 0: AddressRangeMemory */

/* 6.4.3.6 interrupt vector flags. */
#define IRQ_CONSUMER (1u << 0)
#define IRQ_EDGE (1u << 1) /* _HE; _LL clear: active high; _SHR clear: exclusive */

/* A fixed range of len ports at base with 16-bit decode (_DEC = 1). */
void res_io(struct acpi_buf *b, u16 base, u8 len)
{
	acpi_put8(b, SMALL_IO);
	acpi_put8(b, 1);
	acpi_put_le(b, base, 2);
	acpi_put_le(b, base, 2);
	acpi_put8(b, 1);
	acpi_put8(b, len);
}

/* One GSI, edge-triggered and active high like every ISA interrupt. */
void res_irq(struct acpi_buf *b, u32 gsi)
{
	acpi_put8(b, LARGE_EXT_IRQ);
	acpi_put_le(b, 6, 2);
	acpi_put8(b, IRQ_CONSUMER | IRQ_EDGE);
	acpi_put8(b, 1);
	acpi_put_le(b, gsi, 4);
}

/* The common part of a producer window [min, max] with fixed ends; width is 2 (Word) or 4 (DWord). */
static void window(struct acpi_buf *b, u8 type, u8 type_flags, u64 min, u64 max, u32 width)
{
	acpi_put8(b, width == 2 ? LARGE_WORD_SPACE : LARGE_DWORD_SPACE);
	acpi_put_le(b, 3 + 5 * width, 2);
	acpi_put8(b, type);
	acpi_put8(b, GEN_MIN_FIXED | GEN_MAX_FIXED);
	acpi_put8(b, type_flags);
	acpi_put_le(b, 0, width);		/* granularity: a window with fixed ends has none */
	acpi_put_le(b, min, width);
	acpi_put_le(b, max, width);
	acpi_put_le(b, 0, width);		/* translation offset: CPU and PCI addresses agree */
	acpi_put_le(b, max - min + 1, width); /* length */
}

void res_bus_window(struct acpi_buf *b, u8 last_bus)
{
	window(b, SPACE_BUS, 0, 0, last_bus, 2);
}

void res_io_window(struct acpi_buf *b, u16 min, u16 max)
{
	window(b, SPACE_IO, IO_RANGE_ENTIRE, min, max, 2);
}

void res_mem_window(struct acpi_buf *b, u32 base, u32 size)
{
	window(b, SPACE_MEMORY, MEM_READ_WRITE, base, (u64)base + size - 1, 4);
}

/* A range a device decodes but does not hand on, e.g. ECAM under a motherboard-resources device. */
void res_mem_fixed(struct acpi_buf *b, u32 base, u32 size)
{
	acpi_put8(b, LARGE_MEM32_FIXED);
	acpi_put_le(b, 9, 2);
	acpi_put8(b, MEM_READ_WRITE);
	acpi_put_le(b, base, 4);
	acpi_put_le(b, size, 4);
}

/* A zero checksum means "treat as valid" (6.4.2.9), which is what iasl emits. */
void res_end(struct acpi_buf *b)
{
	acpi_put8(b, SMALL_END);
	acpi_put8(b, 0);
}
