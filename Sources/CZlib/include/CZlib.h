// A small shim over zlib's gzip reader, so that Swift sees only stdint types (as CICU does for ICU).
#ifndef CZLIB_H
#define CZLIB_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Opens a gzip stream on a file descriptor (it takes the descriptor over). Plain, uncompressed data
/// reads through unchanged. Returns NULL on failure.
void *czlib_open_fd(int32_t fd);
/// Reads up to `capacity` decompressed bytes; returns the count, 0 at the end, -1 on error.
int64_t czlib_read(void *stream, uint8_t *buffer, uint32_t capacity);
/// The last error's message (valid until the next call on the stream).
const char *czlib_error(void *stream);
/// Bytes of compressed input consumed so far (for progress).
int64_t czlib_compressed_offset(void *stream);
/// Closes the stream and its descriptor.
void czlib_close(void *stream);

#ifdef __cplusplus
}
#endif

#endif
