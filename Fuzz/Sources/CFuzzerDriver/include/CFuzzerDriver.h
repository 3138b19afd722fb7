#pragma once
#include <stddef.h>
#include <stdint.h>

// libFuzzer's entry point for programs that keep their own `main` (SwiftPM gives every executable target
// one, so libFuzzer's `main` is never linked): runs the fuzzer on `callback` with the command-line flags.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
