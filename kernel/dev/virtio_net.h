/* cordon core: legacy virtio-net over PCI for Linux VMs, a port on cordon's switch (virtio 1.2, 4.1.4.8 legacy). */
#ifndef CORDON_KERNEL_VIRTIO_NET_H
#define CORDON_KERNEL_VIRTIO_NET_H
#include <cordon/types.h>
#include <kernel/dev/virtq.h>

#define VNET_IO_BASE 0xc000u /* BAR0, pre-assigned inside the host bridge's I/O window */
#define VNET_IO_SIZE 32u
#define VNET_PCI_SLOT 1
#define VNET_GSI 17 /* INTA of slot 1 in the ACPI _PRT: GSI 16 + (slot + pin) % 4 */
#define VNET_QUEUE_SIZE VQ_SIZE
/*
 * Work one exit (or one entry resuming it) may do on the transmit queue: at
 * most this many frames, and no new chain once this many descriptors were
 * walked (so at most twice it). The rest waits for the next entry, which
 * comes after the guest ran again: a guest that keeps the queue full gets its
 * own time slices for it and no one else's.
 */
#define VNET_TX_FRAMES_PER_EXIT 32u
#define VNET_TX_DESCS_PER_EXIT VQ_SIZE

struct vm;

struct virtio_net {
	u32 guest_features;
	struct virtq q[2]; /* 0: receive, 1: transmit */
	bool tx_more;	   /* the transmit queue had chains left when its budget ran out */
	bool link_down;	   /* the configuration interrupt for a revoked port was raised */
	u16 queue_sel;
	u8 status, isr;
};

/*
 * Before each entry: finishes deferred transmit work (within the same
 * budget) and moves frames the switch queued for this VM into its receive
 * buffers.
 */
void vnet_poll(struct vm *vm);

#endif
