// Everything is in the header (static inline); SwiftPM wants a source file in every C target.
#include "CMemoryHints.h"
