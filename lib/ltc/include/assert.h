/* cordon: <assert.h> for freestanding libtomcrypt: empty, ARGTYPE=4 makes LTC_ARGCHK return an error instead. */
