// Writes test inputs gzip-compressed, for the tok-input fuzz target (zlib's gzip writer).
#ifndef CFUZZGZIP_H
#define CFUZZGZIP_H

#include <stdint.h>

/// Writes `length` bytes of `data` to `path` as one gzip member. Returns 0, or -1 on error.
int32_t fuzz_gzip_write(const char *path, const uint8_t *data, int64_t length);

#endif
