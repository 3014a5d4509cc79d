/* cordon core: the legacy virtio-net device: its registers, the split virtqueues and the switch port behind them. */
#include <kernel/dev/virtio_net.h>
#include <kernel/dev/devices.h>
#include <kernel/linux/platform.h>
#include <kernel/share/share.h>
#include <lib/str.h>
#include <cordon/hypercall.h>

/*
 * Legacy register block (virtio 1.2, 4.1.4.8): device features, guest
 * features, queue PFN, queue size, queue select, queue notify, status, ISR,
 * then the net config (MAC). The split rings themselves are walked by
 * kernel/dev/virtq.c, which checks every guest index, length and address and
 * bounds every walk; a ring that breaks the rules stops its queue until the
 * driver resets the device, and the status reads DEVICE_NEEDS_RESET (2.1.2).
 */
#define F_MAC (1u << 5)
#define F_STATUS (1u << 16) /* VIRTIO_NET_F_STATUS: the config status field (virtio 1.2, 5.1.3) */
#define S_LINK_UP 1	    /* VIRTIO_NET_S_LINK_UP (5.1.4) */
#define ISR_QUEUE 1
#define ISR_CONFIG 2	    /* a configuration change (4.1.4.5): the driver rereads the status */
#define CFG_STATUS 0x1a	    /* after the MAC in the legacy device-specific area (4.1.4.8) */
#define HDR_LEN 10 /* struct virtio_net_hdr without mergeable buffers */
#define STATUS_DRIVER_OK 4
#define STATUS_NEEDS_RESET 64 /* virtio 1.2, 2.1 */

static struct vq_chain chain; /* one VM's exit at a time on the scheduling CPU */

static void complete(struct vm *vm, u32 q, u16 head, u32 len)
{
	if (vq_push(&vm->plat->vnet.q[q], &vm->map, head, len))
		vm->plat->vnet.isr |= ISR_QUEUE;
}

/* Copies a transmit chain (header, then the frame) out of guest memory; returns the frame length or -1. */
static s64 gather(const struct vq_chain *c, u8 *frame)
{
	u64 total = 0;
	if (c->bad)
		return -1;
	for (u32 j = 0; j < c->n; j++) {
		const struct vq_buf *b = &c->b[j];
		u64 skip = total < HDR_LEN ? HDR_LEN - total : 0; /* header bytes still in this buffer */
		if (total + b->len > HDR_LEN + CORDON_FRAME_MAX)
			return -1;
		if (b->len > skip)
			c_memcpy(frame + (total + skip - HDR_LEN), b->p + skip, b->len - skip);
		total += b->len;
	}
	return total >= HDR_LEN ? (s64)(total - HDR_LEN) : -1;
}

/* Sends available transmit chains within one exit's budget; the rest is left for vnet_poll(). */
static void transmit(struct vm *vm)
{
	static u8 frame[CORDON_FRAME_MAX];
	struct virtq *q = &vm->plat->vnet.q[1];
	u32 frames = 0, descs = 0;
	while (frames < VNET_TX_FRAMES_PER_EXIT && descs < VNET_TX_DESCS_PER_EXIT &&
	       vq_pop(q, &vm->map, false, &chain) == VQ_GOT) {
		s64 n = gather(&chain, frame);
		if (n >= 14)
			nic_send_frame(vm, frame, (u64)n); /* the switch drops spoofed or foreign frames */
		complete(vm, 1, chain.head, 0);
		frames++;
		descs += chain.n;
	}
	vm->plat->vnet.tx_more = vq_pending(q, &vm->map) > 0;
}

/* Scatters header + frame into a receive chain's writable buffers; returns bytes written or -1. */
static s64 scatter(const struct vq_chain *c, const u8 *frame, u64 len)
{
	static const u8 hdr[HDR_LEN];
	u64 done = 0, total = HDR_LEN + len;
	if (c->bad)
		return -1;
	for (u32 j = 0; j < c->n && done < total; j++) {
		const struct vq_buf *b = &c->b[j];
		for (u32 k = 0; k < b->len && done < total; k++, done++)
			b->p[k] = done < HDR_LEN ? hdr[done] : frame[done - HDR_LEN];
	}
	return done == total ? (s64)total : -1;
}

/* At most the switch's queue of frames per entry (NIC_QUEUE in vnic.c), each one chain. */
static void receive(struct vm *vm)
{
	static u8 frame[CORDON_FRAME_MAX];
	struct virtq *q = &vm->plat->vnet.q[0];
	u64 len;
	while (vq_pending(q, &vm->map) > 0 && nic_take_frame(vm, frame, sizeof(frame), &len)) {
		s64 n;
		if (vq_pop(q, &vm->map, true, &chain) != VQ_GOT)
			return; /* broken: the frame is dropped like one that found no buffer */
		n = scatter(&chain, frame, len);
		complete(vm, 0, chain.head, n < 0 ? 0 : (u32)n);
	}
}

