/* cordon vTPM: the three private system calls between the engine and the domain runtime (vtpm/rt/). */
#ifndef CORDON_VTPM_ENGINE_ENGINE_SYS_H
#define CORDON_VTPM_ENGINE_ENGINE_SYS_H

/*
 * Numbers far above Linux's own (about 460 today), so neither a Linux kernel
 * nor the runtime mistakes one for the other: "CO" in the upper half.
 * RECV (buf, cap): blocks until the client's next TPM command is in buf; returns its length.
 * SEND (buf, len): hands the response to the command RECV returned last; returns 0.
 * READY (buf, len): the EK's Name (34 bytes), once, before the first RECV; returns 0, or -EIO when
 *       cordon would not log it (the engine then must not serve).
 * Both return -errno on failure (EFAULT: buf outside the engine's memory; EINVAL: a bad length).
 */
#define VTPM_SYS_RECV 0x434f0001
#define VTPM_SYS_SEND 0x434f0002
#define VTPM_SYS_READY 0x434f0003

/* Where the engine is linked (-Ttext-segment) and the runtime's user half begins. */
#define VTPM_ENGINE_BASE 0x800000 /* 8 MiB: above the runtime image, which holds the engine file (about 5 MiB) */

#endif
