// Only the declaration in include/CFuzzerDriver.h matters; libFuzzer (linked by -sanitize=fuzzer) defines it.
#include "CFuzzerDriver.h"
