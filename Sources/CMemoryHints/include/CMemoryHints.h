// Processor hints for the hot paths, as static inline functions that Swift imports and inlines.
#ifndef CMEMORYHINTS_H
#define CMEMORYHINTS_H

/// Asks the processor to start bringing the cache line at `address` into its caches, for a read soon.
/// Only a hint: it never faults, whatever the address.
static inline void prefetch_for_reading(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
