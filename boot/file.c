/* cordon EFI loader: reading whole files from the ESP the loader itself came from. */
#include <boot/loader.h>
#include <lib/str.h>

static EFI_FILE_HANDLE root;

EFI_STATUS file_open_root(EFI_HANDLE image)
{
	EFI_LOADED_IMAGE *li;
	EFI_STATUS st = uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st))
		return st;
	root = LibOpenRoot(li->DeviceHandle);
	return root ? EFI_SUCCESS : EFI_NOT_FOUND;
}

EFI_STATUS pages_alloc(u64 bytes, u64 *phys)
{
	EFI_PHYSICAL_ADDRESS pa = 0;
	EFI_STATUS st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages, EfiLoaderData,
					  ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE, &pa);
	if (EFI_ERROR(st))
		return st;
	c_memset((void *)pa, 0, ALIGN_UP(bytes, PAGE_SIZE));
	*phys = pa;
	return EFI_SUCCESS;
}

/* "guests/a.elf" -> L"\cordon\guests\a.elf" */
static void esp_path(const char *path, CHAR16 *out, u64 max)
{
	u64 n = 0;
	const char *parts[] = { "\\" ESP_DIR "\\", path };
	for (u32 p = 0; p < 2; p++)
		for (const char *c = parts[p]; *c && n + 1 < max; c++)
			out[n++] = *c == '/' ? L'\\' : (CHAR16)*c;
	out[n] = 0;
}

static EFI_STATUS read_all(EFI_FILE_HANDLE fh, struct loaded_file *out)
{
	EFI_FILE_INFO *info = LibFileInfo(fh);
	EFI_STATUS st;
	UINTN n;
	bool dir;
	if (!info)
		return EFI_DEVICE_ERROR;
	/* Open succeeds on a directory too; reading one returns its entries (UEFI spec, 13.5 Read). */
	dir = info->Attribute & EFI_FILE_DIRECTORY;
	out->size = info->FileSize;
	FreePool(info);
	if (dir)
		return LOADER_E_DIRECTORY;
	if (out->size == 0)
		return EFI_END_OF_FILE;
	st = pages_alloc(out->size, &out->phys);
	if (EFI_ERROR(st))
		return st;
	n = out->size;
	st = uefi_call_wrapper(fh->Read, 3, fh, &n, (void *)out->phys);
	if (!EFI_ERROR(st) && n != out->size)
		st = EFI_DEVICE_ERROR;
	return st;
}

EFI_STATUS file_load(const char *path, struct loaded_file *out)
{
	CHAR16 wpath[CFG_PATH_MAX + 16];
	EFI_FILE_HANDLE fh;
	EFI_STATUS st;
	esp_path(path, wpath, ARRAY_SIZE(wpath));
	st = uefi_call_wrapper(root->Open, 5, root, &fh, wpath, EFI_FILE_MODE_READ, 0ULL);
	if (EFI_ERROR(st))
		return st;
	st = read_all(fh, out);
	uefi_call_wrapper(fh->Close, 1, fh);
	return st;
}
