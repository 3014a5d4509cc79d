/* cordon EFI loader: EFI_TCG2_PROTOCOL, declared from the TCG EFI Protocol Specification (GNU-EFI has none). */
#ifndef CORDON_BOOT_TCG2_H
#define CORDON_BOOT_TCG2_H
#include <efi.h>

/* TCG EFI Protocol Specification, Family "2.0", Rev. 00.13, section 6. */
#define CORDON_TCG2_PROTOCOL_GUID \
	{ 0x607f766c, 0x7455, 0x42be, { 0x93, 0x0b, 0xe4, 0xd7, 0x6d, 0xb2, 0x72, 0x0f } }
/* 6.5: events logged after the first GetEventLog call are also kept in this configuration table. */
#define CORDON_TCG2_FINAL_EVENTS_GUID \
	{ 0x1e2ed096, 0x30e2, 0x4254, { 0xbd, 0x89, 0x86, 0x3b, 0xbe, 0xf8, 0x23, 0x25 } }

#define TCG2_EVENT_LOG_FORMAT_TCG_2 0x00000002 /* crypto-agile */
#define TCG2_EVENT_HEADER_VERSION 1

typedef struct {
	UINT8 Major, Minor;
} CORDON_TCG2_VERSION;

/* 6.4.4; not packed in the specification's C definition. */
typedef struct {
	UINT8 Size;
	CORDON_TCG2_VERSION StructureVersion;
	CORDON_TCG2_VERSION ProtocolVersion;
	UINT32 HashAlgorithmBitmap;
	UINT32 SupportedEventLogs;
	BOOLEAN TPMPresentFlag;
	UINT16 MaxCommandSize;
	UINT16 MaxResponseSize;
	UINT32 ManufacturerID;
	UINT32 NumberOfPcrBanks;
	UINT32 ActivePcrBanks;
} CORDON_TCG2_CAPABILITY;

/* 6.6.5: packed. */
#pragma pack(push, 1)
typedef struct {
	UINT32 HeaderSize;
	UINT16 HeaderVersion;
	UINT32 PCRIndex;
	UINT32 EventType;
} CORDON_TCG2_EVENT_HEADER;

typedef struct {
	UINT32 Size; /* of the whole structure, event data included */
	CORDON_TCG2_EVENT_HEADER Header;
	UINT8 Event[];
} CORDON_TCG2_EVENT;

/* 6.5: the final-events table. */
typedef struct {
	UINT64 Version;
	UINT64 NumberOfEvents;
	UINT8 Event[]; /* TCG_PCR_EVENT2 records */
} CORDON_TCG2_FINAL_EVENTS;
#pragma pack(pop)

typedef struct cordon_tcg2 CORDON_TCG2_PROTOCOL;
struct cordon_tcg2 {
	EFI_STATUS(EFIAPI *GetCapability)(CORDON_TCG2_PROTOCOL *This, CORDON_TCG2_CAPABILITY *Cap);
	EFI_STATUS(EFIAPI *GetEventLog)(CORDON_TCG2_PROTOCOL *This, UINT32 Format, EFI_PHYSICAL_ADDRESS *Location,
					 EFI_PHYSICAL_ADDRESS *LastEntry, BOOLEAN *Truncated);
	EFI_STATUS(EFIAPI *HashLogExtendEvent)(CORDON_TCG2_PROTOCOL *This, UINT64 Flags, EFI_PHYSICAL_ADDRESS Data,
						UINT64 DataLen, CORDON_TCG2_EVENT *Event);
	void *SubmitCommand, *GetActivePcrBanks, *SetActivePcrBanks, *GetResultOfSetActivePcrBanks;
};

#endif
