/* cordon: <stdlib.h> for freestanding libtomcrypt: empty, the SHA-256 objects never allocate (XMALLOC unused). */
