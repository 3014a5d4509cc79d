/* cordon: <stdio.h> for freestanding libtomcrypt: empty, LTC_NO_FILE and ARGTYPE=4 leave no FILE or printf use. */
