/* cordon core: the legacy virtio-net device: its registers, the split virtqueues and the switch port behind them. */
#include "virtio_net.h"
#include "devices.h"
#include "vm.h"
#include "share.h"
#include "str.h"
#include <cordon/hypercall.h>

/*
 * Legacy register block (virtio 1.2, 4.1.4.8): device features, guest
 * features, queue PFN, queue size, queue select, queue notify, status, ISR,
 * then the net config (MAC). Legacy split rings (2.7) live at PFN * 4096:
 * descriptors, the available ring, then the used ring at the next 4 KiB.
 * Every guest-supplied index, length and address is checked: a bad ring
 * makes the device stop that request, never read outside the VM.
 */
#define F_MAC (1u << 5)
#define HDR_LEN 10 /* struct virtio_net_hdr without mergeable buffers */
#define DESC_NEXT 1
#define DESC_WRITE 2
#define AVAIL_NO_INTERRUPT 1
#define STATUS_DRIVER_OK 4

struct desc {
	u64 addr;
	u32 len;
	u16 flags, next;
} __attribute__((packed));

struct ring {
	struct desc *d;
	volatile u16 *avail; /* flags, idx, ring[N] */
	volatile u32 *used;  /* flags|idx (u16 pair), then {id, len} pairs */
};

static bool ring_of(struct vm *vm, u32 q, struct ring *r)
{
	u64 base = (u64)vm->vnet.queue_pfn[q] << 12, n = VNET_QUEUE_SIZE;
	u64 used = ALIGN_UP(base + 16 * n + 4 + 2 * n + 2, PAGE_SIZE);
	if (!vm->vnet.queue_pfn[q])
		return false;
	r->d = gpmap_access(&vm->map, base, 16 * n, GP_W);
	r->avail = gpmap_access(&vm->map, base + 16 * n, 4 + 2 * n + 2, GP_W);
	r->used = gpmap_access(&vm->map, used, 4 + 8 * n + 2, GP_W);
	return r->d && r->avail && r->used;
}

static void used_push(struct vm *vm, u32 q, struct ring *r, u16 head, u32 len)
{
	u16 i = vm->vnet.used_idx[q]++;
	r->used[1 + 2 * (i % VNET_QUEUE_SIZE)] = head;
	r->used[2 + 2 * (i % VNET_QUEUE_SIZE)] = len;
	__asm__ volatile("" ::: "memory");
	((volatile u16 *)r->used)[1] = vm->vnet.used_idx[q];
	if (!(r->avail[0] & AVAIL_NO_INTERRUPT))
		vm->vnet.isr |= 1;
}

/* Copies a transmit chain (header, then the frame) out of guest memory; returns the frame length or -1. */
static s64 gather(struct vm *vm, struct ring *r, u16 head, u8 *frame)
{
	u64 total = 0;
	u16 i = head;
	for (u32 hops = 0; hops < VNET_QUEUE_SIZE; hops++) {
		const struct desc *d = &r->d[i % VNET_QUEUE_SIZE];
		const u8 *src = gpmap_access(&vm->map, d->addr, d->len, GP_R);
		if (!src || (d->flags & DESC_WRITE) || total + d->len > HDR_LEN + CORDON_FRAME_MAX)
			return -1;
		for (u32 k = 0; k < d->len; k++, total++)
			if (total >= HDR_LEN)
				frame[total - HDR_LEN] = src[k];
		if (!(d->flags & DESC_NEXT))
			return total >= HDR_LEN ? (s64)(total - HDR_LEN) : -1;
		i = d->next;
	}
	return -1;
}

static void transmit(struct vm *vm)
{
	static u8 frame[CORDON_FRAME_MAX];
	struct ring r;
	if (!ring_of(vm, 1, &r))
		return;
	while (vm->vnet.last_avail[1] != r.avail[1]) {
		u16 head = r.avail[2 + vm->vnet.last_avail[1]++ % VNET_QUEUE_SIZE];
		s64 n = gather(vm, &r, head, frame);
		if (n >= 14)
			nic_send_frame(vm, frame, (u64)n); /* the switch drops spoofed or foreign frames */
		used_push(vm, 1, &r, head, 0);
	}
}

/* Scatters header + frame into a receive chain's writable buffers; returns bytes written or -1. */
static s64 scatter(struct vm *vm, struct ring *r, u16 head, const u8 *frame, u64 len)
{
	static const u8 hdr[HDR_LEN];
	u64 done = 0, total = HDR_LEN + len;
	u16 i = head;
	for (u32 hops = 0; hops < VNET_QUEUE_SIZE && done < total; hops++) {
		const struct desc *d = &r->d[i % VNET_QUEUE_SIZE];
		u8 *dst = gpmap_access(&vm->map, d->addr, d->len, GP_W);
		if (!dst || !(d->flags & DESC_WRITE))
			return -1;
		for (u32 k = 0; k < d->len && done < total; k++, done++)
			dst[k] = done < HDR_LEN ? hdr[done] : frame[done - HDR_LEN];
		if (!(d->flags & DESC_NEXT))
			break;
		i = d->next;
	}
	return done == total ? (s64)total : -1;
}

