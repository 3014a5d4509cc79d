/* cordon core: legacy virtio-net over PCI for Linux VMs, a port on cordon's switch (virtio 1.2, 4.1.4.8 legacy). */
#ifndef CORDON_KERNEL_VIRTIO_NET_H
#define CORDON_KERNEL_VIRTIO_NET_H
#include <cordon/types.h>

#define VNET_IO_BASE 0xc000u /* BAR0, pre-assigned inside the host bridge's I/O window */
#define VNET_IO_SIZE 32u
#define VNET_PCI_SLOT 1
#define VNET_GSI 17 /* INTA of slot 1 in the ACPI _PRT: GSI 16 + (slot + pin) % 4 */
#define VNET_QUEUE_SIZE 256u

struct vm;

struct virtio_net {
	u32 guest_features;
	u32 queue_pfn[2]; /* 0: receive, 1: transmit */
	u16 last_avail[2];
	u16 used_idx[2];
	u16 queue_sel;
	u8 status, isr;
};

/* Moves frames the switch queued for this VM into its receive buffers. */
void vnet_poll(struct vm *vm);

#endif
