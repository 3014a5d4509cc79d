/* cordon core: the platform TPM: TIS transport, runtime measurement log, sealed secret, attestation. */
#ifndef CORDON_KERNEL_TPM_H
#define CORDON_KERNEL_TPM_H
#include <cordon/bootinfo.h>
#include <lib/tpm2/tpm2.h>

struct vm;

/* tpm_tis.c: the FIFO interface at locality 0 (the only transport so far). */
bool tis_probe(u32 *did_vid);
u32 tis_xfer(void *ctx, const u8 *cmd, u32 cmd_len, u8 *rsp, u32 rsp_cap, u32 *rsp_len);

/*
 * tpm.c: on a measured boot, finds the TPM. If it cannot be reached and
 * boot.cfg requires a TPM, no VM may start (returns false).
 */
bool tpm_init(const struct bootinfo *bi);
struct tpm_dev *tpm_get(void); /* NULL on an unmeasured boot */

/* rtlog.c: PCR 10 and its crypto-agile log (lib/tcg/measure_ev.h has the events). */
void rtlog_init(const struct bootinfo *bi);
/* Measures a VM start; false (and the VM must not run) if that was impossible. */
bool rtlog_vm_start(struct vm *vm);
void rtlog_vm_stop(struct vm *vm, const char *reason);
/* The EK name (len bytes) of client's vTPM; false if PCR 10 could not take it (the vTPM must not serve). */
bool rtlog_vtpm_ek(struct vm *client, const u8 *name, u32 len);
/* A policy change committed (kernel/policy_update.c): "cordon policy-changed name=N serial=S sha256=HEX". false if the
 * extend failed (the log is then broken and nothing more starts, as for any event). */
bool rtlog_policy_changed(const char *name, u64 serial, const u8 sha256[32]);
const u8 *rtlog_bytes(u32 *len);

/* unseal.c: unseals the boot.cfg 'sealed' secret for the VM with 'unseal = yes'. */
void seal_init(const struct bootinfo *bi);
/* Copies the secret for vm: its length, or a negative CORDON_E_* status. */
s64 seal_secret_for(const struct vm *vm, u8 *out, u64 cap);

/* mgmt_chan.c / attest.c: the management channel on COM2. */
void mgmt_init(const struct bootinfo *bi);
void mgmt_poll(void);
void attest_init(const struct bootinfo *bi);
/* Handles one request frame; writes the response frame into rsp, returns its length. */
u32 attest_handle(u16 type, const u8 *payload, u32 len, u8 *rsp, u32 cap);

#endif