/*
 * The switch revoked the port (a policy change): the link goes down once, told
 * by a configuration interrupt; the PCI function stays, so the driver only
 * sees its carrier drop. Frames are dropped by the switch either way.
 */
static void link_check(struct vm *vm)
{
	struct virtio_net *v = &vm->plat->vnet;
	if (!nic_link_up(vm) && !v->link_down) {
		v->link_down = true;
		v->isr |= ISR_CONFIG;
	}
}

void vnet_poll(struct vm *vm)
{
	if (vm->nic)
		link_check(vm);
	if (!vm->nic || !(vm->plat->vnet.status & STATUS_DRIVER_OK))
		return;
	if (vm->plat->vnet.tx_more)
		transmit(vm);
	receive(vm);
}

static u32 reg_read(struct vm *vm, u32 off)
{
	struct virtio_net *v = &vm->plat->vnet;
	u8 mac[6];
	switch (off) {
	case 0x00: return F_MAC | F_STATUS;
	case 0x04: return v->guest_features;
	case 0x08: return v->queue_sel < 2 ? v->q[v->queue_sel].pfn : 0;
	case 0x0c: return v->queue_sel < 2 ? VNET_QUEUE_SIZE : 0;
	case 0x0e: return v->queue_sel;
	case 0x12: return v->status | (v->q[0].broken || v->q[1].broken ? STATUS_NEEDS_RESET : 0);
	case 0x13: { u8 isr = v->isr; v->isr = 0; return isr; } /* reading acknowledges (4.1.4.5) */
	case CFG_STATUS: return nic_link_up(vm) ? S_LINK_UP : 0;
	default:
		if (off >= 0x14 && off < 0x1a && nic_mac(vm, mac))
			return mac[off - 0x14];
		return 0;
	}
}

static void reg_write(struct vm *vm, u32 off, u32 val)
{
	struct virtio_net *v = &vm->plat->vnet;
	switch (off) {
	case 0x04: v->guest_features = val & (F_MAC | F_STATUS); break;
	case 0x08:
		if (v->queue_sel < 2) /* a new ring starts at index 0 (4.1.4.8) */
			v->q[v->queue_sel] = (struct virtq){ .pfn = val };
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
		if (!val) { /* reset (4.1.4.8): forget the rings, including a broken queue's mark */
			bool told = v->link_down; /* not the link: it stays down */
			c_memset(v, 0, sizeof(*v));
			v->link_down = told;
		}
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
	const struct pci_latch *c = &vm->plat->pci;
	switch (reg) {
	case 0x00: return 0x10001af4;		   /* virtio (1af4), legacy network device (1000) */
	case 0x04: return c->cmd;		   /* status 0: no capabilities list */
	case 0x08: return 0x02000000;		   /* class 02 00 00: Ethernet, revision 0 */
	case 0x10: return c->bar_sizing ? ~(VNET_IO_SIZE - 1) | 1 : c->bar0 | 1u; /* BAR0: I/O */
	case 0x2c: return 0x00011af4;		   /* subsystem: virtio device ID 1 (network) */
	case 0x3c: return 0x0100u | c->irq_line; /* interrupt pin A */
	default: return 0;
	}
}

void vnet_pci_write(struct vm *vm, u32 reg, u32 val, u32 mask)
{
	struct pci_latch *c = &vm->plat->pci;
	if (reg == 0x04) {
		c->cmd = (u16)((c->cmd & ~mask) | (val & mask & 0x0405)); /* I/O, bus master, INTx disable */
	} else if (reg == 0x10 && mask == ~0u) { /* all-ones reads back the size mask (PCI 3.0, 6.2.5.1) */
		c->bar_sizing = val == ~0u;
		if (!c->bar_sizing)
			c->bar0 = (u16)(val & ~(VNET_IO_SIZE - 1));
	} else if (reg == 0x3c) {
		c->irq_line = (u8)((c->irq_line & ~mask) | (val & mask));
	}
}

bool vnet_bar_range(const struct vm *vm, u16 *lo, u16 *len)
{
	const struct pci_latch *c = &vm->plat->pci;
	*lo = c->bar0;
	*len = VNET_IO_SIZE;
	return vm->nic && (c->cmd & 1) && !c->bar_sizing; /* I/O decoding on */
}