void vnet_poll(struct vm *vm)
{
	static u8 frame[CORDON_FRAME_MAX];
	struct ring r;
	u64 len;
	if (!vm->nic || !(vm->vnet.status & STATUS_DRIVER_OK) || !ring_of(vm, 0, &r))
		return;
	while (vm->vnet.last_avail[0] != r.avail[1] && nic_take_frame(vm, frame, sizeof(frame), &len)) {
		u16 head = r.avail[2 + vm->vnet.last_avail[0]++ % VNET_QUEUE_SIZE];
		s64 n = scatter(vm, &r, head, frame, len);
		used_push(vm, 0, &r, head, n < 0 ? 0 : (u32)n);
	}
}

static u32 reg_read(struct vm *vm, u32 off)
{
	struct virtio_net *v = &vm->vnet;
	u8 mac[6];
	switch (off) {
	case 0x00: return F_MAC;
	case 0x04: return v->guest_features;
	case 0x08: return v->queue_sel < 2 ? v->queue_pfn[v->queue_sel] : 0;
	case 0x0c: return v->queue_sel < 2 ? VNET_QUEUE_SIZE : 0;
	case 0x0e: return v->queue_sel;
	case 0x12: return v->status;
	case 0x13: { u8 isr = v->isr; v->isr = 0; return isr; } /* reading acknowledges (4.1.4.5) */
	default:
		if (off >= 0x14 && off < 0x1a && nic_mac(vm, mac))
			return mac[off - 0x14];
		return 0;
	}
}

static void reg_write(struct vm *vm, u32 off, u32 val)
{
	struct virtio_net *v = &vm->vnet;
	switch (off) {
	case 0x04: v->guest_features = val & F_MAC; break;
	case 0x08:
		if (v->queue_sel < 2) {
			v->queue_pfn[v->queue_sel] = val;
			v->last_avail[v->queue_sel] = v->used_idx[v->queue_sel] = 0;
		}
		break;
	case 0x0e: v->queue_sel = (u16)val; break;
	case 0x10:
		if (val == 1)
			transmit(vm);
		else if (val == 0)
			vnet_poll(vm);
		break;
	case 0x12:
		v->status = (u8)val;
		if (!val) /* reset (4.1.4.8): forget the rings */
			c_memset(v, 0, sizeof(*v));
		break;
	default: break;
	}
}

/* The Linux legacy driver accesses each field at its own offset and width. */
void vnet_bar_io(struct vm *vm, u16 off, bool in, u32 size, u32 *val)
{
	u32 mask = size >= 4 ? ~0u : (1u << (8 * size)) - 1;
	if (in)
		*val = reg_read(vm, off) & mask;
	else
		reg_write(vm, off, *val & mask);
}

/* ---- its PCI function (00:01.0, type 0 header, PCI 3.0, 6.1) and BAR0 */

bool vnet_pci_present(const struct vm *vm)
{
	return vm->nic != NULL; /* no NIC (none configured, or the reference monitor refused it): no device */
}

u32 vnet_pci_read(const struct vm *vm, u32 reg)
{
	switch (reg) {
	case 0x00: return 0x10001af4;		   /* virtio (1af4), legacy network device (1000) */
	case 0x04: return vm->pci_cmd;		   /* status 0: no capabilities list */
	case 0x08: return 0x02000000;		   /* class 02 00 00: Ethernet, revision 0 */
	case 0x10: return vm->pci_bar_sizing ? ~(VNET_IO_SIZE - 1) | 1 : vm->pci_bar0 | 1u; /* BAR0: I/O */
	case 0x2c: return 0x00011af4;		   /* subsystem: virtio device ID 1 (network) */
	case 0x3c: return 0x0100u | vm->pci_irq_line; /* interrupt pin A */
	default: return 0;
	}
}

void vnet_pci_write(struct vm *vm, u32 reg, u32 val, u32 mask)
{
	if (reg == 0x04) {
		vm->pci_cmd = (u16)((vm->pci_cmd & ~mask) | (val & mask & 0x0405)); /* I/O, bus master, INTx disable */
	} else if (reg == 0x10 && mask == ~0u) { /* all-ones reads back the size mask (PCI 3.0, 6.2.5.1) */
		vm->pci_bar_sizing = val == ~0u;
		if (!vm->pci_bar_sizing)
			vm->pci_bar0 = (u16)(val & ~(VNET_IO_SIZE - 1));
	} else if (reg == 0x3c) {
		vm->pci_irq_line = (u8)((vm->pci_irq_line & ~mask) | (val & mask));
	}
}

bool vnet_bar_range(const struct vm *vm, u16 *lo, u16 *len)
{
	*lo = vm->pci_bar0;
	*len = VNET_IO_SIZE;
	return vm->nic && (vm->pci_cmd & 1) && !vm->pci_bar_sizing; /* I/O decoding on */
}

