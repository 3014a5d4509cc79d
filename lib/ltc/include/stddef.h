/* cordon: <stddef.h> for freestanding libtomcrypt and libtommath (-nostdinc): size_t, ptrdiff_t, wchar_t, NULL, offsetof. */
#ifndef CORDON_LTC_STDDEF_H
#define CORDON_LTC_STDDEF_H

typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
/* tomcrypt_pk.h names it in the DER UTF-8 prototypes (LTC_DER, the hypervisor's RSA build) */
typedef __WCHAR_TYPE__ wchar_t;

/* Spelled as in cordon/types.h, so both may be included without a redefinition warning. */
#ifndef NULL
#define NULL ((void *)0)
#endif

#define offsetof(type, member) __builtin_offsetof(type, member)

#endif
