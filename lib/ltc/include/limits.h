/* cordon: <limits.h> for freestanding libtomcrypt: empty, the SHA-256 objects use no limit macros. */
