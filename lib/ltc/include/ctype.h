/* cordon: <ctype.h> for freestanding libtomcrypt: empty, the SHA-256 objects classify no characters. */
