#include "CZlib.h"
#include <zlib.h>

void *czlib_open_fd(int32_t fd) {
    gzFile file = gzdopen(fd, "rb");
    if (file != NULL) gzbuffer(file, 1 << 20);
    return file;
}

int64_t czlib_read(void *stream, uint8_t *buffer, uint32_t capacity) {
    int n = gzread((gzFile)stream, buffer, capacity);
    return n < 0 ? -1 : (int64_t)n;
}

const char *czlib_error(void *stream) {
    int code = 0;
    const char *message = gzerror((gzFile)stream, &code);
    return message == NULL ? "unknown error" : message;
}

int64_t czlib_compressed_offset(void *stream) {
    return (int64_t)gzoffset((gzFile)stream);
}

void czlib_close(void *stream) {
    gzclose((gzFile)stream);
}
