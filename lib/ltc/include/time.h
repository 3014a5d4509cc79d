/* cordon: <time.h> for freestanding libtomcrypt: empty, LTC_NO_PROTOTYPES drops XCLOCK, its only clock_t user. */
